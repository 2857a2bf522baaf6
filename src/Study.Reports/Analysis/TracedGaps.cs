using Study.Reports.Statistics;

namespace Study.Reports.Analysis;

/// <summary>
/// One executor's traced call of the article's case, split along its critical path, beside the case's measurement:
/// <see cref="Phases"/> sum to <see cref="Total"/> exactly; <see cref="Overhead"/> is how far the traced call lies
/// beyond the case's interval (0 inside it), what tracing and a lone call may have cost.
/// </summary>
public sealed record TracedSplit(ExecutorId Executor, long Total, IReadOnlyDictionary<CallPhase, long> Phases, Timing? Case)
{
    /// <summary>ns beyond the case's interval (negative below it); 0 inside it or without the case.</summary>
    public double Overhead => Case is null || !double.IsFinite(Case.Lower) ? 0
        : Total > Case.Upper ? Total - Case.Upper : Total < Case.Lower ? Total - Case.Lower : 0;
}

/// <summary>
/// The gap between an executor and its runtime's threads on the article's case, phase by phase of their traced calls:
/// the differences sum to the traced gap. <see cref="Versus"/> is the measured ratio (with its interval and verdict),
/// and says whether there is a gap to explain at all: where it cannot tell the two apart, the phases are not read as
/// causes.
/// </summary>
public sealed record TracedGap(ExecutorId Executor, ExecutorId Threads, long Gap, IReadOnlyDictionary<CallPhase, long> Differences, Versus? Versus)
{
    /// <summary>The measured difference, threads' median times the ratio less one (the ratio's own estimate); NaN without one.</summary>
    public double Measured { get; init; } = double.NaN;

    /// <summary>Whether the measurement tells the executor from threads (faster or slower, at the report's α).</summary>
    public bool HasGap => Versus is { } v && (v.Verdict.IsFaster() || v.Verdict.IsSlower());

    /// <summary>
    /// Whether the traced calls show the measured gap: the same sign and within a factor of two of it. One call each
    /// can land in another of the machine's speeds than the measurement's median; then its phases explain nothing.
    /// </summary>
    public bool Reproduces => HasGap && double.IsFinite(Measured) && Measured != 0 && Gap / Measured is >= 0.5 and <= 2;

    /// <summary>The phases that carry the traced gap's sign, largest first: what makes the gap.</summary>
    public IEnumerable<KeyValuePair<CallPhase, long>> Causes => Differences
        .Where(d => Math.Sign(d.Value) == Math.Sign(Gap) && d.Value != 0).OrderByDescending(d => Math.Abs(d.Value));
}

/// <summary>The traced calls of a run read against its article's case.</summary>
public static class TracedGaps
{
    /// <summary>Each traced executor's split, in the article's order.</summary>
    public static List<TracedSplit> Splits(IReadOnlyList<CallTimeline> timelines, ArticleAnswer article)
    {
        ArgumentNullException.ThrowIfNull(timelines);
        ArgumentNullException.ThrowIfNull(article);
        return [.. timelines.Select(t => new TracedSplit(
            t.Call.Executor, t.Total, t.Phases, article.Executors.FirstOrDefault(e => e.Executor == t.Call.Executor)?.Time))];
    }

    /// <summary>Each traced executor but threads against its runtime's traced threads.</summary>
    public static List<TracedGap> Gaps(IReadOnlyList<TracedSplit> splits, ArticleAnswer article)
    {
        ArgumentNullException.ThrowIfNull(splits);
        ArgumentNullException.ThrowIfNull(article);
        var gaps = new List<TracedGap>();
        foreach (var split in splits.Where(s => !s.Executor.IsThreads))
        {
            if (splits.FirstOrDefault(s => s.Executor == split.Executor.ThreadBaseline) is not { } threads)
            {
                continue;
            }

            var versus = article.Executors.FirstOrDefault(e => e.Executor == split.Executor)?.VersusThreads;
            double measured = versus is not null && threads.Case is { } c ? c.Median * (versus.Ratio - 1) : double.NaN;
            gaps.Add(new TracedGap(split.Executor, threads.Executor, split.Total - threads.Total,
                split.Phases.ToDictionary(p => p.Key, p => p.Value - threads.Phases[p.Key]), versus) { Measured = measured });
        }

        return gaps;
    }
}
