using System.Runtime.CompilerServices;

namespace Study.Tests.Futures;

/// <summary>Whether an object is still reachable once the garbage collector has run, finalizers included.</summary>
internal static class Collection
{
    /// <summary>Collects twice around the finalizers; true if <paramref name="reference"/>'s target survived.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool IsAliveAfterCollection(WeakReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return reference.IsAlive;
    }
}
