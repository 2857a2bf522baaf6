namespace Study.Futures;

/// <summary>A pool that runs work on threads or processes of its own, and can be waited for as the program ends.</summary>
internal interface IExitJoinable
{
    /// <summary>Shuts down and waits for every call given to it, except one running on the calling thread.</summary>
    void JoinAtExit();
}

/// <summary>
/// CPython's <c>_python_exit</c>: when the program ends, every pool still working is shut down and joined, so work
/// submitted without a shutdown still runs; a submit from then on fails. A pool registers at its first submit and
/// leaves once it has shut down and its workers are gone, so this holds only live pools, never their executors.
/// </summary>
/// <remarks>
/// <para>
/// .NET ends the process without waiting for background threads, which is what a pool's threads are (so that a pool
/// nobody shut down cannot keep a program alive forever); this handler is what makes them finish their work first.
/// Like CPython's, it waits as long as that work takes.
/// </para>
/// <para>
/// CPython joins its pools (<c>threading._register_atexit</c>) before any <c>atexit</c> hook runs, so a submit from an
/// exit hook always fails, whenever the hook was registered. .NET raises the default load context's
/// <see cref="System.Runtime.Loader.AssemblyLoadContext.Unloading"/> before <see cref="AppDomain.ProcessExit"/>, the
/// program's exit hooks, so the join listens there, hooked as this library loads: not at a pool's first submit, which
/// could come after the program registered its own hook.
/// </para>
/// </remarks>
internal static class ExitJoin
{
    private static readonly object s_gate = new();
    private static readonly HashSet<IExitJoinable> s_live = [];
    private static volatile bool s_exiting;

    /// <summary>Hooks the join as the library loads, before the program can register an exit hook of its own that uses it.</summary>
    /// <remarks>
    /// A module initializer in a library, against CA2255's advice, on purpose: the hook must be in place before the
    /// program registers an exit hook of its own, and the program registers nothing of ours to hang it on.
    /// </remarks>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "The exit join must be hooked as the library loads: see the remarks.")]
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Hook() => System.Runtime.Loader.AssemblyLoadContext.Default.Unloading += _ => JoinAll();

    /// <summary>Whether the program has begun to exit, so that submits must fail.</summary>
    public static bool IsExiting => s_exiting;

    /// <summary>Adds a pool; false if the program is exiting.</summary>
    public static bool Register(IExitJoinable pool)
    {
        lock (s_gate)
        {
            if (s_exiting)
            {
                return false;
            }

            s_live.Add(pool);
            return true;
        }
    }

    /// <summary>Removes a pool that has finished.</summary>
    public static void Unregister(IExitJoinable pool)
    {
        lock (s_gate)
        {
            s_live.Remove(pool);
        }
    }

    private static void JoinAll()
    {
        IExitJoinable[] pools;
        lock (s_gate)
        {
            s_exiting = true;
            pools = [.. s_live];
        }

        foreach (var pool in pools)
        {
            pool.JoinAtExit();
        }
    }
}
