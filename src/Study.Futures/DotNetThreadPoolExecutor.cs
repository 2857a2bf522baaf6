using System.Collections.Concurrent;

namespace Study.Futures;

/// <summary>
/// The idiomatic .NET reference: calls run on the shared <see cref="ThreadPool"/>, at most
/// <see cref="MaxWorkers"/> at a time. Queued work is drained by up to <see cref="MaxWorkers"/> runners, each one
/// <see cref="ThreadPool.UnsafeQueueUserWorkItem(IThreadPoolWorkItem, bool)"/> item that runs calls until the queue
/// is empty, so a burst of submits costs one thread-pool dispatch per runner rather than one per call.
/// </summary>
public sealed class DotNetThreadPoolExecutor : Executor
{
    private readonly ConcurrentQueue<IWorkItem> _queue = new();
    private readonly Runner _runner;
    private readonly object _gate = new();
    private int _runners;
    private int _outstanding;
    private volatile bool _shutdown;

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

    /// <inheritdoc />
    public override void Shutdown(bool wait = true, bool cancelFutures = false)
    {
        _shutdown = true;
        if (cancelFutures)
        {
            foreach (var item in _queue)
            {
                item.Future.Cancel();
            }
        }

        if (wait)
        {
            lock (_gate)
            {
                while (Volatile.Read(ref _outstanding) > 0)
                {
                    Monitor.Wait(_gate, 50);
                }
            }
        }
    }

    private protected override Future<TResult> Schedule<TResult>(WorkItem<TResult> item)
    {
        if (_shutdown)
        {
            throw new InvalidOperationException(ShutdownMessage);
        }

        Interlocked.Increment(ref _outstanding);
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
        while (_queue.TryDequeue(out var item))
        {
            item.Run();
            if (Interlocked.Decrement(ref _outstanding) == 0 && _shutdown)
            {
                lock (_gate)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }

        Interlocked.Decrement(ref _runners);

        // A submit may have enqueued after the queue looked empty and seen every runner busy.
        if (!_queue.IsEmpty)
        {
            TryStartRunner();
        }
    }

    private sealed class Runner(DotNetThreadPoolExecutor executor) : IThreadPoolWorkItem
    {
        public void Execute() => executor.Drain();
    }
}
