using Study.Futures;

namespace Study.Benchmarks;

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
        ExecutorKind.ProcessesAotShm => new ProcessPoolExecutor(new ProcessPoolOptions
        {
            MaxWorkers = workers,
            Build = WorkerBuild.NativeAot,
            Transport = WorkerTransport.SharedMemory,
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown executor."),
    };
}
