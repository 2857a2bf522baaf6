// Over 400 lines on purpose: this is the future's state machine (pending, running, finished, cancelled), every
// transition and the one lock they share, kept together so that its invariants are read in one place; the waits
// built on it are in Future.Wait.cs.
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Study.Futures;

/// <summary>
/// The result of an asynchronous call, with the semantics of CPython's <c>concurrent.futures.Future</c>:
/// pending, then running, then finished with a result or an exception; or cancelled while still pending.
/// This untyped base is what <see cref="Wait"/> and <see cref="AsCompleted{TFuture}"/> work on;
/// <see cref="Future{T}"/> adds the typed result.
/// </summary>
/// <remarks>
/// As in CPython, a cancelled future only counts as done for <see cref="Wait"/> and <see cref="AsCompleted{TFuture}"/>
/// once an executor has seen the cancellation (<see cref="SetRunningOrNotifyCancel"/>).
/// The future locks on itself; do not lock on it from outside.
/// </remarks>
public abstract partial class Future
{
    /// <summary>The default <see cref="SpinBudget"/>: 100 µs, about two pipe round trips on the study's machine.</summary>
    internal static readonly TimeSpan DefaultSpinBudget = TimeSpan.FromMicroseconds(100);

    private static long s_spinBudgetTicks = (long)(DefaultSpinBudget.TotalSeconds * Stopwatch.Frequency);

    private static long s_lastId;

    private readonly long _id = Interlocked.Increment(ref s_lastId);
    private volatile FutureState _state;
    private Exception? _exception;
    private object? _callbacks;
    private List<Waiter>? _waiters;
    private int _blockedThreads;
    private volatile IOfferedCall? _offer;
    private bool _pinned; // under the lock: pinned by a cancelling shutdown, running from then on (Pin)

    private protected Future()
    {
    }

    /// <summary>
    /// How long a wait for a future spins, yielding its core, before it blocks. Zero blocks at once, as the pipe floor
    /// does: the benchmarks set it to measure round trips of the same kind as the floor. Process-wide, and internal: a
    /// knob for the study's measurements (Study.Benchmarks sees it), not part of the library's API.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The budget is negative.</exception>
    internal static TimeSpan SpinBudget
    {
        get => Stopwatch.GetElapsedTime(0, Volatile.Read(ref s_spinBudgetTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Volatile.Write(ref s_spinBudgetTicks, (long)(value.TotalSeconds * Stopwatch.Frequency));
        }
    }

    /// <summary>Whether the future was cancelled.</summary>
    public bool IsCancelled => _state is FutureState.Cancelled or FutureState.CancelledAndNotified;

    /// <summary>
    /// Whether the call is running (an executor has started it, or a process pool's worker has claimed it) and cannot be
    /// cancelled.
    /// </summary>
    public bool IsRunning => CurrentState == FutureState.Running;

    /// <summary>Whether the future was cancelled or finished.</summary>
    public bool IsDone => _state >= FutureState.Cancelled;

    private protected FutureState State => _state;

    /// <summary>
    /// For process pools: marks a call that has not started running, for good, as CPython marks the calls it has moved
    /// to its call queue when a shutdown cancels the rest: it can no longer be cancelled and will run. False if it was
    /// no longer pending (started, cancelled or finished).
    /// </summary>
    internal bool Pin()
    {
        lock (this)
        {
            if (_state != FutureState.Pending)
            {
                return false;
            }

            _state = FutureState.Running;
            _pinned = true;
            return true;
        }
    }

    /// <summary>The state, with a call sent ahead to a worker process counted as running once the worker has claimed it.</summary>
    private FutureState CurrentState =>
        _state == FutureState.Pending && _offer is { IsClaimed: true } ? FutureState.Running : _state;

    /// <summary>
    /// Cancels the future if it is still pending. Returns false if it is running or finished, true otherwise.
    /// Done callbacks run when it is cancelled.
    /// </summary>
    public bool Cancel()
    {
        IOfferedCall? withdrawn = null;
        lock (this)
        {
            switch (_state)
            {
                case FutureState.Running or FutureState.Finished:
                    return false;
                case FutureState.Cancelled or FutureState.CancelledAndNotified:
                    return true;
            }

            if (_offer is { } offer)
            {
                if (!Withdraw(offer))
                {
                    return false;
                }

                withdrawn = offer;
            }

            _state = FutureState.Cancelled;
            WakeBlockedThreads();
        }

        withdrawn?.OnCancelled();
        InvokeCallbacks();
        return true;
    }

    /// <summary>
    /// For executors: marks the future running and returns true, or, if it was cancelled, records that the
    /// cancellation was seen (waiters are told, once) and returns false, in which case the call must not run.
    /// </summary>
    /// <exception cref="InvalidOperationException">The future is already running or finished.</exception>
    public bool SetRunningOrNotifyCancel()
    {
        lock (this)
        {
            switch (_state)
            {
                case FutureState.Cancelled:
                    _state = FutureState.CancelledAndNotified;
                    if (_waiters is { } waiters)
                    {
                        foreach (var waiter in waiters)
                        {
                            waiter.AddCancelled(this);
                        }
                    }

                    return false;
                case FutureState.CancelledAndNotified:
                    return false;
                case FutureState.Pending:
                    _state = FutureState.Running;
                    return true;
                default:
                    throw new InvalidOperationException($"Future in unexpected state: {_state}.");
            }
        }
    }

    /// <summary>
    /// For process pools: records that the call is sent ahead to a worker as <paramref name="offer"/>, the future still
    /// pending; or, if it was cancelled, records that the cancellation was seen and returns false, as
    /// <see cref="SetRunningOrNotifyCancel"/> does.
    /// </summary>
    internal bool TryOffer(IOfferedCall offer)
    {
        lock (this)
        {
            if (_state == FutureState.Pending || (_pinned && _state == FutureState.Running))
            {
                _offer = offer;
                return true;
            }
        }

        return SetRunningOrNotifyCancel();
    }

    /// <summary>
    /// For process pools: takes back the call sent ahead as <paramref name="offer"/>: withdrawn (pending again, the pool's
    /// to send elsewhere), already started by the worker (now running), or withdrawn by a cancel (the pool drops it).
    /// </summary>
    internal OfferOutcome TakeBack(IOfferedCall offer)
    {
        lock (this)
        {
            if (_offer != offer)
            {
                return IsCancelled ? OfferOutcome.Cancelled : OfferOutcome.Started;
            }

            return Withdraw(offer) ? OfferOutcome.Withdrawn : OfferOutcome.Started;
        }
    }

    /// <summary>
    /// Takes the call sent ahead back from its worker: true if withdrawn (the future stays pending), false if the worker
    /// had claimed it (the future is now running). The caller holds the lock.
    /// </summary>
    private bool Withdraw(IOfferedCall offer)
    {
        _offer = null;
        if (offer.TryWithdraw())
        {
            return true;
        }

        _state = FutureState.Running;
        return false;
    }

    /// <summary>Finishes the future with <paramref name="exception"/>, which its result then rethrows.</summary>
    /// <exception cref="InvalidStateException">The future is already cancelled or finished.</exception>
    public void SetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        lock (this)
        {
            ThrowIfDone();
            _exception = exception;
            MarkFinished();
        }

        InvokeCallbacks();
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (forever if null) for the future to finish and returns the exception
    /// its call raised, or null if it returned normally.
    /// </summary>
    /// <exception cref="FutureCancelledException">The future was cancelled.</exception>
    /// <exception cref="TimeoutException">The future did not finish in time.</exception>
    public Exception? GetException(TimeSpan? timeout = null)
    {
        WaitUntilDone(timeout);
        return _state switch
        {
            FutureState.Finished => _exception,
            FutureState.Cancelled or FutureState.CancelledAndNotified => throw new FutureCancelledException(),
            _ => throw new TimeoutException(),
        };
    }

    /// <summary>
    /// Calls <paramref name="callback"/> with the future when it is cancelled or finishes, on the thread that does
    /// that; at once, on this thread, if it is done already. A callback's exception is traced and ignored.
    /// </summary>
    public void AddDoneCallback(Action<Future> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (this)
        {
            if (!IsDone)
            {
                _callbacks = _callbacks switch
                {
                    null => callback,
                    List<Action<Future>> list => Add(list, callback),
                    Action<Future> single => new List<Action<Future>> { single, callback },
                    _ => throw new UnreachableException(),
                };
                return;
            }
        }

        Invoke(callback);

        static List<Action<Future>> Add(List<Action<Future>> list, Action<Future> callback)
        {
            list.Add(callback);
            return list;
        }
    }

    /// <inheritdoc />
    public override string ToString() => _state switch
    {
        FutureState.Finished when _exception is not null => $"<Future #{_id} state=finished raised {_exception.GetType().Name}>",
        FutureState.Finished => $"<Future #{_id} state=finished>",
        _ => $"<Future #{_id} state={CurrentState.ToString().ToLowerInvariant()}>",
    };

    private protected void ThrowIfDone()
    {
        if (IsDone)
        {
            throw new InvalidStateException($"{_state}: {this}");
        }
    }

    /// <summary>Moves to finished and tells waiters; the caller holds the lock and has stored the outcome.</summary>
    private protected void MarkFinished()
    {
        _state = FutureState.Finished;
        _offer = null;
        if (_waiters is { } waiters)
        {
            foreach (var waiter in waiters)
            {
                if (_exception is null)
                {
                    waiter.AddResult(this);
                }
                else
                {
                    waiter.AddException(this);
                }
            }
        }

        WakeBlockedThreads();
    }

    /// <summary>Rethrows the call's exception with its original stack trace, or the cancellation.</summary>
    private protected void ThrowIfFailedOrCancelled()
    {
        if (_state != FutureState.Finished)
        {
            throw IsCancelled ? new FutureCancelledException() : new TimeoutException();
        }

        if (_exception is not null)
        {
            ExceptionDispatchInfo.Throw(_exception);
        }
    }

    /// <summary>
    /// Returns once the future is done or <paramref name="timeout"/> has passed. Spins first, yielding the core, for
    /// up to <see cref="SpinBudget"/>: a result from another thread or process often arrives within tens of
    /// microseconds, and waking a blocked thread costs about as much again (a third wake-up on top of the pipe's two).
    /// </summary>
    private protected void WaitUntilDone(TimeSpan? timeout)
    {
        if (IsDone)
        {
            return;
        }

        // A blocking wait releases the GIL, as every blocking call in CPython does: a GIL-model task that waits for
        // another task of its pool must let that one run.
        using var allowing = GlobalInterpreterLock.AllowThreads();
        long deadline = Deadline.From(timeout);
        long spinUntil = Math.Min(deadline, Stopwatch.GetTimestamp() + Volatile.Read(ref s_spinBudgetTicks));
        var spinner = default(SpinWait);
        while (Stopwatch.GetTimestamp() < spinUntil)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            if (IsDone)
            {
                return;
            }
        }

        lock (this)
        {
            while (!IsDone)
            {
                int wait = Deadline.RemainingMilliseconds(deadline);
                if (wait == 0)
                {
                    return;
                }

                _blockedThreads++;
                try
                {
                    Monitor.Wait(this, wait);
                }
                finally
                {
                    _blockedThreads--;
                }
            }
        }
    }

    private void WakeBlockedThreads()
    {
        // Pulsing a monitor nobody waits on still inflates it to a sync block; skip it in the common case.
        if (_blockedThreads > 0)
        {
            Monitor.PulseAll(this);
        }
    }

    private protected void InvokeCallbacks()
    {
        switch (_callbacks)
        {
            case Action<Future> single:
                Invoke(single);
                break;
            case List<Action<Future>> list:
                foreach (var callback in list)
                {
                    Invoke(callback);
                }

                break;
        }
    }

    private void Invoke(Action<Future> callback)
    {
        try
        {
            callback(this);
        }
#pragma warning disable CA1031 // CPython logs and swallows a callback's exception so one bad callback cannot stop the others.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Trace.TraceError($"exception calling callback for {this}: {e}");
        }
    }
}
