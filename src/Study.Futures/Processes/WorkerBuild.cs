namespace Study.Futures;

/// <summary>Which build of the worker program a <see cref="ProcessPoolExecutor"/> starts.</summary>
public enum WorkerBuild
{
    /// <summary>
    /// Framework-dependent, on the shared .NET runtime and its tiered JIT, with its own code precompiled (ReadyToRun):
    /// <c>worker-jit/Study.Worker</c> next to the program.
    /// </summary>
    Jit,

    /// <summary>Compiled ahead of time, starts in a few milliseconds: <c>worker-aot/Study.Worker</c> next to the program.</summary>
    NativeAot,
}
