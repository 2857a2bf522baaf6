using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Study.Futures.Protocol;

namespace Study.Worker;

/// <summary>
/// The worker process of <c>ProcessPoolExecutor</c>: serves <see cref="WorkerProtocol"/> on standard input and output
/// until the parent closes the pipe, and exits at once if the parent dies, so that no worker outlives its pool.
/// </summary>
internal static partial class Program
{
    private static readonly TimeSpan ParentPollInterval = TimeSpan.FromMilliseconds(50);

    private static int Main(string[] args)
    {
        // The only argument is "--parent <pid>", written by ProcessPoolExecutor, never by a person; a parser library
        // would add start-up time, which is what the pool's benchmarks measure.
        if (args is not ["--parent", var pidText] || !int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int parent))
        {
            Console.Error.WriteLine("Study.Worker is started by ProcessPoolExecutor: usage: Study.Worker --parent <pid>");
            return 2;
        }

        WatchParent(parent);

        // File streams over descriptors 0 and 1 rather than Console's: no System.Console to load at start-up,
        // and no console encoding in the way of the binary protocol.
        using var input = new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
        using var output = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        return new WorkerHost(input, output).Run();
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

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentProcessId();
}
