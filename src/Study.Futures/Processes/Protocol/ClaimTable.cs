namespace Study.Futures.Protocol;

/// <summary>
/// The claim words of one worker, in a small file both processes map: one 64-bit word per slot, a slot per call sent
/// ahead and not yet answered. Whoever changes a call's word first decides whether the call runs.
/// </summary>
/// <remarks>
/// <para>The parent writes a call's id into a free slot before it sends the call (<see cref="Offer"/>); the frame names
/// the slot. Before it starts the call, the worker swaps id → id | claimed (<see cref="TryClaim"/>). To take a call
/// back (a cancel, a shutdown that cancels, a call moved to an idle worker), the parent swaps id → 0
/// (<see cref="TryWithdraw"/>). Both are compare-and-swap on the same word, so exactly one wins: a withdrawn call never
/// runs, and a call that fails to be withdrawn has started. Call ids are never reused, so a frame still in the pipe for a
/// call withdrawn from a slot the parent has since given to another call finds a different id there and is skipped.</para>
/// <para>A file, not a named map: .NET names maps only on Windows. It is one of the <see cref="SharedFiles"/> (owner-only,
/// in <c>/dev/shm</c> on Linux), and its name is deleted once the worker has mapped it.</para>
/// </remarks>
internal sealed unsafe class ClaimTable : IDisposable
{
    /// <summary>Slots per worker: twice the pool's send-ahead depth, so a slot whose withdrawal is still being told is no shortage.</summary>
    public const int Slots = 128;

    private const long Claimed = 1L << 62;
    private const int Bytes = Slots * sizeof(long);

    private readonly SharedMapping _mapping;
    private readonly long* _words;
    private int _disposed;

    // The words as they stood when the table closed (its worker gone): what a withdrawal or a question about a call
    // answers from then on. Null while open.
    private long[]? _final;

    private ClaimTable(string path, FileStream file)
    {
        Path = path;
        _mapping = new SharedMapping(file, Bytes, "claim table");
        _words = (long*)_mapping.Pointer;
    }

    /// <summary>Where the table lives, until the parent deletes the name.</summary>
    public string Path { get; }

    /// <summary>The parent: creates an empty table for a worker about to start (owner-only, see <see cref="SharedFiles"/>).</summary>
    public static ClaimTable Create()
    {
        var file = SharedFiles.Create("claims", Bytes, out string path);
        try
        {
            return new ClaimTable(path, file);
        }
        catch
        {
            SharedFiles.Unlink(path);
            throw;
        }
    }

    /// <summary>The worker: maps the table its parent created.</summary>
    public static ClaimTable Open(string path) => new(path, SharedFiles.Open(path));

    /// <summary>
    /// The parent: the call <paramref name="callId"/> (positive, below 2⁶²) is about to be sent in <paramref name="slot"/>.
    /// The pool offers only to a live worker, whose table is open: no guard.
    /// </summary>
    /// <remarks>Call ids start at 1: 0 is the empty slot's word, and an offer of 0 could neither be withdrawn nor refused.</remarks>
    public void Offer(int slot, long callId)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(callId);
        Volatile.Write(ref Word(slot), callId);
    }

    /// <summary>The worker: true if the call is still offered, and now claimed; false if the parent withdrew it.</summary>
    public bool TryClaim(int slot, long callId)
    {
        if (!Enter())
        {
            return false;
        }

        bool claimed = Interlocked.CompareExchange(ref Word(slot), callId | Claimed, callId) == callId;
        Exit();
        return claimed;
    }

    /// <summary>
    /// The parent: true if the call was still offered, and now withdrawn; false if the worker claimed it. Once the table
    /// is closed (its worker gone), the answer comes from the words as they stood then: a call the worker had claimed
    /// before it died was started, and is not withdrawn. (Answering true there let a cancel succeed on a call that had
    /// already run in a worker killed right after.)
    /// </summary>
    public bool TryWithdraw(int slot, long callId)
    {
        if (!Enter())
        {
            var final = Volatile.Read(ref _final);
            return final is not null && Interlocked.CompareExchange(ref final[slot], 0, callId) == callId;
        }

        bool withdrawn = Interlocked.CompareExchange(ref Word(slot), 0, callId) == callId;
        Exit();
        return withdrawn;
    }

    /// <summary>The parent: whether the worker has claimed (started) the call; once the table is closed, whether it had.</summary>
    public bool IsClaimed(int slot, long callId)
    {
        if (!Enter())
        {
            return Volatile.Read(ref _final) is { } final && Volatile.Read(ref final[slot]) == (callId | Claimed);
        }

        bool claimed = Volatile.Read(ref Word(slot)) == (callId | Claimed);
        Exit();
        return claimed;
    }

    /// <summary>As <see cref="IsClaimed"/>, for a caller that knows the table is open (the pool, for a live worker): no guard.</summary>
    public bool IsClaimedWhileOpen(int slot, long callId) => Volatile.Read(ref Word(slot)) == (callId | Claimed);

    /// <summary>Deletes the table's name; the mappings stay valid until disposed.</summary>
    public void Unlink() => SharedFiles.Unlink(Path);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var final = new long[Slots];
        for (int i = 0; i < Slots; i++)
        {
            final[i] = Volatile.Read(ref _words[i]);
        }

        Volatile.Write(ref _final, final);
        _mapping.Dispose();
    }

    /// <summary>
    /// Keeps the mapping alive for one access, or returns false if the table is closed: a future may ask about its call
    /// on any thread while the pool closes the table of a worker that has exited.
    /// </summary>
    private bool Enter()
    {
        bool entered = false;
        try
        {
            _mapping.Handle.DangerousAddRef(ref entered);
        }
        catch (ObjectDisposedException)
        {
        }

        return entered;
    }

    private void Exit() => _mapping.Handle.DangerousRelease();

    private ref long Word(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)Slots, nameof(slot));
        return ref _words[slot];
    }
}
