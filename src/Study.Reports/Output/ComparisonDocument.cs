using System.Globalization;
using Study.Reports.Comparison;
using Study.Reports.Statistics;

namespace Study.Reports.Output;

/// <summary>
/// A <see cref="ComparisonReport"/> as a <see cref="Document"/>: written once, rendered to markdown
/// (<see cref="MarkdownRenderer"/>) and HTML (<see cref="HtmlRenderer"/>) as the study's report is, so that the two
/// files say the same thing.
/// </summary>
public static class ComparisonDocument
{
    /// <summary>The report as markdown.</summary>
    public static string Markdown(ComparisonReport report) => MarkdownRenderer.Render(Build(report));

    /// <summary>The report as one self-contained HTML page, with a plot of the gaps (embedded: the page needs no file beside it).</summary>
    public static string Html(ComparisonReport report) => HtmlRenderer.Render(Build(report, plots: true), "Comparison");

    /// <summary>The document; with <paramref name="plots"/>, the gaps drawn too (for HTML, which embeds them).</summary>
    public static Document Build(ComparisonReport report, bool plots = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        var doc = new Document().Heading(1, "Comparison");
        doc.List([$"base: `{report.Base}`", $"diff: `{report.Diff}`", Fingerprints(report), Method(report)]);
        foreach (string warning in report.Warnings)
        {
            doc.Warning(warning);
        }

        if (report.Host?.Changed is { Count: > 0 } moved)
        {
            doc.Warning(Narrative.HostChanged(moved));
        }

        if (report.Reproducibility is { } reproducibility)
        {
            // Between machines the same count says how far the answers move from one machine to the other.
            doc.Paragraph($"**{(report.SameMachine ? "Reproducibility" : "The same answers on both machines")}**: {Narrative.Reproducibility(reproducibility)}");
            // On one machine a move within the intervals is noise, and only what did not reproduce needs a why.
            if (Narrative.Attribution(reproducibility, onlyNotReproduced: report.SameMachine) is { Count: > 0 } attributed)
            {
                doc.Paragraph("**Why the answers moved**, through the model (each ratio predicted from its run's own start-up, dispatch and kernel costs):").List(attributed);
            }
        }

        // Between different machines the raw times answer "which machine is faster"; the gaps answer the study's
        // question on each, so they come first.
        if (!report.SameMachine)
        {
            Gaps(doc, report);
        }

        var s = report.Summary;
        doc.Heading(2, report.SameMachine ? "Summary" : "Summary of the raw times (different machines)").Paragraph(
            $"{s.Slower} slower, {s.SlightlySlower} slightly slower, {s.Faster} faster, {s.SlightlyFaster} slightly faster, {s.Same} same, {s.Unknown} unknown; "
            + $"geometric mean of the ratios {Format.Ratio(s.GeometricMean)} {Format.Interval(s.GeometricMeanLower, s.GeometricMeanUpper)}; "
            + $"{report.OnlyInBase.Count} only in base, {report.OnlyInDiff.Count} only in diff.");
        Benchmarks(doc, "Top regressions", report.TopSlower, report.SameMachine);
        Benchmarks(doc, "Top improvements", report.TopFaster, report.SameMachine);

        if (report.Canaries.Count > 0)
        {
            doc.Heading(2, "The machine's speed (canaries)").Paragraph(CanaryNote(report)).Table(
                ["canary", "base median", "diff median", "diff / base", "unsteady cases, base", "unsteady cases, diff"],
                report.Canaries.Select(c => (IReadOnlyList<string>)[CanaryName(c.Canary), Nanoseconds(c.BaseMedian), Nanoseconds(c.DiffMedian),
                    c.Ratio is { } r ? Format.Ratio(r) : "—", $"{c.BaseUnsteady} of {c.BaseCases}", $"{c.DiffUnsteady} of {c.DiffCases}"]));
        }

        doc.Heading(2, "Environments").Paragraph("Fields of the fingerprint are marked ●, and ⚠ where both runs record them and they differ; ≠ marks any other difference (a field outside the fingerprint, such as the clock or a tool's version, or one only one run records).").Table(
            ["field", "base", "diff"],
            report.Environment.Select(f => (IReadOnlyList<string>)[
                f.Name + (f.InFingerprint ? " ●" : string.Empty) + (report.FingerprintDifferences.Contains(f.Name) ? " ⚠" : f.Differs ? " ≠" : string.Empty), f.Base, f.Diff]),
            leftColumns: 3);

        if (report.ModelTerms.Count > 0)
        {
            doc.Heading(2, "Why it differs: the model's costs").Table(
                ["cost", "base", "diff", "diff / base"],
                report.ModelTerms.Select(t => (IReadOnlyList<string>)[t.Term, Format.Time(t.BaseNanoseconds), Format.Time(t.DiffNanoseconds), Format.Ratio(t.Ratio)]));
        }

        if (report.SameMachine)
        {
            Gaps(doc, report);
            if (plots && GapPlot(report) is { } plot)
            {
                doc.Figure(plot.File, plot.Caption, plot.Svg);
            }
        }

        doc.Fold(Format.Invariant($"Every benchmark ({report.Benchmarks.Count}), allocations, and what only one run has"), d =>
        {
            Allocations(d, report.Benchmarks);
            Benchmarks(d, "Every benchmark", report.Benchmarks, report.SameMachine);
            Keys(d, "Only in base", report.OnlyInBase);
            Keys(d, "Only in diff", report.OnlyInDiff);
        });
        return doc;
    }

    /// <summary>Each gap against threads in both runs, with its interval, on a log axis: what moved at a glance.</summary>
    private static PlotFile? GapPlot(ComparisonReport report)
    {
        var gaps = report.Gaps.Where(g => double.IsFinite(g.BaseGap) && double.IsFinite(g.DiffGap) && g.BaseGap > 0 && g.DiffGap > 0).ToList();
        if (gaps.Count == 0)
        {
            return null;
        }

        var plot = ReportPlots.NewPlot("Each gap in both runs", "time ÷ the baseline's time (×, log scale)", string.Empty);
        var values = new List<double>();
        void Side(string legend, ScottPlot.Color color, ScottPlot.MarkerShape shape, double offset, Func<GapComparison, (double Gap, double Lower, double Upper)> read)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < gaps.Count; i++)
            {
                var (gap, lower, upper) = read(gaps[i]);
                double y = -i + offset;
                xs.Add(Math.Log10(gap));
                ys.Add(y);
                values.Add(gap);
                if (double.IsFinite(lower) && double.IsFinite(upper) && lower > 0)
                {
                    var bar = plot.Add.Line(Math.Log10(lower), y, Math.Log10(upper), y);
                    bar.LineColor = color;
                    bar.LineWidth = 3;
                    values.Add(lower);
                    values.Add(upper);
                }
            }

            var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
            points.Color = color;
            points.MarkerShape = shape;
            points.MarkerSize = 10;
            points.LegendText = legend;
        }

        Side("base", ScottPlot.Colors.Gray, ScottPlot.MarkerShape.OpenCircle, 0.15, g => (g.BaseGap, g.BaseLower, g.BaseUpper));
        Side("diff", ScottPlot.Colors.Black, ScottPlot.MarkerShape.FilledCircle, -0.15, g => (g.DiffGap, g.DiffLower, g.DiffUpper));
        plot.Add.VerticalLine(0).LineColor = ScottPlot.Colors.Black;
        plot.Axes.Left.SetTicks([.. gaps.Select((_, i) => (double)-i)], [.. gaps.Select(g => $"{g.Case} vs {g.Against}")]);
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        double low = Math.Log10(values.Min()), high = Math.Log10(values.Max()), margin = Math.Max(0.03, (high - low) * 0.08);
        plot.Axes.SetLimitsX(Math.Min(low, 0) - margin, Math.Max(high, 0) + margin);
        plot.Axes.SetLimitsY(-gaps.Count + 0.4, 0.6);
        ReportPlots.RatioTicks(plot.Axes.Bottom, Math.Min(low, 0) - margin, Math.Max(high, 0) + margin);
        return ReportPlots.Save(plot, "gaps.svg", "Each executor's time over its baseline's in each run (circle: base, dot: diff; bar: the interval); left of the line is faster than the baseline.", 140 + (gaps.Count * 24));
    }

    /// <summary>Both runs' fingerprints and, when they differ, the fields that do.</summary>
    public static string Fingerprints(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"fingerprints: base `{report.BaseFingerprint.Id}`, diff `{report.DiffFingerprint.Id}` "
            + (report.FingerprintDifferences.Count > 0 ? $"(differ in {string.Join(", ", report.FingerprintDifferences)})"
                : !report.SameMachine ? "(the same fields, but hosts of different character: see the warning)"
                : report.BaseFingerprint.Id == report.DiffFingerprint.Id ? "(the same: one machine, set up the same way)"
                : "(the same in every field both runs record: one machine, set up the same way; one run records fields the other does not)");
    }

    /// <summary>A raw-time verdict in words: between different machines it says so, with the direction beside it.</summary>
    public static string Describe(Verdict verdict, bool sameMachine) =>
        sameMachine || verdict is Verdict.Same or Verdict.Unknown ? Describe(verdict) : $"different machines ({Describe(verdict)})";

    /// <summary>How the verdicts were reached, in one line.</summary>
    public static string Method(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"threshold {Format.Percent(report.Settings.Threshold)}, noise floor {Format.Time(report.Settings.NoiseNanoseconds)}, "
            + $"verdicts read from intervals that invert Perfolizer's one-sided Mann–Whitney tests, at a family-wise α = {report.Settings.Alpha.ToString(CultureInfo.InvariantCulture)} "
            + $"over {report.Benchmarks.Count} benchmarks by Holm's step-down (each benchmark at α/{report.Benchmarks.Count} or more, never less than Bonferroni); ratio = diff / base (Hodges–Lehmann) with that interval";
    }

    /// <summary>What the canary table says and how the ratios below treat it.</summary>
    public static string CanaryNote(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return "Each run read the machine's speed around every case (the kernel on every core, and on one thread in runs since 2026-12-02; CPython's kernel in CPython's cases), in ns an iteration. "
            + (report.Settings.ByCanary
                ? "With --by-canary, each benchmark's diff sample is divided by the canary ratio at that case, so the ratios below are net of the machine's speed."
                : "The ratios below are raw: what each machine delivered. --by-canary divides out the machine's speed (right for compute-bound work, not for process starts, pipes or I/O).");
    }

    /// <summary>How a canary is named in a table.</summary>
    public static string CanaryName(string canary) => Results.CanaryReading.Describe(canary);

    /// <summary>A canary's median, or a dash.</summary>
    public static string Nanoseconds(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) + " ns" : "—";

    /// <summary>A verdict in words; for a gap, slower means the gap grew.</summary>
    public static string Describe(Verdict verdict) => verdict switch
    {
        Verdict.SlightlySlower => "slightly slower",
        Verdict.SlightlyFaster => "slightly faster",
        _ => verdict.ToString().ToLowerInvariant(),
    };

    private static void Gaps(Document doc, ComparisonReport report)
    {
        if (report.Gaps.Count > 0)
        {
            doc.Heading(2, "The gap: each executor against the thread pool and sequential code, within each machine").Table(
                ["case", "against", "base gap", "diff gap", "change", "95 % interval", "verdict"],
                report.Gaps.Select(g => (IReadOnlyList<string>)[g.MatchedByRole is { } role ? $"{g.Case} (matched by role: {role})" : g.Case, g.Against,
                    $"{Format.Ratio(g.BaseGap)} {Format.Interval(g.BaseLower, g.BaseUpper)}", $"{Format.Ratio(g.DiffGap)} {Format.Interval(g.DiffLower, g.DiffUpper)}",
                    Format.Ratio(g.Change), Format.Interval(g.ChangeLower, g.ChangeUpper), Describe(g.Verdict)]),
                leftColumns: 2);
        }
    }

    /// <summary>Allocations, where either run's memory diagnoser counted them: counts, compared as they are.</summary>
    private static void Allocations(Document doc, IReadOnlyList<ComparedBenchmark> rows)
    {
        var counted = rows.Where(r => r.BaseMemory is not null || r.DiffMemory is not null).ToList();
        if (counted.Count == 0)
        {
            return;
        }

        doc.Heading(2, "Allocations").Paragraph("BenchmarkDotNet's memory diagnoser: bytes allocated per operation and collections per thousand operations. These are counts, not samples, so the change is shown as it is, with no interval.").Table(
            ["benchmark", "allocated, base", "allocated, diff", "change", "gen 0 / 1000 ops, base", "gen 0 / 1000 ops, diff", "gen 1, base", "gen 1, diff", "gen 2, base", "gen 2, diff"],
            counted.Select(r => (IReadOnlyList<string>)[r.Title, Bytes(r.BaseMemory?.BytesPerOperation), Bytes(r.DiffMemory?.BytesPerOperation),
                r.BaseMemory is { BytesPerOperation: > 0 } b && r.DiffMemory is { } d ? Format.Ratio(d.BytesPerOperation / b.BytesPerOperation) : "—",
                Count(r.BaseMemory?.Gen0PerThousand), Count(r.DiffMemory?.Gen0PerThousand), Count(r.BaseMemory?.Gen1PerThousand), Count(r.DiffMemory?.Gen1PerThousand),
                Count(r.BaseMemory?.Gen2PerThousand), Count(r.DiffMemory?.Gen2PerThousand)]));

        static string Bytes(double? value) => value is { } v ? v.ToString("#,0.# 'B'", CultureInfo.InvariantCulture) : "—";

        static string Count(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";
    }

    private static void Benchmarks(Document doc, string title, IReadOnlyList<ComparedBenchmark> rows, bool sameMachine)
    {
        if (rows.Count > 0)
        {
            doc.Heading(2, title).Table(
                ["benchmark", "base median", "diff median", "ratio", "interval", "verdict", "warnings"],
                rows.Select(r => (IReadOnlyList<string>)[r.Title, Format.Time(r.BaseMedian), Format.Time(r.DiffMedian), Format.Ratio(r.Ratio),
                    Format.Interval(r.RatioLower, r.RatioUpper), Describe(r.Verdict, sameMachine), string.Join("; ", r.Warnings)]));
        }
    }

    private static void Keys(Document doc, string title, IReadOnlyList<string> keys)
    {
        if (keys.Count > 0)
        {
            doc.Heading(2, title).List(keys.Select(k => $"`{k}`"));
        }
    }
}
