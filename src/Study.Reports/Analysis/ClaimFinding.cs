using Study.Kernel;
using Study.Reports.Statistics;

namespace Study.Reports.Analysis;

/// <summary>The article's claims, in the order the report checks them.</summary>
public enum ClaimKind
{
    /// <summary>ThreadPoolExecutor 0.20 s against ProcessPoolExecutor 0.52 s.</summary>
    ArticleFigures,

    /// <summary>Creating processes and IPC make the process pool slower.</summary>
    StartUpAndIpc,

    /// <summary>Work-size skew lowers parallel efficiency.</summary>
    Skew,

    /// <summary>The GIL keeps threads from running CPU-bound Python in parallel.</summary>
    Gil,

    /// <summary>For large CPU-bound work, processes beat threads.</summary>
    LargeWork,

    /// <summary>Threads suit I/O-bound work.</summary>
    Io,
}

/// <summary>One claim's verdict and the facts it rests on; null facts: the run lacks what would decide it.</summary>
public sealed record ClaimFinding(ClaimKind Kind, ClaimVerdict Verdict, ClaimFacts? Facts);

/// <summary>What a claim's verdict rests on.</summary>
public abstract record ClaimFacts;

/// <summary>An executor's median and its ratio to the threads it is set against.</summary>
public sealed record PoolVersus(ExecutorId Executor, double Median, Versus Versus);

/// <summary>CPython's article case: the list's scale, the workers, the threads' median and each pool against them.</summary>
public sealed record ArticleFiguresFacts(double Scale, int Workers, double ThreadsMedian, IReadOnlyList<PoolVersus> Pools) : ClaimFacts;

/// <summary>
/// A pool against threads on the article's case: the ratio, the model's parts (null: its start-up or shutdown was not
/// measured), the measured gap, and what its start-up, shutdown and dispatch cost beyond the threads'.
/// </summary>
public sealed record PoolOverhead(ExecutorId Executor, Versus Versus, Prediction? Parts, double Gap, double Overhead);

/// <summary>Each CPython pool's overhead on the article's case, and what the threads lose to the GIL.</summary>
public sealed record StartUpFacts(int Workers, IReadOnlyList<PoolOverhead> Pools, double ThreadsGil) : ClaimFacts;

/// <summary>An executor's speed-up over sequential code on the article's list and on a uniform one, and whether the first is surely lower.</summary>
public sealed record SkewCheck(ExecutorId Executor, double Article, double Uniform, bool Lower);

/// <summary>The cores, the article's largest item's share and the bound it sets, and each executor's speed-ups.</summary>
public sealed record SkewFacts(int Cores, double LargestSharePercent, double BestSpeedup, IReadOnlyList<SkewCheck> Checks) : ClaimFacts;

/// <summary>
/// CPython's threads and fork pool against sequential code on one list, whether the GIL was off, and .NET's threads
/// under the GIL model and free, against sequential code on the uniform list (null when not measured).
/// </summary>
public sealed record GilFacts(bool GilOff, WorkShape Shape, int Cores, Versus Threads, Versus? Pool, Versus? GilModel, Versus? FreeThreads) : ClaimFacts;

/// <summary>CPython's crossovers: each pool against threads up to the largest task measured.</summary>
public sealed record LargeWorkFacts(IReadOnlyList<Crossover> Crossovers) : ClaimFacts;

/// <summary>One runtime's I/O-bound workload: the workers, the threads' median and ratio to sequential code, each pool against threads.</summary>
public sealed record IoRuntime(Runtime Runtime, int Workers, double ThreadsMedian, Versus ThreadsVersusSequential, IReadOnlyList<PoolVersus> Pools);

/// <summary>The I/O-bound workload in each runtime that ran it.</summary>
public sealed record IoFacts(IReadOnlyList<IoRuntime> Runtimes) : ClaimFacts;
