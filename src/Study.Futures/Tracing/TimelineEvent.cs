namespace Study.Futures.Tracing;

/// <summary>
/// One moment of a traced call. <see cref="Nanoseconds"/> is the monotonic clock that every process of the machine
/// shares (<c>CLOCK_MONOTONIC</c> on Linux, <c>QueryPerformanceCounter</c> on Windows): the worker processes' events and
/// the caller's lie on one axis.
/// </summary>
/// <param name="Nanoseconds">When, on the machine's monotonic clock.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Worker">The thread id (in-process workers) or process id (worker processes); 0 for the caller.</param>
/// <param name="Task">The call's trace id; 0 for events of no call.</param>
/// <param name="Value">What the kind says it carries; 0 otherwise.</param>
public readonly record struct TimelineEvent(long Nanoseconds, TimelineEventKind Kind, long Worker, long Task, long Value);
