using System.Collections.Concurrent;

namespace Study.Futures;

/// <summary>
/// Python's <c>ThreadPoolExecutor</c>: dedicated worker threads, started one per submit while no idle thread can
/// take the call and fewer than <see cref="MaxWorkers"/> exist, and reused afterwards. A failing initializer breaks
/// the pool: queued calls fail with <see cref="BrokenThreadPoolException"/> and so does every later submit.
/// </summary>
/// <remarks>
/// Workers are background threads, so a pool that is never shut down does not keep the process alive (CPython joins
/// them at interpreter exit instead). The queue is a <see cref="ConcurrentQueue{T}"/>. A worker that finds it empty
/// spins briefly, then announces that it sleeps, looks once more, and waits on a semaphore; a submit signals the
/// semaphore only when a worker has announced sleep. Busy workers therefore cost a submit no signal at all, and the
/// recheck after the announcement (both sides use full fences) means no item is left behind a sleeping worker.
/// </remarks>
public class ThreadPoolExecutor : Executor
{
    private const string BrokenMessage = "A thread initializer failed, the thread pool is not usable anymore";

    private readonly ConcurrentQueue<IWorkItem?> _queue = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly List<Thread> _threads = [];
    private readonly Lock _shutdownLock = new();
    private readonly Action? _initializer;
    private readonly string _threadNamePrefix;
    private int _idle;
    private int _sleepers;
    private volatile int _threadCount;
    private volatile string? _broken;
    private volatile bool _shutdown;

    /// <summary>Creates a pool of at most <paramref name="maxWorkers"/> threads.</summary>
    /// <param name="maxWorkers">At most this many threads; null is CPython's default, min(32, cores + 4).</param>
    /// <param name="initializer">Runs first on every worker thread; if it throws, the pool is broken.</param>
    /// <param name="threadNamePrefix">Names the threads <c>{prefix}_{n}</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWorkers"/> is not positive.</exception>
    public ThreadPoolExecutor(int? maxWorkers = null, Action? initializer = null, string? threadNamePrefix = null)
    {
        int workers = maxWorkers ?? Math.Min(32, Environment.ProcessorCount + 4);
        if (workers <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWorkers), maxWorkers, "max_workers must be greater than 0");
        }

        MaxWorkers = workers;
        _initializer = initializer;
        _threadNamePrefix = string.IsNullOrEmpty(threadNamePrefix) ? GetType().Name : threadNamePrefix;
    }

    /// <inheritdoc />
    public override int MaxWorkers { get; }

    /// <summary>How many worker threads the pool has started so far.</summary>
    public int ThreadCount
    {
        get
        {
            lock (_shutdownLock)
            {
                return _threads.Count;
            }
        }
    }

    /// <inheritdoc />
    public override void Shutdown(bool wait = true, bool cancelFutures = false)
    {
        Thread[] threads;
        lock (_shutdownLock)
        {
            _shutdown = true;
            if (cancelFutures)
            {
                while (_queue.TryDequeue(out var item))
                {
                    item?.Future.Cancel();
                }
            }

            Enqueue(null);
            threads = [.. _threads];
        }

        if (wait)
        {
            foreach (var thread in threads.Where(t => t != Thread.CurrentThread))
            {
                thread.Join();
            }
        }
    }

    /// <summary>Runs one call on a worker thread; the GIL model wraps it.</summary>
    private protected virtual void RunOnWorker(IWorkItem item) => item.Run();

    /// <summary>Runs first on every worker thread, before its initializer.</summary>
    private protected virtual void OnWorkerStarted()
    {
    }

    private protected override Future<TResult> Schedule<TResult>(WorkItem<TResult> item)
    {
        lock (_shutdownLock)
        {
            if (_broken is { } broken)
            {
                throw new BrokenThreadPoolException(broken);
            }

            if (_shutdown)
            {
                throw new InvalidOperationException(ShutdownMessage);
            }

            Enqueue(item);
            AdjustThreadCount();
        }

        return item;
    }

    private void Enqueue(IWorkItem? item)
    {
        _queue.Enqueue(item);
        if (item is null)
        {
            // Shutdown: wake every sleeper; each passes the sentinel on.
            int sleepers = Interlocked.Exchange(ref _sleepers, 0);
            if (sleepers > 0)
            {
                _wake.Release(sleepers);
            }

            return;
        }

        // A full fence between publishing the item and reading the count, matching the worker's increment-then-look.
        int waiting = Interlocked.CompareExchange(ref _sleepers, 0, 0);
        while (waiting > 0)
        {
            int seen = Interlocked.CompareExchange(ref _sleepers, waiting - 1, waiting);
            if (seen == waiting)
            {
                _wake.Release();
                return;
            }

            waiting = seen;
        }
    }

    /// <summary>Takes the next item, sleeping while there is none; null is the shutdown sentinel.</summary>
    private IWorkItem? Take()
    {
        while (true)
        {
            if (_queue.TryDequeue(out var item))
            {
                return item;
            }

            var spinner = default(SpinWait);
            while (!spinner.NextSpinWillYield)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                if (!_queue.IsEmpty)
                {
                    break;
                }
            }

            if (!_queue.IsEmpty)
            {
                continue;
            }

            Interlocked.Increment(ref _sleepers);
            if (!_queue.IsEmpty)
            {
                // An item arrived after the last look: withdraw the announcement unless a submit already took it,
                // in which case a wake-up is on its way and must be consumed.
                int sleepers = Volatile.Read(ref _sleepers);
                bool withdrawn = false;
                while (sleepers > 0)
                {
                    int seen = Interlocked.CompareExchange(ref _sleepers, sleepers - 1, sleepers);
                    if (seen == sleepers)
                    {
                        withdrawn = true;
                        break;
                    }

                    sleepers = seen;
                }

                if (withdrawn)
                {
                    continue;
                }
            }

            _wake.Wait();
        }
    }

    /// <summary>
    /// CPython's <c>_adjust_thread_count</c>: take an idle thread if there is one, else start one if allowed.
    /// Once every thread exists the idle count decides nothing, so neither side touches it any more.
    /// </summary>
    private void AdjustThreadCount()
    {
        if (_threadCount >= MaxWorkers)
        {
            return;
        }

        int idle = Volatile.Read(ref _idle);
        while (idle > 0)
        {
            int seen = Interlocked.CompareExchange(ref _idle, idle - 1, idle);
            if (seen == idle)
            {
                return;
            }

            idle = seen;
        }

        if (_threads.Count < MaxWorkers)
        {
            var thread = new Thread(Work)
            {
                IsBackground = true,
                Name = $"{_threadNamePrefix}_{_threads.Count}",
            };
            thread.Start();
            _threads.Add(thread);
            _threadCount = _threads.Count;
        }
    }

    private void Work()
    {
        OnWorkerStarted();
        if (_initializer is not null)
        {
            try
            {
                _initializer();
            }
#pragma warning disable CA1031 // Any initializer failure breaks the pool, as in CPython.
            catch (Exception e)
#pragma warning restore CA1031
            {
                System.Diagnostics.Trace.TraceError($"Exception in initializer: {e}");
                InitializerFailed();
                return;
            }
        }

        while (true)
        {
            var item = Take();
            if (item is not null)
            {
                RunOnWorker(item);
                if (_threadCount < MaxWorkers)
                {
                    Interlocked.Increment(ref _idle);
                }

                continue;
            }

            if (_shutdown)
            {
                // Pass the wake-up on to the next worker.
                Enqueue(null);
                return;
            }
        }
    }

    private void InitializerFailed()
    {
        lock (_shutdownLock)
        {
            _broken = BrokenMessage;
            while (_queue.TryDequeue(out var item))
            {
                item?.Fail(new BrokenThreadPoolException(BrokenMessage));
            }
        }
    }
}
