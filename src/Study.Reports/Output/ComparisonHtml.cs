using System.Net;
using System.Text;
using Study.Reports.Comparison;

namespace Study.Reports.Output;

/// <summary>Writes a <see cref="ComparisonReport"/> as one self-contained HTML page: styles inline, no network.</summary>
public static class ComparisonHtml
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;max-width:72rem;margin:1rem auto;padding:0 1rem;line-height:1.4}
        table{border-collapse:collapse;display:block;overflow-x:auto;max-width:100%}
        th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;white-space:nowrap}
        td.n{text-align:right}.slower{color:#b00020}.faster{color:#116611}.unknown{color:#777}
        .warning{background:#fff4e5;border-left:4px solid #f0a020;padding:.4rem .8rem}
        """;

    /// <summary>The report as HTML.</summary>
    public static string Write(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append($"<title>Comparison</title><style>{Style}</style></head><body><h1>Comparison</h1>");
        html.Append($"<p>base: <code>{E(report.Base)}</code><br>diff: <code>{E(report.Diff)}</code><br>threshold {E(Format.Percent(report.Settings.Threshold))}, ");
        html.Append($"noise floor {E(Format.Time(report.Settings.NoiseNanoseconds))}, verdicts read from intervals that invert Perfolizer's one-sided Mann–Whitney tests, at a family-wise α = {report.Settings.Alpha} ");
        html.Append($"split over {report.Benchmarks.Count} benchmarks (Bonferroni); ratio = diff / base (Hodges–Lehmann) with that interval</p>");
        foreach (string warning in report.Warnings)
        {
            html.Append($"<p class=\"warning\"><strong>Warning:</strong> {E(warning)}</p>");
        }

        var s = report.Summary;
        html.Append($"<h2>Summary</h2><p>{s.Slower} slower, {s.SlightlySlower} slightly slower, {s.Faster} faster, {s.SlightlyFaster} slightly faster, {s.Same} same, {s.Unknown} unknown; geometric mean of the ratios ");
        html.Append($"{E(Format.Ratio(s.GeometricMean))} {E(Format.Interval(s.GeometricMeanLower, s.GeometricMeanUpper))}; ");
        html.Append($"{report.OnlyInBase.Count} only in base, {report.OnlyInDiff.Count} only in diff.</p>");
        Table(html, "Top regressions", report.TopSlower);
        Table(html, "Top improvements", report.TopFaster);
        if (report.Canaries.Count > 0)
        {
            html.Append($"<h2>The machine's speed (canaries)</h2><p>{E(ComparisonMarkdown.CanaryNote(report))}</p>");
            html.Append("<table><tr><th>canary</th><th>base median</th><th>diff median</th><th>diff / base</th><th>unsteady cases, base</th><th>unsteady cases, diff</th></tr>");
            foreach (var c in report.Canaries)
            {
                html.Append($"<tr><td>{E(ComparisonMarkdown.CanaryName(c.Canary))}</td><td class=\"n\">{E(ComparisonMarkdown.Nanoseconds(c.BaseMedian))}</td><td class=\"n\">{E(ComparisonMarkdown.Nanoseconds(c.DiffMedian))}</td>");
                html.Append($"<td class=\"n\">{E(c.Ratio is { } r ? Format.Ratio(r) : "—")}</td><td class=\"n\">{c.BaseUnsteady} of {c.BaseCases}</td><td class=\"n\">{c.DiffUnsteady} of {c.DiffCases}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("<h2>Environments</h2><table><tr><th>field</th><th>base</th><th>diff</th></tr>");
        foreach (var field in report.Environment)
        {
            string mark = field.Differs ? (field.Critical ? " ⚠" : " ≠") : string.Empty;
            html.Append($"<tr><td>{E(field.Name + mark)}</td><td>{E(field.Base)}</td><td>{E(field.Diff)}</td></tr>");
        }

        html.Append("</table>");
        if (report.ModelTerms.Count > 0)
        {
            html.Append("<h2>Why it differs: the model's costs</h2><table><tr><th>cost</th><th>base</th><th>diff</th><th>diff / base</th></tr>");
            foreach (var term in report.ModelTerms)
            {
                html.Append($"<tr><td>{E(term.Term)}</td><td class=\"n\">{E(Format.Time(term.BaseNanoseconds))}</td><td class=\"n\">{E(Format.Time(term.DiffNanoseconds))}</td><td class=\"n\">{E(Format.Ratio(term.Ratio))}</td></tr>");
            }

            html.Append("</table>");
        }

        if (report.Gaps.Count > 0)
        {
            html.Append("<h2>The gap within each machine</h2><table><tr><th>case</th><th>against</th><th>base gap</th><th>diff gap</th><th>change</th><th>95 % interval</th><th>verdict</th></tr>");
            foreach (var gap in report.Gaps)
            {
                string verdict = ComparisonMarkdown.Describe(gap.Verdict);
                html.Append($"<tr><td>{E(gap.Case)}</td><td>{E(gap.Against)}</td><td class=\"n\">{E(Format.Ratio(gap.BaseGap))}</td><td class=\"n\">{E(Format.Ratio(gap.DiffGap))}</td>");
                html.Append($"<td class=\"n\">{E(Format.Ratio(gap.Change))}</td><td>{E(Format.Interval(gap.ChangeLower, gap.ChangeUpper))}</td><td class=\"{verdict}\">{verdict}</td></tr>");
            }

            html.Append("</table>");
        }

        Table(html, "Every benchmark", report.Benchmarks);
        Keys(html, "Only in base", report.OnlyInBase);
        Keys(html, "Only in diff", report.OnlyInDiff);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Table(StringBuilder html, string title, IReadOnlyList<ComparedBenchmark> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        html.Append($"<h2>{E(title)}</h2><table><tr><th>benchmark</th><th>base median</th><th>diff median</th><th>ratio</th><th>interval</th><th>verdict</th><th>warnings</th></tr>");
        foreach (var row in rows)
        {
            string verdict = ComparisonMarkdown.Describe(row.Verdict);
            html.Append($"<tr><td>{E(row.Title)}</td><td class=\"n\">{E(Format.Time(row.BaseMedian))}</td><td class=\"n\">{E(Format.Time(row.DiffMedian))}</td>");
            html.Append($"<td class=\"n\">{E(Format.Ratio(row.Ratio))}</td><td>{E(Format.Interval(row.RatioLower, row.RatioUpper))}</td><td class=\"{verdict}\">{verdict}</td><td>{E(string.Join("; ", row.Warnings))}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Keys(StringBuilder html, string title, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        html.Append($"<h2>{E(title)}</h2><ul>");
        foreach (string key in keys)
        {
            html.Append($"<li><code>{E(key)}</code></li>");
        }

        html.Append("</ul>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
