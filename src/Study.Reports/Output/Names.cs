using System.Globalization;
using Study.Reports.Analysis;

namespace Study.Reports.Output;

/// <summary>
/// The one place where what a case is becomes words: executors, runtimes, start methods, lifetimes and settings as every
/// report, comparison and site names them. Analysis compares identities; only rendering asks for these.
/// </summary>
internal static class Names
{
    /// <summary>How the report names an executor, ".NET processes (AOT worker)" or "CPython processes (fork)".</summary>
    public static string Label(this ExecutorId executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        return (executor.Runtime, executor.Kind) switch
        {
            (Runtime.DotNet, ExecutorKind.Sequential) => ".NET sequential",
            (Runtime.DotNet, ExecutorKind.Threads) => ".NET threads",
            (Runtime.DotNet, ExecutorKind.Gil) => ".NET threads + GIL model",
            (Runtime.DotNet, ExecutorKind.DotNet) => ".NET shared thread pool",
            (Runtime.DotNet, ExecutorKind.ProcessesJit) => ".NET processes (JIT worker)",
            (Runtime.DotNet, ExecutorKind.ProcessesAot) => ".NET processes (AOT worker)",
            (Runtime.DotNet, ExecutorKind.ProcessesAotShm) => ".NET processes (AOT worker, shared memory)",
            (Runtime.CPython, ExecutorKind.Processes) => $"CPython processes ({executor.StartMethod.Word()})",
            (Runtime.CPython, ExecutorKind.Threads) when executor.GilOff => "CPython threads (free-threaded)",
            (Runtime.CPython, ExecutorKind.Interpreters) => "CPython interpreters",
            (Runtime.CPython, _) => $"CPython {executor.Kind.ToString().ToLowerInvariant()}",
            _ => executor.Kind.ToString(),
        };
    }

    /// <summary>The label without its runtime, for a table or plot of one runtime: "processes (AOT worker)".</summary>
    public static string Brief(this ExecutorId executor) =>
        executor.Label().Replace(".NET ", string.Empty, StringComparison.Ordinal).Replace("CPython ", string.Empty, StringComparison.Ordinal);

    /// <summary>A phase of a traced call's critical path, as the report names it.</summary>
    public static string Of(CallPhase phase) => phase switch
    {
        CallPhase.StartUp => "start-up",
        CallPhase.Compute => "compute",
        CallPhase.Waiting => "waiting for a core or the GIL",
        CallPhase.Moving => "moving arguments and results",
        _ => "shutdown",
    };

    /// <summary>A bar of a timeline's chart, as its legend names it.</summary>
    public static string Of(SpanKind kind) => kind switch
    {
        SpanKind.Creating => "creating the pool",
        SpanKind.Starting => "worker starting",
        SpanKind.Compute => "task: CPU time",
        SpanKind.Waiting => "task: waiting for a core or the GIL",
        SpanKind.Moving => "argument or result on its way",
        _ => "shutdown, worker exiting",
    };

    /// <summary>".NET" or "CPython".</summary>
    public static string Name(this Runtime runtime) => runtime == Runtime.DotNet ? ".NET" : "CPython";

    /// <summary>"fork", "forkserver", "spawn" as <c>multiprocessing</c> names them; empty for none.</summary>
    public static string Word(this StartMethod method) => method == StartMethod.None ? string.Empty : method.ToString().ToLowerInvariant();

    /// <summary>"cold" or "warm".</summary>
    public static string Word(this Lifetime lifetime) => lifetime.ToString().ToLowerInvariant();

    /// <summary>"map" or "submit".</summary>
    public static string Word(this Api api) => api.ToString().ToLowerInvariant();

    /// <summary>A grid case's setting apart from its executor: "Article, 5 workers, cold, map".</summary>
    public static string Setting(this GridCase gridCase)
    {
        ArgumentNullException.ThrowIfNull(gridCase);
        int workers = gridCase.Workers;
        return string.Create(CultureInfo.InvariantCulture,
            $"{gridCase.Shape}, {workers} worker{(workers == 1 ? string.Empty : "s")}, {gridCase.Lifetime.Word()}, {gridCase.Api.Word()}{(gridCase.Chunksize > 1 ? $", chunks of {gridCase.Chunksize}" : string.Empty)}");
    }
}
