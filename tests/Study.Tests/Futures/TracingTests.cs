using Study.Futures;
using Study.Futures.Tracing;
using Study.Kernel;

namespace Study.Tests.Futures;

/// <summary>The tests that listen to <see cref="FuturesEventSource"/>: a listener hears every executor of the process, so these run alone.</summary>
[CollectionDefinition(nameof(ListenersAlone), DisableParallelization = true)]
public sealed class ListenersAlone;

/// <summary>What the executors tell <see cref="FuturesEventSource"/>, as <see cref="TimelineRecorder"/> hears it.</summary>
[Collection(nameof(ListenersAlone))]
public sealed class TracingTests
{
    private static readonly long[] Items = [1_000, 20_000, 300_000];

    [Fact(Timeout = 30_000)]
    public async Task AThreadPoolsCallIsHeardFromSubmitToTheWorkersExit() => await OnThread.Run(() =>
    {
        var all = Record(() => new ThreadPoolExecutor(2, threadNamePrefix: "traced"));

        // This pool's threads only (a listener hears the whole process), and the calls they ran.
        var mine = all.Where(e => e.Kind == TimelineEventKind.WorkerStarting).Select(e => e.Worker).ToHashSet();
        var tasks = all.Where(e => e.Kind == TimelineEventKind.TaskStarted && mine.Contains(e.Worker)).Select(e => e.Task).ToList();
        var events = all.Where(e => mine.Contains(e.Worker) || tasks.Contains(e.Task)).ToList();
        Assert.Equal(Items.Length, tasks.Distinct().Count());
        foreach (long task in tasks)
        {
            var started = Assert.Single(events, e => e.Kind == TimelineEventKind.TaskStarted && e.Task == task);
            var finished = Assert.Single(events, e => e.Kind == TimelineEventKind.TaskFinished && e.Task == task);
            Assert.Equal(started.Worker, finished.Worker);
            Assert.NotEqual(Environment.CurrentManagedThreadId, started.Worker);
            Assert.True(finished.Nanoseconds >= started.Nanoseconds);
            Assert.True(OperatingSystem.IsLinux() ? finished.Value >= 0 : finished.Value >= -1, $"CPU time {finished.Value}");
        }

        var workers = events.Where(e => e.Kind == TimelineEventKind.WorkerStarting).Select(e => e.Worker).ToList();
        Assert.NotEmpty(workers);
        Assert.All(workers, w => Assert.Single(events, e => e.Kind == TimelineEventKind.WorkerExited && e.Worker == w));
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task AWorkerProcessesEventsComeBackWithTheirTasksTraceIds(ExecutorKind kind) => await OnThread.Run(() =>
    {
        // A listener hears the whole process: keep this pool's workers and its calls, not what a pool dropped by an
        // earlier test may still be doing.
        HashSet<long> mine = [];
        var all = Record(() => Executors.Create(kind), executor => mine.UnionWith(((ProcessPoolExecutor)executor).WorkerProcessIds.Select(p => (long)p)));
        var tasks = all.Where(e => e.Kind == TimelineEventKind.TaskSent && mine.Contains(e.Worker)).Select(e => e.Task).ToHashSet();
        var events = all.Where(e => mine.Contains(e.Worker) || tasks.Contains(e.Task)).ToList();
        Assert.Equal(Items.Length, tasks.Count);

        var order = new[]
        {
            TimelineEventKind.TaskSubmitted, TimelineEventKind.TaskReceived, TimelineEventKind.TaskStarted,
            TimelineEventKind.TaskFinished, TimelineEventKind.ResultSent, TimelineEventKind.ResultReceived,
        };
        foreach (long task in events.Where(e => e.Kind == TimelineEventKind.TaskSubmitted).Select(e => e.Task))
        {
            var moments = order.Select(kind => Assert.Single(events, e => e.Kind == kind && e.Task == task)).ToList();
            long worker = moments[1].Worker;
            // A task queued for a worker still starting may be offered to another that is free first, and runs once:
            // it was sent to the worker that received it.
            var sent = Assert.Single(events, e => e.Kind == TimelineEventKind.TaskSent && e.Task == task && e.Worker == worker);
            moments.Insert(1, sent);
            Assert.Equal(moments.OrderBy(e => e.Nanoseconds), moments); // one clock across the processes
            Assert.NotEqual(Environment.ProcessId, worker);
            Assert.All(moments.Skip(1), e => Assert.Equal(worker, e.Worker));
        }

        foreach (long worker in events.Where(e => e.Kind == TimelineEventKind.WorkerStarting).Select(e => e.Worker))
        {
            Assert.Single(events, e => e.Kind == TimelineEventKind.WorkerReady && e.Worker == worker);
            Assert.Single(events, e => e.Kind == TimelineEventKind.WorkerExited && e.Worker == worker);
        }
    });

    [Fact(Timeout = 30_000)]
    public async Task WithoutAListenerNoCallGetsATraceId() => await OnThread.Run(() =>
    {
        using var pool = new ThreadPoolExecutor(1);
        var future = pool.Submit(SumKernel.Sum, 10L);
        future.GetResult();
        Assert.Equal(0, ((IWorkItem)future).TraceId);
    });

    private static IReadOnlyList<TimelineEvent> Record(Func<Executor> create, Action<Executor>? beforeShutdown = null)
    {
        using var recorder = new TimelineRecorder();
        FuturesEventSource.Log.Emit(TimelineEventKind.CallBegan);
        using (var executor = create())
        {
            Assert.Equal(Items.Select(SumKernel.ClosedForm), executor.Map(SumKernel.Sum, Items));
            beforeShutdown?.Invoke(executor);
        }

        FuturesEventSource.Log.Emit(TimelineEventKind.CallReturned);
        return recorder.Stop();
    }
}
