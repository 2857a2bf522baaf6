using System.Buffers.Binary;

namespace Study.Futures.Protocol;

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
