using System.Globalization;
using System.Runtime.InteropServices;

namespace Study.Futures.Protocol;

/// <summary>
/// The files a pool shares with its workers (claim tables, rings): created owner-only and exclusively, named
/// <c>study-&lt;kind&gt;-&lt;parent pid&gt;-&lt;guid&gt;</c> so that those a killed parent left behind can be found and removed.
/// </summary>
/// <remarks>
/// On Linux they live in <c>/dev/shm</c> (memory, not disk), elsewhere in the temporary folder. A file's name is deleted
/// as soon as the worker has mapped it; until then a parent that is killed leaves it, and the next pool of the same user
/// removes it (<see cref="RemoveOrphans"/>): a file whose parent process no longer runs. Another user's files are
/// neither readable (mode 0600) nor removable (<c>/dev/shm</c> is sticky), and are left alone.
/// </remarks>
internal static partial class SharedFiles
{
    private const string Prefix = "study-";

    /// <summary>Where the files live.</summary>
    public static string Folder { get; } =
        OperatingSystem.IsLinux() && Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

    /// <summary>A new file of <paramref name="length"/> zero bytes, readable and writable by this user only.</summary>
    /// <exception cref="IOException">The file exists (it never should: the name holds a new guid) or cannot be made.</exception>
    public static FileStream Create(string kind, long length, out string path)
    {
        path = Path.Combine(Folder, $"{Prefix}{kind}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.ReadWrite | FileShare.Delete,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var file = new FileStream(path, options);
        try
        {
            file.SetLength(length);
        }
        catch
        {
            file.Dispose();
            File.Delete(path);
            throw;
        }

        return file;
    }

    /// <summary>Opens a file a parent created, for its worker.</summary>
    public static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);

    /// <summary>Deletes a file's name; the mappings stay valid. Windows keeps the name until the last handle closes.</summary>
    public static void Unlink(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Removes the files of parents that no longer run; returns how many. A process id that runs again (reused) keeps
    /// its files: they are left rather than risk those of a live pool.
    /// </summary>
    public static int RemoveOrphans()
    {
        int removed = 0;
        IEnumerable<string> files;
        try
        {
            files = Directory.EnumerateFiles(Folder, Prefix + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        try
        {
            foreach (string file in files)
            {
                if (ParentOf(Path.GetFileName(file)) is int parent && parent != Environment.ProcessId && !IsRunning(parent))
                {
                    try
                    {
                        File.Delete(file);
                        removed++;
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        // Another user's file, or gone meanwhile.
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder changed under the enumeration; the next pool tries again.
        }

        return removed;
    }

    /// <summary>The parent's process id in a name <c>study-kind-pid-guid</c>, or null for a name of another form.</summary>
    internal static int? ParentOf(string name)
    {
        string[] parts = name.Split('-');
        return parts is [_, _, var pid, { Length: 32 }] && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int id)
            ? id
            : null;
    }

    private static bool IsRunning(int processId)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(processId);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        // Signal 0 checks without sending; EPERM means it runs as another user.
        return SendSignal(processId, 0) == 0 || Marshal.GetLastPInvokeError() != NoSuchProcess;
    }

    private const int NoSuchProcess = 3; // ESRCH, on Linux and macOS

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int processId, int signal);
}
