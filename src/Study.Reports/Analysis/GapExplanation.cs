namespace Study.Reports.Analysis;

/// <summary>
/// Why one pool is slower (or faster) than the same runtime's threads on the article's case: the measured gap, and the
/// model's terms for each side subtracted, term by term. The terms are measured apart and overlap in a call, so they are
/// no shares of the gap; the traced calls' critical path (<see cref="TracedGaps"/>) splits it.
/// </summary>
public sealed record GapExplanation(
    ExecutorId Pool,
    ExecutorId Threads,
    Runtime Runtime,
    StartMethod? StartMethod,
    double Ratio,
    Statistics.Verdict Verdict,
    double MeasuredGap,
    IReadOnlyList<GapTerm> Terms,
    IReadOnlyList<string> Platforms)
{
    /// <summary>The article's own ratio, 0.52 s over 0.20 s.</summary>
    public const double ArticleRatio = 0.52 / 0.20;

    /// <summary>Explains each pool of the article's case against its runtime's threads, from the decomposition.</summary>
    public static List<GapExplanation> Explain(ArticleAnswer article, IReadOnlyList<Decomposition> decomposition)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(decomposition);
        var explanations = new List<GapExplanation>();
        foreach (var pool in article.Executors.Where(e => e.VersusThreads is not null && e.Executor.IsProcesses))
        {
            var threads = article.Executors.FirstOrDefault(e => e.Executor == pool.Executor.ThreadBaseline);
            var poolParts = decomposition.FirstOrDefault(d => d.Executor == pool.Executor)?.Parts;
            var threadParts = threads is null ? null : decomposition.FirstOrDefault(d => d.Executor == threads.Executor)?.Parts;
            if (threads is null)
            {
                continue;
            }

            // The difference the ratio states (threads' median times the ratio less one), so the two never disagree in sign.
            double gap = threads.Time.Median * (pool.VersusThreads!.Ratio - 1);
            var terms = poolParts is null || threadParts is null ? [] : new List<GapTerm>
            {
                Term("start-up", poolParts.StartUp - threadParts.StartUp),
                Term("shutdown", poolParts.Shutdown - threadParts.Shutdown),
                Term("dispatch and IPC", poolParts.Dispatch + poolParts.Transfer + poolParts.Harness - (threadParts.Dispatch + threadParts.Transfer + threadParts.Harness)),
                Term("compute", poolParts.Compute - threadParts.Compute),
                Term("idle cores (skew)", poolParts.Skew - threadParts.Skew),
                Term("the GIL", poolParts.Gil - threadParts.Gil),
            };
            StartMethod? method = pool.Executor.StartMethod == Kernel.Cases.StartMethod.None ? null : pool.Executor.StartMethod;
            explanations.Add(new GapExplanation(pool.Executor, threads.Executor, pool.Runtime, method, pool.VersusThreads!.Ratio, pool.VersusThreads.Verdict,
                gap, terms, DefaultOn(pool.Executor.StartMethod)));
        }

        return explanations;
    }

    /// <summary>
    /// Where <paramref name="method"/> is CPython's default for a process pool: fork on Linux before 3.14, forkserver
    /// on Linux from 3.14, spawn on macOS from 3.8 and on Windows (the only method Windows has).
    /// </summary>
    public static IReadOnlyList<string> DefaultOn(Kernel.Cases.StartMethod method) => method switch
    {
        Kernel.Cases.StartMethod.Fork => ["Linux before Python 3.14"],
        Kernel.Cases.StartMethod.Forkserver => ["Linux from Python 3.14"],
        Kernel.Cases.StartMethod.Spawn => ["macOS from Python 3.8", "Windows"],
        _ => [],
    };

    private static GapTerm Term(string name, double nanoseconds) => new(name, nanoseconds);
}

/// <summary>One term of a gap: how much more (or, negative, less) the pool pays than the threads, measured apart.</summary>
public sealed record GapTerm(string Term, double Nanoseconds);
