using System.Collections.Concurrent;

namespace Study.Futures;

/// <summary>
/// Python's <c>ThreadPoolExecutor</c>: dedicated worker threads, started one per submit while no idle thread can
/// take the call and fewer than <see cref="MaxWorkers"/> exist, and reused afterwards. A failing initializer breaks
/// the pool: queued calls fail with <see cref="BrokenThreadPoolException"/> and so does every later submit.
/// </summary>
/// <remarks>
/// <para>
/// The threads run on a core object that does not reference the executor, as CPython's workers hold only a weak
/// reference to theirs: an executor dropped without <see cref="Executor.Shutdown"/> is collected, its finalizer shuts
/// the pool down, and the threads exit once the queue is empty. Threads are background threads, and pools still
/// working when the program ends are joined first (as CPython joins them at interpreter exit), so submitted work runs.
/// </para>
/// <para>
/// The queue is a <see cref="ConcurrentQueue{T}"/>. A worker that finds it empty spins briefly, then announces that
/// it sleeps, looks once more, and waits on a semaphore; a submit signals the semaphore only when a worker has
/// announced sleep. Busy workers therefore cost a submit no signal at all, and the recheck after the announcement
/// (both sides use full fences) means no item is left behind a sleeping worker.
/// </para>
/// </remarks>
public partial class ThreadPoolExecutor : Executor
{
    private static int s_lastPool = -1;

    private readonly WorkerThreads _threads;

    /// <summary>Creates a pool of at most <paramref name="maxWorkers"/> threads.</summary>
    /// <param name="maxWorkers">At most this many threads; null is CPython's default, min(32, cores + 4).</param>
    /// <param name="initializer">Runs first on every worker thread; if it throws, the pool is broken.</param>
    /// <param name="threadNamePrefix">
    /// Names the threads <c>{prefix}_{n}</c>; by default the prefix is the class name and a number for the pool, as
    /// CPython's <c>ThreadPoolExecutor-0</c>, so names are unique across pools.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWorkers"/> is not positive.</exception>
    public ThreadPoolExecutor(int? maxWorkers = null, Action? initializer = null, string? threadNamePrefix = null)
        : this(maxWorkers, initializer, threadNamePrefix, new WorkerBehaviour())
    {
    }

    private protected ThreadPoolExecutor(int? maxWorkers, Action? initializer, string? threadNamePrefix, WorkerBehaviour behaviour)
    {
        int workers = maxWorkers ?? Math.Min(32, Environment.ProcessorCount + 4);
        if (workers <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWorkers), maxWorkers, "max_workers must be greater than 0");
        }

        string prefix = string.IsNullOrEmpty(threadNamePrefix)
            ? $"{GetType().Name}-{Interlocked.Increment(ref s_lastPool)}"
            : threadNamePrefix;
        _threads = new WorkerThreads(workers, initializer, prefix, behaviour);
    }

    /// <summary>Shuts the pool down without waiting if it was dropped without shutdown.</summary>
    ~ThreadPoolExecutor()
    {
        Dispose(disposing: false);
    }

    /// <inheritdoc />
    public override int MaxWorkers => _threads.MaxWorkers;

    /// <summary>How many worker threads the pool has started so far.</summary>
    public int ThreadCount => _threads.ThreadCount;

    /// <summary>
    /// <inheritdoc />
    /// Called from one of the pool's own calls, it waits for every other thread, not for its own.
    /// </summary>
    public override void Shutdown(bool wait = true, bool cancelFutures = false) => _threads.Shutdown(wait, cancelFutures);

    /// <summary>Null when the constructor threw: there is nothing to shut down.</summary>
    private protected override void ShutDownWhenDropped() => _threads?.Shutdown(wait: false, cancelFutures: false);

    private protected override Future<TResult> Schedule<TResult>(WorkItem<TResult> item)
    {
        _threads.Schedule(item);
        return item;
    }

    /// <summary>What a worker thread does as it starts and around each call; the GIL model changes both.</summary>
    private protected class WorkerBehaviour
    {
        public virtual void OnStarted()
        {
        }

        public virtual void Run(IWorkItem item) => item.Run();

        public virtual void Initialize(Action initializer) => initializer();
    }
}
