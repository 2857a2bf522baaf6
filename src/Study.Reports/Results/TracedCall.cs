using System.Text.Json;
using System.Text.Json.Nodes;
using Study.Futures.Tracing;

namespace Study.Reports.Results;

/// <summary>
/// One traced call of the article's case through one executor, recorded by the suite after the case's measured
/// iterations (never during them): the median, by wall time, of <see cref="CallMilliseconds"/>'s calls, and its events
/// on the machine's monotonic clock. The suite writes one file per executor into <see cref="FolderName"/>; the CPython
/// driver's files have the same shape. Runs from before the timelines have none.
/// </summary>
/// <param name="Executor">Which executor.</param>
/// <param name="Workers">The pool's workers (1 for sequential code).</param>
/// <param name="Items">The work list's items.</param>
/// <param name="CallMilliseconds">Every traced call's wall time, in the order they ran; the kept one is their median.</param>
/// <param name="Events">The kept call's events, in time order.</param>
public sealed record TracedCall(
    ExecutorId Executor, int Workers, IReadOnlyList<long> Items, IReadOnlyList<double> CallMilliseconds, IReadOnlyList<TimelineEvent> Events)
{
    /// <summary>The folder of a results folder that holds the traced calls, and their Chrome traces.</summary>
    public const string FolderName = "timelines";

    /// <summary>How the files of the traced calls end.</summary>
    public const string Extension = ".events.json";

    /// <summary>The environment variable that tells the suite's benchmark processes where to write traced calls.</summary>
    public const string FolderVariable = "STUDY_TIMELINES";

    /// <summary>The folder, in <see cref="FolderName"/>, of the traced calls of an interpreter other than the run's own: <c>python-3.14</c>.</summary>
    public static string PythonFolder(string python) => $"python-{python}";

    /// <summary>The file name of an executor's traced call: <c>dotnet-processesaot.events.json</c>, <c>cpython-processes-fork.events.json</c>.</summary>
    public static string FileNameOf(ExecutorId executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        string name = $"{executor.Runtime}-{executor.Kind}" + (executor.StartMethod == StartMethod.None ? "" : $"-{executor.StartMethod}");
        return name.ToLowerInvariant() + Extension;
    }

    /// <summary>Writes the file into <paramref name="folder"/> (created if needed) atomically: a reader never sees half of it.</summary>
    public void WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        var events = new JsonArray();
        foreach (var e in Events)
        {
            events.Add(new JsonArray(e.Nanoseconds, e.Kind.ToString(), e.Worker, e.Task, e.Value));
        }

        var json = new JsonObject
        {
            ["runtime"] = Executor.Runtime.ToString(),
            ["executor"] = Executor.Kind.ToString(),
            ["startMethod"] = Executor.StartMethod == StartMethod.None ? null : Executor.StartMethod.ToString(),
            ["workers"] = Workers,
            ["items"] = new JsonArray([.. Items.Select(i => (JsonNode)i)]),
            ["callMilliseconds"] = new JsonArray([.. CallMilliseconds.Select(m => (JsonNode)m)]),
            ["events"] = events,
        };
        string path = Path.Combine(folder, FileNameOf(Executor)), temporary = path + ".tmp";
        File.WriteAllText(temporary, json.ToJsonString());
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Parses one file's JSON (the suite's, or the CPython driver's <c>timeline</c> reply).
    /// </summary>
    /// <exception cref="ResultsException">It is not a traced call.</exception>
    public static TracedCall Parse(string json, string source)
    {
        try
        {
            var root = JsonNode.Parse(json)?.AsObject() ?? throw new JsonException("not an object");
            var runtime = Enum.Parse<Runtime>(root["runtime"]!.GetValue<string>(), ignoreCase: true);
            var executor = ExecutorId.Parse(runtime, root["executor"]?.GetValue<string>(), root["startMethod"]?.GetValue<string>())
                ?? throw new JsonException("an unknown executor");
            var events = root["events"]!.AsArray().Select(node =>
            {
                var e = node!.AsArray();
                return new TimelineEvent(
                    e[0]!.GetValue<long>(), Enum.Parse<TimelineEventKind>(e[1]!.GetValue<string>()), e[2]!.GetValue<long>(), e[3]!.GetValue<long>(), e[4]!.GetValue<long>());
            }).OrderBy(e => e.Nanoseconds).ToList();
            return new TracedCall(
                executor,
                root["workers"]!.GetValue<int>(),
                [.. root["items"]!.AsArray().Select(n => n!.GetValue<long>())],
                [.. root["callMilliseconds"]!.AsArray().Select(n => n!.GetValue<double>())],
                events);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or ArgumentException or FormatException)
        {
            throw new ResultsException($"{source} is not a traced call: {e.Message}");
        }
    }

    /// <summary>
    /// The traced calls of a results folder (of <paramref name="python"/>, an interpreter other than the run's own,
    /// when given), in the executors' order; empty when it has none. A file that is no traced
    /// call (cut short, edited) is left out and said why in <paramref name="problems"/>: a picture missing is no reason
    /// to lose the report.
    /// </summary>
    public static IReadOnlyList<TracedCall> Load(string resultsFolder, ICollection<string>? problems = null, string? python = null)
    {
        string folder = Path.Combine(resultsFolder, FolderName);
        if (python is not null)
        {
            folder = Path.Combine(folder, PythonFolder(python));
        }

        if (!Directory.Exists(folder))
        {
            return [];
        }

        var calls = new List<TracedCall>();
        foreach (string path in Directory.EnumerateFiles(folder, "*" + Extension).Order(StringComparer.Ordinal))
        {
            try
            {
                var call = Parse(File.ReadAllText(path), Path.GetFileName(path));
                _ = Span(call.Events); // a call without its start or return is no call
                calls.Add(call);
            }
            catch (Exception e) when (e is ResultsException or IOException or InvalidOperationException)
            {
                problems?.Add(e is ResultsException ? e.Message : $"{Path.GetFileName(path)} is not a traced call: {e.Message}");
            }
        }

        return [.. calls.OrderBy(c => c.Executor.Runtime).ThenBy(c => c.Executor.Order)];
    }

    /// <summary>The kept call's wall time, from its <see cref="TimelineEventKind.CallBegan"/> to its <see cref="TimelineEventKind.CallReturned"/>.</summary>
    public double Milliseconds => Span(Events) / 1e6;

    /// <summary>The ns from the first <see cref="TimelineEventKind.CallBegan"/> to the last <see cref="TimelineEventKind.CallReturned"/>.</summary>
    public static long Span(IReadOnlyList<TimelineEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        long began = events.First(e => e.Kind == TimelineEventKind.CallBegan).Nanoseconds;
        long returned = events.Last(e => e.Kind == TimelineEventKind.CallReturned).Nanoseconds;
        return returned - began;
    }
}
