using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Study.Futures.Tracing;

/// <summary>
/// Listens to <see cref="FuturesEventSource"/> in this process and keeps every event from its creation to
/// <see cref="Stop"/>: the timeline of the calls made meanwhile, worker processes' events included (a process pool
/// re-emits them when its workers exit, so stop after the executor is shut down).
/// </summary>
public sealed class TimelineRecorder : EventListener
{
    private readonly ConcurrentQueue<TimelineEvent> _events = new();
    private volatile bool _stopped;

    /// <summary>Starts listening.</summary>
    public TimelineRecorder() => EnableEvents(FuturesEventSource.Log, EventLevel.Verbose);

    /// <summary>Stops listening and returns the events in time order.</summary>
    public IReadOnlyList<TimelineEvent> Stop()
    {
        _stopped = true;
        DisableEvents(FuturesEventSource.Log);
        return [.. _events.OrderBy(e => e.Nanoseconds)];
    }

    /// <inheritdoc/>
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (_stopped || eventData.EventSource != FuturesEventSource.Log || eventData.Payload is not { Count: 4 } payload)
        {
            return;
        }

        _events.Enqueue(new TimelineEvent(
            (long)payload[0]!, (TimelineEventKind)eventData.EventId, (long)payload[1]!, (long)payload[2]!, (long)payload[3]!));
    }
}
