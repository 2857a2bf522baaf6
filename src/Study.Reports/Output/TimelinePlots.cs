using ScottPlot;
using Study.Reports.Analysis;

namespace Study.Reports.Output;

/// <summary>
/// The traced calls as Gantt charts, one per runtime: every executor's rows (the caller, then each worker) on one
/// time axis, bars coloured by what they show, the same colours everywhere; the worker on the critical path is named.
/// </summary>
internal static class TimelinePlots
{
    private const double RowHeight = 26;

    /// <summary>What each kind of bar looks like, in every chart.</summary>
    internal static Color ColorOf(SpanKind kind) => kind switch
    {
        SpanKind.Creating => Colors.LightSteelBlue,
        SpanKind.Starting => Colors.SteelBlue,
        SpanKind.Compute => Colors.SeaGreen,
        SpanKind.Waiting => Colors.Crimson,
        SpanKind.Moving => Colors.Orange,
        _ => Colors.Gray,
    };

    /// <summary>The file of a runtime's chart.</summary>
    public static string FileOf(Runtime runtime) => $"timeline-{runtime.ToString().ToLowerInvariant()}.svg";

    /// <summary>A chart per runtime with traced calls.</summary>
    public static IEnumerable<PlotFile> Draw(StudyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var group in report.Timelines.GroupBy(t => t.Call.Executor.Runtime))
        {
            yield return Gantt(group.Key, [.. group]);
        }
    }

    private static PlotFile Gantt(Runtime runtime, List<CallTimeline> timelines)
    {
        var plot = ReportPlots.NewPlot($"{runtime.Name()}: one call of the article's case, traced", "time since the call began (ms)", string.Empty);
        var bars = new List<Bar>();
        var ticks = new List<(double Position, string Label)>();
        double y = 0;
        foreach (var timeline in timelines)
        {
            for (int row = 0; row < timeline.Rows.Count; row++)
            {
                double position = -(y + row);
                string label = row == 0 ? $"{timeline.Call.Executor.Brief()}: caller" : timeline.Rows[row];
                ticks.Add((position, row == timeline.CriticalRow && !timeline.Call.Executor.IsSequential ? label + " ◆" : label));
                foreach (var span in timeline.Spans.Where(s => s.Row == row))
                {
                    bars.Add(new Bar
                    {
                        Position = position,
                        ValueBase = span.From / 1e6,
                        Value = span.To / 1e6,
                        FillColor = ColorOf(span.Kind),
                        LineWidth = 0,
                        Size = 0.7,
                    });
                }
            }

            y += timeline.Rows.Count + 0.6;
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        var kinds = timelines.SelectMany(t => t.Spans).Select(s => s.Kind).Distinct().Order();
        plot.Legend.ManualItems.AddRange(kinds.Select(k => new LegendItem { LabelText = Names.Of(k), FillColor = ColorOf(k) }));
        plot.Axes.Left.SetTicks([.. ticks.Select(t => t.Position)], [.. ticks.Select(t => t.Label)]);
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimitsX(0, timelines.Max(t => t.Total) / 1e6 * 1.02);
        plot.Axes.SetLimitsY(-(y - 0.2), 0.8);
        return ReportPlots.Save(plot, FileOf(runtime),
            $"{runtime.Name()}: the traced call of the article's case through each executor (the median of {timelines[0].Call.CallMilliseconds.Count} traced calls), one row for the caller and one for each worker, on one time axis. A task's bar shows its thread's CPU time, then the rest of its wall time, when it waited for a core or the GIL (within the task, not necessarily at its end). ◆ marks the worker on the critical path. Each call is in timelines/ as a Chrome trace for ui.perfetto.dev.",
            (int)(220 + (RowHeight * y)));
    }
}
