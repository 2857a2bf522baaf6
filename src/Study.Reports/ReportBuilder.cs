using System.Globalization;
using Perfolizer.Mathematics.QuantileEstimators;
using Pragmastat;
using Study.Kernel;
using Study.Reports.Analysis;
using Study.Reports.Output;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports;

/// <summary>
/// Computes a <see cref="StudyReport"/> from a results folder, every figure and verdict from the run, none typed in: the
/// analysis' stages in order (the machine's steadiness and speed, the model's predictions, the rivals compared, the
/// article's case, the model's fit, the crossovers, the claims, the decomposition), then the narrative's sentences.
/// </summary>
public static class ReportBuilder
{
    /// <summary>The article's worker count, <c>min(10, len(WORK_LIST))</c>.</summary>
    public const int ArticleWorkers = ArticleCase.Workers;

    /// <summary>Builds the report of <paramref name="results"/>.</summary>
    /// <exception cref="ResultsException">The results hold nothing of this study.</exception>
    public static StudyReport Build(ResultSet results, Judgement? judgement = null) => Build(results, judgement, others: null);

    /// <summary>
    /// Builds the report of <paramref name="results"/>, a run of several interpreters whose others' reports (the run
    /// as each saw it, <see cref="ResultSet.ForPython"/>) the caller already built: <paramref name="others"/>, by id.
    /// </summary>
    /// <exception cref="ResultsException">The results hold nothing of this study.</exception>
    public static StudyReport Build(ResultSet results, Judgement? judgement, IReadOnlyDictionary<string, StudyReport>? others)
    {
        ArgumentNullException.ThrowIfNull(results);
        var steadiness = Steadiness.Of(results);
        judgement = (judgement ?? Judgement.Default) with { Unfair = steadiness.Unfair };
        var cases = new StudyCases(results);
        var costs = new Costs(cases, fastestKernel: steadiness.Has(CanaryReading.DotNetThread));

        // The compute term at the machine's speed when each case ran, against its speed when the kernel was measured
        // (from the canaries). Only compute: the other terms (process starts, pipes) do not follow the kernel's speed,
        // and scaling them too made the model worse on the runs tried.
        var predictions = ModelPredictions.Of(cases, costs, c => SpeedCorrection.Of(c, costs, steadiness, cases.Cores));
        var ledger = new CostLedger().Record(predictions.Inputs.Values.SelectMany(i => i.All));
        var rows = CaseRows.Of(cases, judgement, predictions.Used);
        var article = ArticleCase.Answer(rows);
        article = article with { Findings = Narrative.Findings(article) };
        var modelMissing = ledger.Missing.ToList();
        var fit = ModelFitting.Fit(cases, predictions);
        fit = fit with
        {
            Worst = [.. fit.Worst.Select(Narrated)],
            MedianAbsoluteErrorByRuntime = fit.ErrorByRuntime.ToDictionary(kv => kv.Key.Name(), kv => kv.Value, StringComparer.Ordinal),
            // The table of every case lists a setting's executors by name, as the reader scans it.
            All = [.. fit.All.Select(Narrated).OrderBy(c => c.Runtime).ThenBy(c => c.Case, StringComparer.Ordinal).ThenBy(c => c.Executor.Label(), StringComparer.Ordinal)],
        };
        var decomposition = cases.Grid
            .Where(c => c.IsArticleCase && c.Workers == article.Workers && predictions.Used[c] is not null)
            .Select(c => new Decomposition(c.Executor, c.Executor.Runtime, predictions.Used[c]!, c.Result.Median))
            .ToList();
        var (found, crossoverInputs) = Crossovers.Find(cases, costs, judgement);
        var crossovers = found.Select(c => c with { Summary = Narrative.Summary(c) }).ToList();
        var claims = ClaimEvidence.Write(Claims.Check(cases, predictions.Used, crossovers, judgement, article.Workers));
        var (arithmetic, arithmeticInputs) = Arithmetic(costs, cases);
        // The table of inputs lists every cost the report read; the model's own missing inputs were taken above.
        ledger.Record(crossoverInputs).Record(arithmeticInputs);
        fit = fit with { Inputs = Narrative.Inputs(ledger.Used), MissingInputs = Narrative.Names(modelMissing) };
        fit = fit with { Summary = Narrative.Summary(fit) };
        var missing = Narrative.Missing(
            article.Executors.Count > 0, cases.Grid.Count > 0, cases.Grid.Any(c => c.Executor.Runtime == Runtime.CPython), cases.Sweep.Count > 0, Narrative.Names(ledger.Missing));
        var run = new RunInfo(
            results.Environment,
            cases.Profile,
            cases.DotNetScale,
            cases.PythonScale,
            cases.Cores,
            results.Benchmarks.Count,
            cases.Grid.Count,
            Iterations(cases.Grid.Select(c => c.Result)),
            judgement.Threshold,
            judgement.Alpha,
            Command(cases.Profile, results.Environment));
        var stability = Stability(steadiness, results, Narrative.AtRisk(article, crossovers, cases.Grid.Count(c => steadiness.IsUnsteady(c.Result)), cases.Grid.Count));
        var timelines = new List<CallTimeline>();
        foreach (var call in results.Traced)
        {
            try
            {
                timelines.Add(CallTimeline.Of(call));
            }
            catch (ResultsException e)
            {
                missing.Add(e.Message);
            }
        }

        missing.AddRange(results.TracedProblems);
        var traced = TracedGaps.Splits(timelines, article);
        var report = new StudyReport(results.Source, run, stability, article, rows, claims, arithmetic, fit, decomposition,
            GapExplanation.Explain(article, decomposition), crossovers, missing, TransportComparison.Of(cases, judgement))
        {
            Host = Comparison.HostCharacter.Floors(results),
            Timelines = timelines,
            Traced = traced,
            TracedGaps = TracedGaps.Gaps(traced, article),
            Examples = Advising.WorkedExamples.Of(results),
            AdviceCheck = Advising.AdviceCheck.Of(results),
        };
        if (results.OtherPythons.Count == 0)
        {
            return report;
        }

        // A run of several interpreters: each one's answer, from the run as it saw it (its own report is written beside).
        string own = results.Environment.GetValueOrDefault("pythonId") ?? "?";
        return report with
        {
            Pythons = [PythonAnswer.Of(own, report, own: true), .. results.OtherPythons.Select(id =>
                PythonAnswer.Of(id, others?.GetValueOrDefault(id) ?? Build(results.ForPython(id), judgement), own: false))],
        };

        static ModelCase Narrated(ModelCase c) => c with { Case = c.Grid?.Setting() ?? c.Case, Why = c.Miss is { } miss ? Narrative.Why(miss) : c.Why };
    }

    /// <summary>What the report says of the machine's steadiness, with the answers that rest on unsteady cases.</summary>
    private static MachineStability Stability(Steadiness steadiness, ResultSet results, List<string> atRisk)
    {
        var spread = steadiness.Points.GroupBy(p => p.Runtime).ToDictionary(
            g => g.Key,
            g => g.Count() < 2 ? 0 : Quantile([.. g.Select(p => p.NanosecondsPerIteration)], 0.95) / Quantile([.. g.Select(p => p.NanosecondsPerIteration)], 0.05) - 1,
            StringComparer.Ordinal);
        return new MachineStability(
            steadiness.HasData, steadiness.Tolerance, steadiness.Readings, steadiness.CasesRead, steadiness.Medians, spread,
            steadiness.Unsteady, atRisk, results.Environment.GetValueOrDefault("disturbance", string.Empty), steadiness.Points)
        {
            Modes = steadiness.Modes?.Modes ?? [],
            SpeedReadings = steadiness.Modes?.Readings ?? 0,
            ByLoad = steadiness.ByLoad,
            Launches = results.Benchmarks.Count == 0 ? 1 : results.Benchmarks.Max(b => b.Launches.Count),
        };
    }

    private static (ArticleArithmetic Arithmetic, List<CostInput> Inputs) Arithmetic(Costs costs, StudyCases cases)
    {
        var list = WorkList.Create(WorkShape.Article);
        var inputs = new List<CostInput>();
        double? python = cases.Get(Suite.Types.CPythonHarness, Suite.Methods.CPythonKernel).Count > 0 ? Read(new ExecutorId(Runtime.CPython, ExecutorKind.Sequential)) : null;
        double? dotnet = cases.Get(Suite.Types.Kernel, Suite.Methods.Kernel).Count > 0 ? Read(new ExecutorId(Runtime.DotNet, ExecutorKind.Sequential)) : null;
        // Under the GIL the article's threads compute serially: 0.20 s is the whole list's work at the scale sought.
        double articleThreadsSeconds = 0.20;
        return (new ArticleArithmetic(
            list.TotalWork,
            (double)list.CriticalPath / list.TotalWork,
            list.BestSpeedup(list.Items.Length),
            python,
            python * list.TotalWork / 1e9,
            python is null ? null : articleThreadsSeconds * 1e9 / (python.Value * list.TotalWork),
            dotnet,
            dotnet * list.TotalWork / 1e9), inputs);

        double? Read(ExecutorId executor)
        {
            var kernel = costs.KernelPerIteration(executor);
            inputs.Add(kernel);
            return kernel.Cost?.Nanoseconds;
        }
    }

    private static string Iterations(IEnumerable<BenchmarkResult> results)
    {
        var counts = results.Select(r => r.Nanoseconds.Count).Distinct().Order().ToList();
        return counts.Count switch
        {
            0 => "—",
            1 => counts[0].ToString(CultureInfo.InvariantCulture),
            _ => $"{counts[0]}–{counts[^1]}",
        };
    }

    private static string Command(string profile, IReadOnlyDictionary<string, string> environment)
    {
        string cpus = environment.TryGetValue("cpuLimit", out var limit) && int.TryParse(limit, CultureInfo.InvariantCulture, out int n) ? $" --cpus {n}" : string.Empty;
        return profile switch
        {
            "full" => $"./run.sh{cpus} full",
            "dry" => $"./run.sh{cpus} dry",
            _ => $"./run.sh{cpus}",
        };
    }

    private static double Quantile(List<double> values, double p) =>
        SimpleQuantileEstimator.Instance.Quantile(new Sample([.. values]), new Probability(p));
}
