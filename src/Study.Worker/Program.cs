using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Study.Futures.Protocol;

namespace Study.Worker;

/// <summary>
/// The worker process of <c>ProcessPoolExecutor</c>: serves <see cref="WorkerProtocol"/> on standard input and output
/// (or through the rings of <see cref="SharedRings"/>) until the parent closes it, and exits at once if the parent dies,
/// so that no worker outlives its pool. With <c>--floor</c> it is the far side of the shared-memory floor benchmark.
/// </summary>
internal static partial class Program
{
    private static readonly TimeSpan ParentPollInterval = TimeSpan.FromMilliseconds(50);

    private static int Main(string[] args)
    {
        // The arguments are written by ProcessPoolExecutor, never by a person; a parser library would add start-up
        // time, which is what the pool's benchmarks measure.
        if (args is ["--floor", var floorPath, var floorMode])
        {
            if (!OperatingSystem.IsWindows())
            {
                WatchParent(GetParentProcessId()); // Windows has no parent id to read: the benchmark stops it
            }

            return SharedFloor.Serve(floorPath, floorMode);
        }

        if (args is not ["--parent", var pidText, "--claims", var claimsPath, .. var rest]
            || rest is not ([] or ["--rings", _])
            || !int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int parent))
        {
            Console.Error.WriteLine("Study.Worker is started by ProcessPoolExecutor: usage: Study.Worker --parent <pid> --claims <path> [--rings <path>]");
            return 2;
        }

        ClaimTable claims;
        SharedRings? rings = null;
        try
        {
            claims = ClaimTable.Open(claimsPath);
            claims.Unlink(); // both mappings are open now (the parent's since before this process started)
            if (rest is [_, var ringsPath])
            {
                rings = SharedRings.Open(ringsPath);
                rings.Unlink();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Console.Error.WriteLine($"Study.Worker: cannot map the claim table or the rings: {e.Message}");
            return 2;
        }

        WatchParent(parent);
        var (input, output) = TakeProtocolStreams();
        using (claims)
        using (input)
        using (output)
        using (rings)
        {
            if (rings is null)
            {
                return new WorkerHost(input, output, claims).Run();
            }

            // The frames go through the rings; the pipes only tell each side that the other is gone (the parent reads
            // this side's output to its end).
            rings.WatchPeer(input);
            using var ringOutput = rings.Output;
            return new WorkerHost(rings.Input, ringOutput, claims).Run();
        }
    }

    /// <summary>
    /// Moves the protocol's pipes off the standard descriptors, so that user code cannot corrupt it: standard output
    /// becomes the inherited standard error (what a worker prints still reaches the parent's console, as a CPython
    /// worker's print does) and standard input reads nothing. File streams, not Console's: no System.Console to load
    /// at start-up, and no console encoding in the way of the binary protocol.
    /// </summary>
    private static (FileStream Input, FileStream Output) TakeProtocolStreams()
    {
        if (OperatingSystem.IsWindows())
        {
            var stdin = new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
            var stdout = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
            Console.SetIn(TextReader.Null);
            Console.SetOut(Console.Error);
            return (stdin, stdout);
        }

        int input = MoveAside(0);
        int output = MoveAside(1);
        int empty = Open("/dev/null", OpenReadOnly);
        if (empty < 0 || Dup2(empty, 0) < 0 || Dup2(2, 1) < 0)
        {
            throw new IOException($"Could not redirect the standard descriptors (errno {Marshal.GetLastPInvokeError()}).");
        }

        _ = Close(empty); // nothing to do if it fails: one descriptor of /dev/null stays open
        return (new FileStream(new SafeFileHandle(input, ownsHandle: true), FileAccess.Read, bufferSize: 0),
                new FileStream(new SafeFileHandle(output, ownsHandle: true), FileAccess.Write, bufferSize: 0));

        // A copy of the descriptor; on Linux one that the worker's own child processes do not inherit (fcntl is
        // variadic, which only Linux's calling conventions let a plain import call safely).
        static int MoveAside(int descriptor)
        {
            int copy = OperatingSystem.IsLinux() ? Fcntl(descriptor, DuplicateCloseOnExec, 3) : Dup(descriptor);
            return copy >= 0 ? copy : throw new IOException($"Could not duplicate descriptor {descriptor} (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    /// <summary>
    /// Exits when the parent is gone. A closed pipe tells a worker that is waiting for work; this tells one that is
    /// busy computing. On Unix an orphan is re-parented, so its parent id changes.
    /// </summary>
    private static void WatchParent(int parent)
    {
        var watcher = new Thread(() =>
        {
            if (OperatingSystem.IsWindows())
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(parent).WaitForExit();
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
            else
            {
                while (GetParentProcessId() == parent)
                {
                    Thread.Sleep(ParentPollInterval);
                }
            }

            Environment.Exit(WorkerProtocol.OrphanedExitCode);
        })
        {
            IsBackground = true,
            Name = "parent watch",
        };
        watcher.Start();
    }

    private const int DuplicateCloseOnExec = 1030; // F_DUPFD_CLOEXEC on Linux
    private const int OpenReadOnly = 0;

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentProcessId();

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int descriptor, int command, int argument);

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int descriptor);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int from, int to);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
