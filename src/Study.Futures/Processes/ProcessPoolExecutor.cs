namespace Study.Futures;

/// <summary>
/// Python's <c>ProcessPoolExecutor</c> over real worker processes (<c>Study.Worker</c>) that speak
/// <see cref="Protocol.WorkerProtocol"/> over pipes, or through shared memory (<see cref="ProcessPoolOptions.Transport"/>).
/// </summary>
/// <remarks>
/// <para>
/// A function travels by name, as pickle sends a qualified name, so it must be a static method; a lambda or an
/// instance method is refused at submit, and so is a parameter or result type that cannot travel. Workers start on
/// demand, one per submit while none is idle, up to <see cref="MaxWorkers"/>, as CPython does for its non-fork start
/// methods. A worker's exception comes back with its type, message and remote stack trace
/// (<see cref="RemoteException"/>). A worker that dies, breaks the protocol or fails its initializer breaks the
/// pool: every pending future fails with its own <see cref="BrokenProcessPoolException"/>, the other workers are
/// killed, and submit refuses new work. Workers exit when the pool closes their pipe (or ring) or when the parent process dies.
/// What a worker prints goes to the parent's standard error.
/// </para>
/// <para>
/// Scheduling keeps CPython's promises: a call goes to the first free worker, no call waits behind a running call
/// while a worker is idle, and a call that has not started can be cancelled. To pay the pipe's latency once per burst
/// rather than once per call, the pool sends calls ahead to busy workers (up to about 1 ms of work at the mean call
/// time seen, 2 to 64 calls each) but they stay pending: a worker claims each call in a word of memory it shares with
/// the parent (<see cref="Protocol.ClaimTable"/>) just before it starts it, and the parent takes a call back by the
/// same compare-and-swap, so exactly one side wins. Hence <see cref="Future.Cancel"/> withdraws a call sent ahead
/// unless it has started, and no call is running but not started (CPython allows up to max_workers + 1, its call
/// queue). When a worker falls idle with nothing pending in the parent, the pool takes the older half of the calls
/// waiting behind another worker's running call and sends them to it, at once, without a round trip.
/// <see cref="Executor.Shutdown"/> with cancelFutures cancels every call not started except the oldest
/// max_workers + 1, which CPython would already have moved to its call queue.
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
        if (buffersize is not null)
        {
            var buffered = Results(
                items.Chunk(chunksize),
                Weakly<T[], TResult[]>((executor, chunk) => ((ProcessPoolExecutor)executor).Schedule(Submitted(new ChunkCall<T, TResult>(function, chunk)))),
                buffersize,
                deadline);
            GC.KeepAlive(this); // Results submits the first chunks through the weak reference.
            return Flatten(buffered);
        }

        // Every chunk is submitted now, as CPython's map does; together, so that they reach each worker in one write.
        ChunkCall<T, TResult>[] calls = [.. items.Chunk(chunksize).Select(chunk => Submitted(new ChunkCall<T, TResult>(function, chunk)))];
        _pool.Schedule(calls);
        return Flatten(Results(calls, call => call, buffersize: null, deadline));
    }

    /// <summary>
    /// A chunk's results one by one, each taken out of its chunk as it goes (CPython's <c>_chain_from_iterable_of_lists</c>
    /// pops them): nothing yielded stays behind in the enumeration.
    /// </summary>
    private static Handover<TResult> Flatten<TResult>(IEnumerable<TResult[]> chunks)
    {
        return new Handover<TResult>(Items(chunks));

        static IEnumerable<System.Runtime.CompilerServices.StrongBox<TResult>> Items(IEnumerable<TResult[]> chunks)
        {
            var box = new System.Runtime.CompilerServices.StrongBox<TResult>();
            foreach (var chunk in chunks)
            {
                for (int i = 0; i < chunk.Length; i++)
                {
                    (box.Value, chunk[i]) = (chunk[i], default!);
                    yield return box;
                }
            }
        }
    }
}
