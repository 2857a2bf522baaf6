using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Study.Futures.Protocol;

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
