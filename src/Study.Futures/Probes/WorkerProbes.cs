using System.Diagnostics.CodeAnalysis;

namespace Study.Futures;

/// <summary>
/// Small static functions compiled into every worker build (JIT and NativeAOT), for health checks of a
/// <see cref="ProcessPoolExecutor"/> and for benchmarks: where a call ran, and a call that blocks.
/// </summary>
[SuppressMessage("Design", "CA1024:Use properties where appropriate", Justification = "They are functions to submit.")]
public static class WorkerProbes
{
    /// <summary>Returns <paramref name="value"/>: its bytes cross to the worker and back, a transport's round trip.</summary>
    public static byte[] Echo(byte[] value) => value;

    /// <summary>Returns the id of the process the call runs in; the argument is ignored.</summary>
    public static int ProcessId(int ignored) => Environment.ProcessId;

    /// <summary>
    /// Returns once <paramref name="parties"/> calls, in any threads or processes of this machine, have entered it
    /// with the same <paramref name="folder"/> (each leaves a file there and polls the count every millisecond,
    /// without the GIL): proof that a pool runs that many workers at once.
    /// </summary>
    /// <exception cref="TimeoutException">The others did not come within 30 s.</exception>
    public static int Rendezvous(string folder, int parties)
    {
        File.WriteAllText(Path.Combine(folder, $"{Environment.ProcessId}-{Environment.CurrentManagedThreadId}-{Guid.NewGuid():N}"), string.Empty);
        long deadline = Environment.TickCount64 + 30_000;
        using (GlobalInterpreterLock.AllowThreads())
        {
            while (Directory.GetFiles(folder).Length < parties)
            {
                if (Environment.TickCount64 > deadline)
                {
                    throw new TimeoutException($"Only {Directory.GetFiles(folder).Length} of {parties} calls met.");
                }

                Thread.Sleep(1);
            }
        }

        return parties;
    }

    /// <summary>
    /// Returns 0 once <paramref name="path"/> exists (polling every millisecond, without the GIL): a call that ends
    /// when its caller lets it, not by a clock.
    /// </summary>
    /// <exception cref="TimeoutException">The file did not appear within 30 s.</exception>
    public static int WaitForFile(string path)
    {
        long deadline = Environment.TickCount64 + 30_000;
        using (GlobalInterpreterLock.AllowThreads())
        {
            while (!File.Exists(path))
            {
                if (Environment.TickCount64 > deadline)
                {
                    throw new TimeoutException($"{path} did not appear within 30 s.");
                }

                Thread.Sleep(1);
            }
        }

        return 0;
    }

    /// <summary>
    /// Sleeps <paramref name="milliseconds"/> and returns them. Like CPython's <c>time.sleep</c>, it releases the
    /// GIL of a <see cref="GilThreadPoolExecutor"/> while it sleeps.
    /// </summary>
    public static int Sleep(int milliseconds)
    {
        using (GlobalInterpreterLock.AllowThreads())
        {
            Thread.Sleep(milliseconds);
        }

        return milliseconds;
    }
}
