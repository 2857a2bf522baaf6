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
/// A change is <b>flagged</b> only for a ratio (an executor against threads, measured side by side in one run;
/// absolute times move with the host's day and are shown, never flagged), only between runs nobody disturbed on
/// purpose, and only when it <b>persists</b>: the run's interval misses the previous run's, and the next run's misses
/// it the same way. The intervals span the headline cases' launches, so they already hold what a second run on the
/// same machine moves; two that still do not overlap differ at about the 0.5 % level or stronger. A return after a
/// one-run excursion is no change. The newest run's change cannot have persisted yet: it is <i>pending</i> until the
/// next run confirms it.
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
        var units = new Dictionary<(string Group, string Name), (string Unit, Runtime Runtime, ExecutorId? Executor)>();
        foreach (var (run, number) in runs.Select((r, i) => (r, i + 1)).Where(x => x.r.Report is not null))
        {
            foreach (var (group, name, runtime, executor, unit, value, lower, upper) in Figures(run))
            {
                if (!double.IsFinite(value))
                {
                    continue;
                }

                var key = (group, name);
                if (!points.TryGetValue(key, out var list))
                {
                    points[key] = list = [];
                    units[key] = (unit, runtime, executor);
                }

                list.Add(new HistoryPoint(run, number, value, lower, upper, null));
            }
        }

        return [.. points.OrderBy(kv => Array.IndexOf(Order, kv.Key.Group)).ThenBy(kv => kv.Key.Name, StringComparer.Ordinal)
            .Select(kv => new HistorySeries(kv.Key.Group, kv.Key.Name, units[kv.Key].Unit, Flag(kv.Value, units[kv.Key].Unit)) { Runtime = units[kv.Key].Runtime, Executor = units[kv.Key].Executor })];
    }

    /// <summary>
    /// The points with their changes: a ratio's moves that persist, between undisturbed runs (see the remarks). A move
    /// back to where the run before the previous one stood is the end of a one-run excursion, not a change: the
    /// excursion itself was not flagged, as the run after it did not stay.
    /// </summary>
    internal static List<HistoryPoint> Flag(IReadOnlyList<HistoryPoint> points, string unit)
    {
        if (unit != "×")
        {
            return [.. points];
        }

        var quiet = points.Where(p => !p.Run.Disturbed && HasInterval(p.Lower, p.Upper)).ToList();
        var flagged = new Dictionary<HistoryPoint, string>();
        for (int i = 1; i < quiet.Count; i++)
        {
            string? moved = Direction(quiet[i - 1], quiet[i]);
            if (moved is null || (i >= 2 && Direction(quiet[i - 2], quiet[i]) is null))
            {
                continue;
            }

            if (i + 1 == quiet.Count)
            {
                flagged[quiet[i]] = "pending " + moved;
            }
            else if (Direction(quiet[i - 1], quiet[i + 1]) == moved)
            {
                flagged[quiet[i]] = moved; // the next run stayed where this one moved to: it persists
            }
        }

        return [.. points.Select(p => flagged.TryGetValue(p, out var change) ? p with { Change = change } : p)];
    }

    /// <summary>"higher" or "lower" when <paramref name="point"/>'s interval misses <paramref name="previous"/>'s; otherwise null.</summary>
    private static string? Direction(HistoryPoint previous, HistoryPoint point) =>
        point.Lower > previous.Upper ? "higher" : point.Upper < previous.Lower ? "lower" : null;

    private static bool HasInterval(double lower, double upper) => double.IsFinite(lower) && double.IsFinite(upper);

    private static IEnumerable<(string Group, string Name, Runtime Runtime, ExecutorId? Executor, string Unit, double Value, double Lower, double Upper)> Figures(PublishedRun run)
    {
        var report = run.Report!;
        foreach (var executor in report.Article.Executors.Where(e => e.VersusThreads is not null))
        {
            var v = executor.VersusThreads!;
            yield return (ArticleRatios, executor.Executor.Label(), executor.Runtime, executor.Executor, "×", v.Ratio, v.Lower, v.Upper);
        }

        foreach (var crossover in report.Crossovers.Where(c => c.Iterations is not null))
        {
            yield return (Crossovers, $"{crossover.Processes.Label()} vs {crossover.Threads.Label()}, {crossover.Lifetime.Word()}", crossover.Runtime, crossover.Processes, "iterations",
                crossover.Iterations!.Value, crossover.IterationsLower ?? double.NaN, crossover.IterationsUpper ?? double.NaN);
        }

        if (report.Model.Cases > 0)
        {
            yield return (ModelError, "all grid cases", Runtime.DotNet, null, "%", report.Model.MedianAbsoluteError * 100, double.NaN, double.NaN);
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

        static (string, string, Runtime, ExecutorId?, string, double, double, double) Cost(string group, BenchmarkResult b, int per)
        {
            var time = Judgement.Time(b.Nanoseconds);
            var runtime = StudyCases.RuntimeOf(b);
            // The executor's own name where the case names one; the rest of its parameters after it.
            var executor = ExecutorId.Parse(runtime, b.Parameter(Suite.Parameters.Executor), b.Parameter(Suite.Parameters.StartMethod));
            var rest = b.Parameters.Where(p => p.Key is not (Suite.Parameters.Workers or Suite.Parameters.Executor or Suite.Parameters.StartMethod)).Select(p => $"{p.Key} {p.Value}").ToList();
            string name = (executor?.Label() ?? $"{runtime.Name()} {b.Type}") + (rest.Count == 0 ? string.Empty : $" ({string.Join(", ", rest)})");
            return (group, name, runtime, executor, "ns", time.Median / per, time.Lower / per, time.Upper / per);
        }
    }
}

/// <summary>One figure across a machine's runs.</summary>
internal sealed record HistorySeries(string Group, string Name, string Unit, IReadOnlyList<HistoryPoint> Points)
{
    /// <summary>The runtime the figure belongs to, which its plot marks (the model's error: .NET's style).</summary>
    public Runtime Runtime { get; init; }

    /// <summary>The executor the figure is of, which gives its colour; null for a figure of no one executor.</summary>
    public ExecutorId? Executor { get; init; }
}

/// <summary>
/// A figure in one run (the <paramref name="Number"/>th of the machine's, from 1, oldest first): its value, its 95 %
/// interval (NaN when none), and how it moved from the previous run, when real.
/// </summary>
internal sealed record HistoryPoint(PublishedRun Run, int Number, double Value, double Lower, double Upper, string? Change);
