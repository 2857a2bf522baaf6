using Study.Futures.Tracing;
using Study.Reports.Results;

namespace Study.Reports.Analysis;

/// <summary>Where a traced call's time went, as its critical path divides it.</summary>
public enum CallPhase
{
    /// <summary>From the call's start until the critical worker's first task runs: creating the pool, starting the worker, the first argument's way there.</summary>
    StartUp,

    /// <summary>The critical worker's tasks' CPU time.</summary>
    Compute,

    /// <summary>The critical worker's tasks' wall time less their CPU time: waiting for a core, or for the GIL.</summary>
    Waiting,

    /// <summary>Arguments and results on their way: to the worker, back to the caller, and between the critical worker's tasks.</summary>
    Moving,

    /// <summary>From the start of shutdown to the call's return: the workers' exit, and waiting for it.</summary>
    Shutdown,
}

/// <summary>What a bar of a timeline's chart shows.</summary>
public enum SpanKind
{
    /// <summary>The caller creates the pool.</summary>
    Creating,

    /// <summary>A worker starts, until it is ready.</summary>
    Starting,

    /// <summary>A task's CPU time.</summary>
    Compute,

    /// <summary>The rest of a task's wall time: it waited for a core or the GIL.</summary>
    Waiting,

    /// <summary>An argument or a result on its way.</summary>
    Moving,

    /// <summary>The caller shuts the pool down; a worker exits.</summary>
    Shutdown,
}

/// <summary>A bar of a timeline: on <paramref name="Row"/> (0 the caller, then the workers), from and to ns since the call began.</summary>
public sealed record TimelineSpan(int Row, long From, long To, SpanKind Kind, long Task);

/// <summary>A stretch of the critical path, in ns since the call began.</summary>
public sealed record PathSegment(long From, long To, CallPhase Phase);

/// <summary>
/// A traced call read as a picture and a sum: the rows (the caller and each worker, in order of first appearance), the
/// bars to draw, and the critical path: the chain that ends with the last result, from the call's start through the
/// critical worker's tasks to the call's return. The path's segments follow each other without gap or overlap, so its
/// phases sum to the traced time exactly: no cost is counted twice, however much the workers overlap.
/// </summary>
public sealed record CallTimeline(
    TracedCall Call,
    IReadOnlyList<string> Rows,
    IReadOnlyDictionary<long, int> RowOfWorker,
    IReadOnlyList<TimelineSpan> Spans,
    IReadOnlyList<PathSegment> Path,
    int CriticalRow)
{
    /// <summary>The traced call's wall time, ns.</summary>
    public long Total => TracedCall.Span(Call.Events);

    /// <summary>The ns of each phase on the critical path (every phase present, zeros included).</summary>
    public IReadOnlyDictionary<CallPhase, long> Phases =>
        Enum.GetValues<CallPhase>().ToDictionary(p => p, p => Path.Where(s => s.Phase == p).Sum(s => s.To - s.From));

    /// <summary>Reads <paramref name="call"/>'s events.</summary>
    /// <exception cref="ResultsException">The events do not make a call: no start, no return, or no task.</exception>
    public static CallTimeline Of(TracedCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var events = call.Events;
        var began = events.FirstOrDefault(e => e.Kind == TimelineEventKind.CallBegan);
        var returned = events.LastOrDefault(e => e.Kind == TimelineEventKind.CallReturned);
        if (began.Kind != TimelineEventKind.CallBegan || returned.Kind != TimelineEventKind.CallReturned
            || !events.Any(e => e.Kind == TimelineEventKind.TaskFinished))
        {
            throw new ResultsException($"the traced call {TracedCall.FileNameOf(call.Executor)} has no start, no return or no task");
        }

        long t0 = began.Nanoseconds, end = returned.Nanoseconds - t0;
        long At(TimelineEvent e) => e.Nanoseconds - t0;
        long? Find(TimelineEventKind kind, long task) =>
            events.Where(e => e.Kind == kind && e.Task == task).Select(e => (long?)At(e)).FirstOrDefault();

        // Rows: the caller, then each worker as it first appears; sequential code runs its tasks on the caller's row.
        var rows = new List<string> { "caller" };
        var rowOf = new Dictionary<long, int> { [0] = 0 };
        foreach (var e in events.Where(e => e.Worker != 0 && !rowOf.ContainsKey(e.Worker)))
        {
            if (call.Executor.IsSequential)
            {
                rowOf[e.Worker] = 0;
                continue;
            }

            rowOf[e.Worker] = rows.Count;
            rows.Add($"worker {rows.Count}");
        }

        var tasks = events.Where(e => e.Kind == TimelineEventKind.TaskFinished)
            .Select(f => new TaskMoments(
                f.Task,
                rowOf[f.Worker],
                Find(TimelineEventKind.TaskReceived, f.Task),
                Find(TimelineEventKind.TaskStarted, f.Task) ?? At(f),
                At(f),
                f.Value,
                Find(TimelineEventKind.ResultReceived, f.Task) ?? At(f)))
            .OrderBy(t => t.Started).ToList();

        long created = events.Where(e => e.Kind == TimelineEventKind.PoolCreated).Select(At).DefaultIfEmpty(0).First();
        long shutdown = Math.Clamp(
            events.Where(e => e.Kind == TimelineEventKind.ShutdownBegan).Select(At).DefaultIfEmpty(end).Last(), 0, end);
        var spans = BarsOf(call, events, rowOf, tasks, created, shutdown, end, At);
        var critical = tasks.MaxBy(t => t.Result)!;
        return new CallTimeline(call, rows, rowOf, spans, CriticalPath(tasks, critical, shutdown, end), critical.Row);
    }

    private static List<PathSegment> CriticalPath(List<TaskMoments> tasks, TaskMoments critical, long shutdown, long end)
    {
        var path = new List<PathSegment>();
        long at = 0;
        void To(long time, CallPhase phase)
        {
            time = Math.Clamp(time, at, end); // one clock, so never backwards; clamped all the same
            if (time > at)
            {
                path.Add(new PathSegment(at, time, phase));
            }

            at = time;
        }

        var chain = tasks.Where(t => t.Row == critical.Row && t.Started <= critical.Started).ToList();
        for (int i = 0; i < chain.Count; i++)
        {
            var task = chain[i];
            var arrived = task.Received ?? task.Started;
            To(arrived, i == 0 ? CallPhase.StartUp : CallPhase.Moving);
            To(task.Started, CallPhase.Moving);
            To(task.Started + task.Computing, CallPhase.Compute);
            To(task.Finished, CallPhase.Waiting);
        }

        To(critical.Result, CallPhase.Moving);
        To(shutdown, CallPhase.Moving);
        To(end, CallPhase.Shutdown);
        return path;
    }

    private static List<TimelineSpan> BarsOf(
        TracedCall call, IReadOnlyList<TimelineEvent> events, Dictionary<long, int> rowOf, List<TaskMoments> tasks,
        long created, long shutdown, long end, Func<TimelineEvent, long> at)
    {
        var spans = new List<TimelineSpan>();
        void Add(int row, long from, long to, SpanKind kind, long task = 0)
        {
            if (to > from)
            {
                spans.Add(new TimelineSpan(row, from, to, kind, task));
            }
        }

        Add(0, 0, created, SpanKind.Creating);
        Add(0, shutdown, end, SpanKind.Shutdown);
        if (!call.Executor.IsSequential)
        {
            foreach (var worker in rowOf.Where(w => w.Value != 0))
            {
                var mine = events.Where(e => e.Worker == worker.Key).ToList();
                var starting = mine.FirstOrDefault(e => e.Kind == TimelineEventKind.WorkerStarting);
                // Ready as the worker said, or (a CPython worker that ran no task says nothing) when its first task ran.
                long? ready = mine.Where(e => e.Kind == TimelineEventKind.WorkerReady).Select(e => (long?)at(e)).FirstOrDefault()
                    ?? tasks.Where(t => t.Row == worker.Value).Select(t => (long?)(t.Received ?? t.Started)).FirstOrDefault();
                if (starting.Kind == TimelineEventKind.WorkerStarting && ready is { } readyAt)
                {
                    Add(worker.Value, at(starting), readyAt, SpanKind.Starting);
                }

                var exited = mine.LastOrDefault(e => e.Kind == TimelineEventKind.WorkerExited);
                if (exited.Kind == TimelineEventKind.WorkerExited)
                {
                    long lastWork = tasks.Where(t => t.Row == worker.Value).Select(t => t.Finished).DefaultIfEmpty(shutdown).Max();
                    Add(worker.Value, Math.Max(shutdown, lastWork), at(exited), SpanKind.Shutdown);
                }
            }
        }

        foreach (var task in tasks)
        {
            // A task may be offered to more than one worker (a queued task moves to a worker that is free first): the
            // send that counts is the one to the worker that ran it.
            var sent = events.Where(e => e.Kind == TimelineEventKind.TaskSent && e.Task == task.Task && rowOf.GetValueOrDefault(e.Worker, -1) == task.Row)
                .Select(at).FirstOrDefault(-1);
            if (task.Received is { } received && sent >= 0)
            {
                Add(task.Row, sent, received, SpanKind.Moving, task.Task);
            }

            Add(task.Row, task.Received ?? task.Started, task.Started, SpanKind.Moving, task.Task);
            Add(task.Row, task.Started, task.Started + task.Computing, SpanKind.Compute, task.Task);
            Add(task.Row, task.Started + task.Computing, task.Finished, SpanKind.Waiting, task.Task);
            Add(task.Row, task.Finished, task.Result, SpanKind.Moving, task.Task);
        }

        return spans;
    }

    private sealed record TaskMoments(long Task, int Row, long? Received, long Started, long Finished, long CpuNanoseconds, long Result)
    {
        /// <summary>The task's CPU time, at most its wall time; all of it where the CPU time is unknown (−1).</summary>
        public long Computing => CpuNanoseconds < 0 ? Finished - Started : Math.Min(CpuNanoseconds, Finished - Started);
    }
}
