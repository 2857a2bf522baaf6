using Study.Kernel;

namespace Study.Benchmarks.CPython;

/// <summary>The executors of CPython's <c>concurrent.futures</c> that the study measures.</summary>
public enum PythonExecutor
{
    /// <summary>A plain loop over the items, the baseline.</summary>
    Sequential,

    /// <summary><c>ThreadPoolExecutor</c>: threads under the real GIL.</summary>
    Threads,

    /// <summary><c>ProcessPoolExecutor</c>, with a start method.</summary>
    Processes,

    /// <summary>
    /// <c>InterpreterPoolExecutor</c> (Python 3.14+): a subinterpreter with its own GIL on each worker thread; its
    /// cases run only on an interpreter that has it.
    /// </summary>
    Interpreters,
}

/// <summary><c>multiprocessing</c>'s start methods; <see cref="None"/> for executors that start no process.</summary>
public enum StartMethod
{
    /// <summary>No process is started.</summary>
    None,

    /// <summary>The parent forks: cheap, Unix only.</summary>
    Fork,

    /// <summary>A server process forks the workers: Unix only.</summary>
    Forkserver,

    /// <summary>A fresh interpreter per worker: every platform.</summary>
    Spawn,
}

/// <summary>Parameter helpers shared by the CPython benchmarks.</summary>
public static class PythonParameters
{
    /// <summary>
    /// CPython's kernel is about 50 times slower than .NET's (measured by <see cref="CPythonHarnessBenchmarks"/>), so
    /// its work lists are scaled by <see cref="StudyScale.CPython"/> rather than the .NET grid's
    /// <see cref="StudyScale.DotNet"/>. Dry runs a thousandth of that.
    /// </summary>
    public static double Scale(Profile profile) => profile == Profile.Dry ? StudyScale.CPythonDry : StudyScale.CPython;

    /// <summary>Whether the executor and the start method go together.</summary>
    public static bool Valid(PythonExecutor executor, StartMethod method) =>
        executor == PythonExecutor.Processes ? method != StartMethod.None : method == StartMethod.None;

    /// <summary>The driver's name of an executor.</summary>
    public static string Name(PythonExecutor executor) => executor.ToString().ToLowerInvariant();

    /// <summary>The driver's name of a start method; null for none.</summary>
    public static string? Name(StartMethod method) => method == StartMethod.None ? null : method.ToString().ToLowerInvariant();
}
