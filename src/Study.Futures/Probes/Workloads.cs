using Study.Kernel;

namespace Study.Futures;

/// <summary>Workloads beside the kernel that every worker build can run.</summary>
public static class Workloads
{
    /// <summary>How long <see cref="IoBound"/> blocks: about a local disk read or a fast network round trip.</summary>
    public const int IoLatencyMilliseconds = 2;

    /// <summary>
    /// An I/O-bound call: blocks for <see cref="IoLatencyMilliseconds"/> (a sleep stands in for the latency of I/O and,
    /// like CPython's blocking I/O, releases the GIL model's lock), then runs the kernel on <paramref name="n"/>.
    /// </summary>
    public static Int128 IoBound(long n)
    {
        using (GlobalInterpreterLock.AllowThreads())
        {
            Thread.Sleep(IoLatencyMilliseconds);
        }

        return SumKernel.Sum(n);
    }
}
