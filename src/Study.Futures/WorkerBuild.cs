namespace Study.Futures;

/// <summary>Which build of the worker program a <see cref="ProcessPoolExecutor"/> starts.</summary>
public enum WorkerBuild
{
    /// <summary>Framework-dependent, compiled by the JIT as it runs: <c>Study.Worker</c> next to the program.</summary>
    Jit,

    /// <summary>Compiled ahead of time, starts in a few milliseconds: <c>worker-aot/Study.Worker</c> next to the program.</summary>
    NativeAot,
}
