using Study.Reports.Analysis;
using Study.Reports.Output;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Publishing;

/// <summary>
/// How the figures that answer the question moved across one machine's runs, in time order: each executor's ratio to
/// threads on the article's case, the crossovers, the model's error, and the costs the model is built from (dispatch
/// and round trip a call, start-up a worker), each point with its 95 % interval.
/// </summary>
/// <remarks>
/// A change between a run and the machine's previous run with the same figure is <b>flagged</b> when their 95 %
/// intervals do not overlap: for two independent intervals that is a difference at about the 0.5 % level or
/// stronger, and it needs no assumption about how the runs were set up. Points without an interval (the model's
/// error; a crossover that was not bracketed) are shown and never flagged.
/// </remarks>
internal static class MachineHistory
{
    private static readonly string[] Order = [ArticleRatios, Crossovers, ModelError, Dispatch, RoundTrip, StartUp];

    /// <summary>The groups of figures, in the order the page shows them.</summary>
    public static IReadOnlyList<string> Groups => Order;

    /// <summary>Each executor's time over threads' on the article's case.</summary>
    public const string ArticleRatios = "The article's case: each executor's time over threads'";

    /// <summary>Where process pools start to beat threads.</summary>
    public const string Crossovers = "Crossovers: the task size (kernel iterations) where processes start to win";

    /// <summary>The model's median absolute error.</summary>
    public const string ModelError = "The model's median absolute error";

    /// <summary>A call's cost in a batch.</summary>
    public const string Dispatch = "Dispatch: a call in a batch";

    /// <summary>One call there and back.</summary>
    public const string RoundTrip = "Round trip: one call there and back";

    /// <summary>Starting a pool's workers, over the workers.</summary>
    public const string StartUp = "Start-up: a pool of the most workers measured, a worker";

    /// <summary>Every series of <paramref name="runs"/> (one machine's, oldest first), with the changes flagged.</summary>
    public static IReadOnlyList<HistorySeries> Of(IReadOnlyList<PublishedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var points = new Dictionary<(string Group, string Name), List<HistoryPoint>>();
        var units = new Dictionary<(string Group, string Name), (string Unit, Runtime Runtime)>();
        foreach (var (run, number) in runs.Select((r, i) => (r, i + 1)).Where(x => x.r.Report is not null))
        {
            foreach (var (group, name, runtime, unit, value, lower, upper) in Figures(run))
            {
                if (!double.IsFinite(value))
                {
                    continue;
                }

                var key = (group, name);
                if (!points.TryGetValue(key, out var list))
                {
                    points[key] = list = [];
                    units[key] = (unit, runtime);
                }

                list.Add(new HistoryPoint(run, number, value, lower, upper, Change(list.LastOrDefault(), value, lower, upper)));
            }
        }

        return [.. points.OrderBy(kv => Array.IndexOf(Order, kv.Key.Group)).ThenBy(kv => kv.Key.Name, StringComparer.Ordinal)
            .Select(kv => new HistorySeries(kv.Key.Group, kv.Key.Name, units[kv.Key].Unit, kv.Value) { Runtime = units[kv.Key].Runtime })];
    }

    /// <summary>"higher" or "lower" when the point's interval does not overlap the previous one's; otherwise null.</summary>
    private static string? Change(HistoryPoint? previous, double value, double lower, double upper)
    {
        if (previous is null || !HasInterval(previous.Lower, previous.Upper) || !HasInterval(lower, upper))
        {
            return null;
        }

        return lower > previous.Upper ? "higher" : upper < previous.Lower ? "lower" : null;
    }

    private static bool HasInterval(double lower, double upper) => double.IsFinite(lower) && double.IsFinite(upper);

    private static IEnumerable<(string Group, string Name, Runtime Runtime, string Unit, double Value, double Lower, double Upper)> Figures(PublishedRun run)
    {
        var report = run.Report!;
        foreach (var executor in report.Article.Executors.Where(e => e.VersusThreads is not null))
        {
            var v = executor.VersusThreads!;
            yield return (ArticleRatios, executor.Executor.Label(), executor.Runtime, "×", v.Ratio, v.Lower, v.Upper);
        }

        foreach (var crossover in report.Crossovers.Where(c => c.Iterations is not null))
        {
            yield return (Crossovers, $"{crossover.Processes.Label()} vs {crossover.Threads.Label()}, {crossover.Lifetime.Word()}", crossover.Runtime, "iterations",
                crossover.Iterations!.Value, crossover.IterationsLower ?? double.NaN, crossover.IterationsUpper ?? double.NaN);
        }

        if (report.Model.Cases > 0)
        {
            yield return (ModelError, "all grid cases", Runtime.DotNet, "%", report.Model.MedianAbsoluteError * 100, double.NaN, double.NaN);
        }

        var benchmarks = run.Results.Benchmarks;
        foreach (var b in benchmarks.Where(b => b.Method == Suite.Methods.Batch && b.Type is Suite.Types.Dispatch or Suite.Types.CPythonOverhead))
        {
            yield return Cost(Dispatch, b, 1);
        }

        foreach (var b in benchmarks.Where(b => b.Method == Suite.Methods.RoundTrip && b.Type is Suite.Types.Dispatch or Suite.Types.CPythonOverhead))
        {
            yield return Cost(RoundTrip, b, 1);
        }

        var starts = benchmarks.Where(b => b.Method == Suite.Methods.StartAll && b.Type is Suite.Types.Lifecycle or Suite.Types.CPythonLifecycle
            && int.TryParse(b.Parameter(Suite.Parameters.Workers), out _));
        foreach (var largest in starts.GroupBy(b => (b.Type, b.Parameter(Suite.Parameters.Executor), b.Parameter(Suite.Parameters.StartMethod)))
            .Select(g => g.MaxBy(b => int.Parse(b.Parameter(Suite.Parameters.Workers)!, System.Globalization.CultureInfo.InvariantCulture))!))
        {
            int workers = int.Parse(largest.Parameter(Suite.Parameters.Workers)!, System.Globalization.CultureInfo.InvariantCulture);
            yield return Cost(StartUp, largest, workers);
        }

        static (string, string, Runtime, string, double, double, double) Cost(string group, BenchmarkResult b, int per)
        {
            var time = Judgement.Time(b.Nanoseconds);
            string name = $"{b.Type}.{b.Method}({string.Join(", ", b.Parameters.Where(p => p.Key != Suite.Parameters.Workers).Select(p => $"{p.Key}={p.Value}"))})";
            return (group, name, StudyCases.RuntimeOf(b), "ns", time.Median / per, time.Lower / per, time.Upper / per);
        }
    }
}

/// <summary>One figure across a machine's runs.</summary>
internal sealed record HistorySeries(string Group, string Name, string Unit, IReadOnlyList<HistoryPoint> Points)
{
    /// <summary>The runtime the figure belongs to, which its plot marks (the model's error: .NET's style).</summary>
    public Runtime Runtime { get; init; }
}

/// <summary>
/// A figure in one run (the <paramref name="Number"/>th of the machine's, from 1, oldest first): its value, its 95 %
/// interval (NaN when none), and how it moved from the previous run, when real.
/// </summary>
internal sealed record HistoryPoint(PublishedRun Run, int Number, double Value, double Lower, double Upper, string? Change);
