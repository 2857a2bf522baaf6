namespace Study.Kernel.Cases;

/// <summary>
/// The executors of the study: the values of every benchmark's <c>Executor</c> parameter, in both runtimes. Sequential
/// code and threads exist in both; the others belong to one (<see cref="ExecutorKinds.Of"/>).
/// </summary>
/// <remarks>
/// The names are the parameter values BenchmarkDotNet writes into the results: renaming one orphans every committed run.
/// The declaration order is the order of every table: sequential code, threads, threads under one lock, pools of
/// threads, process pools.
/// </remarks>
public enum ExecutorKind
{
    /// <summary>The caller's thread, the baseline.</summary>
    Sequential,

    /// <summary>Dedicated threads: .NET's <c>ThreadPoolExecutor</c> (no GIL), CPython's (under its GIL).</summary>
    Threads,

    /// <summary>.NET: dedicated threads sharing a model of CPython's GIL.</summary>
    Gil,

    /// <summary>CPython 3.14+: <c>InterpreterPoolExecutor</c>, a subinterpreter with its own GIL on each worker thread.</summary>
    Interpreters,

    /// <summary>.NET: the runtime's shared thread pool.</summary>
    DotNet,

    /// <summary>.NET: the process pool with the JIT worker, through pipes.</summary>
    ProcessesJit,

    /// <summary>.NET: the process pool with the NativeAOT worker, through pipes.</summary>
    ProcessesAot,

    /// <summary>.NET: the process pool with the NativeAOT worker, through shared memory.</summary>
    ProcessesAotShm,

    /// <summary>CPython: <c>ProcessPoolExecutor</c>, with a <see cref="StartMethod"/>.</summary>
    Processes,

}

/// <summary>What the kinds are, as the suite selects and the report compares them.</summary>
public static class ExecutorKinds
{
    /// <summary>.NET's executors, in the order the suite declares its cases.</summary>
    public static IReadOnlyList<ExecutorKind> DotNet { get; } =
        [ExecutorKind.Sequential, ExecutorKind.Threads, ExecutorKind.Gil, ExecutorKind.DotNet, ExecutorKind.ProcessesJit, ExecutorKind.ProcessesAot, ExecutorKind.ProcessesAotShm];

    /// <summary>CPython's executors, in the order the suite declares its cases.</summary>
    public static IReadOnlyList<ExecutorKind> CPython { get; } =
        [ExecutorKind.Sequential, ExecutorKind.Threads, ExecutorKind.Processes, ExecutorKind.Interpreters];

    /// <summary>The executors of <paramref name="runtime"/>.</summary>
    public static IReadOnlyList<ExecutorKind> Of(Runtime runtime) => runtime == Runtime.DotNet ? DotNet : CPython;

    /// <summary>Whether <paramref name="kind"/>'s workers are processes (either runtime, any worker build or transport).</summary>
    public static bool IsProcessPool(this ExecutorKind kind) =>
        kind is ExecutorKind.ProcessesJit or ExecutorKind.ProcessesAot or ExecutorKind.ProcessesAotShm or ExecutorKind.Processes;
}
