using System.Collections.Concurrent;

namespace Study.Futures;

/// <summary>
/// The idiomatic .NET reference: calls run on the shared <see cref="ThreadPool"/>, at most
/// <see cref="MaxWorkers"/> at a time. Queued work is drained by up to <see cref="MaxWorkers"/> runners, each one
/// <see cref="ThreadPool.UnsafeQueueUserWorkItem(IThreadPoolWorkItem, bool)"/> item that runs calls until the queue
/// is empty, so a burst of submits costs one thread-pool dispatch per runner rather than one per call.
/// </summary>
/// <remarks>
/// Its "workers" are a cap on concurrency, not threads of its own: .NET's pool has about one thread per core and adds
/// more slowly, so calls that block hold back every user of that pool. While it has calls outstanding, the program's
/// end waits for them, as for the other pools.
/// </remarks>
public sealed class DotNetThreadPoolExecutor : Executor, IExitJoinable
{
    [ThreadStatic]
    private static DotNetThreadPoolExecutor? t_runningFor;

    private readonly ConcurrentQueue<IWorkItem> _queue = new();
    private readonly Runner _runner;
    private readonly object _gate = new();
    private int _runners;
    private int _outstanding;
    private int _shutdown;
    private bool _registered; // gate

    /// <summary>Creates an executor that runs at most <paramref name="maxWorkers"/> calls at once.</summary>
    /// <param name="maxWorkers">The concurrency limit; null is the machine's core count.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWorkers"/> is not positive.</exception>
    public DotNetThreadPoolExecutor(int? maxWorkers = null)
    {
        int workers = maxWorkers ?? Environment.ProcessorCount;
        if (workers <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWorkers), maxWorkers, "max_workers must be greater than 0");
        }

        MaxWorkers = workers;
        _runner = new Runner(this);
    }

    /// <inheritdoc />
    public override int MaxWorkers { get; }

    /// <summary>
    /// <inheritdoc />
    /// Called from one of the pool's own calls, it waits for every other call, not for its own.
    /// </summary>
    public override void Shutdown(bool wait = true, bool cancelFutures = false)
    {
        // A full fence between raising the flag and reading the count, matching submit's count-then-look.
        Interlocked.Exchange(ref _shutdown, 1);
        if (cancelFutures)
        {
            foreach (var item in _queue)
            {
                if (item.Future.Cancel())
                {
                    item.Future.SetRunningOrNotifyCancel();
                }
            }
        }

        if (wait)
        {
            int own = t_runningFor == this ? 1 : 0;
            using (GlobalInterpreterLock.AllowThreads())
            {
                lock (_gate)
                {
                    while (Volatile.Read(ref _outstanding) > own)
                    {
                        Monitor.Wait(_gate, 50);
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    void IExitJoinable.JoinAtExit() => Shutdown(wait: true);

    private protected override Future<TResult> Schedule<TResult>(WorkItem<TResult> item)
    {
        // Counted before the flag is read, so a shutdown that waits either sees this call or refuses it.
        if (Interlocked.Increment(ref _outstanding) == 1)
        {
            UpdateRegistration();
        }

        if (Volatile.Read(ref _shutdown) != 0 || ExitJoin.IsExiting)
        {
            string message = _shutdown != 0 ? ShutdownMessage : ExitMessage;
            Retire();
            throw new InvalidOperationException(message);
        }

        _queue.Enqueue(item);
        TryStartRunner();
        return item;
    }

    private void TryStartRunner()
    {
        int runners = Volatile.Read(ref _runners);
        while (runners < MaxWorkers)
        {
            int seen = Interlocked.CompareExchange(ref _runners, runners + 1, runners);
            if (seen == runners)
            {
                ThreadPool.UnsafeQueueUserWorkItem(_runner, preferLocal: false);
                return;
            }

            runners = seen;
        }
    }

    private void Drain()
    {
        t_runningFor = this;
        while (_queue.TryDequeue(out var item))
        {
            item.Run();
            Retire();
        }

        t_runningFor = null;

        Interlocked.Decrement(ref _runners);

        // A submit may have enqueued after the queue looked empty and seen every runner busy.
        if (!_queue.IsEmpty)
        {
            TryStartRunner();
        }
    }

    /// <summary>One call fewer outstanding: wakes a waiting shutdown, and leaves the exit join when idle.</summary>
    private void Retire()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            UpdateRegistration();
            if (Volatile.Read(ref _shutdown) != 0)
            {
                lock (_gate)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    /// <summary>
    /// In <see cref="ExitJoin"/> exactly while calls are outstanding, so that a pool nobody shut down is not held
    /// forever. Called on each transition; it reads the count again under the lock, so racing transitions settle right.
    /// </summary>
    private void UpdateRegistration()
    {
        lock (_gate)
        {
            bool busy = Volatile.Read(ref _outstanding) > 0;
            if (busy && !_registered)
            {
                _registered = ExitJoin.Register(this);
            }
            else if (!busy && _registered)
            {
                _registered = false;
                ExitJoin.Unregister(this);
            }
        }
    }

    private sealed class Runner(DotNetThreadPoolExecutor executor) : IThreadPoolWorkItem
    {
        public void Execute() => executor.Drain();
    }
}
