using ScottPlot;
using Study.Reports.Output;

namespace Study.Reports.Publishing;

/// <summary>
/// A machine's history as a plot (ScottPlot, SVG): a group of figures against the run, each point with its interval
/// as a bar, the flagged changes ringed in red, each executor in its own colour (<see cref="ExecutorColors"/>). Runs are evenly spaced and numbered, not placed in time: a machine's
/// runs come minutes or months apart, and what matters is their order.
/// </summary>
internal static class HistoryPlots
{
    private static readonly MarkerShape[] Repeats = [MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.OpenTriangleDown, MarkerShape.Cross];

    /// <summary>The plot of <paramref name="series"/>, or null when they hold no point.</summary>
    public static PlotFile? Draw(string machine, string group, IReadOnlyList<HistorySeries> series, IReadOnlyList<PublishedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(runs);
        if (series.All(s => s.Points.Count == 0))
        {
            return null;
        }

        string unit = series[0].Unit;
        bool log = unit is "ns" or "iterations";
        double Y(double v) => log ? Math.Log10(v) : v;
        var plot = ReportPlots.NewPlot(group.Split(':')[0], "run (UTC date and time, profile, commit), oldest first", unit switch
        {
            "×" => "time ÷ threads' time (×)",
            "%" => "median absolute error (%)",
            "ns" => "time (ns, log scale)",
            _ => "kernel iterations (log scale)",
        });
        int index = 0;
        var flagged = new List<(double X, double Y)>();
        var seen = new Dictionary<ExecutorId, int>();
        foreach (var s in series)
        {
            var xs = s.Points.Select(p => (double)p.Number).ToArray();
            var line = plot.Add.Scatter(xs, s.Points.Select(p => Y(p.Value)).ToArray());
            ReportPlots.Style(line, ReportPlots.Shorten(s.Name), s.Runtime, index++);
            if (s.Executor is { } executor)
            {
                // The executor's own colour; a second series of one executor (a crossover cold and warm, a cost with
                // other parameters) keeps it and takes another marker.
                line.Color = ExecutorColors.Of(executor);
                int repeat = seen[executor] = seen.GetValueOrDefault(executor, -1) + 1;
                if (repeat > 0)
                {
                    line.MarkerShape = Repeats[(repeat - 1) % Repeats.Length];
                }
            }
            for (int i = 0; i < xs.Length; i++)
            {
                var p = s.Points[i];
                if (double.IsFinite(p.Lower) && double.IsFinite(p.Upper) && (!log || p.Lower > 0))
                {
                    var bar = plot.Add.Line(xs[i], Y(p.Lower), xs[i], Y(p.Upper));
                    bar.LineColor = line.Color;
                    bar.LineWidth = 2;
                }

                if (p.Change is not null)
                {
                    flagged.Add((xs[i], Y(p.Value)));
                }
            }
        }

        ReportPlots.RedRings(plot, [.. flagged.Select(f => f.X)], [.. flagged.Select(f => f.Y)], 16, "a real change from the previous run");

        if (unit == "×")
        {
            plot.Add.HorizontalLine(1).LineColor = Colors.Black;
        }

        if (log)
        {
            var values = series.SelectMany(s => s.Points).SelectMany(p => new[] { p.Value, p.Lower, p.Upper }).Where(v => double.IsFinite(v) && v > 0).ToList();
            ReportPlots.LogTicks(plot.Axes.Left, Math.Log10(values.Min()), Math.Log10(values.Max()));
        }

        // Each run by its date, profile and commit (a disturbed run says so), not by a bare number.
        double[] positions = [.. Enumerable.Range(1, runs.Count).Select(i => (double)i)];
        plot.Axes.Bottom.SetTicks(positions, [.. runs.Select(r => System.FormattableString.Invariant($"{r.Started:MM-dd HH:mm}\n{r.Profile} {r.Commit}{(r.Disturbed ? "\ndisturbed" : string.Empty)}"))]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.SetLimitsX(0.5, runs.Count + 0.5);
        string file = $"{machine}-{string.Concat(group.Split(':')[0].Where(char.IsLetterOrDigit)).ToLowerInvariant()}.svg";
        return ReportPlots.Save(plot, file, $"{group}, run by run on {machine} (bars: each point's interval; red rings: flagged changes).", 440 + (30 * (series.Count + 1)));
    }
}
