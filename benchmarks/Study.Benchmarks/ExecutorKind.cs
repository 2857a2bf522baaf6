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
}
