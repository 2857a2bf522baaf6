using Study.Reports.Analysis;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Comparison;

/// <summary>What a headline answer is about: an executor against its runtime's threads on the article's case, or a crossover.</summary>
public enum HeadlineKind
{
    /// <summary>The executor's time over its runtime's threads' on the article's case (its list, mapped, cold).</summary>
    ArticleCase,

    /// <summary>The task size, in kernel iterations, above which the process pool beats GIL-bound threads.</summary>
    Crossover,

    /// <summary>The AOT pool's call through shared memory over the same call through pipes (a call in a batch, a round trip).</summary>
    Transport,
}

/// <summary>
/// One run's reading of a headline answer: its estimate, its interval and (for a ratio) its verdict; for a ratio, what
/// the study's model predicts for it from that run's own microbenchmarks (null when it cannot).
/// </summary>
public sealed record HeadlineReading(double Estimate, double Lower, double Upper, Verdict? Verdict, double? Predicted = null);

/// <summary>
/// A headline answer in both runs, and whether it reproduced: the intervals overlap and no verdict is faster in one run
/// and slower in the other. A reading missing on one side (a crossover found in one run only) did not reproduce.
/// </summary>
public sealed record HeadlineAnswer(HeadlineKind Kind, ExecutorId Executor, Lifetime Lifetime, HeadlineReading? Base, HeadlineReading? Diff)
{
    /// <summary>For a transport answer, the call (<see cref="Analysis.TransportComparison.Batch"/>, <see cref="Analysis.TransportComparison.RoundTrip"/>).</summary>
    public string? Call { get; init; }

    /// <summary>Whether both intervals hold a common value.</summary>
    public bool IntervalsOverlap => Base is { } b && Diff is { } d && b.Lower <= d.Upper && d.Lower <= b.Upper;

    /// <summary>Whether one run's verdict is faster (or slightly) and the other's slower (or slightly).</summary>
    public bool VerdictFlips => Base?.Verdict is { } b && Diff?.Verdict is { } d && ((b.IsFaster() && d.IsSlower()) || (b.IsSlower() && d.IsFaster()));

    /// <summary>Whether the answer reproduced.</summary>
    public bool Reproduced => IntervalsOverlap && !VerdictFlips;

    /// <summary>The diff's estimate over the base's (a ratio's move); NaN when either is missing.</summary>
    public double Moved => Base is { } b && Diff is { } d && Kind != HeadlineKind.Crossover ? d.Estimate / b.Estimate : double.NaN;

    /// <summary>The model's predicted ratio in diff over its prediction in base: the move the two runs' costs explain; NaN when unknown.</summary>
    public double PredictedMove => Base?.Predicted is { } b && Diff?.Predicted is { } d && b > 0 ? d / b : double.NaN;

    /// <summary>
    /// The share of the measured move (on a log scale) that the costs explain through the model: 1 when the model's
    /// predicted ratio moved as much as the measured one, 0 when it did not move; NaN when the answer did not move beyond
    /// <see cref="Reproducibility.Threshold"/> or the model cannot predict it.
    /// </summary>
    public double Explained => Math.Abs(Math.Log(Moved)) > Math.Log(1 + Reproducibility.Threshold) && double.IsFinite(PredictedMove)
        ? Math.Log(PredictedMove) / Math.Log(Moved)
        : double.NaN;
}

/// <summary>
/// Whether two runs give the same answers to the study's headline questions: each executor against threads on the
/// article's case, in both runtimes, and each crossover. What a user runs to learn whether their machine can answer the
/// question at all: two runs of one machine and commit should reproduce every answer.
/// </summary>
public sealed record Reproducibility(IReadOnlyList<HeadlineAnswer> Answers)
{
    /// <summary>A move smaller than this (5 %, the verdicts' threshold) is not explained: it is within what a tie allows.</summary>
    public const double Threshold = 0.05;

    /// <summary>How many answers reproduced.</summary>
    public int Reproduced => Answers.Count(a => a.Reproduced);

    /// <summary>The ratios that moved beyond <see cref="Threshold"/> and that the model can attribute, largest move first.</summary>
    public IReadOnlyList<HeadlineAnswer> Attributed => [.. Answers.Where(a => double.IsFinite(a.Explained)).OrderByDescending(a => Math.Abs(Math.Log(a.Moved)))];

    /// <summary>The headline answers of both runs, or null when either run is not of this study's suite or neither has a headline answer.</summary>
    public static Reproducibility? Of(ResultSet baseline, ResultSet diff)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(diff);
        if (Headlines(baseline) is not { } b || Headlines(diff) is not { } d || (b.Count == 0 && d.Count == 0))
        {
            return null;
        }

        var keys = b.Keys.Concat(d.Keys.Where(k => !b.ContainsKey(k))).ToList();
        return new Reproducibility([.. keys.Select(k => new HeadlineAnswer(k.Kind, k.Executor, k.Lifetime, b.GetValueOrDefault(k), d.GetValueOrDefault(k))
        {
            Call = k.Call,
        })]);
    }

    /// <summary>One run's headline readings, as its report computes them; null for a run of another suite.</summary>
    private static Dictionary<(HeadlineKind Kind, ExecutorId Executor, Lifetime Lifetime, string? Call), HeadlineReading>? Headlines(ResultSet results)
    {
        StudyReport report;
        try
        {
            report = ReportBuilder.Build(results);
        }
        catch (ResultsException)
        {
            return null;
        }

        var readings = new Dictionary<(HeadlineKind, ExecutorId, Lifetime, string?), HeadlineReading>();
        var executors = report.Article.Executors;
        foreach (var e in executors.Where(e => e.VersusThreads is not null))
        {
            var v = e.VersusThreads!;
            var threads = executors.FirstOrDefault(t => t.Runtime == e.Runtime && t.Executor.IsThreads && t.VersusThreads is null);
            double? predicted = e.Predicted is { } p && threads?.Predicted is { } t && t > 0 ? p / t : null;
            readings[(HeadlineKind.ArticleCase, e.Executor, Lifetime.Cold, null)] = new HeadlineReading(v.Ratio, v.Lower, v.Upper, v.Verdict, predicted);
        }

        foreach (var c in report.Crossovers)
        {
            // A crossover that never comes (or comes at the smallest size) reads as the end of the sizes measured.
            double at = c.Iterations ?? double.PositiveInfinity;
            readings[(HeadlineKind.Crossover, c.Processes, c.Lifetime, null)] =
                new HeadlineReading(at, c.IterationsLower ?? at, c.IterationsUpper ?? double.PositiveInfinity, null);
        }

        foreach (var call in report.Transport?.Calls.Where(c => c.Call is TransportComparison.Batch or TransportComparison.RoundTrip) ?? [])
        {
            var v = call.SharedMemoryVersusPipes;
            readings[(HeadlineKind.Transport, new ExecutorId(Runtime.DotNet, ExecutorKind.ProcessesAotShm), Lifetime.Warm, call.Call)] =
                new HeadlineReading(v.Ratio, v.Lower, v.Upper, v.Verdict);
        }

        return readings;
    }
}
