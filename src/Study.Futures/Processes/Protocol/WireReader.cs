using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Study.Futures.Protocol;

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
