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
/// .NET ends the process without waiting for background threads, which is what a pool's threads are (so that a pool
/// nobody shut down cannot keep a program alive forever); this handler is what makes them finish their work first.
/// Like CPython's, it waits as long as that work takes.
/// </remarks>
internal static class ExitJoin
{
    private static readonly object s_gate = new();
    private static readonly HashSet<IExitJoinable> s_live = [];
    private static volatile bool s_exiting;
    private static bool s_hooked;

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

            if (!s_hooked)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => JoinAll();
                s_hooked = true;
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
