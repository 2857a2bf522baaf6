using Spectre.Console;
using Study.Reports.Comparison;
using Study.Reports.Statistics;

namespace Study.Reports.Output;

/// <summary>
/// Writes the essentials of a <see cref="ComparisonReport"/> to a terminal with Spectre.Console: colour where the
/// terminal has it, plain text when piped. The markdown, HTML and JSON outputs hold every benchmark.
/// </summary>
public static class ComparisonTerminal
{
    /// <summary>Writes the report to <paramref name="console"/>.</summary>
    public static void Write(ComparisonReport report, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(console);
        console.MarkupLine($"[bold]base[/] {Markup.Escape(report.Base)}");
        console.MarkupLine($"[bold]diff[/] {Markup.Escape(report.Diff)}");
        console.MarkupLine(Markup.Escape(ComparisonDocument.Fingerprints(report)));
        foreach (string warning in report.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        if (report.Host?.Changed is { Count: > 0 } moved)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(Narrative.HostChanged(moved))}");
        }

        if (report.Reproducibility is { } reproducibility)
        {
            console.MarkupLine($"[bold]{(report.SameMachine ? "reproducibility" : "the same answers on both machines")}[/] {Markup.Escape(Narrative.Reproducibility(reproducibility))}");
        }

        var s = report.Summary;
        console.MarkupLine($"[red]{s.Slower} slower[/], {s.SlightlySlower} slightly slower, [green]{s.Faster} faster[/], {s.SlightlyFaster} slightly faster, {s.Same} same, [grey]{s.Unknown} unknown[/]; "
            + $"geometric mean {Format.Ratio(s.GeometricMean)} {Markup.Escape(Format.Interval(s.GeometricMeanLower, s.GeometricMeanUpper))}; "
            + $"{report.OnlyInBase.Count} only in base, {report.OnlyInDiff.Count} only in diff");
        if (report.Canaries.Count > 0)
        {
            var table = new Table().Title("The machine's speed (canaries)").AddColumns("canary", "base", "diff", "diff / base", "unsteady, base", "unsteady, diff");
            foreach (var c in report.Canaries)
            {
                table.AddRow(ComparisonDocument.CanaryName(c.Canary), ComparisonDocument.Nanoseconds(c.BaseMedian), ComparisonDocument.Nanoseconds(c.DiffMedian),
                    c.Ratio is { } r ? Format.Ratio(r) : "—", $"{c.BaseUnsteady} of {c.BaseCases}", $"{c.DiffUnsteady} of {c.DiffCases}");
            }

            console.Write(table);
        }

        Rows(console, "Top regressions", report.TopSlower, report.SameMachine);
        Rows(console, "Top improvements", report.TopFaster, report.SameMachine);
        if (report.ModelTerms.Count > 0)
        {
            var table = new Table().Title("Why it differs: the model's costs").AddColumns("cost", "base", "diff", "diff / base");
            foreach (var term in report.ModelTerms)
            {
                table.AddRow(Markup.Escape(term.Term), Format.Time(term.BaseNanoseconds), Format.Time(term.DiffNanoseconds), Format.Ratio(term.Ratio));
            }

            console.Write(table);
        }

        var allocations = report.Benchmarks.Where(b => b.BaseMemory is not null && b.DiffMemory is not null).ToList();
        if (allocations.Count > 0)
        {
            var table = new Table().Title("Allocations (bytes per operation)").AddColumns("benchmark", "base", "diff", "change");
            foreach (var b in allocations)
            {
                table.AddRow(Markup.Escape(b.Title), b.BaseMemory!.BytesPerOperation.ToString("#,0.#", System.Globalization.CultureInfo.InvariantCulture),
                    b.DiffMemory!.BytesPerOperation.ToString("#,0.#", System.Globalization.CultureInfo.InvariantCulture),
                    b.BaseMemory.BytesPerOperation > 0 ? Format.Ratio(b.DiffMemory.BytesPerOperation / b.BaseMemory.BytesPerOperation) : "—");
            }

            console.Write(table);
        }

        // A foreign suite has no executors: say nothing of gaps there is none of.
        if (report.Gaps.Count == 0)
        {
            return;
        }

        var changedGaps = report.Gaps.Where(g => g.Verdict is Verdict.Slower or Verdict.Faster).ToList();
        console.MarkupLine($"The gap within each machine: {report.Gaps.Count} compared, {changedGaps.Count} changed beyond the threshold.");
        if (changedGaps.Count > 0)
        {
            var table = new Table().AddColumns("case", "against", "base gap", "diff gap", "change");
            foreach (var gap in changedGaps.OrderByDescending(g => Math.Abs(Math.Log(g.Change))).Take(15))
            {
                table.AddRow(Markup.Escape(gap.Case), gap.Against, Format.Ratio(gap.BaseGap), Format.Ratio(gap.DiffGap), Format.Ratio(gap.Change));
            }

            console.Write(table);
        }
    }

    private static void Rows(IAnsiConsole console, string title, IReadOnlyList<ComparedBenchmark> rows, bool sameMachine)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = new Table().Title(sameMachine ? title : $"{title} (raw times, different machines)").AddColumns("benchmark", "base", "diff", "ratio", "interval");
        foreach (var row in rows)
        {
            table.AddRow(Markup.Escape(row.Title), Format.Time(row.BaseMedian), Format.Time(row.DiffMedian), Format.Ratio(row.Ratio),
                Markup.Escape(Format.Interval(row.RatioLower, row.RatioUpper)));
        }

        console.Write(table);
    }
}
