using System.Diagnostics.CodeAnalysis;

namespace Study.Futures;

/// <summary>
/// Small static functions compiled into every worker build (JIT and NativeAOT), for health checks of a
/// <see cref="ProcessPoolExecutor"/> and for benchmarks: where a call ran, and a call that blocks.
/// </summary>
[SuppressMessage("Design", "CA1024:Use properties where appropriate", Justification = "They are functions to submit.")]
public static class WorkerProbes
{
    /// <summary>Returns the id of the process the call runs in; the argument is ignored.</summary>
    public static int ProcessId(int ignored) => Environment.ProcessId;

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
