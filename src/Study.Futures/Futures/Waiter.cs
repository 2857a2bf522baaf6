namespace Study.Futures;

/// <summary>
/// What <see cref="Future.Wait"/> and <see cref="Future.AsCompleted{TFuture}"/> install on the futures they watch:
/// CPython's <c>_Waiter</c> family. A future calls it under its own lock as it finishes or its cancellation is seen.
/// </summary>
internal abstract class Waiter : IDisposable
{
    private readonly ManualResetEventSlim _event = new();

    protected object Gate { get; } = new();

    protected List<Future> Finished { get; private set; } = [];

    public static Waiter Create(ReturnWhen returnWhen, int pendingCount) => returnWhen switch
    {
        ReturnWhen.FirstCompleted => new FirstCompleted(),
        ReturnWhen.FirstException => new AllCompleted(pendingCount, stopOnException: true),
        ReturnWhen.AllCompleted => new AllCompleted(pendingCount, stopOnException: false),
        _ => throw new ArgumentOutOfRangeException(nameof(returnWhen), returnWhen, "Unknown return condition."),
    };

    public static Waiter CreateAsCompleted() => new FirstCompleted();

    public virtual void AddResult(Future future) => Record(future);

    public virtual void AddException(Future future) => Record(future);

    public virtual void AddCancelled(Future future) => Record(future);

    /// <summary>Waits for the event, without the GIL (as CPython's waits); returns false on timeout.</summary>
    public bool Wait(long deadline)
    {
        using (GlobalInterpreterLock.AllowThreads())
        {
            return _event.Wait(Deadline.RemainingMilliseconds(deadline));
        }
    }

    /// <summary>Takes the futures recorded so far, in the order they finished, and resets the event.</summary>
    public List<Future> TakeFinished()
    {
        lock (Gate)
        {
            var finished = Finished;
            Finished = [];
            _event.Reset();
            return finished;
        }
    }

    public void Dispose() => _event.Dispose();

    protected void Signal() => _event.Set();

    private void Record(Future future)
    {
        lock (Gate)
        {
            Finished.Add(future);
        }
    }

    /// <summary>Wakes on every future that finishes: for FIRST_COMPLETED and as-completed.</summary>
    private sealed class FirstCompleted : Waiter
    {
        public override void AddResult(Future future)
        {
            base.AddResult(future);
            Signal();
        }

        public override void AddException(Future future)
        {
            base.AddException(future);
            Signal();
        }

        public override void AddCancelled(Future future)
        {
            base.AddCancelled(future);
            Signal();
        }
    }

    /// <summary>Wakes when every pending future is done, or, with stopOnException, at the first exception.</summary>
    private sealed class AllCompleted(int pendingCount, bool stopOnException) : Waiter
    {
        private int _pending = pendingCount;

        public override void AddResult(Future future)
        {
            base.AddResult(future);
            DecrementPending();
        }

        public override void AddException(Future future)
        {
            base.AddException(future);
            if (stopOnException)
            {
                Signal();
            }
            else
            {
                DecrementPending();
            }
        }

        public override void AddCancelled(Future future)
        {
            base.AddCancelled(future);
            DecrementPending();
        }

        private void DecrementPending()
        {
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                Signal();
            }
        }
    }
}
