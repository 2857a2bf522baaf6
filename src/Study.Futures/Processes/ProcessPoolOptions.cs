namespace Study.Futures;

/// <summary>How a <see cref="ProcessPoolExecutor"/> starts and runs its worker processes.</summary>
public sealed record ProcessPoolOptions
{
    /// <summary>At most this many worker processes; null is the machine's core count, as in CPython.</summary>
    public int? MaxWorkers { get; init; }

    /// <summary>The worker build to start.</summary>
    public WorkerBuild Build { get; init; } = WorkerBuild.Jit;

    /// <summary>
    /// The worker executable (or a <c>.dll</c>, started with <c>dotnet</c>); null finds <see cref="Build"/>'s next to
    /// the program. The <c>STUDY_WORKER_JIT</c> and <c>STUDY_WORKER_AOT</c> environment variables override that.
    /// </summary>
    public string? WorkerPath { get; init; }

    /// <summary>A worker exits after this many calls (a map chunk is one) and a new one replaces it; null: never.</summary>
    public int? MaxTasksPerChild { get; init; }

    /// <summary>Runs first in every worker; if it throws, the pool is broken.</summary>
    public WorkerInitializer? Initializer { get; init; }

    /// <summary>How calls and results travel between the pool and its workers: pipes (the default) or shared memory.</summary>
    public WorkerTransport Transport { get; init; } = WorkerTransport.Pipes;
}

/// <summary>How a <see cref="ProcessPoolExecutor"/>'s frames travel (the same frames either way).</summary>
public enum WorkerTransport
{
    /// <summary>The worker's standard input and output, as CPython's pool uses pipes.</summary>
    Pipes,

    /// <summary>
    /// A ring per direction in memory both processes map, and a wake-up only when the other side sleeps (a futex on
    /// Linux; <c>os_sync_wait_on_address</c> on macOS 14.4+; elsewhere a 1 ms poll). The pipes stay open, to tell
    /// each side that the other has gone.
    /// </summary>
    SharedMemory,
}

/// <summary>A static method, and its argument, that every worker runs once before its first call.</summary>
public sealed class WorkerInitializer
{
    private WorkerInitializer(Delegate function, Type[] argumentTypes, object?[] arguments)
    {
        Function = function;
        ArgumentTypes = argumentTypes;
        Arguments = arguments;
    }

    internal Delegate Function { get; }

    internal Type[] ArgumentTypes { get; }

    internal object?[] Arguments { get; }

    /// <summary>An initializer with no argument.</summary>
    public static WorkerInitializer Create(Action function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(function, [], []);
    }

    /// <summary>An initializer that runs <c>function(argument)</c>.</summary>
    public static WorkerInitializer Create<T>(Action<T> function, T argument)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(function, [typeof(T)], [argument]);
    }
}
