using System.Globalization;
using Study.Reports.Analysis;
using Study.Reports.Comparison;
using Study.Reports.Output;
using Study.Reports.Statistics;
using static Study.Reports.Output.Format;

namespace Study.Reports.Publishing;

/// <summary>
/// The published site's own pages as <see cref="Document"/>s (rendered by the report's renderers, so the site keeps
/// the reports' look): the index, a history page per machine, the machines side by side, and a page of files per run.
/// Every link is relative to the page that holds it.
/// </summary>
internal static class SitePages
{
    /// <summary>The index: every machine and its runs, newest first, and the comparisons.</summary>
    public static Document Index(ResultsCatalog catalog, IReadOnlyList<SiteComparison> comparisons, DateTimeOffset built)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(comparisons);
        var doc = new Document().Heading(1, "When do threads beat processes? Every machine, every run");
        doc.Paragraph(Invariant($"{catalog.Runs.Count} runs of {catalog.Machines.Count} machine{(catalog.Machines.Count == 1 ? string.Empty : "s")}, published {built:yyyy-MM-dd HH:mm} UTC by `study publish`. Each run links its report (HTML and markdown) and its raw files; each machine, the history of its figures; [the machines side by side](machines.html) shows each machine's newest run at once."));
        foreach (string warning in catalog.Warnings)
        {
            doc.Warning(warning);
        }

        // The answer of each machine at a glance: its newest run's forest plot of the article's case.
        foreach (string machine in catalog.Machines)
        {
            var newest = catalog.RunsOf(machine).LastOrDefault(r => r.IsStudyRun && !r.Disturbed);
            string? svg = newest is null ? null : Path.Combine(newest.Folder, ReportPlots.ForestFile);
            if (newest is not null && File.Exists(svg))
            {
                doc.Figure($"{newest.SitePath}/{ReportPlots.ForestFile}",
                    $"{machine}, its newest run ({newest.Stamp}, {newest.Profile}, commit {newest.Commit}): each executor's time on the article's case over its runtime's threads, with the interval the verdict is read from; left of the line is faster. [Its report]({newest.SitePath}/report.html).",
                    File.ReadAllText(svg));
            }
        }

        if (catalog.Interrupted.Count > 0)
        {
            doc.Paragraph($"Not published, because they were interrupted: {string.Join(", ", catalog.Interrupted.Select(i => $"`{i}`"))}.");
        }

        doc.Heading(2, "Machines").Table(
            ["machine", "CPU", "cores", "OS", ".NET", "Python", "runs"],
            catalog.Machines.Select(m => (IReadOnlyList<string>)[$"[{m}](machines/{m}.html)", .. Facts(catalog.RunsOf(m)[^1]), catalog.RunsOf(m).Count.ToString(CultureInfo.InvariantCulture)]),
            leftColumns: 2);

        foreach (string machine in catalog.Machines)
        {
            doc.Heading(2, $"{machine}: its runs, newest first");
            doc.Paragraph($"[How its figures moved from run to run](machines/{machine}.html).");
            doc.Table(
                ["run", "commit", "profile", "steadiness", "model's error", "the article's case", "files"],
                catalog.RunsOf(machine).Reverse().Select(run => (IReadOnlyList<string>)
                [
                    run.Report is null ? run.Stamp : $"[{run.Stamp}]({run.SitePath}/report.html)",
                    run.Commit,
                    run.Profile,
                    Steadiness(run),
                    run.Report is { Model.Cases: > 0 } r ? Format.Percent(r.Model.MedianAbsoluteError) : "—",
                    ArticleLine(run),
                    run.Report is null ? $"[files]({run.SitePath}/index.html)" : $"[files]({run.SitePath}/index.html), [md]({run.SitePath}/report.md)",
                ]),
                leftColumns: 1);
        }

        if (comparisons.Count > 0 || catalog.Comparisons.Count > 0)
        {
            doc.Heading(2, "Comparisons");
            doc.List([
                .. comparisons.Select(c => $"[{c.Title}]({c.Path}.html) ([md]({c.Path}.md)): {c.Summary}"),
                .. catalog.Comparisons.Select(c => $"[{c.Machine}/{c.Name}]({c.SitePath}/index.html) (committed with the results)"),
            ]);
        }

        return doc;
    }

    /// <summary>A machine's history: a plot and a table per group of figures, the real changes flagged.</summary>
    public static Document History(string machine, IReadOnlyList<PublishedRun> runs, IReadOnlyList<HistorySeries> series)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(series);
        var doc = new Document().Heading(1, $"{machine}: how the answer moved");
        doc.Paragraph($"[All machines and runs](../index.html) · [the machines side by side](../machines.html)");
        doc.Paragraph($"{runs.Count} run{(runs.Count == 1 ? string.Empty : "s")}, oldest first: {string.Join("; ", runs.Select((r, i) => $"{i + 1} = [{r.Stamp}](../{r.SitePath}/{(r.Report is null ? "index" : "report")}.html) ({r.Profile}, {r.Commit})"))}.");
        var disturbed = runs.Select((r, i) => (Run: r, Number: i + 1)).Where(r => r.Run.Disturbed).Select(r => r.Number.ToString(CultureInfo.InvariantCulture)).ToList();
        doc.Paragraph("Each point carries the interval its run's report gives (the ratios' across their launches, at the report's confidence; the medians' 95 % Harrell–Davis interval). Only a ratio is flagged (▲ higher, ▼ lower), only between runs nobody disturbed on purpose, and only when the change persists: the run's interval misses the previous run's and the next run's misses it the same way. The newest run's change is *pending* until a run after it confirms it. Absolute times move with the host's day: they are shown, never flagged."
            + (disturbed.Count == 0 ? string.Empty : $" Disturbed on purpose, and left out of the flags: run {string.Join(", ", disturbed)}."));
        var flagged = series.SelectMany(s => s.Points.Where(p => p.Change is not null).Select(p => (Series: s, Point: p))).ToList();
        if (flagged.Count == 0)
        {
            doc.Paragraph("**No real change**: no ratio moved beyond its interval and stayed there.");
        }
        else
        {
            doc.Paragraph($"**{flagged.Count} change{(flagged.Count == 1 ? string.Empty : "s")}**, by group, largest first:");
            doc.List(flagged.GroupBy(f => f.Series.Group).SelectMany(g => g.OrderByDescending(f => Math.Abs(Math.Log(f.Point.Value / Previous(f.Series, f.Point)))))
                .Select(f => $"{f.Series.Name} ({Short(f.Series.Group)}) {Arrow(f.Point.Change)} {f.Point.Change} in run {f.Point.Number} ({Value(f.Series, f.Point)})"));
        }
        foreach (var group in series.GroupBy(s => s.Group))
        {
            doc.Heading(2, group.Key);
            if (HistoryPlots.Draw(machine, group.Key, [.. group], runs) is { } plot)
            {
                doc.Figure(plot.File, plot.Caption, plot.Svg);
            }

            doc.Table(
                ["figure", .. runs.Select((r, i) => $"run {i + 1}{(r.Disturbed ? " (disturbed)" : string.Empty)}")],
                group.Select(s => (IReadOnlyList<string>)[s.Name, .. runs.Select(r => s.Points.FirstOrDefault(p => ReferenceEquals(p.Run, r)) is { } p ? $"{Value(s, p)}{(p.Change is null ? string.Empty : $" {Arrow(p.Change)}")}" : "—")]),
                leftColumns: 1);
        }

        return doc;
    }

    /// <summary>The machines side by side: each machine's newest run, through <c>study compare</c>'s k-run matrix.</summary>
    public static Document SideBySide(ResultsCatalog catalog, MatrixReport? matrix, IReadOnlyList<PublishedRun> newest)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(newest);
        var doc = new Document().Heading(1, "The machines side by side");
        doc.Paragraph("[All machines and runs](index.html)");
        doc.List([.. newest.Select((r, i) => $"machine {i + 1}: [{r.Machine}](machines/{r.Machine}.html), its newest run [{r.Stamp}]({r.ReportPath}){(r.Python is null ? string.Empty : $" as its CPython {r.Python} saw it")} ({r.Profile}, {r.Commit}; {string.Join(", ", Facts(r).Where(f => f != "—"))})")]);
        if (matrix is null)
        {
            doc.Paragraph("One machine so far: publish the results of another beside it (`results/<machine>/…`) and this page compares them.");
            return doc;
        }

        doc.Paragraph("Within each machine, each executor's time over threads' (or sequential code's) in the same case, with its interval and the verdict it supports; the sentences count, per question of the article's case, on how many machines each answer holds. This is `study compare` of the newest runs, k at once; raw times of different machines are not compared.");
        foreach (var warning in matrix.Warnings)
        {
            doc.Warning(warning);
        }

        if (matrix.Answers.Count > 0)
        {
            doc.Heading(2, "On how many machines each answer holds").List(matrix.Answers);
        }

        var crossovers = newest.Where(r => r.Report is not null).SelectMany(r => r.Report!.Crossovers.Select(c => (Run: r, Crossover: c)))
            .GroupBy(x => $"{x.Crossover.Processes.Label()} vs {x.Crossover.Threads.Label()}, {x.Crossover.Lifetime.Word()}").ToList();
        if (crossovers.Count > 0)
        {
            doc.Heading(2, "Crossovers").Table(
                ["sweep", .. newest.Select((_, i) => $"machine {i + 1}")],
                crossovers.Select(g => (IReadOnlyList<string>)[g.Key, .. newest.Select(r => g.FirstOrDefault(x => ReferenceEquals(x.Run, r)).Crossover is { } c ? Crossing(c) : "—")]),
                leftColumns: 1);
        }

        if (matrix.Gaps.Count > 0)
        {
            doc.Heading(2, "The gap within each machine").Table(
                ["case", "against", .. newest.Select((_, i) => $"machine {i + 1}")],
                matrix.Gaps.Select(g => (IReadOnlyList<string>)[g.Case, g.Against, .. g.Cells.Select(c => c is null ? "—" : $"{Format.Ratio(c.Gap)} {Format.Interval(c.Lower, c.Upper)} {ComparisonDocument.Describe(c.Verdict)}")]),
                leftColumns: 2);
        }

        return doc;
    }

    /// <summary>A folder's files, linked (a run's raw files, or a committed comparison's).</summary>
    public static Document Files(string title, string back, IReadOnlyList<string> files, string? note)
    {
        ArgumentNullException.ThrowIfNull(files);
        var doc = new Document().Heading(1, title);
        doc.Paragraph($"[All machines and runs]({back}index.html)");
        if (note is not null)
        {
            doc.Paragraph(note);
        }

        doc.List([.. files.Select(f => $"[{f}]({string.Join('/', f.Split('/').Select(Uri.EscapeDataString))})")]);
        return doc;
    }

    /// <summary>CPU, cores (and a <c>--cpus</c> limit), OS, .NET and Python of a run, as the index shows them.</summary>
    public static IReadOnlyList<string> Facts(PublishedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var env = run.Results.Environment;
        string Get(string key) => env.GetValueOrDefault(key) is { Length: > 0 } v && v != "null" ? v : "—";
        string cores = Get("cores") + (env.GetValueOrDefault("cpuLimit") is { Length: > 0 } limit && limit != "null" ? $" (--cpus {limit})" : string.Empty);
        string python = env.GetValueOrDefault("pythonVersion") is { Length: > 0 } version
            ? $"{Get("pythonImplementation")} {version}{(env.GetValueOrDefault("pythonFreeThreaded") is "True" or "true" ? ", free-threaded" : string.Empty)}{(env.GetValueOrDefault("pythonGilEnabled") is "False" or "false" ? ", GIL off" : string.Empty)}"
            : "—";
        return [Get("cpuModel"), cores, Get("os"), Get("runtime"), python];
    }

    /// <summary>The value of the point before <paramref name="point"/> in its series (itself when it is the first).</summary>
    private static double Previous(HistorySeries series, HistoryPoint point)
    {
        int index = series.Points.ToList().IndexOf(point);
        return index > 0 ? series.Points[index - 1].Value : point.Value;
    }

    private static string Steadiness(PublishedRun run) => run.Report?.Stability switch
    {
        null => "—",
        { HasData: false } => "unknown (no canaries)",
        { Unsteady.Count: 0 } => "steady",
        var s => $"{s.Unsteady.Count} of {s.CasesRead} cases unsteady",
    };

    /// <summary>The article's case in one line: CPython's pools (or, without CPython, .NET's) against threads.</summary>
    private static string ArticleLine(PublishedRun run)
    {
        if (run.Report is null)
        {
            return run.NoReport ?? "—";
        }

        var executors = run.Report.Article.Executors.Where(e => e.VersusThreads is not null && e.Executor.IsProcesses).ToList();
        var shown = executors.Any(e => e.Runtime == Runtime.CPython) ? executors.Where(e => e.Runtime == Runtime.CPython) : executors;
        var parts = shown.Select(e => $"{e.Executor.Label()} {Format.Ratio(e.VersusThreads!.Ratio)} threads ({e.VersusThreads.Verdict.Word()})").ToList();
        return parts.Count == 0 ? "—" : Invariant($"{run.Report.Article.Workers} workers: ") + string.Join("; ", parts);
    }

    private static string Crossing(Crossover c) => c.Iterations is { } n
        ? Invariant($"{n:0} iterations") + (c.IterationsLower is { } lo && c.IterationsUpper is { } hi ? Invariant($" [{lo:0}, {hi:0}]") : string.Empty)
        : c.Summary;

    private static string Value(HistorySeries series, HistoryPoint point)
    {
        string Number(double v) => series.Unit switch
        {
            "×" => Format.Ratio(v),
            "%" => Invariant($"{v:0.0} %"),
            "ns" => Format.Time(v),
            _ => Invariant($"{v:0}"),
        };

        return Number(point.Value) + (double.IsFinite(point.Lower) && double.IsFinite(point.Upper) ? $" [{Number(point.Lower)}, {Number(point.Upper)}]" : string.Empty);
    }

    private static string Arrow(string? change) => change?.EndsWith("higher", StringComparison.Ordinal) == true ? "▲" : "▼";

    private static string Short(string group) => group.Split(':')[0].ToLowerInvariant();

}

/// <summary>A comparison the site made: its title, its path from the site's root (without extension), and its summary line.</summary>
internal sealed record SiteComparison(string Title, string Path, string Summary);
