using System.Globalization;
using Perfolizer.Mathematics.QuantileEstimators;
using Pragmastat;
using Study.Kernel;
using Study.Reports.Output;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Analysis;

/// <summary>Computes a <see cref="StudyReport"/> from a results folder: every figure and verdict, none typed in.</summary>
public static class ReportBuilder
{
    /// <summary>The model's target: median absolute error over the grid.</summary>
    public const double ModelTarget = 0.10;

    /// <summary>The article's worker count, <c>min(10, len(WORK_LIST))</c>.</summary>
    public const int ArticleWorkers = 5;

    /// <summary>Builds the report of <paramref name="results"/>.</summary>
    /// <exception cref="ResultsException">The results hold nothing of this study.</exception>
    public static StudyReport Build(ResultSet results, Judgement? judgement = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var steadiness = Steadiness.Of(results);
        judgement = (judgement ?? Judgement.Default) with { IsUnsteady = steadiness.IsUnsteady };
        var cases = new StudyCases(results);
        var costs = new Costs(cases, fastestKernel: steadiness.Has(CanaryReading.DotNetThread));
        var missing = new List<string>();

        // The compute term at the machine's speed when each case ran, against its speed when the kernel was measured
        // (from the canaries). Only compute: the other terms (process starts, pipes) do not follow the kernel's speed,
        // and scaling them too made the model worse on the runs tried (a drifting quick run of 2026-12-01: 27.9 % against 25.1 %).
        var predictions = cases.Grid.ToDictionary(c => c, c => Model.Predict(c, costs, cases.Cores, Speed(c, costs, steadiness, cases.Cores)));
        var uncorrected = cases.Grid.ToDictionary(c => c, c => Model.Predict(c, costs, cases.Cores));
        var rows = Rows(cases, judgement, predictions);
        var article = Article(rows, judgement, missing);
        var fit = Fit(cases, predictions, costs) with { UncorrectedMedianAbsoluteError = MedianError(predictions.Keys.Select(c => (c, uncorrected[c]))) };
        var decomposition = cases.Grid
            .Where(c => c.IsArticleCase && c.Workers == article.Workers && predictions[c] is not null)
            .Select(c => new Decomposition(c.Executor, c.Executor.Runtime, predictions[c]!, c.Result.Median))
            .ToList();
        var crossovers = Crossovers.Find(cases, costs, judgement);
        var claims = Claims.Check(cases, predictions, crossovers, judgement, article.Workers);
        var arithmetic = Arithmetic(costs, cases);

        if (cases.Grid.Count == 0)
        {
            missing.Add("the grid (WorkListBenchmarks, CPythonWorkListBenchmarks): no executor comparison and no model check");
        }

        if (!cases.Grid.Any(c => c.Executor.Runtime == Runtime.CPython))
        {
            missing.Add("CPython's grid (CPythonWorkListBenchmarks): CPython is not beside .NET in this run");
        }

        if (cases.Sweep.Count == 0)
        {
            missing.Add("the task-size sweeps (TaskSizeSweepBenchmarks, CPythonSweepBenchmarks): no crossover");
        }

        missing.AddRange(costs.Missing.Select(m => $"model input {m}: the cases that need it are not predicted"));
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
        var stability = Stability(steadiness, results, article, crossovers, cases);
        return new StudyReport(results.Source, run, stability, article, rows, claims, arithmetic, fit, decomposition,
            GapExplanation.Explain(article, decomposition), crossovers, missing, TransportComparison.Of(cases, judgement));
    }

    /// <summary>
    /// The machine's speed for <paramref name="gridCase"/>'s work when it ran, against its speed when the kernel
    /// benchmark the model reads ran (above 1: slower); 1 without canaries.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Two things slow a case down, and they reach different work. The clock (turbo, thermal limits, a host that
    /// steals time) slows every thread: the one-thread canary (CPython's own in CPython's cases) reads it. Another
    /// program on a core slows only work that needs that core: a sequential case or GIL-bound threads still find a
    /// free one, while workers that fill the cores share them; the every-core canary over the one-thread canary
    /// (<see cref="Steadiness.Load"/>) reads that. The kernel benchmarks run on one thread, so only the clock moves
    /// them. A case's speed is its clock, times its load in the share of the cores beyond the first that its busy
    /// threads fill, over the kernel benchmark's clock. A case's factors within the steadiness tolerance count as 1:
    /// the report treats such readings as noise everywhere else. The kernel benchmark's clock is always read, from its
    /// own two readings (not smoothed with its neighbours' and never rounded to 1): every compute term of the run
    /// hangs on that one measurement of a second or two. With the kernel's fastest iteration (<see cref="Costs"/>),
    /// which a stall shorter than the benchmark cannot move, it covers a slowdown that lasts through it. On the runs of
    /// 2026-12-02 (the model's median error, .NET's in brackets), this way against the median kernel with its reading
    /// rounded to 1 within the tolerance: the quick run 9.2 % (8.6 %) against 15.3 % (15.3 %), the full run 8.0 % (8.6 %)
    /// against 15.6 % (22.3 %).
    /// </para>
    /// <para>
    /// Runs from before the one-thread canary (2026-12-02) have only the every-core one, which moves with both: for
    /// them the case's reading over the kernel benchmark's, each 1 unless its case is unsteady. On the quick runs of
    /// 2026-12-01 that rule made the .NET error worse (a load on one core read as the whole machine slowing, applied to
    /// sequential cases that did not slow and to kernel benchmarks that ran on the free core), on the full run better.
    /// </para>
    /// </remarks>
    private static double Speed(GridCase gridCase, Costs costs, Steadiness steadiness, int cores)
    {
        var kernel = costs.KernelBenchmark(gridCase.Executor);
        if (kernel is null)
        {
            return 1;
        }

        bool cpython = gridCase.Executor.Runtime == Runtime.CPython;
        if (!steadiness.Has(CanaryReading.DotNetThread))
        {
            string runtime = cpython ? CanaryReading.CPython : CanaryReading.DotNet;
            return Unsteady(gridCase.Result, runtime) / Unsteady(kernel, runtime);
        }

        string clock = cpython ? CanaryReading.CPython : CanaryReading.DotNetThread;
        int busy = gridCase.Executor.IsSequential || gridCase.Executor.IsGilBound ? 1 : Math.Min(gridCase.Workers, cores);
        double share = cores > 1 ? (busy - 1) / (double)(cores - 1) : 0;
        double load = 1 + (share * (Noise(steadiness.Load(gridCase.Result)) - 1));
        return Noise(steadiness.Slowdown(gridCase.Result, clock)) * load / KernelClock(kernel, clock);

        double Unsteady(BenchmarkResult benchmark, string runtime) => steadiness.IsUnsteady(benchmark) ? steadiness.Slowdown(benchmark, runtime) : 1;
        double Noise(double factor) => Math.Abs(Math.Log(factor)) <= Math.Log(1 + steadiness.Tolerance) ? 1 : factor;
        double KernelClock(BenchmarkResult benchmark, string runtime) =>
            steadiness.CanaryAt(benchmark, runtime) is { } reading && steadiness.Medians.TryGetValue(runtime, out double median) ? reading / median : 1;
    }

    private static double MedianError(IEnumerable<(GridCase Case, Prediction? Prediction)> predictions)
    {
        var errors = predictions.Where(p => p.Prediction is not null)
            .Select(p => Math.Abs(p.Prediction!.Total - p.Case.Result.Median) / p.Case.Result.Median).ToArray();
        return errors.Length == 0 ? double.NaN : Estimates.Median(errors);
    }

    /// <summary>What the report says of the machine's steadiness, and which of its answers rest on unsteady cases.</summary>
    private static MachineStability Stability(Steadiness steadiness, ResultSet results, ArticleAnswer article, List<Crossover> crossovers, StudyCases cases)
    {
        var atRisk = new List<string>();
        foreach (var runtime in Enum.GetValues<Runtime>())
        {
            var pools = article.Executors.Where(e => e.Runtime == runtime && e.VersusThreads is { Unsteady: true }).Select(e => e.Executor).ToList();
            if (pools.Count > 0)
            {
                atRisk.Add($"the article's case in {runtime.Name()} ({string.Join(", ", pools.Select(p => p.Label()))} against threads)");
            }
        }

        atRisk.AddRange(crossovers.Where(c => c.Points.Any(p => p.ProcessesVersusThreads.Unsteady))
            .Select(c => $"the crossover of {c.Processes.Label()} against {c.Threads.Label()} ({c.Lifetime.Word()})"));
        int unsteadyGrid = cases.Grid.Count(c => steadiness.IsUnsteady(c.Result));
        if (unsteadyGrid > 0)
        {
            atRisk.Add($"the model's error ({unsteadyGrid} of {cases.Grid.Count} grid cases unsteady)");
        }

        var spread = steadiness.Points.GroupBy(p => p.Runtime).ToDictionary(
            g => g.Key,
            g => g.Count() < 2 ? 0 : Quantile([.. g.Select(p => p.NanosecondsPerIteration)], 0.95) / Quantile([.. g.Select(p => p.NanosecondsPerIteration)], 0.05) - 1,
            StringComparer.Ordinal);
        return new MachineStability(
            steadiness.HasData, steadiness.Tolerance, steadiness.Readings, steadiness.CasesRead, steadiness.Medians, spread,
            steadiness.Unsteady, atRisk, results.Environment.GetValueOrDefault("disturbance", string.Empty), steadiness.Points);
    }

    private static List<CaseRow> Rows(StudyCases cases, Judgement judgement, Dictionary<GridCase, Prediction?> predictions)
    {
        var rows = new List<CaseRow>();
        foreach (var group in cases.Grid.GroupBy(c => (c.Executor.Runtime, c.Shape, c.Workers, c.Lifetime, c.Api, c.Chunksize))
            .OrderBy(g => g.Key.Runtime).ThenBy(g => g.Key.Shape).ThenBy(g => g.Key.Lifetime)
            .ThenBy(g => g.Key.Api).ThenBy(g => g.Key.Chunksize).ThenBy(g => g.Key.Workers))
        {
            var key = group.Key;
            var threads = group.FirstOrDefault(c => c.Executor.IsThreads);
            // Sequential code has one case a shape: cold, mapped, one worker; it serves every row of that shape.
            var sequential = cases.Grid.FirstOrDefault(c => c.Executor.Runtime == key.Runtime && c.Executor.IsSequential && c.Shape == key.Shape);
            var executors = group.OrderBy(c => c.Executor.Order).Select(c => new ExecutorTime(
                c.Executor,
                c.Executor.Runtime,
                Judgement.Time(c.Result.Nanoseconds),
                threads is null || threads == c ? null : judgement.Compare(c.Result, threads.Result),
                sequential is null || sequential == c ? null : judgement.Compare(c.Result, sequential.Result),
                predictions[c]?.Total)).ToList();
            rows.Add(new CaseRow(key.Runtime, key.Shape.ToString(), key.Workers, key.Lifetime, key.Api, key.Chunksize, executors));
        }

        return rows;
    }

    private static ArticleAnswer Article(List<CaseRow> rows, Judgement judgement, List<string> missing)
    {
        var articleRows = rows.Where(r => r.IsArticleSetting).ToList();
        int workers = articleRows.Any(r => r.Workers == ArticleWorkers) ? ArticleWorkers
            : articleRows.Select(r => r.Workers).DefaultIfEmpty(0).Max();
        var executors = new List<ExecutorTime>();
        var findings = new List<string>();
        foreach (var row in articleRows.Where(r => r.Workers == workers))
        {
            executors.AddRange(row.Executors);
        }

        // Sequential code runs with one worker only: add it beside the others.
        if (workers != 1)
        {
            var sequential = articleRows.Where(r => r.Workers == 1).SelectMany(r => r.Executors)
                .Where(e => e.Executor.IsSequential).ToList();
            executors.InsertRange(0, sequential);
        }

        if (executors.Count == 0)
        {
            missing.Add("the article's case (the article's list, mapped, cold): its question is not answered");
            return new ArticleAnswer(workers, executors, findings);
        }

        foreach (var runtime in Enum.GetValues<Runtime>())
        {
            var own = executors.Where(e => e.Runtime == runtime).ToList();
            var threads = own.FirstOrDefault(e => e.Executor.IsThreads);
            if (threads is null || own.Count < 2)
            {
                continue;
            }

            var fastest = own.OrderBy(e => e.Time.Median).First();
            var against = own.Where(e => e.VersusThreads is not null).Select(e =>
                $"{e.Executor.Label()} takes {Output.Format.Ratio(e.VersusThreads!.Ratio)} the threads' time, {Output.Format.Interval(e.VersusThreads.Lower, e.VersusThreads.Upper)}: {e.VersusThreads.Word()}");
            findings.Add($"{runtime.Name()}: the fastest is {fastest.Executor.Label()} ({Output.Format.Time(fastest.Time.Median)}); {string.Join("; ", against)}.");
        }

        return new ArticleAnswer(workers, executors, findings);
    }

    private static ModelFit Fit(StudyCases cases, Dictionary<GridCase, Prediction?> predictions, Costs costs)
    {
        var all = new List<ModelCase>();
        foreach (var (gridCase, prediction) in predictions)
        {
            if (prediction is null)
            {
                continue;
            }

            double measured = gridCase.Result.Median;
            double error = (prediction.Total - measured) / measured;
            all.Add(new ModelCase(gridCase.Setting(), gridCase.Executor, gridCase.Executor.Runtime, measured, prediction.Total, error,
                prediction, Math.Abs(error) > 0.25 ? Why(gridCase, prediction, measured, cases.Cores) : null));
        }

        var absolute = all.Select(c => Math.Abs(c.Error)).ToList();
        double median = absolute.Count == 0 ? double.NaN : Estimates.Median(absolute);
        double p90 = absolute.Count == 0 ? double.NaN : Quantile(absolute, 0.9);
        var byRuntime = all.GroupBy(c => c.Runtime.Name())
            .ToDictionary(g => g.Key, g => Estimates.Median([.. g.Select(c => Math.Abs(c.Error))]), StringComparer.Ordinal);
        return new ModelFit(all.Count, median, p90, ModelTarget, median <= ModelTarget,
            [.. all.OrderByDescending(c => Math.Abs(c.Error)).Take(10)],
            [.. all.OrderBy(c => c.Runtime).ThenBy(c => c.Case, StringComparer.Ordinal).ThenBy(c => c.Executor.Label(), StringComparer.Ordinal)],
            costs.Used, [.. costs.Missing], byRuntime, double.NaN);
    }

    /// <summary>A plain sentence on why the model misses a case badly: which term dominates, and what the grid adds.</summary>
    private static string Why(GridCase gridCase, Prediction p, double measured, int cores)
    {
        bool under = p.Total < measured;
        var terms = new (string Name, double Value)[]
        {
            ("start-up", p.StartUp), ("dispatch", p.Dispatch), ("compute", p.Compute + p.Skew), ("the GIL", p.Gil), ("shutdown", p.Shutdown),
        };
        var dominant = terms.MaxBy(t => t.Value);
        string share = string.Create(CultureInfo.InvariantCulture, $"{dominant.Name} is {dominant.Value / p.Total * 100:0} % of the prediction");
        var executor = gridCase.Executor;
        string reason = (under, dominant.Name) switch
        {
            (true, "start-up") when gridCase.Workers > cores =>
                $"starting {gridCase.Workers} workers on {cores} cores while the first ones already compute costs more than starting them on an idle machine, as the lifecycle benchmark does",
            (true, "start-up") => "the grid's cold start pays more than the lifecycle benchmark's (its workers also load the kernel and the list's first calls)",
            (true, "dispatch") => "the dispatch microbenchmark's calls do no work; here each call's result and the parent's bookkeeping compete with the workers for the cores",
            (true, "compute") when executor.IsProcesses && gridCase.IsCold => "the workers compute while later workers still start, and the parent's threads take core time the model gives to the work",
            (true, "compute") when gridCase.Workers > cores => "more workers than cores: time-slicing and cache sharing cost more than an equal share of the cores",
            (true, "compute") => "the work ran slower than the kernel benchmark's speed (frequency, cache, or a noisy neighbour during the case)",
            (true, "the GIL") => "handing the lock between threads costs more than the serial work it guards (switches, wake-ups)",
            (false, "start-up") => "part of the start-up overlaps with the first calls in the grid, which the model adds in series",
            (false, "dispatch") => "in the grid, dispatch overlaps with compute; the model adds the two",
            (false, "compute") when executor.IsGilBound => "the lock lets some work overlap (a waiting thread's own bookkeeping) that the model serialises",
            (false, _) => "the terms overlap in the grid more than the model's sum assumes",
            _ => "the measurement is noisy",
        };
        double gap = Math.Abs(p.Total - measured) / Math.Min(p.Total, measured) * 100;
        return string.Create(CultureInfo.InvariantCulture,
            $"{(under ? "Measured" : "Predicted")} {gap:0} % above {(under ? "the prediction" : "the measurement")}; {share}: {reason}.");
    }

    private static ArticleArithmetic Arithmetic(Costs costs, StudyCases cases)
    {
        var list = WorkList.Create(WorkShape.Article);
        double? python = cases.Get(Suite.Types.CPythonHarness, Suite.Methods.CPythonKernel).Count > 0 ? costs.KernelPerIteration(new ExecutorId(Runtime.CPython, ExecutorKind.Sequential))?.Nanoseconds : null;
        double? dotnet = cases.Get(Suite.Types.Kernel, Suite.Methods.Kernel).Count > 0 ? costs.KernelPerIteration(new ExecutorId(Runtime.DotNet, ExecutorKind.Sequential))?.Nanoseconds : null;
        // Under the GIL the article's threads compute serially: 0.20 s is the whole list's work at the scale sought.
        double articleThreadsSeconds = 0.20;
        return new ArticleArithmetic(
            list.TotalWork,
            (double)list.CriticalPath / list.TotalWork,
            list.BestSpeedup(list.Items.Length),
            python,
            python * list.TotalWork / 1e9,
            python is null ? null : articleThreadsSeconds * 1e9 / (python.Value * list.TotalWork),
            dotnet,
            dotnet * list.TotalWork / 1e9);
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
