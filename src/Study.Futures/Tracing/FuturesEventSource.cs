using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace Study.Futures.Tracing;

/// <summary>
/// The executors' moments as events ("Study-Futures"): <c>dotnet-trace collect --providers Study-Futures</c> records
/// them, and <see cref="TimelineRecorder"/> listens in-process. Every event carries its own timestamp on the machine's
/// monotonic clock, because a worker process's events are re-emitted by its pool once the worker has exited, with the
/// times they happened at. Disabled (no session, no listener) each call site costs one <see cref="EventSource.IsEnabled()"/>.
/// </summary>
[EventSource(Name = "Study-Futures")]
public sealed class FuturesEventSource : EventSource
{
    /// <summary>The one instance.</summary>
    public static readonly FuturesEventSource Log = new();

    private static long s_lastTask;

    private FuturesEventSource()
    {
    }

    /// <summary>The monotonic clock, in nanoseconds.</summary>
    public static long Now() => (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));

    /// <summary>Emits a <see cref="TimelineEventKind.CallBegan"/> event.</summary>
    [Event(1, Level = EventLevel.Informational)]
    public void CallBegan(long nanoseconds, long worker, long task, long value) => Write(1, nanoseconds, worker, task, value);

    /// <summary>Emits a <see cref="TimelineEventKind.PoolCreated"/> event.</summary>
    [Event(2, Level = EventLevel.Informational)]
    public void PoolCreated(long nanoseconds, long worker, long task, long value) => Write(2, nanoseconds, worker, task, value);

    /// <summary>Emits a <see cref="TimelineEventKind.WorkerStarting"/> event.</summary>
    [Event(3, Level = EventLevel.Informational)]
    public void WorkerStarting(long nanoseconds, long worker, long task, long value) => Write(3, nanoseconds, worker, task, value);

    /// <summary>Emits a <see cref="TimelineEventKind.WorkerReady"/> event.</summary>
    [Event(4, Level = EventLevel.Informational)]
    public void WorkerReady(long nanoseconds, long worker, long task, long value) => Write(4, nanoseconds, worker, task, value);

    /// <summary>Emits a <see cref="TimelineEventKind.TaskSubmitted"/> event.</summary>
    [Event(5, Level = EventLevel.Verbose)]
    public void TaskSubmitted(long nanoseconds, long worker, long task, long value) => Write(5, nanoseconds, worker, task, value);

    /// <summary>Emits a <see cref="TimelineEventKind.TaskSent"/> event.</summary>
    [Event(6, Level = EventLevel.Verbose)]
    public void TaskSent(long nanoseconds, long worker, long task, long value) => Write(6, nanoseconds, worker, task, value);

    /// <summary>Emits a <see cref="TimelineEventKind.TaskReceived"/> event.</summary>
    [Event(7, Level = EventLevel.Verbose)]
    public void TaskReceived(long nanoseconds, long worker, long task, long value) => Write(7, nanoseconds, worker, task, value);

    /// <summary>Emits a <see cref="TimelineEventKind.TaskStarted"/> event.</summary>
    [Event(8, Level = EventLevel.Verbose)]
    public void TaskStarted(long nanoseconds, long worker, long task, long value) => Write(8, nanoseconds, worker, task, value);

    /// <summary>Emits a <see cref="TimelineEventKind.TaskFinished"/> event.</summary>
    [Event(9, Level = EventLevel.Verbose)]
    public void TaskFinished(long nanoseconds, long worker, long task, long value) => Write(9, nanoseconds, worker, task, value);

    /// <summary>Emits a <see cref="TimelineEventKind.ResultSent"/> event.</summary>
    [Event(10, Level = EventLevel.Verbose)]
    public void ResultSent(long nanoseconds, long worker, long task, long value) => Write(10, nanoseconds, worker, task, value);

    /// <summary>Emits a <see cref="TimelineEventKind.ResultReceived"/> event.</summary>
    [Event(11, Level = EventLevel.Verbose)]
    public void ResultReceived(long nanoseconds, long worker, long task, long value) => Write(11, nanoseconds, worker, task, value);

    /// <summary>Emits a <see cref="TimelineEventKind.ShutdownBegan"/> event.</summary>
    [Event(12, Level = EventLevel.Informational)]
    public void ShutdownBegan(long nanoseconds, long worker, long task, long value) => Write(12, nanoseconds, worker, task, value);

    /// <summary>Emits a <see cref="TimelineEventKind.WorkerExited"/> event.</summary>
    [Event(13, Level = EventLevel.Informational)]
    public void WorkerExited(long nanoseconds, long worker, long task, long value) => Write(13, nanoseconds, worker, task, value);

    /// <summary>Emits a <see cref="TimelineEventKind.CallReturned"/> event.</summary>
    [Event(14, Level = EventLevel.Informational)]
    public void CallReturned(long nanoseconds, long worker, long task, long value) => Write(14, nanoseconds, worker, task, value);

    /// <summary>Emits <paramref name="e"/> as the event of its kind.</summary>
    [NonEvent]
    public void Emit(TimelineEvent e)
    {
        if (IsEnabled())
        {
            Write((int)e.Kind, e.Nanoseconds, e.Worker, e.Task, e.Value);
        }
    }

    /// <summary>Emits an event of <paramref name="kind"/> now, if anyone listens.</summary>
    [NonEvent]
    public void Emit(TimelineEventKind kind, long worker = 0, long task = 0, long value = 0)
    {
        if (IsEnabled())
        {
            Write((int)kind, Now(), worker, task, value);
        }
    }

    /// <summary>A new trace id for a submitted call while anyone listens; 0 otherwise.</summary>
    [NonEvent]
    internal long NextTask() => IsEnabled() ? Interlocked.Increment(ref s_lastTask) : 0;

    [NonEvent]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Every payload is a long.")]
    private unsafe void Write(int id, long nanoseconds, long worker, long task, long value)
    {
        EventData* data = stackalloc EventData[4];
        data[0] = new EventData { DataPointer = (nint)(&nanoseconds), Size = sizeof(long) };
        data[1] = new EventData { DataPointer = (nint)(&worker), Size = sizeof(long) };
        data[2] = new EventData { DataPointer = (nint)(&task), Size = sizeof(long) };
        data[3] = new EventData { DataPointer = (nint)(&value), Size = sizeof(long) };
        WriteEventCore(id, 4, data);
    }
}
