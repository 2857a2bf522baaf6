using System.Text;
using Study.Reports.Comparison;
using Study.Reports.Statistics;

namespace Study.Reports.Output;

/// <summary>Writes a <see cref="ComparisonReport"/> as GitHub markdown.</summary>
public static class ComparisonMarkdown
{
    /// <summary>The report as markdown.</summary>
    public static string Write(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine("# Comparison").AppendLine();
        md.AppendLine($"- base: `{report.Base}`").AppendLine($"- diff: `{report.Diff}`");
        md.AppendLine($"- threshold {Format.Percent(report.Settings.Threshold)}, noise floor {Format.Time(report.Settings.NoiseNanoseconds)}, "
            + $"verdicts read from intervals that invert Perfolizer's one-sided Mann–Whitney tests, at a family-wise α = {report.Settings.Alpha} split over {report.Benchmarks.Count} benchmarks (Bonferroni); "
            + "ratio = diff / base (Hodges–Lehmann) with that interval").AppendLine();
        foreach (string warning in report.Warnings)
        {
            md.AppendLine($"> **Warning:** {warning}").AppendLine();
        }

        var s = report.Summary;
        md.AppendLine("## Summary").AppendLine();
        md.AppendLine($"{s.Slower} slower, {s.SlightlySlower} slightly slower, {s.Faster} faster, {s.SlightlyFaster} slightly faster, {s.Same} same, {s.Unknown} unknown; "
            + $"geometric mean of the ratios {Format.Ratio(s.GeometricMean)} {Format.Interval(s.GeometricMeanLower, s.GeometricMeanUpper)}; "
            + $"{report.OnlyInBase.Count} only in base, {report.OnlyInDiff.Count} only in diff.").AppendLine();
        Table(md, "Top regressions", report.TopSlower);
        Table(md, "Top improvements", report.TopFaster);

        if (report.Canaries.Count > 0)
        {
            md.AppendLine("## The machine's speed (canaries)").AppendLine();
            md.AppendLine(CanaryNote(report)).AppendLine();
            md.AppendLine("| canary | base median | diff median | diff / base | unsteady cases, base | unsteady cases, diff |").AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var c in report.Canaries)
            {
                md.AppendLine($"| {CanaryName(c.Canary)} | {Nanoseconds(c.BaseMedian)} | {Nanoseconds(c.DiffMedian)} | {(c.Ratio is { } r ? Format.Ratio(r) : "—")} | {c.BaseUnsteady} of {c.BaseCases} | {c.DiffUnsteady} of {c.DiffCases} |");
            }

            md.AppendLine();
        }

        md.AppendLine("## Environments").AppendLine();
        md.AppendLine("| field | base | diff |").AppendLine("|---|---|---|");
        foreach (var field in report.Environment)
        {
            string mark = field.Differs ? (field.Critical ? " ⚠" : " ≠") : string.Empty;
            md.AppendLine($"| {field.Name}{mark} | {Cell(field.Base)} | {Cell(field.Diff)} |");
        }

        md.AppendLine();
        if (report.ModelTerms.Count > 0)
        {
            md.AppendLine("## Why it differs: the model's costs").AppendLine();
            md.AppendLine("| cost | base | diff | diff / base |").AppendLine("|---|---:|---:|---:|");
            foreach (var term in report.ModelTerms)
            {
                md.AppendLine($"| {term.Term} | {Format.Time(term.BaseNanoseconds)} | {Format.Time(term.DiffNanoseconds)} | {Format.Ratio(term.Ratio)} |");
            }

            md.AppendLine();
        }

        if (report.Gaps.Count > 0)
        {
            md.AppendLine("## The gap: each executor against the thread pool and sequential code, within each machine").AppendLine();
            md.AppendLine("| case | against | base gap | diff gap | change | 95 % interval | verdict |").AppendLine("|---|---|---:|---:|---:|---|---|");
            foreach (var gap in report.Gaps)
            {
                md.AppendLine($"| {Cell(gap.Case)} | {gap.Against} | {Format.Ratio(gap.BaseGap)} | {Format.Ratio(gap.DiffGap)} | {Format.Ratio(gap.Change)} | {Format.Interval(gap.ChangeLower, gap.ChangeUpper)} | {Describe(gap.Verdict)} |");
            }

            md.AppendLine();
        }

        Table(md, "Every benchmark", report.Benchmarks);
        Keys(md, "Only in base", report.OnlyInBase);
        Keys(md, "Only in diff", report.OnlyInDiff);
        return md.ToString();
    }

    /// <summary>What the canary table says and how the ratios below treat it.</summary>
    public static string CanaryNote(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return "Each run read the machine's speed around every case (the kernel on every core; CPython's kernel in CPython's cases), in ns an iteration. "
            + (report.Settings.ByCanary
                ? "With --by-canary, each benchmark's diff sample is divided by the canary ratio at that case, so the ratios below are net of the machine's speed."
                : "The ratios below are raw: what each machine delivered. --by-canary divides out the machine's speed (right for compute-bound work, not for process starts, pipes or I/O).");
    }

    /// <summary>How a canary is named in a table.</summary>
    public static string CanaryName(string canary) => canary == Results.CanaryReading.CPython ? "CPython's kernel" : "the kernel on every core";

    /// <summary>A canary's median, or a dash.</summary>
    public static string Nanoseconds(double? value) => value is { } v ? v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " ns" : "—";

    /// <summary>A verdict in words; for a gap, slower means the gap grew.</summary>
    public static string Describe(Verdict verdict) => verdict switch
    {
        Verdict.SlightlySlower => "slightly slower",
        Verdict.SlightlyFaster => "slightly faster",
        _ => verdict.ToString().ToLowerInvariant(),
    };

    private static void Table(StringBuilder md, string title, IReadOnlyList<ComparedBenchmark> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        md.AppendLine($"## {title}").AppendLine();
        md.AppendLine("| benchmark | base median | diff median | ratio | interval | verdict | warnings |").AppendLine("|---|---:|---:|---:|---|---|---|");
        foreach (var row in rows)
        {
            md.AppendLine($"| {Cell(row.Title)} | {Format.Time(row.BaseMedian)} | {Format.Time(row.DiffMedian)} | {Format.Ratio(row.Ratio)} | {Format.Interval(row.RatioLower, row.RatioUpper)} | {Describe(row.Verdict)} | {string.Join("; ", row.Warnings)} |");
        }

        md.AppendLine();
    }

    private static void Keys(StringBuilder md, string title, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        md.AppendLine($"## {title}").AppendLine();
        foreach (string key in keys)
        {
            md.AppendLine($"- `{key}`");
        }

        md.AppendLine();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
