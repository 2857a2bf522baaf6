using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Study.Futures.Protocol;

/// <summary>
/// The binary protocol between a <see cref="ProcessPoolExecutor"/> and its worker processes, over two pipes: the
/// worker's standard input (parent to worker) and standard output (worker to parent), which the worker moves to
/// private descriptors as it starts, so that what user code prints or reads never touches the protocol: its
/// standard output then goes to the inherited standard error, and its standard input is empty.
/// Everything is little-endian.
/// </summary>
/// <remarks>
/// <para><b>Frame.</b> <c>u32 length | u8 kind | payload</c>, where length counts the kind byte and the payload and is at
/// most <see cref="MaxFrameLength"/>. A frame of unknown kind, an oversized length or a payload that does not parse
/// is a protocol error: the worker exits with <see cref="ProtocolErrorExitCode"/>, the parent breaks the pool.</para>
/// <para><b>Strings</b> are <c>i32 byte count | UTF-8 bytes</c>.</para>
/// <para><b>Values</b> (arguments and results) are <c>u8 tag | data</c>, by <see cref="ValueTag"/>:
/// null; false; true; i32; i64; Int128 as <c>u64 low | u64 high</c>; f64; string; byte[] as <c>i32 count | bytes</c>;
/// long[] as <c>i32 count | i64 × count</c>. Nothing else crosses the pipe: a call whose parameter or return type is
/// not one of these is refused at submit.</para>
/// <para><b>Parent to worker.</b></para>
/// <list type="bullet">
/// <item><c>Define (1)</c>: <c>i32 function id | string assembly name | string assembly path | string type full name |
/// string method name | i32 parameter count | string parameter type full name × count | i32 method metadata token</c>.
/// Names a static method once, as pickle names a function by its qualified name; later frames use the id. The worker
/// tries the token first and keeps what it names only if the names match; otherwise it looks the method up by its
/// names. The JIT worker loads the assembly from its path if it does not have
/// it; the NativeAOT worker has only what was compiled into it.</item>
/// <item><c>Call (2)</c>: <c>i64 call id | i32 claim slot | i32 function id | i32 item count | values</c>: item count
/// calls of the function (more than one for a map chunk), each with its parameter count of values. The call runs only
/// if the worker can claim it in its <see cref="ClaimTable"/> slot; a call the parent withdrew is skipped without a
/// word.</item>
/// <item><c>Initialize (3)</c>: <c>i32 function id | values</c>: run once, before any call.</item>
/// </list>
/// <para>Closing the worker's standard input asks it to exit; it exits with 0 once it has answered every call.</para>
/// <para><b>Worker to parent.</b></para>
/// <list type="bullet">
/// <item><c>Hello (65)</c>: <c>u16 protocol version | i32 process id</c>, the worker's first frame. The parent refuses
/// a version other than <see cref="Version"/>.</item>
/// <item><c>Result (66)</c>: <c>i64 call id | i64 compute nanoseconds | i32 count | values</c>, one value per item.</item>
/// <item><c>Error (67)</c>: <c>i64 call id | i64 compute nanoseconds | string exception type | string message |
/// string full text</c>: the call (or one item of a chunk) threw, or the function could not be found.</item>
/// <item><c>InitializerFailed (68)</c>: <c>string exception type | string message | string full text</c>; the worker
/// then exits with <see cref="InitializerFailedExitCode"/>.</item>
/// </list>
/// <para>Results come back in the order the calls were sent, less the withdrawn ones: a worker runs its calls one at a
/// time, in order.</para>
/// <para>The worker's command line is <c>--parent &lt;pid&gt; --claims &lt;path&gt;</c>: the parent's process id, watched so
/// that no worker outlives it, and the file of its claim table, which it maps before its hello.</para>
/// </remarks>
internal static class WorkerProtocol
{
    /// <summary>Bumped on any change to the frames or values above.</summary>
    public const ushort Version = 3;

    /// <summary>64 MiB: a larger frame is refused as corrupt rather than allocated.</summary>
    public const int MaxFrameLength = 64 << 20;

    /// <summary>The worker's exit code after a malformed frame.</summary>
    public const int ProtocolErrorExitCode = 3;

    /// <summary>The worker's exit code after its initializer threw.</summary>
    public const int InitializerFailedExitCode = 4;

    /// <summary>The worker's exit code when its parent died.</summary>
    public const int OrphanedExitCode = 5;
}

/// <summary>The kind byte of a frame.</summary>
internal enum FrameKind : byte
{
    Define = 1,
    Call = 2,
    Initialize = 3,
    Hello = 65,
    Result = 66,
    Error = 67,
    InitializerFailed = 68,
}

/// <summary>The tag byte of a value.</summary>
internal enum ValueTag : byte
{
    Null = 0,
    False = 1,
    True = 2,
    Int32 = 3,
    Int64 = 4,
    Int128 = 5,
    Double = 6,
    String = 7,
    Bytes = 8,
    Int64Array = 9,
}

/// <summary>Which .NET types travel as values.</summary>
internal static class WireTypes
{
    private static readonly HashSet<Type> s_supported =
    [
        typeof(bool), typeof(int), typeof(long), typeof(Int128), typeof(double), typeof(string), typeof(byte[]), typeof(long[]),
    ];

    public static string Names => "bool, int, long, Int128, double, string, byte[] and long[]";

    public static bool IsSupported(Type type) => s_supported.Contains(type);
}

/// <summary>Builds frames in a growable buffer; <see cref="WriteTo"/> sends and clears it.</summary>
internal sealed class WireWriter
{
    private byte[] _buffer = new byte[4096];
    private int _frameStart = -1;

    /// <summary>Bytes written and not yet sent.</summary>
    public int Length { get; private set; }

    public void BeginFrame(FrameKind kind)
    {
        _frameStart = Length;
        Span(5)[4] = (byte)kind;
    }

    public void EndFrame()
    {
        int length = Length - _frameStart - 4;
        if (length > WorkerProtocol.MaxFrameLength)
        {
            Length = _frameStart;
            throw new InvalidDataException($"A frame of {length} bytes is over the protocol's limit of {WorkerProtocol.MaxFrameLength}.");
        }

        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_frameStart), length);
        _frameStart = -1;
    }

    /// <summary>Drops a frame begun but not ended.</summary>
    public void AbandonFrame()
    {
        if (_frameStart >= 0)
        {
            Length = _frameStart;
            _frameStart = -1;
        }
    }

    public void WriteTo(Stream stream)
    {
        if (Length > 0)
        {
            stream.Write(_buffer, 0, Length);
            stream.Flush();
            Length = 0;
        }
    }

    public void WriteByte(byte value) => Span(1)[0] = value;

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Span(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Span(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Span(8), value);

    public void WriteString(string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        WriteInt32(count);
        Encoding.UTF8.GetBytes(value, Span(count));
    }

    /// <summary>Writes a value of a known type without boxing it.</summary>
    public void WriteValue<T>(T value)
    {
        if (typeof(T) == typeof(long))
        {
            WriteTagged(ValueTag.Int64);
            WriteInt64(Unsafe.As<T, long>(ref value));
        }
        else if (typeof(T) == typeof(Int128))
        {
            WriteTagged(ValueTag.Int128);
            WriteInt128(Unsafe.As<T, Int128>(ref value));
        }
        else if (typeof(T) == typeof(int))
        {
            WriteTagged(ValueTag.Int32);
            WriteInt32(Unsafe.As<T, int>(ref value));
        }
        else
        {
            WriteObject(value);
        }
    }

    /// <summary>Writes a value by its runtime type.</summary>
    /// <exception cref="ArgumentException">The type does not travel.</exception>
    public void WriteObject(object? value)
    {
        switch (value)
        {
            case null:
                WriteTagged(ValueTag.Null);
                break;
            case bool b:
                WriteTagged(b ? ValueTag.True : ValueTag.False);
                break;
            case int i:
                WriteTagged(ValueTag.Int32);
                WriteInt32(i);
                break;
            case long l:
                WriteTagged(ValueTag.Int64);
                WriteInt64(l);
                break;
            case Int128 x:
                WriteTagged(ValueTag.Int128);
                WriteInt128(x);
                break;
            case double d:
                WriteTagged(ValueTag.Double);
                WriteInt64(BitConverter.DoubleToInt64Bits(d));
                break;
            case string s:
                WriteTagged(ValueTag.String);
                WriteString(s);
                break;
            case byte[] bytes:
                WriteTagged(ValueTag.Bytes);
                WriteInt32(bytes.Length);
                bytes.CopyTo(Span(bytes.Length));
                break;
            case long[] longs:
                WriteTagged(ValueTag.Int64Array);
                WriteInt32(longs.Length);
                foreach (long l in longs)
                {
                    WriteInt64(l);
                }

                break;
            default:
                throw new ArgumentException(
                    $"A value of type {value.GetType()} cannot be sent to a worker process; only {WireTypes.Names} can.",
                    nameof(value));
        }
    }

    private void WriteTagged(ValueTag tag) => WriteByte((byte)tag);

    private void WriteInt128(Int128 value)
    {
        var span = Span(16);
        BinaryPrimitives.WriteUInt64LittleEndian(span, (ulong)value);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], (ulong)(value >> 64));
    }

    private Span<byte> Span(int count)
    {
        if (_buffer.Length - Length < count)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }

        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}

/// <summary>Parses one frame's payload. Every read checks bounds and throws <see cref="InvalidDataException"/>.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> payload)
{
    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    public readonly bool AtEnd => _position == _payload.Length;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public int ReadCount()
    {
        int count = ReadInt32();
        if (count < 0 || count > _payload.Length - _position)
        {
            throw new InvalidDataException($"A count of {count} does not fit the frame.");
        }

        return count;
    }

    public string ReadString()
    {
        int count = ReadCount();
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Take(count));
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("A string is not valid UTF-8.", e);
        }
    }

    /// <summary>Reads a value as <typeparamref name="T"/>, without boxing for the kernel's types.</summary>
    public T ReadValue<T>()
    {
        var tag = (ValueTag)ReadByte();
        if (typeof(T) == typeof(Int128) && tag == ValueTag.Int128)
        {
            var value = ReadInt128();
            return Unsafe.As<Int128, T>(ref value);
        }

        if (typeof(T) == typeof(long) && tag == ValueTag.Int64)
        {
            long value = ReadInt64();
            return Unsafe.As<long, T>(ref value);
        }

        return ReadObject(tag) switch
        {
            T value => value,
            null when default(T) is null => default!,
            var other => throw new InvalidDataException($"Expected a {typeof(T)}, got {other?.GetType().ToString() ?? "null"}."),
        };
    }

    public object? ReadObject() => ReadObject((ValueTag)ReadByte());

    private object? ReadObject(ValueTag tag) => tag switch
    {
        ValueTag.Null => null,
        ValueTag.False => false,
        ValueTag.True => true,
        ValueTag.Int32 => ReadInt32(),
        ValueTag.Int64 => ReadInt64(),
        ValueTag.Int128 => ReadInt128(),
        ValueTag.Double => BitConverter.Int64BitsToDouble(ReadInt64()),
        ValueTag.String => ReadString(),
        ValueTag.Bytes => Take(ReadCount()).ToArray(),
        ValueTag.Int64Array => ReadInt64Array(),
        _ => throw new InvalidDataException($"Unknown value tag {(byte)tag}."),
    };

    private Int128 ReadInt128()
    {
        var span = Take(16);
        return new Int128(BinaryPrimitives.ReadUInt64LittleEndian(span[8..]), BinaryPrimitives.ReadUInt64LittleEndian(span));
    }

    private long[] ReadInt64Array()
    {
        int count = ReadInt32();
        if (count < 0 || count > (_payload.Length - _position) / 8)
        {
            throw new InvalidDataException($"An array of {count} longs does not fit the frame.");
        }

        var values = new long[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = ReadInt64();
        }

        return values;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _payload.Length - _position)
        {
            throw new InvalidDataException("A frame ended in the middle of a field.");
        }

        var span = _payload.Slice(_position, count);
        _position += count;
        return span;
    }
}

/// <summary>Reads whole frames from a stream through one buffer, as many as each read brings.</summary>
internal sealed class FrameReader(Stream stream)
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>Whether a whole frame is already buffered, so reading it will not block.</summary>
    public bool HasBufferedFrame =>
        _end - _start >= 4 && _end - _start - 4 >= BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_start));

    /// <summary>
    /// Reads the next frame; false at a clean end of stream. The payload is valid until the next call.
    /// </summary>
    /// <exception cref="InvalidDataException">The length is out of bounds or the stream ends inside a frame.</exception>
    public bool TryRead(out FrameKind kind, out ReadOnlySpan<byte> payload)
    {
        kind = default;
        payload = default;
        if (!Fill(4, allowEnd: true))
        {
            return false;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_start));
        if (length < 1 || length > WorkerProtocol.MaxFrameLength)
        {
            throw new InvalidDataException($"A frame length of {length} is out of bounds.");
        }

        Fill(4 + length, allowEnd: false);
        kind = (FrameKind)_buffer[_start + 4];
        payload = _buffer.AsSpan(_start + 5, length - 1);
        _start += 4 + length;
        return true;
    }

    private bool Fill(int count, bool allowEnd)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_start == _end)
        {
            // Nothing buffered: read into the whole buffer, not its tail.
            (_start, _end) = (0, 0);
        }

        if (_buffer.Length - _start < count)
        {
            var larger = _buffer.Length >= count ? _buffer : new byte[Math.Max(count, _buffer.Length * 2)];
            _buffer.AsSpan(_start, _end - _start).CopyTo(larger);
            _buffer = larger;
            _end -= _start;
            _start = 0;
        }

        while (_end - _start < count)
        {
            int read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                if (allowEnd && _end == _start)
                {
                    return false;
                }

                throw new InvalidDataException($"The stream ended inside a frame ({_end - _start} of {count} bytes).");
            }

            _end += read;
        }

        return true;
    }
}
