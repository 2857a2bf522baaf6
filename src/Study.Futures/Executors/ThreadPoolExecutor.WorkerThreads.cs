using System.Collections.Concurrent;

namespace Study.Futures;

public partial class ThreadPoolExecutor
{
    /// <summary>The queue and the threads: what the threads hold, instead of the executor.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore's wait handle is never created, so it holds nothing to dispose; exiting threads may still be inside Wait.")]
    private sealed class WorkerThreads(int maxWorkers, Action? initializer, string prefix, WorkerBehaviour behaviour) : IExitJoinable
    {
        private const string BrokenMessage = "A thread initializer failed, the thread pool is not usable anymore";

        private readonly ConcurrentQueue<IWorkItem?> _queue = new();
        private readonly SemaphoreSlim _wake = new(0);
        private readonly List<Thread> _threads = []; // shutdown lock
        private readonly Lock _shutdownLock = new();
        private int _idle;
        private int _sleepers;
        private int _running; // threads started and not exited
        private volatile int _threadCount;
        private volatile string? _broken;
        private volatile bool _shutdown;
        private bool _registered; // shutdown lock

        public int MaxWorkers { get; } = maxWorkers;

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

        public void Schedule(IWorkItem item)
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

                if (ExitJoin.IsExiting || (!_registered && !(_registered = ExitJoin.Register(this))))
                {
                    throw new InvalidOperationException(ExitMessage);
                }

                Enqueue(item);
                AdjustThreadCount();
            }
        }

        public void Shutdown(bool wait, bool cancelFutures)
        {
            Thread[] threads;
            List<IWorkItem> cancelled = [];
            lock (_shutdownLock)
            {
                _shutdown = true;
                if (cancelFutures)
                {
                    while (_queue.TryDequeue(out var item))
                    {
                        if (item is not null)
                        {
                            cancelled.Add(item);
                        }
                    }
                }

                Enqueue(null);
                threads = [.. _threads];
                UnregisterIfFinished();
            }

            // Outside the lock: cancelling runs the futures' callbacks. The executor will never run these calls, so
            // it tells their waiters at once, as it would on taking a cancelled call from the queue.
            foreach (var item in cancelled)
            {
                item.Future.Cancel();
                item.Future.SetRunningOrNotifyCancel();
            }

            if (wait)
            {
                using (GlobalInterpreterLock.AllowThreads())
                {
                    foreach (var thread in threads.Where(t => t != Thread.CurrentThread))
                    {
                        thread.Join();
                    }
                }
            }
        }

        public void JoinAtExit() => Shutdown(wait: true, cancelFutures: false);

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
                    Name = $"{prefix}_{_threads.Count}",
                };
                _running++;
                Tracing.FuturesEventSource.Log.Emit(Tracing.TimelineEventKind.WorkerStarting, thread.ManagedThreadId, 0, _threads.Count);
                thread.Start();
                _threads.Add(thread);
                _threadCount = _threads.Count;
            }
        }

        private void Work()
        {
            try
            {
                behaviour.OnStarted();
                if (initializer is not null)
                {
                    try
                    {
                        behaviour.Initialize(initializer);
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

                Tracing.FuturesEventSource.Log.Emit(Tracing.TimelineEventKind.WorkerReady, Environment.CurrentManagedThreadId);
                RunUntilShutdown();
            }
            finally
            {
                Tracing.FuturesEventSource.Log.Emit(Tracing.TimelineEventKind.WorkerExited, Environment.CurrentManagedThreadId);
                lock (_shutdownLock)
                {
                    _running--;
                    UnregisterIfFinished();
                }
            }
        }

        private void RunUntilShutdown()
        {
            while (RunNext())
            {
            }
        }

        /// <summary>
        /// Takes and runs one call; false on shutdown. A frame of its own per call, so that an idle thread holds no
        /// reference to its last call, whatever the JIT keeps in a frame (CPython's worker deletes its work item).
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private bool RunNext()
        {
            var item = Take();
            if (item is not null)
            {
                behaviour.Run(item);
                if (_threadCount < MaxWorkers)
                {
                    Interlocked.Increment(ref _idle);
                }

                return true;
            }

            if (_shutdown)
            {
                // Pass the wake-up on to the next worker.
                Enqueue(null);
                return false;
            }

            return true;
        }

        private void InitializerFailed()
        {
            List<IWorkItem> orphaned = [];
            lock (_shutdownLock)
            {
                _broken = BrokenMessage;
                while (_queue.TryDequeue(out var item))
                {
                    if (item is not null)
                    {
                        orphaned.Add(item);
                    }
                }

                if (_shutdown)
                {
                    // The drain took the shutdown sentinel too; the other workers still need it to exit.
                    Enqueue(null);
                }
            }

            foreach (var item in orphaned)
            {
                item.Fail(new BrokenThreadPoolException(BrokenMessage));
            }
        }

        /// <summary>Leaves <see cref="ExitJoin"/> once shut down with every thread gone. Shutdown lock.</summary>
        private void UnregisterIfFinished()
        {
            if (_registered && (_shutdown || _broken is not null) && _running == 0)
            {
                _registered = false;
                ExitJoin.Unregister(this);
            }
        }
    }
}
