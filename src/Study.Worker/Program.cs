using System.Globalization;
using System.Runtime.InteropServices;
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
        using var input = Console.OpenStandardInput();
        using var output = Console.OpenStandardOutput();
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
