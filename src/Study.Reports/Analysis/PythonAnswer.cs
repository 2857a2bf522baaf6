using Study.Reports.Results;

namespace Study.Reports.Analysis;

/// <summary>
/// One interpreter of a run that measured several (<c>./run.sh --python</c>): what it is, and its executors on the
/// article's case against its own threads, from the report of the run as that interpreter saw it
/// (<see cref="ResultSet.ForPython"/>).
/// </summary>
/// <param name="Id">The interpreter's id in the run: "3.14", "3.14t" for a free-threaded build.</param>
/// <param name="Version">Its version, as it said.</param>
/// <param name="FreeThreaded">Whether it was built free-threaded (its threads are not bound by a GIL).</param>
/// <param name="DefaultStartMethod">The start method its process pool uses unless told otherwise; null when unknown.</param>
/// <param name="Own">Whether it is the run's own interpreter, whose report this is.</param>
/// <param name="Executors">Its executors on the article's case, each against its threads.</param>
public sealed record PythonAnswer(string Id, string Version, bool FreeThreaded, string? DefaultStartMethod, bool Own, IReadOnlyList<ExecutorTime> Executors)
{
    /// <summary>The folder, in the run's, of another interpreter's report: <c>python-3.14</c>.</summary>
    public static string FolderOf(string id) => $"python-{id}";

    /// <summary>The pool a user of this interpreter gets by default: processes with its default start method.</summary>
    public ExecutorTime? DefaultPool => Executors.FirstOrDefault(e => e.Executor.Kind == ExecutorKind.Processes
        && string.Equals(e.Executor.StartMethod.ToString(), DefaultStartMethod, StringComparison.OrdinalIgnoreCase));

    /// <summary>Its InterpreterPoolExecutor, where it has one and the run measured it.</summary>
    public ExecutorTime? InterpreterPool => Executors.FirstOrDefault(e => e.Executor.Kind == ExecutorKind.Interpreters);

    /// <summary>The answer of <paramref name="report"/>, the run as interpreter <paramref name="id"/> saw it.</summary>
    public static PythonAnswer Of(string id, StudyReport report, bool own)
    {
        ArgumentNullException.ThrowIfNull(report);
        var environment = report.Run.Environment;
        return new PythonAnswer(
            id,
            environment.GetValueOrDefault("pythonVersion") ?? "?",
            environment.GetValueOrDefault("pythonFreeThreaded") is "true" or "True",
            environment.GetValueOrDefault("pythonDefaultStartMethod") is { Length: > 0 } method && method != "null" ? method : null,
            own,
            [.. report.Article.Executors.Where(e => e.Runtime == Runtime.CPython)]);
    }
}
