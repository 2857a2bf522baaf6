using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace Study.Futures.Protocol;

/// <summary>
/// One of the <see cref="SharedFiles"/> mapped read-write, with a pointer to its first byte: what the claim table, the
/// rings and the floor share. The file's handle is the mapping's from then on, and is closed with it.
/// </summary>
internal sealed unsafe class SharedMapping : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;

    /// <summary>Maps the first <paramref name="bytes"/> of <paramref name="file"/>, which must hold that many.</summary>
    /// <exception cref="InvalidDataException">The file is shorter (not one this version of the pool made).</exception>
    public SharedMapping(FileStream file, long bytes, string what)
    {
        try
        {
            if (file.Length < bytes)
            {
                throw new InvalidDataException($"The {what} {file.Name} holds {file.Length} bytes, not {bytes}.");
            }

            _map = MemoryMappedFile.CreateFromFile(file, mapName: null, bytes, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        _view = _map.CreateViewAccessor(0, bytes);
        byte* start = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        Pointer = start + _view.PointerOffset;
    }

    /// <summary>The mapping's first byte; valid until disposed.</summary>
    public byte* Pointer { get; }

    /// <summary>The view's handle, for a caller that must keep the mapping alive across one access.</summary>
    public SafeMemoryMappedViewHandle Handle => _view.SafeMemoryMappedViewHandle;

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
