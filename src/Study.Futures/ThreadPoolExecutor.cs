using System.Collections.Concurrent;

namespace Study.Futures;

/// <summary>
/// Python's <c>ThreadPoolExecutor</c>: dedicated worker threads, started one per submit while no idle thread can
/// take the call and fewer than <see cref="MaxWorkers"/> exist, and reused afterwards. A failing initializer breaks
/// the pool: queued calls fail with <see cref="BrokenThreadPoolException"/> and so does every later submit.
/// </summary>
/// <remarks>
/// Workers are background threads, so a pool that is never shut down does not keep the process alive (CPython joins
/// them at interpreter exit instead). The queue is a <see cref="ConcurrentQueue{T}"/> with a
/// <see cref="SemaphoreSlim"/> counting its items; the semaphore spins briefly before blocking, which keeps a
/// one-at-a-time round trip in the microseconds.
/// </remarks>
public class ThreadPoolExecutor : Executor
{
    private const string BrokenMessage = "A thread initializer failed, the thread pool is not usable anymore";

    private readonly ConcurrentQueue<IWorkItem?> _queue = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly List<Thread> _threads = [];
    private readonly Lock _shutdownLock = new();
    private readonly Action? _initializer;
    private readonly string _threadNamePrefix;
    private int _idle;
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
        _available.Release();
    }

    /// <summary>CPython's <c>_adjust_thread_count</c>: take an idle thread if there is one, else start one if allowed.</summary>
    private void AdjustThreadCount()
    {
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
            _available.Wait();
            _queue.TryDequeue(out var item);
            if (item is not null)
            {
                RunOnWorker(item);
                Interlocked.Increment(ref _idle);
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
