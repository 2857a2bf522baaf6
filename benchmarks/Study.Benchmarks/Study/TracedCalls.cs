using System.Text.Json.Nodes;
using Study.Benchmarks.CPython;
using Study.Futures.Tracing;
using Study.Kernel;
using Study.Reports.Results;

namespace Study.Benchmarks.Study;

/// <summary>
/// The timeline of the article's case: once a case's measured iterations are over, its first launch runs the call
/// <see cref="Calls"/> more times with <see cref="FuturesEventSource"/> on and keeps the median one (by wall time) as a
/// <see cref="TracedCall"/> in the run's <see cref="TracedCall.FolderName"/> folder. Outside the measurement, so the
/// tracing costs the figures nothing; the report sets the traced call beside the case's interval to say what it cost.
/// </summary>
public static class TracedCalls
{
    /// <summary>How many calls are traced; the median is kept.</summary>
    public const int Calls = 3;

    /// <summary>The folder to write into; null when the suite did not ask (a run outside <c>./run.sh</c>).</summary>
    public static string? Folder => Environment.GetEnvironmentVariable(TracedCall.FolderVariable);

    /// <summary>
    /// Whether this benchmark process should trace a case: the profile's article case (map, cold, the article's five
    /// workers, two in the dry profile; sequential code on one), in its first launch, with a folder to write into.
    /// </summary>
    public static bool Wanted(ExecutorKind executor, int workers, WorkShape shape, Lifetime lifetime)
    {
        bool first = Environment.GetEnvironmentVariable(Launches.Variable) is null or "1";
        int article = executor == ExecutorKind.Sequential ? 1 : Profiles.Current == Profile.Dry ? 2 : 5;
        return Folder is not null && first && shape == WorkShape.Article && lifetime == Lifetime.Cold && workers == article;
    }

    /// <summary>Traces <paramref name="kind"/> with <paramref name="workers"/> over <paramref name="list"/>: map, as the benchmark does.</summary>
    public static void Trace(ExecutorKind kind, int workers, WorkList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var calls = Enumerable.Range(0, Calls).Select(_ => TraceOnce(kind, workers, list)).ToList();
        var kept = calls.OrderBy(TracedCall.Span).ElementAt(Calls / 2);
        new TracedCall(
            new ExecutorId(Runtime.DotNet, kind), workers, [.. list.Items],
            [.. calls.Select(c => TracedCall.Span(c) / 1e6)], kept).WriteTo(Folder!);
    }

    /// <summary>
    /// Asks the CPython driver to trace its case (set up by the benchmark) and writes what it recorded: the run's own
    /// interpreter's into the folder, another's into a folder of its own in it (<see cref="TracedCall.PythonFolder"/>).
    /// </summary>
    public static void Trace(CPythonDriver driver, string python)
    {
        ArgumentNullException.ThrowIfNull(driver);
        var reply = driver.Send(new { op = "trace", calls = Calls });
        var timeline = reply["timeline"] as JsonObject ?? throw new CPythonException("the trace reply has no timeline");
        string folder = python == Pythons.Primary ? Folder! : Path.Combine(Folder!, TracedCall.PythonFolder(python));
        TracedCall.Parse(timeline.ToJsonString(), "the CPython driver's trace").WriteTo(folder);
    }

    private static IReadOnlyList<TimelineEvent> TraceOnce(ExecutorKind kind, int workers, WorkList list)
    {
        var log = FuturesEventSource.Log;
        List<Int128> results;
        IReadOnlyList<TimelineEvent> events;
        using (var recorder = new TimelineRecorder())
        {
            log.Emit(TimelineEventKind.CallBegan);
            var executor = ExecutorFactory.Create(kind, workers);
            log.Emit(TimelineEventKind.PoolCreated);
            try
            {
                results = [.. executor.Map(SumKernel.Sum, list.Items)];
            }
            finally
            {
                log.Emit(TimelineEventKind.ShutdownBegan);
                executor.Dispose();
                log.Emit(TimelineEventKind.CallReturned);
            }

            events = recorder.Stop();
        }

        if (!results.SequenceEqual(list.Items.Select(SumKernel.ClosedForm)))
        {
            throw new InvalidOperationException($"{kind} returned wrong results in its traced call.");
        }

        return events;
    }
}
