using Study.Futures;

namespace Study.Benchmarks;

/// <summary>The executors of the study, by name: the values of the grid's <c>Executor</c> parameter.</summary>
public enum ExecutorKind
{
    /// <summary><see cref="SequentialExecutor"/>: the caller's thread.</summary>
    Sequential,

    /// <summary><see cref="ThreadPoolExecutor"/>: dedicated threads, no GIL.</summary>
    Threads,

    /// <summary><see cref="GilThreadPoolExecutor"/>: dedicated threads sharing CPython's GIL.</summary>
    Gil,

    /// <summary><see cref="DotNetThreadPoolExecutor"/>: .NET's shared thread pool.</summary>
    DotNet,

    /// <summary><see cref="ProcessPoolExecutor"/> with the JIT worker.</summary>
    ProcessesJit,

    /// <summary><see cref="ProcessPoolExecutor"/> with the NativeAOT worker.</summary>
    ProcessesAot,

    /// <summary><see cref="ProcessPoolExecutor"/> with the NativeAOT worker, through shared memory instead of pipes.</summary>
    ProcessesAotShm,
}

/// <summary>What the kinds have in common.</summary>
public static class ExecutorKinds
{
    /// <summary>Whether <paramref name="kind"/> is a process pool (either worker, either transport).</summary>
    public static bool IsProcessPool(this ExecutorKind kind) =>
        kind is ExecutorKind.ProcessesJit or ExecutorKind.ProcessesAot or ExecutorKind.ProcessesAotShm;
}
