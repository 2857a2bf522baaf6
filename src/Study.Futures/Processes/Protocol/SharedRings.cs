namespace Study.Futures.Protocol;

/// <summary>
/// The shared-memory transport of <see cref="WorkerProtocol"/>: one file both processes map, holding a byte ring per
/// direction, each read and written as a <see cref="Stream"/>, so the frames are those of the pipes, byte for byte.
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> <c>u32 magic | u32 ring capacity</c> at 0; the control block of the ring to
/// the worker at 128 and of the ring to the parent at 384; their bytes at 4096 and 4096 + capacity. A control block is
/// <c>i64 tail</c> (bytes ever written, by the producer) at 0, <c>i64 head</c> (bytes ever read, by the consumer) at 64,
/// then at 128 the 32-bit words <c>data event | consumer waiting | space event | producer waiting | closed</c>.</para>
/// <para><b>Flow.</b> The producer copies what fits at <c>tail mod capacity</c>, then publishes the new tail; the
/// consumer copies out up to the tail and publishes the new head. A value larger than the ring goes in parts, each as
/// soon as the consumer has made room: back-pressure, never a deadlock, since each side's reader drains its ring
/// whatever its writer is doing.</para>
/// <para><b>Wake-up only when the other side sleeps.</b> A consumer that finds the ring empty reads the data event, raises
/// its waiting word, checks the ring once more and sleeps on the event (<see cref="AddressWait"/>: a futex on Linux). A
/// producer publishes, then (after a full fence) looks at the waiting word: only if it is raised does it lower it, bump
/// the event and wake it. Fences on both sides make it Dekker's: either the consumer sees the data or the producer
/// sees the sleeper. A producer with no room does the same on the space event.</para>
/// <para><b>No spinning.</b> The waits sleep at once. The pool's caller already spins on its future; a second spinner in
/// the parent or the worker takes a core from the thread a wake-up has to run, and on two cores that made the round trip
/// slower, not faster, in every variant tried (the worker or the parent's reader spinning 5–100 µs before sleeping).</para>
/// <para><b>Ends.</b> A producer that is done sets closed and wakes the consumer, which reads what is left and then the
/// end of the stream. A process that dies tells nothing through the rings, so each side watches the pipe the other
/// holds open (<see cref="WatchPeer"/>): at its end the rings are <em>abandoned</em>, and this side's reads return what
/// is left and then the end, and its writes fail with <see cref="IOException"/>, as a broken pipe's do.</para>
/// </remarks>
internal sealed unsafe class SharedRings : IDisposable
{
    /// <summary>Bytes per ring: 1 MiB, so that a megabyte value goes in two parts at most.</summary>
    public const int Capacity = 1 << 20;

    private const uint Magic = 0x474E5253; // "SRNG"
    private const int DataOffset = 4096;
    private const long FileBytes = DataOffset + 2L * Capacity;
    private const int WaitMilliseconds = 100; // a bound on every sleep: a lost wake-up would cost this, never a hang

    private readonly SharedMapping _mapping;
    private readonly byte* _base;
    private readonly object _life = new();
    private volatile bool _abandoned;
    private bool _disposed; // life

    private SharedRings(string path, FileStream file, bool parent)
    {
        Path = path;
        _mapping = new SharedMapping(file, FileBytes, "rings file");
        _base = _mapping.Pointer;
        if (parent)
        {
            *(uint*)(_base + 4) = Capacity;
            Volatile.Write(ref *(uint*)_base, Magic);
        }
        else if (Volatile.Read(ref *(uint*)_base) != Magic || *(uint*)(_base + 4) != Capacity)
        {
            Dispose();
            throw new InvalidDataException($"The rings file {path} was not made by this version of the pool.");
        }

        var toWorker = new Ring(_base + 128, _base + DataOffset);
        var toParent = new Ring(_base + 384, _base + DataOffset + Capacity);
        Input = new RingReader(this, parent ? toParent : toWorker);
        Output = new RingWriter(this, parent ? toWorker : toParent);
    }

    /// <summary>Where the file lives, until its name is deleted.</summary>
    public string Path { get; }

    /// <summary>What this side reads: the worker's frames for the parent, the parent's for the worker.</summary>
    public Stream Input { get; }

    /// <summary>What this side writes; disposing it closes the ring (the other side reads to the end).</summary>
    public Stream Output { get; }

    /// <summary>Whether the other side is gone (<see cref="Abandon"/>).</summary>
    public bool IsAbandoned => _abandoned;

    /// <summary>The parent: new rings for a worker about to start.</summary>
    public static SharedRings Create()
    {
        var file = SharedFiles.Create("rings", FileBytes, out string path);
        try
        {
            return new SharedRings(path, file, parent: true);
        }
        catch
        {
            SharedFiles.Unlink(path);
            throw;
        }
    }

    /// <summary>The worker: maps the rings its parent made.</summary>
    public static SharedRings Open(string path) => new(path, SharedFiles.Open(path), parent: false);

    /// <summary>Deletes the file's name; the mappings stay valid until disposed.</summary>
    public void Unlink() => SharedFiles.Unlink(Path);

    /// <summary>
    /// Starts a thread that reads <paramref name="pipe"/>, which the other process holds open and never writes, to its
    /// end: then the other process is gone (or has closed it), and the rings are abandoned.
    /// </summary>
    public void WatchPeer(Stream pipe)
    {
        var watcher = new Thread(() =>
        {
            var buffer = new byte[256];
            try
            {
                while (pipe.Read(buffer) > 0)
                {
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
            }

            Abandon();
        })
        {
            IsBackground = true,
            Name = "rings peer watch",
        };
        watcher.Start();
    }

    /// <summary>The other side is gone: wakes every wait of this process on the rings, which then end or fail.</summary>
    public void Abandon()
    {
        lock (_life)
        {
            _abandoned = true;
            if (!_disposed)
            {
                foreach (int offset in (ReadOnlySpan<int>)[128, 384])
                {
                    var ring = new Ring(_base + offset, null);
                    Ring.Bump(ring.DataEvent);
                    Ring.Bump(ring.SpaceEvent);
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_life)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _abandoned = true;
        }

        _mapping.Dispose();
    }

    /// <summary>One direction's control words and bytes.</summary>
    private readonly struct Ring(byte* control, byte* data)
    {
        public long* Tail => (long*)control;

        public long* Head => (long*)(control + 64);

        public int* DataEvent => (int*)(control + 128);

        public int* ConsumerWaiting => (int*)(control + 132);

        public int* SpaceEvent => (int*)(control + 136);

        public int* ProducerWaiting => (int*)(control + 140);

        public int* Closed => (int*)(control + 144);

        public byte* Data => data;

        /// <summary>Wakes the other side if it sleeps on <paramref name="event"/> behind <paramref name="waiting"/>.</summary>
        public static void WakeIfWaiting(int* waiting, int* @event)
        {
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref *waiting) != 0)
            {
                Volatile.Write(ref *waiting, 0);
                Bump(@event);
            }
        }

        public static void Bump(int* @event)
        {
            Interlocked.Increment(ref *@event);
            AddressWait.WakeAll(@event);
        }

        /// <summary>Whether bytes past <paramref name="head"/> have been published.</summary>
        public bool HasData(long head) => Volatile.Read(ref *Tail) != head;

        /// <summary>Whether the producer at <paramref name="tail"/> has room.</summary>
        public bool HasSpace(long tail) => tail - Volatile.Read(ref *Head) < Capacity;

        /// <summary>
        /// The consumer (<paramref name="forData"/>) waits for data past <paramref name="mark"/>, the producer for room at
        /// it, asleep on its event with its waiting word raised, until it comes, the ring is closed (the consumer only)
        /// or the rings are abandoned. Returns whether it came.
        /// </summary>
        public bool Await(SharedRings rings, bool forData, long mark)
        {
            int* waiting = forData ? ConsumerWaiting : ProducerWaiting;
            int* @event = forData ? DataEvent : SpaceEvent;
            while (true)
            {
                int seen = Volatile.Read(ref *@event);
                Interlocked.Exchange(ref *waiting, 1);
                bool ended = rings._abandoned || (forData && Volatile.Read(ref *Closed) != 0);
                if (forData ? HasData(mark) : HasSpace(mark))
                {
                    Volatile.Write(ref *waiting, 0);
                    return true;
                }

                if (ended)
                {
                    Volatile.Write(ref *waiting, 0);
                    return false;
                }

                AddressWait.Wait(@event, seen, WaitMilliseconds);
            }
        }
    }

    /// <summary>The consumer's end of a ring.</summary>
    private sealed class RingReader(SharedRings rings, Ring ring) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }

            long head = *ring.Head;
            if (!ring.HasData(head) && !ring.Await(rings, forData: true, head))
            {
                return 0;
            }

            long tail = Volatile.Read(ref *ring.Tail);
            int count = (int)Math.Min(tail - head, buffer.Length);
            int at = (int)(head % Capacity);
            int first = Math.Min(count, Capacity - at);
            new ReadOnlySpan<byte>(ring.Data + at, first).CopyTo(buffer);
            new ReadOnlySpan<byte>(ring.Data, count - first).CopyTo(buffer[first..]);
            Volatile.Write(ref *ring.Head, head + count);
            Ring.WakeIfWaiting(ring.ProducerWaiting, ring.SpaceEvent);
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>The producer's end of a ring.</summary>
    private sealed class RingWriter(SharedRings rings, Ring ring) : Stream
    {
        private bool _closed;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            while (!buffer.IsEmpty)
            {
                long tail = *ring.Tail;
                if (rings._abandoned)
                {
                    throw new IOException("The other process of the rings is gone.");
                }

                if (!ring.HasSpace(tail))
                {
                    _ = ring.Await(rings, forData: false, tail);
                    continue;
                }

                int count = (int)Math.Min(Capacity - (tail - Volatile.Read(ref *ring.Head)), buffer.Length);
                int at = (int)(tail % Capacity);
                int first = Math.Min(count, Capacity - at);
                buffer[..first].CopyTo(new Span<byte>(ring.Data + at, first));
                buffer[first..count].CopyTo(new Span<byte>(ring.Data, count - first));
                Volatile.Write(ref *ring.Tail, tail + count);
                Ring.WakeIfWaiting(ring.ConsumerWaiting, ring.DataEvent);
                buffer = buffer[count..];
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        /// <summary>Closes the ring: the consumer reads what is left, then the end.</summary>
        protected override void Dispose(bool disposing)
        {
            if (!_closed)
            {
                _closed = true;
                lock (rings._life)
                {
                    if (!rings._disposed)
                    {
                        Volatile.Write(ref *ring.Closed, 1);
                        Ring.Bump(ring.DataEvent);
                    }
                }
            }

            base.Dispose(disposing);
        }
    }
}
