namespace Study.Futures;

/// <summary>When <see cref="Future.Wait"/> returns (Python's <c>FIRST_COMPLETED</c>, <c>FIRST_EXCEPTION</c>, <c>ALL_COMPLETED</c>).</summary>
public enum ReturnWhen
{
    /// <summary>When any future finishes or is cancelled.</summary>
    FirstCompleted,

    /// <summary>When any future finishes by raising an exception; if none does, when all are done.</summary>
    FirstException,

    /// <summary>When all futures finish or are cancelled.</summary>
    AllCompleted,
}

/// <summary>What <see cref="Future.Wait"/> returns: the futures that are done and those that are not.</summary>
/// <param name="Done">The futures that finished or were cancelled (and notified) before the wait returned.</param>
/// <param name="NotDone">The others.</param>
public sealed record DoneAndNotDone(IReadOnlySet<Future> Done, IReadOnlySet<Future> NotDone);
