using System.Runtime.CompilerServices;

namespace Study.Tests.Futures;

/// <summary>Whether an object is still reachable once the garbage collector has run, finalizers included.</summary>
internal static class Collection
{
    /// <summary>Collects twice around the finalizers, up to 20 times 10 ms apart; true if <paramref name="reference"/>'s target survived them all.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool IsAliveAfterCollection(WeakReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        // The thread that delivered the object (a process pool's reader) may still hold it in a local for a moment
        // after handing it over, until it loops back to its next read: a few collections a little apart let that
        // moment pass; an object something really keeps stays alive through all of them.
        for (int attempt = 0; attempt < 20; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (!reference.IsAlive)
            {
                return false;
            }

            Thread.Sleep(10);
        }

        return true;
    }
}
