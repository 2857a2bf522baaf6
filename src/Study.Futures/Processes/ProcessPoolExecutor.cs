namespace Study.Futures;

/// <summary>
/// Python's <c>ProcessPoolExecutor</c> over real worker processes (<c>Study.Worker</c>) that speak
/// <see cref="Protocol.WorkerProtocol"/> over pipes.
/// </summary>
/// <remarks>
/// <para>
/// A function travels by name, as pickle sends a qualified name, so it must be a static method; a lambda or an
/// instance method is refused at submit, and so is a parameter or result type that cannot travel. Workers start on
/// demand, one per submit while none is idle, up to <see cref="MaxWorkers"/>, as CPython does for its non-fork start
/// methods. A worker's exception comes back with its type, message and remote stack trace
/// (<see cref="RemoteException"/>). A worker that dies, breaks the protocol or fails its initializer breaks the
/// pool: every pending future fails with its own <see cref="BrokenProcessPoolException"/>, the other workers are
/// killed, and submit refuses new work. Workers exit when the pool closes their pipe or when the parent process dies.
/// What a worker prints goes to the parent's standard error.
/// </para>
/// <para>
/// Scheduling is CPython's: a call goes to the first free worker, and at most <see cref="MaxWorkers"/> + 1 calls are
/// running but not started (CPython's call queue); the rest stay pending in the parent, where they can be cancelled.
/// The pool keeps that queue in the parent: a call goes at once to an idle worker, and only while none is idle is it
/// sent ahead to the busy worker with the fewest calls, within that bound, so microsecond calls pay the pipe's latency
/// once per batch. A call sent ahead could wait behind a long one while another worker falls idle; so when a worker
/// is idle and nothing is pending, the pool steals the last waiting call of the busiest worker back, and the worker
/// (whose input thread reads while it computes) gives it up at once unless it has started it. Hence no call waits
/// behind a running call for longer than a steal's round trip while a worker is idle.
/// </para>
/// <para>
/// A pool that is dropped without <see cref="Executor.Shutdown"/> shuts down when it is collected: its workers finish
/// what they were given and exit. Pools still running when the program ends are joined first, as CPython joins them
/// at interpreter exit; a submit from then on fails.
/// </para>
/// </remarks>
public sealed class ProcessPoolExecutor : Executor
{
    private readonly ProcessPool _pool;

    /// <summary>Creates a pool of at most <paramref name="maxWorkers"/> processes of <paramref name="build"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWorkers"/> is not positive.</exception>
    /// <exception cref="FileNotFoundException">The worker program is not where the build puts it.</exception>
    public ProcessPoolExecutor(int? maxWorkers = null, WorkerBuild build = WorkerBuild.Jit)
        : this(new ProcessPoolOptions { MaxWorkers = maxWorkers, Build = build })
    {
    }

    /// <summary>Creates a pool as <paramref name="options"/> say.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive.</exception>
    /// <exception cref="ArgumentException">The initializer is not a static method of transferable parameters.</exception>
    /// <exception cref="FileNotFoundException">The worker program is not where the build puts it.</exception>
    public ProcessPoolExecutor(ProcessPoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int workers = options.MaxWorkers ?? Environment.ProcessorCount;
        if (workers <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxWorkers, "max_workers must be greater than 0");
        }

        if (options.MaxTasksPerChild is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxTasksPerChild, "max_tasks_per_child must be >= 1");
        }

        _pool = new ProcessPool(workers, options, WorkerLocator.Find(options.Build, options.WorkerPath));
    }

    /// <summary>Shuts the pool down without waiting if it was dropped without shutdown, as CPython's weak reference does.</summary>
    ~ProcessPoolExecutor()
    {
        Dispose(disposing: false);
    }

    /// <inheritdoc />
    public override int MaxWorkers => _pool.MaxWorkers;

    /// <summary>The worker program this pool starts.</summary>
    public string WorkerPath => _pool.WorkerPath;

    /// <summary>The ids of the worker processes alive now.</summary>
    public IReadOnlyList<int> WorkerProcessIds => _pool.WorkerProcessIds;

    /// <summary>
    /// Per-call compute time reported by the workers so far: how many calls (a map chunk counts as one) and their
    /// total nanoseconds, measured inside the worker around the function alone.
    /// </summary>
    public (long Calls, long Nanoseconds) ComputeTime => _pool.ComputeTime;

    /// <inheritdoc />
    public override void Shutdown(bool wait = true, bool cancelFutures = false) => _pool.Shutdown(wait, cancelFutures);

    /// <summary>
    /// CPython 3.14's <c>terminate_workers</c>: shuts down without waiting, cancels the pending calls, and ends every
    /// worker with SIGTERM (TerminateProcess on Windows). Calls that were running fail with
    /// <see cref="BrokenProcessPoolException"/>; the pool is broken.
    /// </summary>
    public void TerminateWorkers() => _pool.ForceShutdown(kill: false);

    /// <summary>CPython 3.14's <c>kill_workers</c>: as <see cref="TerminateWorkers"/>, with SIGKILL.</summary>
    public void KillWorkers() => _pool.ForceShutdown(kill: true);

    /// <summary>Null when the constructor threw: there is nothing to shut down.</summary>
    private protected override void ShutDownWhenDropped() => _pool?.Shutdown(wait: false, cancelFutures: false);

    private protected override Future<TResult> Schedule<TResult>(WorkItem<TResult> item)
    {
        _pool.Schedule(item);
        return item;
    }

    /// <summary>CPython's <c>ProcessPoolExecutor.map</c>: items go to workers in chunks of <paramref name="chunksize"/>.</summary>
    private protected override IEnumerable<TResult> MapCore<T, TResult>(
        Func<T, TResult> function, IEnumerable<T> items, int chunksize, int? buffersize, long deadline)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Results(items.Chunk(chunksize), chunk => Schedule(new ChunkCall<T, TResult>(function, chunk)), buffersize, deadline)
            .SelectMany(results => results);
    }
}
