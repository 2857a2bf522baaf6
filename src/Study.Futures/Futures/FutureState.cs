namespace Study.Futures;

/// <summary>The states of CPython's <c>_base.Future</c>, in the same order.</summary>
internal enum FutureState
{
    Pending,
    Running,
    Cancelled,
    CancelledAndNotified,
    Finished,
}
