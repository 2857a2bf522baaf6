namespace Study.Kernel;

/// <summary>
/// The scales at which the study runs the article's list (<see cref="WorkList.Create"/>), shared by the benchmarks that
/// build the lists and the report that models them. The article's list as written is 1.11·10¹⁰ iterations: minutes
/// of CPython, seconds of .NET, far too long for a grid.
/// </summary>
public static class StudyScale
{
    /// <summary>.NET's lists: a sequential pass takes a few tenths of a second on the study's machine.</summary>
    public const double DotNet = 0.05;

    /// <summary>.NET's lists in a dry run: a thousandth of <see cref="DotNet"/>.</summary>
    public const double DotNetDry = 5e-5;

    /// <summary>
    /// CPython's lists: its kernel is about 50 times slower than .NET's, so a thousandth of the article's list takes
    /// a few tenths of a second there, as .NET's does.
    /// </summary>
    public const double CPython = 1e-3;

    /// <summary>CPython's lists in a dry run: a thousandth of <see cref="CPython"/>.</summary>
    public const double CPythonDry = 1e-6;
}
