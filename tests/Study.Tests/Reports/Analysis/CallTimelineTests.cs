using System.Text.Json.Nodes;
using Study.Futures.Tracing;
using Study.Reports.Analysis;
using Study.Reports.Output;
using Study.Reports.Results;
using Study.Reports.Statistics;
using K = Study.Futures.Tracing.TimelineEventKind;

namespace Study.Tests.Reports.Analysis;

public sealed class CallTimelineTests
{
    private static readonly ExecutorId Fork = new(Runtime.CPython, ExecutorKind.Processes, StartMethod.Fork);
    private static readonly ExecutorId Threads = new(Runtime.CPython, ExecutorKind.Threads);
    private const long Ms = 1_000_000;

    /// <summary>
    /// Two worker processes (11, 12) and three tasks: worker 11 runs task 1 then task 3, worker 12 runs task 2, and
    /// task 3's result comes last, so worker 11 is critical. Times in ms since the call began at 1000 ms.
    /// </summary>
    private static TracedCall TwoWorkers() => Call(Fork,
    [
        (0, K.CallBegan, 0, 0, 0), (1, K.PoolCreated, 0, 0, 0),
        (1, K.TaskSubmitted, 0, 1, 0), (1, K.TaskSubmitted, 0, 2, 0), (1, K.TaskSubmitted, 0, 3, 0),
        (2, K.WorkerStarting, 11, 0, 0), (3, K.WorkerStarting, 12, 0, 0), (10, K.WorkerReady, 11, 0, 0), (12, K.WorkerReady, 12, 0, 0),
        (11, K.TaskReceived, 11, 1, 0), (12, K.TaskStarted, 11, 1, 0), (32, K.TaskFinished, 11, 1, 15 * Ms), (33, K.ResultReceived, 11, 1, 0),
        (13, K.TaskStarted, 12, 2, 0), (20, K.TaskFinished, 12, 2, 7 * Ms), (21, K.ResultReceived, 12, 2, 0),
        (34, K.TaskReceived, 11, 3, 0), (35, K.TaskStarted, 11, 3, 0), (45, K.TaskFinished, 11, 3, 10 * Ms), (47, K.ResultReceived, 11, 3, 0),
        (48, K.ShutdownBegan, 0, 0, 0), (55, K.WorkerExited, 11, 0, 0), (56, K.WorkerExited, 12, 0, 0), (60, K.CallReturned, 0, 0, 0),
    ]);

    [Fact]
    public void TheCriticalPathEndsWithTheLastResultAndItsPhasesSumToTheCall()
    {
        var timeline = CallTimeline.Of(TwoWorkers());

        Assert.Equal(["caller", "worker 1", "worker 2"], timeline.Rows);
        Assert.Equal(1, timeline.CriticalRow);
        Assert.Equal(60 * Ms, timeline.Total);
        Assert.Equal(timeline.Total, timeline.Phases.Values.Sum());
        // Contiguous: each segment starts where the last ended, from 0 to the call's return.
        Assert.Equal(0, timeline.Path[0].From);
        Assert.Equal(timeline.Total, timeline.Path[^1].To);
        Assert.All(timeline.Path.Zip(timeline.Path.Skip(1)), p => Assert.Equal(p.First.To, p.Second.From));

        var phases = timeline.Phases;
        Assert.Equal(11 * Ms, phases[CallPhase.StartUp]); // to task 1's arrival at worker 11
        Assert.Equal(25 * Ms, phases[CallPhase.Compute]); // 15 + 10 ms of CPU
        Assert.Equal(5 * Ms, phases[CallPhase.Waiting]); // task 1's 20 ms wall less its 15 ms of CPU
        // task 1's receipt, the hand-over between tasks, task 3's receipt, its result's way back, and the wait for shutdown
        Assert.Equal((1 + 2 + 1 + 2 + 1) * Ms, phases[CallPhase.Moving]);
        Assert.Equal(12 * Ms, phases[CallPhase.Shutdown]);
    }

    [Fact]
    public void TheBarsShowEachWorkersStartTasksAndExit()
    {
        var timeline = CallTimeline.Of(TwoWorkers());

        Assert.Contains(new TimelineSpan(1, 2 * Ms, 10 * Ms, SpanKind.Starting, 0), timeline.Spans);
        Assert.Contains(new TimelineSpan(1, 12 * Ms, 27 * Ms, SpanKind.Compute, 1), timeline.Spans);
        Assert.Contains(new TimelineSpan(1, 27 * Ms, 32 * Ms, SpanKind.Waiting, 1), timeline.Spans);
        Assert.Contains(new TimelineSpan(2, 48 * Ms, 56 * Ms, SpanKind.Shutdown, 0), timeline.Spans);
        Assert.All(timeline.Spans, s => Assert.True(s.To > s.From));
    }

    /// <summary>Task 3 offered to worker 12 first (at 30 ms), then to worker 11 (at 33 ms), which ran it: its way there starts at 33 ms.</summary>
    [Fact]
    public void ATaskOfferedToTwoWorkersMovesFromItsSendToTheOneThatRanIt()
    {
        var call = TwoWorkers();
        var events = call.Events.Concat([
            new TimelineEvent((1000 + 30) * Ms, K.TaskSent, 12, 3, 0), new TimelineEvent((1000 + 33) * Ms, K.TaskSent, 11, 3, 0)]).OrderBy(e => e.Nanoseconds).ToList();

        var timeline = CallTimeline.Of(call with { Events = events });

        Assert.Contains(new TimelineSpan(1, 33 * Ms, 34 * Ms, SpanKind.Moving, 3), timeline.Spans);
        Assert.DoesNotContain(timeline.Spans, s => s.Task == 3 && s.From == 30 * Ms);
    }

    [Fact]
    public void SequentialCodeRunsItsTasksOnTheCallersRow()
    {
        var sequential = new ExecutorId(Runtime.DotNet, ExecutorKind.Sequential);
        var timeline = CallTimeline.Of(Call(sequential,
        [
            (0, K.CallBegan, 0, 0, 0), (0, K.TaskSubmitted, 0, 1, 0), (1, K.TaskStarted, 7, 1, 0), (5, K.TaskFinished, 7, 1, -1),
            (5, K.TaskSubmitted, 0, 2, 0), (6, K.TaskStarted, 7, 2, 0), (9, K.TaskFinished, 7, 2, -1), (10, K.CallReturned, 0, 0, 0),
        ]));

        Assert.Equal(["caller"], timeline.Rows);
        Assert.Equal(0, timeline.CriticalRow);
        Assert.Equal(7 * Ms, timeline.Phases[CallPhase.Compute]); // CPU time unknown (−1): the whole task computes
        Assert.Equal(timeline.Total, timeline.Phases.Values.Sum());
    }

    [Fact]
    public void ACallWithoutAReturnIsRefusedInOneLine()
    {
        var call = Call(Fork, [(0, K.CallBegan, 0, 0, 0), (1, K.TaskFinished, 11, 1, 0)]);
        var error = Assert.Throws<ResultsException>(() => CallTimeline.Of(call));
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AGapIsExplainedOnlyWhereTheMeasurementTellsItFromZero()
    {
        var article = new ArticleAnswer(5,
        [
            new(Threads, Runtime.CPython, new Timing(40 * Ms, 39 * Ms, 41 * Ms, 5), null, null, null),
            new(Fork, Runtime.CPython, new Timing(60 * Ms, 59 * Ms, 61 * Ms, 5), new Versus(1.5, 1.4, 1.6, Verdict.Slower), null, null),
        ], []);
        var threads = Call(Threads,
        [
            (0, K.CallBegan, 0, 0, 0), (1, K.TaskStarted, 5, 1, 0), (39, K.TaskFinished, 5, 1, 30 * Ms), (40, K.CallReturned, 0, 0, 0),
        ]);
        var splits = TracedGaps.Splits([CallTimeline.Of(TwoWorkers()), CallTimeline.Of(threads)], article);

        var gap = Assert.Single(TracedGaps.Gaps(splits, article));
        Assert.True(gap.HasGap);
        Assert.Equal(20 * Ms, gap.Gap);
        Assert.Equal(gap.Gap, gap.Differences.Values.Sum());
        Assert.Contains("traced, +20 ms", Narrative.TracedGap(gap, []), StringComparison.Ordinal);

        var noisy = gap with { Versus = new Versus(1.1, 0.9, 1.3, Verdict.Unknown) };
        Assert.False(noisy.HasGap);
        Assert.Contains("no gap to explain", Narrative.TracedGap(noisy, []), StringComparison.Ordinal);
        Assert.Equal(0, splits.Single(s => s.Executor == Threads).Overhead);
    }

    [Fact]
    public void TheChromeTraceHoldsEveryEventInTheTraceEventFormat()
    {
        var timeline = CallTimeline.Of(TwoWorkers());

        var trace = JsonNode.Parse(ChromeTrace.Write(timeline))!.AsObject();
        var events = trace["traceEvents"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.All(events, e =>
        {
            Assert.False(string.IsNullOrEmpty(e["name"]?.GetValue<string>()));
            Assert.Contains(e["ph"]!.GetValue<string>(), new[] { "X", "i", "M" });
            Assert.Equal(1, e["pid"]!.GetValue<int>());
            Assert.True(e["tid"]!.GetValue<int>() >= 0);
        });
        var complete = events.Where(e => e["ph"]!.GetValue<string>() == "X").ToList();
        Assert.Equal(timeline.Spans.Count + timeline.Path.Count, complete.Count);
        Assert.All(complete, e => Assert.True(e["dur"]!.GetValue<double>() > 0 && e["ts"]!.GetValue<double>() >= 0));
        var instants = events.Where(e => e["ph"]!.GetValue<string>() == "i").ToList();
        Assert.Equal(timeline.Call.Events.Count, instants.Count);
        Assert.All(instants, e => Assert.Equal("t", e["s"]!.GetValue<string>()));
        Assert.Equal(
            timeline.Call.Events.Select(e => e.Kind.ToString()).Order(StringComparer.Ordinal),
            instants.Select(e => e["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var names = events.Where(e => e["ph"]!.GetValue<string>() == "M" && e["name"]!.GetValue<string>() == "thread_name").ToList();
        Assert.Equal(timeline.Rows.Count + 1, names.Count); // each row, and the critical path
        Assert.Equal("ms", trace["displayTimeUnit"]!.GetValue<string>());
    }

    [Fact]
    public void ATracedCallSurvivesItsFile()
    {
        string run = Directory.CreateTempSubdirectory("study-timeline-").FullName;
        try
        {
            var call = TwoWorkers();
            call.WriteTo(Path.Combine(run, TracedCall.FolderName));

            var read = Assert.Single(TracedCall.Load(run));
            Assert.Equal(call.Executor, read.Executor);
            Assert.Equal(call.Events, read.Events);
            Assert.Equal(call.Items, read.Items);
            Assert.Equal(call.CallMilliseconds, read.CallMilliseconds);
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }

    [Fact]
    public void AFileThatIsNoTracedCallIsRefusedInOneLine()
    {
        var error = Assert.Throws<ResultsException>(() => TracedCall.Parse("""{"runtime": "CPython", "executor": "Pigeons"}""", "x.events.json"));
        Assert.StartsWith("x.events.json is not a traced call", error.Message, StringComparison.Ordinal);
    }

    private static TracedCall Call(ExecutorId executor, (long Ms, TimelineEventKind Kind, long Worker, long Task, long Value)[] events) =>
        new(executor, 2, [10, 20, 30], [1, 2, 3],
            [.. events.Select(e => new TimelineEvent((1000 + e.Ms) * Ms, e.Kind, e.Worker, e.Task, e.Value)).OrderBy(e => e.Nanoseconds)]);
}
