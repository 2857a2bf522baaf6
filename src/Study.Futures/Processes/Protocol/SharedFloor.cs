namespace Study.Futures.Protocol;

/// <summary>
/// The floor under the shared-memory transport: two processes pass one word back and forth through a mapped file, with
/// the wake-up of <see cref="SharedRings"/> (a waiting word, and <see cref="AddressWait"/> only when the other side
/// sleeps), or spinning without ever sleeping. The parent writes an odd turn, the worker (<c>Study.Worker --floor</c>)
/// answers with the next even one; a turn of -1 stops it.
/// </summary>
internal sealed unsafe class SharedFloor : IDisposable
{
    /// <summary>The worker's mode argument: sleep at once on the word.</summary>
    public const string Block = "block";

    /// <summary>The worker's mode argument: spin on the word, never sleeping.</summary>
    public const string Spin = "spin";

    private const int Bytes = 4096;
    private const int StopTurn = -1;

    private readonly SharedMapping _mapping;
    private readonly int* _turn;
    private readonly int* _parentWaiting;
    private readonly int* _workerWaiting;
    private readonly bool _spin;

    private SharedFloor(string path, FileStream file, bool spin)
    {
        Path = path;
        _spin = spin;
        _mapping = new SharedMapping(file, Bytes, "floor's file");
        byte* start = _mapping.Pointer;
        _turn = (int*)start;
        _parentWaiting = (int*)(start + 64);
        _workerWaiting = (int*)(start + 128);
    }

    /// <summary>The file to pass to the worker.</summary>
    public string Path { get; }

    /// <summary>The parent: a new word, at turn 0.</summary>
    public static SharedFloor Create(bool spin)
    {
        var file = SharedFiles.Create("floor", Bytes, out string path);
        return new SharedFloor(path, file, spin);
    }

    /// <summary>The worker: answers every odd turn until the stop; returns the exit code.</summary>
    public static int Serve(string path, string mode)
    {
        if (mode is not (Block or Spin))
        {
            Console.Error.WriteLine($"Study.Worker: the floor's mode is {Block} or {Spin}, not {mode}.");
            return 2;
        }

        using var floor = new SharedFloor(path, SharedFiles.Open(path), mode == Spin);
        floor.Unlink();
        int turn = 0;
        while (true)
        {
            turn = floor.AwaitChange(turn, floor._workerWaiting);
            if (turn == StopTurn)
            {
                return 0;
            }

            turn++;
            floor.Hand(turn, floor._parentWaiting);
        }
    }

    /// <summary>The parent: one round trip. Returns the turn the worker answered.</summary>
    public int PingPong()
    {
        int turn = Volatile.Read(ref *_turn) + 1;
        Hand(turn, _workerWaiting);
        return AwaitChange(turn, _parentWaiting);
    }

    /// <summary>The parent: tells the worker to exit.</summary>
    public void Stop() => Hand(StopTurn, _workerWaiting);

    /// <summary>Deletes the file's name; the mappings stay valid until disposed.</summary>
    public void Unlink() => SharedFiles.Unlink(Path);

    public void Dispose() => _mapping.Dispose();

    private void Hand(int turn, int* otherWaiting)
    {
        Volatile.Write(ref *_turn, turn);
        Interlocked.MemoryBarrier();
        if (!_spin && Volatile.Read(ref *otherWaiting) != 0)
        {
            Volatile.Write(ref *otherWaiting, 0);
            AddressWait.WakeAll(_turn);
        }
    }

    private int AwaitChange(int seen, int* waiting)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            int turn = Volatile.Read(ref *_turn);
            if (turn != seen)
            {
                return turn;
            }

            if (_spin)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            Interlocked.Exchange(ref *waiting, 1);
            if (Volatile.Read(ref *_turn) == seen)
            {
                AddressWait.Wait(_turn, seen, 100);
            }
        }
    }
}
