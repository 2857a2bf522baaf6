using System.Text.Json;
using Spectre.Console;
using Study.Reports.Comparison;

namespace Study.Reports.Output;

/// <summary>
/// A comparison of k runs (<see cref="MatrixReport"/>) as a <see cref="Document"/> for markdown and HTML, as JSON, and
/// for a terminal: the answers first, then the gap matrix, then every benchmark's median in each run.
/// </summary>
public static class MatrixDocument
{
    /// <summary>The comparison as markdown.</summary>
    public static string Markdown(MatrixReport report) => MarkdownRenderer.Render(Build(report));

    /// <summary>The comparison as one self-contained HTML page.</summary>
    public static string Html(MatrixReport report) => HtmlRenderer.Render(Build(report), $"Comparison of {report?.Runs.Count} runs");

    /// <summary>The comparison as JSON.</summary>
    public static string Json(MatrixReport report) => JsonSerializer.Serialize(report, ComparisonJson.Options);

    /// <summary>The document.</summary>
    public static Document Build(MatrixReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var doc = new Document().Heading(1, $"Comparison of {report.Runs.Count} runs");
        doc.List([.. report.Runs.Select((run, i) => $"run {i + 1}: `{run}`, fingerprint `{report.Fingerprints[i].Id}`"
            + (i == 0 ? " (the one the others are compared with)" : $", {report.Compared[i - 1]} benchmarks in common with run 1"))]);
        doc.Paragraph($"Each gap is a run's own ratio of an executor's time to the thread pool's (or sequential code's) in the same case, with its 95 % interval; "
            + $"its verdict reads that interval against the {Format.Percent(report.Settings.Threshold)} threshold. Raw times are compared with run 1 as `study compare` compares two runs "
            + "(Hodges–Lehmann ratio, Holm's levels), and judged only between runs of one fingerprint.");
        foreach (string warning in report.Warnings)
        {
            doc.Warning(warning);
        }

        if (report.Answers.Count > 0)
        {
            doc.Heading(2, "In how many runs each answer holds").List(report.Answers);
        }

        if (report.Gaps.Count > 0)
        {
            doc.Heading(2, "The gap within each run").Table(
                ["case", "against", .. report.Runs.Select((_, i) => $"run {i + 1}")],
                report.Gaps.Select(g => (IReadOnlyList<string>)[g.Case, g.Against, .. g.Cells.Select(Gap)]),
                leftColumns: 2);
        }

        if (report.Benchmarks.Count > 0)
        {
            doc.Heading(2, "Every benchmark: medians, and ratios to run 1").Table(
                ["benchmark", "run 1", .. report.Runs.Skip(1).Select((_, i) => $"run {i + 2}")],
                report.Benchmarks.Select(b => (IReadOnlyList<string>)[b.Title, Format.Time(b.BaseMedian), .. b.Cells.Select(Cell)]));
        }

        return doc;
    }

    /// <summary>Writes the answers, the warnings and the gaps that differ between runs to a terminal.</summary>
    public static void Write(MatrixReport report, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(console);
        for (int i = 0; i < report.Runs.Count; i++)
        {
            console.MarkupLine($"[bold]run {i + 1}[/] {Markup.Escape(report.Runs[i])} (fingerprint {report.Fingerprints[i].Id})");
        }

        foreach (string warning in report.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        foreach (string answer in report.Answers)
        {
            console.MarkupLine(Markup.Escape(answer));
        }

        var moved = report.Gaps.Where(g => g.Cells.Where(c => c is not null).Select(c => c!.Verdict).Distinct().Count() > 1).ToList();
        console.MarkupLine($"The gap within each run: {report.Gaps.Count} cases, {moved.Count} whose verdict differs between runs.");
        if (moved.Count > 0)
        {
            var table = new Table().AddColumns(["case", "against", .. report.Runs.Select((_, i) => $"run {i + 1}")]);
            foreach (var gap in moved.Take(20))
            {
                table.AddRow([Markup.Escape(gap.Case), gap.Against, .. gap.Cells.Select(c => Markup.Escape(Gap(c)))]);
            }

            console.Write(table);
        }
    }

    private static string Gap(GapCell? cell) => cell is null ? "—"
        : $"{Format.Ratio(cell.Gap)} {Format.Interval(cell.Lower, cell.Upper)} {ComparisonDocument.Describe(cell.Verdict)}{(cell.MatchedByRole is null ? string.Empty : " (by role)")}";

    private static string Cell(MatrixCell? cell) => cell is null ? "—"
        : $"{Format.Time(cell.Median)}, {Format.Ratio(cell.Ratio)} {Format.Interval(cell.Lower, cell.Upper)}{(cell.Verdict is { } v ? $" {ComparisonDocument.Describe(v)}" : string.Empty)}";
}
