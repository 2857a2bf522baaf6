using System.Text.Json.Nodes;
using Study.Reports.Analysis;

namespace Study.Reports.Output;

/// <summary>
/// A traced call as Chrome's Trace Event Format (JSON object form), which <c>ui.perfetto.dev</c> and
/// <c>chrome://tracing</c> open: one process named for the executor; a thread a row (the caller, each worker) with the
/// timeline's bars as complete events (<c>"ph": "X"</c>), every recorded moment as an instant event (<c>"ph": "i"</c>)
/// carrying what was recorded, and a last thread, "critical path", with its phases. Times in µs since the call began.
/// </summary>
internal static class ChromeTrace
{
    /// <summary>The file name beside the call's events: <c>….trace.json</c>.</summary>
    public static string FileNameOf(CallTimeline timeline) =>
        Results.TracedCall.FileNameOf(timeline.Call.Executor).Replace(Results.TracedCall.Extension, ".trace.json", StringComparison.Ordinal);

    /// <summary>The trace's JSON text.</summary>
    public static string Write(CallTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        const int Pid = 1;
        int pathThread = timeline.Rows.Count;
        var events = new JsonArray
        {
            Metadata("process_name", Pid, 0, timeline.Call.Executor.Label()),
        };
        for (int row = 0; row < timeline.Rows.Count; row++)
        {
            events.Add(Metadata("thread_name", Pid, row, timeline.Rows[row] + (row == timeline.CriticalRow ? " (critical)" : "")));
        }

        events.Add(Metadata("thread_name", Pid, pathThread, "critical path"));
        foreach (var span in timeline.Spans)
        {
            events.Add(new JsonObject
            {
                ["name"] = span.Task == 0 ? Names.Of(span.Kind) : $"{Names.Of(span.Kind)}: task {span.Task}",
                ["cat"] = span.Kind.ToString(),
                ["ph"] = "X",
                ["ts"] = Micro(span.From),
                ["dur"] = Micro(span.To - span.From),
                ["pid"] = Pid,
                ["tid"] = span.Row,
                ["args"] = new JsonObject { ["task"] = span.Task },
            });
        }

        foreach (var segment in timeline.Path)
        {
            events.Add(new JsonObject
            {
                ["name"] = Names.Of(segment.Phase),
                ["cat"] = "critical path",
                ["ph"] = "X",
                ["ts"] = Micro(segment.From),
                ["dur"] = Micro(segment.To - segment.From),
                ["pid"] = Pid,
                ["tid"] = pathThread,
            });
        }

        long t0 = timeline.Call.Events.First(e => e.Kind == Futures.Tracing.TimelineEventKind.CallBegan).Nanoseconds;
        foreach (var e in timeline.Call.Events)
        {
            events.Add(new JsonObject
            {
                ["name"] = e.Kind.ToString(),
                ["cat"] = "moment",
                ["ph"] = "i",
                ["s"] = "t",
                ["ts"] = Micro(e.Nanoseconds - t0),
                ["pid"] = Pid,
                ["tid"] = timeline.RowOfWorker.GetValueOrDefault(e.Worker),
                ["args"] = new JsonObject { ["worker"] = e.Worker, ["task"] = e.Task, ["value"] = e.Value },
            });
        }

        var trace = new JsonObject
        {
            ["traceEvents"] = events,
            ["displayTimeUnit"] = "ms",
            ["otherData"] = new JsonObject
            {
                ["executor"] = timeline.Call.Executor.Label(),
                ["workers"] = timeline.Call.Workers,
                ["items"] = new JsonArray([.. timeline.Call.Items.Select(i => (JsonNode)i)]),
                ["clock"] = "the machine's monotonic clock; ts in µs since the call began",
            },
        };
        return trace.ToJsonString();
    }

    private static JsonObject Metadata(string name, int pid, int tid, string value) => new()
    {
        ["name"] = name,
        ["ph"] = "M",
        ["pid"] = pid,
        ["tid"] = tid,
        ["args"] = new JsonObject { ["name"] = value },
    };

    private static double Micro(long nanoseconds) => nanoseconds / 1000.0;
}
