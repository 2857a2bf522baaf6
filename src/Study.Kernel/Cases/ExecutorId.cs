namespace Study.Kernel.Cases;

/// <summary>
/// An executor of one runtime, as a case names it: its kind (which carries the .NET pool's worker build and
/// transport), CPython's start method, and whether CPython's threads ran with the GIL off (a free-threaded build).
/// Parsed once where results are read; turned into words only where a report is written.
/// </summary>
public sealed record ExecutorId(Runtime Runtime, ExecutorKind Kind, StartMethod StartMethod = StartMethod.None, bool GilOff = false)
{
    /// <summary>Whether its workers are processes.</summary>
    public bool IsProcesses => Kind.IsProcessPool();

    /// <summary>Whether it runs the list on the caller's thread.</summary>
    public bool IsSequential => Kind == ExecutorKind.Sequential;

    /// <summary>Whether its workers are the runtime's dedicated threads (the rivals every pool is judged against).</summary>
    public bool IsThreads => Kind == ExecutorKind.Threads;

    /// <summary>Whether one lock lets one thread at a time compute: CPython's threads with their GIL, the .NET GIL model.</summary>
    public bool IsGilBound => Kind == ExecutorKind.Gil || (Runtime == Runtime.CPython && Kind == ExecutorKind.Threads && !GilOff);

    /// <summary>The thread-based executor it is compared with: the same runtime's dedicated threads.</summary>
    public ExecutorId ThreadBaseline => new(Runtime, ExecutorKind.Threads, GilOff: GilOff);

    /// <summary>
    /// The executor whose threads share one lock in this runtime, which the crossover sets processes against: CPython's
    /// threads, .NET's GIL model.
    /// </summary>
    public static ExecutorId GilBoundThreads(Runtime runtime) =>
        new(runtime, runtime == Runtime.DotNet ? ExecutorKind.Gil : ExecutorKind.Threads);

    /// <summary>
    /// Its place in every table: the kind's declaration order, then CPython's start methods fork, spawn, forkserver.
    /// </summary>
    public int Order => ((int)Kind * 4) + StartMethod switch { StartMethod.None => 0, StartMethod.Fork => 1, StartMethod.Spawn => 2, _ => 3 };

    /// <summary>
    /// The executor of a case from its parameter values (<c>Executor</c>, <c>StartMethod</c>); null when the value
    /// names no executor of <paramref name="runtime"/>.
    /// </summary>
    public static ExecutorId? Parse(Runtime runtime, string? kind, string? startMethod)
    {
        if (!CaseValue.TryParse(kind, out ExecutorKind parsed) || !ExecutorKinds.Of(runtime).Contains(parsed))
        {
            return null;
        }

        return new ExecutorId(runtime, parsed, CaseValue.TryParse(startMethod, out StartMethod method) ? method : StartMethod.None);
    }
}
