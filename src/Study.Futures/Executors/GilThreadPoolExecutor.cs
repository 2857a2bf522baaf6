using Study.Kernel;

namespace Study.Futures;

/// <summary>
/// A <see cref="ThreadPoolExecutor"/> that behaves like CPython's: every worker must hold one
/// <see cref="GlobalInterpreterLock"/> to run a call, and so must the thread that submits. CPU-bound kernel calls
/// therefore take turns, one switch interval at a time, and the pool is no faster than one thread, as in the article.
/// </summary>
/// <remarks>
/// Every blocking wait of this library (a future's result, wait, as-completed, shutdown) releases the lock, as CPython
/// releases the GIL while it blocks, so a call may wait for another call of the same pool. The kernel hands the lock
/// over between blocks of iterations through its checkpoint, which this pool installs on its worker threads.
/// </remarks>
public sealed class GilThreadPoolExecutor : ThreadPoolExecutor
{
    /// <summary>Creates a pool of at most <paramref name="maxWorkers"/> threads that share <paramref name="gil"/>.</summary>
    /// <param name="maxWorkers">At most this many threads; null is CPython's default, min(32, cores + 4).</param>
    /// <param name="gil">The lock to share; null creates one with CPython's 5 ms switch interval.</param>
    /// <param name="initializer">Runs first on every worker thread, holding the lock.</param>
    public GilThreadPoolExecutor(int? maxWorkers = null, GlobalInterpreterLock? gil = null, Action? initializer = null)
        : this(gil ?? new GlobalInterpreterLock(), maxWorkers, initializer)
    {
    }

    private GilThreadPoolExecutor(GlobalInterpreterLock gil, int? maxWorkers, Action? initializer)
        : base(maxWorkers, initializer, threadNamePrefix: null, new GilBehaviour(gil))
    {
        Gil = gil;
    }

    /// <summary>The interpreter lock the workers share.</summary>
    public GlobalInterpreterLock Gil { get; }

    private protected override Future<TResult> Schedule<TResult>(WorkItem<TResult> item)
    {
        using (Gil.Enter())
        {
            return base.Schedule(item);
        }
    }

    private sealed class GilBehaviour(GlobalInterpreterLock gil) : WorkerBehaviour
    {
        public override void OnStarted()
        {
            SumKernel.SetCheckpoint(gil);
            gil.BindToCurrentThread();
        }

        public override void Run(IWorkItem item)
        {
            gil.Acquire();
            try
            {
                item.Run();
            }
            finally
            {
                gil.Release();
            }
        }

        public override void Initialize(Action initializer)
        {
            using (gil.Enter())
            {
                initializer();
            }
        }
    }
}
