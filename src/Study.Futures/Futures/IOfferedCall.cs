namespace Study.Futures;

/// <summary>
/// A call a process pool has sent ahead to a worker, which the worker claims just before it starts it. Until then its
/// future is pending, so a cancel must withdraw it first; whichever of the two comes first wins.
/// </summary>
internal interface IOfferedCall
{
    /// <summary>Whether the worker has claimed the call: it is running.</summary>
    bool IsClaimed { get; }

    /// <summary>Takes the call back unless the worker has claimed it; true if withdrawn (it will never run there).</summary>
    bool TryWithdraw();

    /// <summary>Tells the pool that a cancel withdrew the call; called outside the future's lock.</summary>
    void OnCancelled();
}

/// <summary>What <see cref="Future.TakeBack"/> found.</summary>
internal enum OfferOutcome
{
    /// <summary>Withdrawn: pending again, never to run on that worker.</summary>
    Withdrawn,

    /// <summary>The worker had claimed it: it is running.</summary>
    Started,

    /// <summary>A cancel had withdrawn it already.</summary>
    Cancelled,
}
