using System.Globalization;
using System.Text;

namespace Study.Futures.Tracing;

/// <summary>
/// A worker process's side of a traced call. While <see cref="FuturesEventSource"/> has a listener, a process pool
/// names a folder in <see cref="Variable"/>; its workers keep their events (tasks by their call id on the wire) and
/// write them to <c>{pid}.trace</c> there when they exit, a line each; the pool reads the file once the worker has
/// exited and re-emits the events with the parent's trace ids. A file, not the protocol: tracing changes no frame.
/// </summary>
internal static class WorkerTrace
{
    /// <summary>The environment variable naming the folder; a worker without it records nothing.</summary>
    public const string Variable = "STUDY_FUTURES_TRACE";

    private static readonly string? s_folder = Environment.GetEnvironmentVariable(Variable);
    private static readonly List<TimelineEvent> s_events = [];

    /// <summary>Whether this worker records.</summary>
    public static bool IsOn => s_folder is not null;

    /// <summary>Records an event of this process now (and emits it, for a session attached to the worker).</summary>
    public static void Record(TimelineEventKind kind, long callId = 0, long value = 0) =>
        Record(new TimelineEvent(FuturesEventSource.Now(), kind, Environment.ProcessId, callId, value));

    /// <summary>Records <paramref name="e"/> (and emits it, for a session attached to the worker).</summary>
    public static void Record(TimelineEvent e)
    {
        FuturesEventSource.Log.Emit(e);
        if (s_folder is not null)
        {
            lock (s_events)
            {
                s_events.Add(e);
            }
        }
    }

    /// <summary>Writes the recorded events to this process's file, once, as the worker ends.</summary>
    public static void Write()
    {
        if (s_folder is null)
        {
            return;
        }

        var text = new StringBuilder();
        lock (s_events)
        {
            foreach (var e in s_events)
            {
                text.Append(CultureInfo.InvariantCulture, $"{(int)e.Kind} {e.Nanoseconds} {e.Task} {e.Value}\n");
            }

            s_events.Clear();
        }

        try
        {
            File.WriteAllText(PathOf(s_folder, Environment.ProcessId), text.ToString());
        }
        catch (IOException)
        {
            // A trace is a picture, never a reason to fail a worker.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The file a worker writes into <paramref name="folder"/>.</summary>
    public static string PathOf(string folder, int processId) =>
        Path.Combine(folder, processId.ToString(CultureInfo.InvariantCulture) + ".trace");

    /// <summary>
    /// The parent: re-emits the events of the exited worker <paramref name="processId"/>, each task by the trace id
    /// <paramref name="traceIds"/> gives its call id, and deletes the file.
    /// </summary>
    public static void Replay(string folder, int processId, IReadOnlyDictionary<long, long> traceIds)
    {
        string path = PathOf(folder, processId);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
            File.Delete(path);
        }
        catch (IOException)
        {
            return; // killed before it could write: its tasks show only the parent's side
        }

        foreach (string line in lines)
        {
            string[] fields = line.Split(' ');
            if (fields.Length != 4
                || !int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int kind)
                || !long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long nanoseconds)
                || !long.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long callId)
                || !long.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
            {
                continue;
            }

            long task = callId == 0 ? 0 : traceIds.GetValueOrDefault(callId);
            FuturesEventSource.Log.Emit(new TimelineEvent(nanoseconds, (TimelineEventKind)kind, processId, task, value));
        }
    }
}
