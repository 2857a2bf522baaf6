namespace Study.Futures.Tracing;

/// <summary>
/// What happened at a <see cref="TimelineEvent"/>: the moments of one executor call, from the pool's creation to the
/// call's return. The numbers are <see cref="FuturesEventSource"/>'s event ids.
/// </summary>
public enum TimelineEventKind
{
    /// <summary>The caller began the traced call (before the executor is created).</summary>
    CallBegan = 1,

    /// <summary>The executor's constructor returned.</summary>
    PoolCreated = 2,

    /// <summary>A worker thread or process is being started (worker: its thread or process id).</summary>
    WorkerStarting = 3,

    /// <summary>A worker is ready to take calls: its initializer ran, or its process said hello.</summary>
    WorkerReady = 4,

    /// <summary>A call was submitted (task: its trace id).</summary>
    TaskSubmitted = 5,

    /// <summary>A process pool wrote a call to a worker (worker: the process; value: the call's id on the wire).</summary>
    TaskSent = 6,

    /// <summary>A worker process read a call.</summary>
    TaskReceived = 7,

    /// <summary>A worker began to run a call.</summary>
    TaskStarted = 8,

    /// <summary>A worker finished a call (value: the CPU time its thread used for it, in ns; −1 where unknown).</summary>
    TaskFinished = 9,

    /// <summary>A worker process wrote a call's outcome.</summary>
    ResultSent = 10,

    /// <summary>The caller's side received a process's outcome of a call.</summary>
    ResultReceived = 11,

    /// <summary>The caller began to shut the executor down (the end of Python's <c>with</c> block).</summary>
    ShutdownBegan = 12,

    /// <summary>A worker thread or process ended.</summary>
    WorkerExited = 13,

    /// <summary>The traced call returned: the executor is shut down and every result is in.</summary>
    CallReturned = 14,
}
