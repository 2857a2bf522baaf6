namespace Study.Futures;

/// <summary>The executors of the study, by name.</summary>
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

/// <summary>Creates an executor of an <see cref="ExecutorKind"/>.</summary>
public static class ExecutorFactory
{
    /// <summary>Creates an executor of <paramref name="kind"/> with at most <paramref name="workers"/> workers.</summary>
    public static Executor Create(ExecutorKind kind, int workers) => kind switch
    {
        ExecutorKind.Sequential => new SequentialExecutor(),
        ExecutorKind.Threads => new ThreadPoolExecutor(workers),
        ExecutorKind.Gil => new GilThreadPoolExecutor(workers),
        ExecutorKind.DotNet => new DotNetThreadPoolExecutor(workers),
        ExecutorKind.ProcessesJit => new ProcessPoolExecutor(workers, WorkerBuild.Jit),
        ExecutorKind.ProcessesAot => new ProcessPoolExecutor(workers, WorkerBuild.NativeAot),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown executor."),
    };
}
