using Study.Kernel;

namespace Study.Benchmarks.CPython;

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
    public static bool Valid(ExecutorKind executor, StartMethod method) =>
        executor == ExecutorKind.Processes ? method != StartMethod.None : method == StartMethod.None;

    /// <summary>The driver's name of an executor.</summary>
    public static string Name(ExecutorKind executor) => executor.ToString().ToLowerInvariant();

    /// <summary>The driver's name of a start method; null for none.</summary>
    public static string? Name(StartMethod method) => method == StartMethod.None ? null : method.ToString().ToLowerInvariant();
}
