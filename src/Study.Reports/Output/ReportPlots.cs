using ScottPlot;
using Study.Reports.Analysis;

namespace Study.Reports.Output;

/// <summary>A plot of the report: its file name beside the report, its caption and its SVG text.</summary>
internal sealed record PlotFile(string File, string Caption, string Svg)
{
    /// <summary>The names the plot gives its series (legend entries or axis labels): each must be drawn, none lost to a full legend.</summary>
    public IReadOnlyList<string> Series { get; init; } = [];

    /// <summary>The axes' titles, bottom then left: a time axis names its unit.</summary>
    public IReadOnlyList<string> AxisTitles { get; init; } = [];
}

/// <summary>
/// The report's plots, drawn by ScottPlot as SVG (text stays text, sharp at any width): time against workers per shape,
/// speed-up against the ideal bound, the decomposition, predicted against measured, and the crossover curves.
/// Sized and lettered to stay readable when a phone shrinks them to its width.
/// </summary>
internal static class ReportPlots
{
    private const int Width = 720;
    private const int Height = 540;

    /// <summary>Every plot the report's data allows.</summary>
    public static List<PlotFile> Draw(StudyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plots = new List<PlotFile>();
        if (Stability(report) is { } stability)
        {
            plots.Add(stability);
        }

        if (Forest(report) is { } forest)
        {
            plots.Add(forest);
        }

        plots.AddRange(TimelinePlots.Draw(report));
        foreach (var shape in report.Cases.Select(r => r.Shape).Distinct())
        {
            if (TimeVersusWorkers(report, shape) is { } plot)
            {
                plots.Add(plot);
            }
        }

        foreach (var plot in new[] { SpeedUp(report), Decomposition(report), PredictedVersusMeasured(report), Crossover(report) })
        {
            if (plot is not null)
            {
                plots.Add(plot);
            }
        }

        return plots;
    }

    /// <summary>The file of the first screen's plot.</summary>
    public const string ForestFile = "forest.svg";

    /// <summary>
    /// The answer at a glance: each executor's ratio to its runtime's threads on the article's case, with its interval,
    /// both runtimes, sequential code included, on a log axis (a ratio and its inverse equally far from 1).
    /// </summary>
    private static PlotFile? Forest(StudyReport report)
    {
        var own = report.Article.Executors.Where(e => e.VersusThreads is not null || e.Executor.IsThreads)
            .OrderBy(e => e.Runtime == Runtime.CPython ? 0 : 1).ThenBy(e => e.Executor.Order)
            .Select(e => (Time: e, Label: Shorten(e.Executor.Label()))).ToList();
        if (!own.Any(e => e.Time.VersusThreads is not null))
        {
            return null;
        }

        // A run of several interpreters: each other one's default pool and InterpreterPoolExecutor, after the run's own CPython.
        string ownId = Answer.InterpreterOf(report) is { } id ? $"CPython {id}" : "CPython";
        var others = report.Pythons.Where(p => !p.Own)
            .SelectMany(p => new[] { p.DefaultPool, p.InterpreterPool }.OfType<ExecutorTime>().Where(e => e.VersusThreads is not null)
                .Select(e => (Time: e, Label: Shorten(e.Executor.Label()).Replace("CPython", $"CPython {p.Id}", StringComparison.Ordinal))));
        var rows = own.Where(r => r.Time.Runtime == Runtime.CPython).Select(r => (r.Time, Label: r.Label.Replace("CPython", ownId, StringComparison.Ordinal)))
            .Concat(others).Concat(own.Where(r => r.Time.Runtime == Runtime.DotNet)).ToList();

        var plot = NewPlot($"The article's case, {report.Article.Workers} workers, against threads", "time ÷ threads' time (×, log scale)", string.Empty);
        var ticks = new List<(double Position, string Label)>();
        double low = 0, high = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            var (e, label) = rows[i];
            double y = -i - (e.Runtime == Runtime.DotNet ? 0.6 : 0);
            var color = ExecutorColors.Of(e.Executor);
            double ratio = e.VersusThreads?.Ratio ?? 1;
            if (e.VersusThreads is { } v && double.IsFinite(v.Lower) && double.IsFinite(v.Upper) && v.Lower > 0)
            {
                var bar = plot.Add.Line(Math.Log10(v.Lower), y, Math.Log10(v.Upper), y);
                bar.LineColor = color;
                bar.LineWidth = 4;
                low = Math.Min(low, Math.Log10(v.Lower));
                high = Math.Max(high, Math.Log10(v.Upper));
            }

            var point = plot.Add.Marker(Math.Log10(ratio), y);
            point.Color = color;
            point.Size = 13;
            point.Shape = e.VersusThreads is null ? MarkerShape.OpenCircle : e.Runtime == Runtime.CPython ? MarkerShape.FilledSquare : MarkerShape.FilledCircle;
            low = Math.Min(low, Math.Log10(ratio));
            high = Math.Max(high, Math.Log10(ratio));
            ticks.Add((y, label + (e.VersusThreads is null ? " (= 1)" : string.Empty)));
        }

        var one = plot.Add.VerticalLine(0);
        one.LineColor = Colors.Black;
        one.LineWidth = 1.5f;
        plot.Axes.Left.SetTicks([.. ticks.Select(t => t.Position)], [.. ticks.Select(t => t.Label)]);
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        double margin = Math.Max(0.05, (high - low) * 0.08);
        plot.Axes.SetLimitsX(low - margin, high + margin);
        plot.Axes.SetLimitsY(ticks.Min(t => t.Position) - 0.7, 0.7);
        RatioTicks(plot.Axes.Bottom, low - margin, high + margin);
        return Save(plot, ForestFile,
            "The answer at a glance: each executor's time on the article's case over its own runtime's or interpreter's threads (Hodges–Lehmann ratio, bar: the interval the verdict is read from); left of the line is faster than threads.",
            80 + (rows.Count * 20)) with { Series = [.. ticks.Select(t => t.Label)] };
    }

    /// <summary>Round ratios as ticks on an axis that carries log10 ratios, between 10^<paramref name="low"/> and 10^<paramref name="high"/>.</summary>
    internal static void RatioTicks(IAxis axis, double low, double high)
    {
        double[] steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 10, 20, 50, 100];
        var inside = steps.Where(s => Math.Log10(s) >= low && Math.Log10(s) <= high).ToList();
        List<double> positions = inside.Count <= 8 ? inside : [.. inside.Where((_, i) => i % 2 == 0 || inside[i] == 1)];
        axis.SetTicks([.. positions.Select(Math.Log10)], [.. positions.Select(p => p.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture))]);
    }

    private static PlotFile? TimeVersusWorkers(StudyReport report, string shape)
    {
        var rows = report.Cases.Where(r => r.Shape == shape && r.Lifetime == Lifetime.Cold && r.Api == Api.Map && r.Chunksize == 1).ToList();
        var series = rows.SelectMany(r => r.Executors.Select(e => (r.Workers, e))).Where(p => !p.e.Executor.IsSequential)
            .GroupBy(p => p.e.Executor).Where(g => g.Select(p => p.Workers).Distinct().Count() >= 2).ToList();
        if (series.Count == 0)
        {
            return null;
        }

        var plot = NewPlot($"{shape} list: time against workers (cold, map)", "workers", "median time (ms)");
        int index = 0;
        foreach (var group in series)
        {
            var points = group.OrderBy(p => p.Workers).ToList();
            var line = plot.Add.Scatter(points.Select(p => (double)p.Workers).ToArray(), points.Select(p => p.e.Time.Median / 1e6).ToArray());
            Style(line, group.Key, index++);
            foreach (var (workers, e) in points.Where(p => double.IsFinite(p.e.Time.Lower)))
            {
                var bar = plot.Add.Line(workers, e.Time.Lower / 1e6, workers, e.Time.Upper / 1e6);
                bar.LineColor = line.Color;
                bar.LineWidth = 2;
            }
        }

        plot.Axes.Bottom.SetTicks([.. series.SelectMany(g => g.Select(p => (double)p.Workers)).Distinct().Order()],
            [.. series.SelectMany(g => g.Select(p => p.Workers)).Distinct().Order().Select(w => w.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        plot.Axes.SetLimitsY(0, rows.SelectMany(r => r.Executors).Where(e => !e.Executor.IsSequential)
            .Max(e => double.IsFinite(e.Time.Upper) ? e.Time.Upper : e.Time.Median) / 1e6 * 1.1);
        return Save(plot, $"time-vs-workers-{shape.ToLowerInvariant()}.svg",
            $"The {shape} list, cold, mapped one item a call: each executor's median time (vertical bars: 95 % interval) against its worker count.");
    }

    private static PlotFile? SpeedUp(StudyReport report)
    {
        var article = report.Cases.Where(r => r.IsArticleSetting).ToList();
        var series = article.SelectMany(r => r.Executors.Where(e => e.VersusSequential is not null).Select(e => (r.Workers, e)))
            .GroupBy(p => p.e.Executor).Where(g => g.Select(p => p.Workers).Distinct().Count() >= 2).ToList();
        if (series.Count == 0)
        {
            return null;
        }

        var plot = NewPlot("Article's list: speed-up over sequential code", "workers", "speed-up (×)");
        int index = 0;
        foreach (var group in series)
        {
            var points = group.OrderBy(p => p.Workers).ToList();
            var line = plot.Add.Scatter(points.Select(p => (double)p.Workers).ToArray(), points.Select(p => 1 / p.e.VersusSequential!.Ratio).ToArray());
            Style(line, group.Key, index++);
        }

        // The bound: no schedule beats max(largest item, total / workers); the article's list allows 1.11× at most.
        var list = Kernel.WorkList.Create(Kernel.WorkShape.Article);
        var workers = series.SelectMany(g => g.Select(p => p.Workers)).Distinct().Order().ToArray();
        var bound = plot.Add.Scatter(workers.Select(w => (double)w).ToArray(), workers.Select(w => list.BestSpeedup(Math.Min(w, report.Run.Cores))).ToArray());
        bound.LegendText = "ideal bound (no overhead)";
        bound.Color = Colors.Black;
        bound.LineWidth = 3;
        bound.MarkerSize = 0;
        plot.Axes.Bottom.SetTicks([.. workers.Select(w => (double)w)], [.. workers.Select(w => w.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        return Save(plot, "speedup.svg",
            "The article's list: each executor's speed-up over sequential code of its runtime (the sequential median over its median) against the ideal bound, which the largest item (90 % of the work) holds to 1.11×.");
    }

    private static PlotFile? Decomposition(StudyReport report)
    {
        if (report.Decomposition.Count == 0)
        {
            return null;
        }

        var plot = NewPlot($"Where the time goes ({report.Article.Workers} workers)", "time (ms)", string.Empty);
        (string Name, Func<Prediction, double> Part, Color Color)[] parts =
        [
            ("start-up", p => p.StartUp, Colors.SteelBlue),
            ("dispatch + transfer", p => p.Dispatch + p.Transfer + p.Harness, Colors.Orange),
            ("compute", p => p.Compute, Colors.SeaGreen),
            ("idle cores (skew)", p => p.Skew, Colors.Gold),
            ("GIL", p => p.Gil, Colors.Crimson),
            ("shutdown", p => p.Shutdown, Colors.Gray),
        ];
        var bars = new List<Bar>();
        for (int i = 0; i < report.Decomposition.Count; i++)
        {
            double start = 0;
            foreach (var (_, part, color) in parts)
            {
                double value = part(report.Decomposition[i].Parts) / 1e6;
                bars.Add(new Bar { Position = i, ValueBase = start, Value = start + value, FillColor = color, LineWidth = 0, Size = 0.6 });
                start += value;
            }
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        var measured = plot.Add.Scatter(report.Decomposition.Select(d => d.Measured / 1e6).ToArray(), report.Decomposition.Select((_, i) => (double)i).ToArray());
        measured.LineWidth = 0;
        measured.MarkerSize = 14;
        measured.MarkerShape = MarkerShape.FilledDiamond;
        measured.Color = Colors.Black;
        measured.LegendText = "measured";
        plot.Legend.ManualItems.AddRange(parts.Select(p => new LegendItem { LabelText = p.Name, FillColor = p.Color }));
        plot.Axes.Left.SetTicks([.. report.Decomposition.Select((_, i) => (double)i)], [.. report.Decomposition.Select(d => PlotName(d.Executor))]);
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Axes.SetLimitsX(0, report.Decomposition.Max(d => Math.Max(d.Measured, d.Parts.Total)) / 1e6 * 1.08);
        return Save(plot, "decomposition.svg",
            "The article's case: the model's parts for each executor (from the microbenchmarks only), and the measured median (diamond).", Height + (report.Decomposition.Count * 18));
    }

    /// <summary>The machine's speed through the run: every canary reading against the run's median, each a case's end.</summary>
    private static PlotFile? Stability(StudyReport report)
    {
        var stability = report.Stability;
        if (!stability.HasData || stability.Points.Count == 0)
        {
            return null;
        }

        var plot = NewPlot("How steady the machine was", "minutes into the run", "machine's time ÷ run's median (×, above 1: slower)");
        int index = 0;
        foreach (var runtime in stability.Points.GroupBy(p => p.Runtime))
        {
            var points = runtime.ToList();
            double median = stability.MedianNanoseconds[runtime.Key];
            var readings = plot.Add.Scatter(points.Select(p => p.Minutes).ToArray(), points.Select(p => p.NanosecondsPerIteration / median).ToArray());
            readings.LineWidth = 0;
            readings.MarkerSize = 4;
            readings.Color = Palette(index).WithAlpha(0.45);
            readings.LegendText = $"{Name(runtime.Key)} canary, each case's start and end";
            var smoothed = plot.Add.Scatter(points.Select(p => p.Minutes).ToArray(), points.Select(p => p.Relative).ToArray());
            smoothed.MarkerSize = 0;
            smoothed.LineWidth = 2;
            smoothed.Color = Palette(index);
            smoothed.LegendText = $"{Name(runtime.Key)}, smoothed (median of 5)";
            index++;
        }

        var off = stability.Points.Where(p => p.Off).ToList();
        RedRings(plot, [.. off.Select(p => p.Minutes)], [.. off.Select(p => p.Relative)], 10, "unsteady cases");

        foreach (double edge in new[] { 1 + stability.Tolerance, 1 / (1 + stability.Tolerance) })
        {
            var line = plot.Add.HorizontalLine(edge);
            line.LineColor = Colors.Gray;
            line.LineWidth = 1;
        }

        var one = plot.Add.HorizontalLine(1);
        one.LineColor = Colors.Black;
        one.LineWidth = 1;
        return Save(plot, "stability.svg", string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"The machine's speed through the run (the kernel on every core and on one thread, and CPython's kernel in CPython's cases): each reading against the run's median; grey lines: the ±{stability.Tolerance * 100:0} % tolerance; red circles: readings that make their case unsteady."));

        static string Name(string runtime) => runtime switch
        {
            Results.CanaryReading.CPython => "CPython",
            Results.CanaryReading.DotNetThread => ".NET, one thread",
            _ => ".NET, every core",
        };
    }

    private static PlotFile? PredictedVersusMeasured(StudyReport report)
    {
        if (report.Model.All.Count == 0)
        {
            return null;
        }

        var plot = NewPlot($"Model: predicted against measured ({report.Model.Cases} grid cases)", "measured (ms, log scale)", "predicted (ms, log scale)");
        int index = 0;
        foreach (var group in report.Model.All.GroupBy(c => c.Runtime))
        {
            var points = plot.Add.Scatter(group.Select(c => Math.Log10(c.Measured / 1e6)).ToArray(), group.Select(c => Math.Log10(c.Predicted / 1e6)).ToArray());
            points.LineWidth = 0;
            points.MarkerSize = 9;
            points.LegendText = group.Key.Name();
            points.Color = Palette(index++);
        }

        double low = Math.Log10(report.Model.All.Min(c => Math.Min(c.Measured, c.Predicted)) / 1e6) - 0.1;
        double high = Math.Log10(report.Model.All.Max(c => Math.Max(c.Measured, c.Predicted)) / 1e6) + 0.1;
        var diagonal = plot.Add.Line(low, low, high, high);
        diagonal.LineColor = Colors.Black;
        diagonal.LegendText = "predicted = measured";
        foreach (double band in new[] { 1.1, 1 / 1.1 })
        {
            var edge = plot.Add.Line(low, low + Math.Log10(band), high, high + Math.Log10(band));
            edge.LineColor = Colors.Gray;
            edge.LineWidth = 1;
        }

        LogTicks(plot.Axes.Bottom, low, high);
        LogTicks(plot.Axes.Left, low, high);
        plot.Axes.SetLimits(low, high, low, high);
        return Save(plot, "predicted-vs-measured.svg",
            "Every grid case the model could predict: predicted against measured median (thin grey lines: ±10 %).");
    }

    private static PlotFile? Crossover(StudyReport report)
    {
        if (report.Crossovers.Count == 0)
        {
            return null;
        }

        // Both axes log: ratios from 1/16 to 16 sit as far from the crossing at 1 on either side, which a linear axis squashed.
        var plot = NewPlot("Crossover: process pool against GIL-bound threads", "work per task (µs, log scale)", "processes' time ÷ threads' time (×, log scale)");
        int index = 0;
        double bottom = 0, top = 0;
        foreach (var crossover in report.Crossovers.Where(c => c.Points.All(p => double.IsFinite(p.WorkMicroseconds) && p.WorkMicroseconds > 0 && p.ProcessesVersusThreads.Ratio > 0)))
        {
            var xs = crossover.Points.Select(p => Math.Log10(p.WorkMicroseconds)).ToArray();
            var ys = crossover.Points.Select(p => Math.Log10(p.ProcessesVersusThreads.Ratio)).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            Style(line, $"{PlotName(crossover.Processes)}, {crossover.Lifetime.Word()}", crossover.Runtime, index++);
            line.Color = ExecutorColors.Of(crossover.Processes);
            if (crossover.Lifetime == Lifetime.Cold)
            {
                line.MarkerShape = MarkerShape.OpenTriangleUp; // the executor's colour, and its cold sweep by its marker
            }
            bottom = Math.Min(bottom, ys.Min());
            top = Math.Max(top, ys.Max());
            for (int i = 0; i < xs.Length; i++)
            {
                var interval = crossover.Points[i].ProcessesVersusThreads;
                if (double.IsFinite(interval.Lower) && double.IsFinite(interval.Upper) && interval.Lower > 0)
                {
                    var bar = plot.Add.Line(xs[i], Math.Log10(interval.Lower), xs[i], Math.Log10(interval.Upper));
                    bar.LineColor = line.Color;
                    bar.LineWidth = 2;
                    bottom = Math.Min(bottom, Math.Log10(interval.Lower));
                    top = Math.Max(top, Math.Log10(interval.Upper));
                }
            }
        }

        var all = report.Crossovers.SelectMany(c => c.Points).Where(p => double.IsFinite(p.WorkMicroseconds) && p.WorkMicroseconds > 0).ToList();
        if (all.Count == 0)
        {
            return null;
        }

        double low = Math.Log10(all.Min(p => p.WorkMicroseconds)) - 0.2, high = Math.Log10(all.Max(p => p.WorkMicroseconds)) + 0.2;
        var one = plot.Add.HorizontalLine(0);
        one.LineColor = Colors.Black;
        LogTicks(plot.Axes.Bottom, low, high);
        plot.Axes.SetLimitsX(low, high);
        double margin = Math.Max(0.05, (top - bottom) * 0.06);
        plot.Axes.SetLimitsY(bottom - margin, top + margin);
        RatioTicks(plot.Axes.Left, bottom - margin, top + margin);
        return Save(plot, "crossover.svg",
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Task-size sweeps: the process pool's time over the GIL-bound threads' (below 1: processes win), against each task's work in µs (vertical bars: {(1 - report.Run.Alpha) * 100:0.#} % interval)."));
    }

    /// <summary>Red rings around the points a plot singles out (unsteady cases, flagged changes); nothing when there are none.</summary>
    internal static void RedRings(Plot plot, double[] xs, double[] ys, float size, string legend)
    {
        if (xs.Length == 0)
        {
            return;
        }

        var marks = plot.Add.Scatter(xs, ys);
        marks.LineWidth = 0;
        marks.MarkerSize = size;
        marks.MarkerShape = MarkerShape.OpenCircle;
        marks.Color = Colors.Red;
        marks.LegendText = legend;
    }

    internal static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        // A sans-serif face the browser has, rather than whatever default Skia finds on the machine that draws.
        plot.Font.Set("DejaVu Sans");
        plot.Title(title, 20);
        plot.XLabel(x, 18);
        plot.YLabel(y, 18);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 15;
        plot.Axes.Left.TickLabelStyle.FontSize = 15;
        plot.Legend.FontSize = 14;
        return plot;
    }

    internal static void Style(ScottPlot.Plottables.Scatter line, ExecutorId executor, int index)
    {
        Style(line, PlotName(executor), executor.Runtime, index);
        line.Color = ExecutorColors.Of(executor);
    }

    internal static void Style(ScottPlot.Plottables.Scatter line, string legend, Runtime runtime, int index)
    {
        line.LegendText = legend;
        line.Color = Palette(index);
        line.LineWidth = 3;
        line.MarkerSize = 9;
        if (runtime == Runtime.CPython)
        {
            // CPython's series: hollow squares (Skia's SVG canvas cannot draw dashed lines).
            line.MarkerShape = MarkerShape.OpenSquare;
            line.MarkerSize = 12;
        }
    }

    internal static Color Palette(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    /// <summary>Powers of ten as ticks on an axis that carries log10 values.</summary>
    internal static void LogTicks(IAxis axis, double low, double high)
    {
        var positions = Enumerable.Range((int)Math.Floor(low), (int)Math.Ceiling(high) - (int)Math.Floor(low) + 1).Select(e => (double)e).ToArray();
        axis.SetTicks(positions, [.. positions.Select(e => e is >= -3 and <= 4
            ? Math.Pow(10, e).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)
            : $"1e{e:0}")]);
    }

    private static string PlotName(ExecutorId executor) => Shorten(executor.Label());

    /// <summary>A series name shortened for a legend: ".NET processes AOT", ".NET GIL model".</summary>
    internal static string Shorten(string name) => name
        .Replace(" (JIT worker)", " JIT", StringComparison.Ordinal)
        .Replace(" (AOT worker)", " AOT", StringComparison.Ordinal)
        .Replace(" (AOT worker, shared memory)", " AOT, shared memory", StringComparison.Ordinal)
        .Replace("threads + GIL model", "GIL model", StringComparison.Ordinal)
        .Replace("shared thread pool", "ThreadPool", StringComparison.Ordinal);

    internal static PlotFile Save(Plot plot, string file, string caption, int height = Height)
    {
        List<string> series = [.. plot.GetPlottables().SelectMany(p => p.LegendItems).Concat(plot.Legend.ManualItems)
            .Select(i => i.LabelText).Where(t => !string.IsNullOrEmpty(t)).Distinct(StringComparer.Ordinal)];
        if (series.Count > 0)
        {
            // Below the plot, in rows that wrap: a legend box of one column held about seven names and dropped the
            // rest. Only with names to show: an empty legend panel stops ScottPlot drawing anything at all.
            plot.ShowLegend(Edge.Bottom);
            plot.Legend.Orientation = Orientation.Horizontal;
            plot.Legend.TightHorizontalWrapping = true;
        }

        return new(file, caption, plot.GetSvgXml(Width, height))
        {
            Series = series,
            AxisTitles = [plot.Axes.Bottom.Label.Text, plot.Axes.Left.Label.Text],
        };
    }
}
