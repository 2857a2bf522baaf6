namespace Study.Kernel.Cases;

/// <summary><c>multiprocessing</c>'s start methods; <see cref="None"/> for executors that start no process.</summary>
public enum StartMethod
{
    /// <summary>No process is started.</summary>
    None,

    /// <summary>The parent forks: cheap, Unix only.</summary>
    Fork,

    /// <summary>A server process forks the workers: Unix only.</summary>
    Forkserver,

    /// <summary>A fresh interpreter per worker: every platform.</summary>
    Spawn,
}
