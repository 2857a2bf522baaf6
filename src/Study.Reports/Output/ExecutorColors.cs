using ScottPlot;

namespace Study.Reports.Output;

/// <summary>
/// One colour per executor, the same in every plot, page, run and machine: fixed by what the executor is, never by
/// the order a plot happens to draw it in. .NET's executors take Tableau's dark shades, CPython's the light ones of the
/// same families, so a runtime's executors read as a family across plots.
/// </summary>
internal static class ExecutorColors
{
    private static readonly ScottPlot.Palettes.Category20 Palette = new();

    /// <summary>The colour of <paramref name="executor"/>.</summary>
    public static Color Of(ExecutorId executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        int index = (executor.Runtime, executor.Kind, executor.StartMethod) switch
        {
            (Runtime.DotNet, ExecutorKind.Sequential, _) => 14,
            (Runtime.DotNet, ExecutorKind.Threads, _) => 0,
            (Runtime.DotNet, ExecutorKind.Gil, _) => 6,
            (Runtime.DotNet, ExecutorKind.DotNet, _) => 18,
            (Runtime.DotNet, ExecutorKind.ProcessesJit, _) => 2,
            (Runtime.DotNet, ExecutorKind.ProcessesAot, _) => 4,
            (Runtime.DotNet, ExecutorKind.ProcessesAotShm, _) => 8,
            (Runtime.CPython, ExecutorKind.Sequential, _) => 15,
            (Runtime.CPython, ExecutorKind.Threads, _) => 1,
            (Runtime.CPython, ExecutorKind.Interpreters, _) => 19,
            (Runtime.CPython, ExecutorKind.Processes, StartMethod.Fork) => 3,
            (Runtime.CPython, ExecutorKind.Processes, StartMethod.Spawn) => 5,
            (Runtime.CPython, ExecutorKind.Processes, _) => 9,
            _ => 10,
        };
        return Palette.GetColor(index);
    }
}
