using System.Diagnostics;
using Study.Reports.Comparison;
using Study.Reports.Output;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Publishing;

/// <summary>
/// <c>study publish</c>: one static site of every machine and run under a results root (<see cref="ResultsCatalog"/>),
/// ready for GitHub Pages: self-contained pages (no script, font or stylesheet from elsewhere), relative links only,
/// a <c>.nojekyll</c> file so that Pages serves every file as it is.
/// </summary>
/// <remarks>
/// The site is written into a fresh folder beside the output and moved into place at the end, so that an
/// interrupted publish leaves the previous site whole. An existing output folder is replaced only when an earlier
/// publish wrote it (it holds <see cref="Marker"/>): <c>--out .</c> by mistake deletes nothing.
/// </remarks>
public static class SitePublisher
{
    /// <summary>The file that marks a folder as a site this publisher wrote.</summary>
    public const string Marker = ".study-site";

    /// <summary>
    /// Publishes <paramref name="root"/> into <paramref name="output"/>, with each machine's newest run of each profile
    /// compared with its previous run of that profile, and each of <paramref name="pairs"/> (base, diff: run folders, or
    /// <c>machine/stamp</c> under the root) compared too: comparisons by <paramref name="settings"/>, each run's report
    /// by <paramref name="judgement"/>.
    /// </summary>
    /// <exception cref="ResultsException">No run to publish, an output that is not a site, or a pair that does not read.</exception>
    public static PublishedSite Publish(string root, string output, IReadOnlyList<(string Base, string Diff)> pairs, ComparisonSettings settings, Judgement judgement)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(judgement);
        var clock = Stopwatch.StartNew();
        string target = Path.GetFullPath(output);
        string source = Path.GetFullPath(root);
        if (IsInside(source, target))
        {
            throw new ResultsException($"--out {output}: the site would hold the results it is built from; choose a folder outside {root}");
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, Marker)))
        {
            throw new ResultsException($"--out {output}: the folder exists and study publish did not write it; choose an empty or new folder");
        }

        var catalog = ResultsCatalog.Read(root, judgement);
        var extra = pairs.Select(p => (Base: Resolve(root, p.Base), Diff: Resolve(root, p.Diff))).ToList();

        string staging = $"{target}.publishing-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        try
        {
            int pages = Write(catalog, extra, settings, judgement, staging);
            Replace(target, staging);
            return new PublishedSite(target, catalog.Runs.Count, catalog.Machines.Count, pages, catalog.Warnings, catalog.Interrupted, clock.Elapsed);
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    private static int Write(ResultsCatalog catalog, List<(ResultSet Base, ResultSet Diff)> extra, ComparisonSettings settings, Judgement judgement, string site)
    {
        int pages = 0;
        File.WriteAllText(Path.Combine(site, ".nojekyll"), string.Empty);
        File.WriteAllText(Path.Combine(site, Marker), "written by study publish; the folder is replaced whole by the next publish\n");

        foreach (var run in catalog.Runs)
        {
            string folder = Path.Combine(site, run.SitePath);
            Copy(run.Folder, folder);
            if (run.Report is not null && !File.Exists(Path.Combine(folder, "report.html")))
            {
                ReportWriter.Write(folder, judgement);
            }

            Page(folder, "index.html", SitePages.Files($"{run.Machine}/{run.Stamp}: files", "../../../", FilesOf(folder), run.NoReport is null ? null : $"No study report: {run.NoReport}"), $"{run.Machine}/{run.Stamp}");
        }

        foreach (var comparison in catalog.Comparisons)
        {
            string folder = Path.Combine(site, comparison.SitePath);
            Copy(comparison.Folder, folder);
            Page(folder, "index.html", SitePages.Files($"{comparison.Machine}/{comparison.Name}", "../../../", FilesOf(folder), "A comparison committed with the results."), comparison.Name);
        }

        var comparisons = new List<SiteComparison>();
        foreach (string machine in catalog.Machines)
        {
            // The history and the default comparisons follow the machine's runs of the study (not the tools' own runs):
            // for each profile, its newest run against the one before it.
            var runs = catalog.RunsOf(machine).Where(r => r.IsStudyRun).ToList();
            foreach (var profile in runs.GroupBy(r => r.Profile).Where(g => g.Count() >= 2))
            {
                // The base is the newest earlier run nobody disturbed on purpose (the one before, if every one was).
                var earlier = profile.SkipLast(1).ToList();
                var (previous, newest) = (earlier.LastOrDefault(r => !r.Disturbed) ?? earlier[^1], profile.Last());
                comparisons.Add(Comparison(site, $"compare/{machine}/{previous.Stamp}-vs-{newest.Stamp}",
                    $"{machine}: its newest {newest.Profile} run, {newest.Stamp}, against the one before, {previous.Stamp}", previous.Results, newest.Results, settings));
            }

            Page(Path.Combine(site, "machines"), $"{machine}.html", SitePages.History(machine, runs, MachineHistory.Of(runs)), $"{machine}: history");
        }

        for (int i = 0; i < extra.Count; i++)
        {
            comparisons.Add(Comparison(site, $"compare/pair-{i + 1}", $"{extra[i].Base.Source} against {extra[i].Diff.Source}", extra[i].Base, extra[i].Diff, settings));
        }

        // Each machine's newest run, and beside it the run as each other interpreter it measured saw it (--python): the
        // interpreter is a dimension as the machine is.
        var newestRuns = catalog.Machines.Select(m => catalog.RunsOf(m).LastOrDefault(r => r.IsStudyRun)).Where(r => r is not null).Select(r => r!)
            .SelectMany(r => r.Results.OtherPythons.Select(id => r.Results.ForPython(id)).Select(view => r with
            {
                Python = view.Environment.GetValueOrDefault("pythonId"),
                Results = view,
                Report = ReportBuilder.Build(view, judgement),
            }).Prepend(r))
            .ToList();
        var matrix = newestRuns.Count >= 2 ? RunMatrix.Compare([.. newestRuns.Select(r => r.Results)], settings, "machines") : null;
        Page(site, "machines.html", SitePages.SideBySide(catalog, matrix, newestRuns), "The machines side by side");
        Page(site, "index.html", SitePages.Index(catalog, comparisons, DateTimeOffset.UtcNow), "The study's results");
        SiteNavigation.AddTo(site);
        return pages + comparisons.Count;

        void Page(string folder, string file, Document document, string title)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, file), HtmlRenderer.Render(document, title));
            pages++;
        }
    }

    private static SiteComparison Comparison(string site, string path, string title, ResultSet baseRun, ResultSet diffRun, ComparisonSettings settings)
    {
        var report = Comparer.Compare(baseRun, diffRun, settings);
        string file = Path.Combine(site, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file + ".html", ComparisonDocument.Html(report));
        File.WriteAllText(file + ".md", ComparisonDocument.Markdown(report));
        var s = report.Summary;
        string summary = $"{s.Slower} slower, {s.SlightlySlower} slightly slower, {s.Faster} faster, {s.SlightlyFaster} slightly faster, {s.Same} the same, {s.Unknown} too noisy to say; "
            + $"geometric mean {Format.Ratio(s.GeometricMean)} {Format.Interval(s.GeometricMeanLower, s.GeometricMeanUpper)}"
            + (report.SameMachine ? string.Empty : " (different fingerprints: read the gaps)");
        return new SiteComparison(title, path, summary);
    }

    /// <summary>A run named on the command line: a folder or JSON file, or <c>machine/stamp</c> under the root.</summary>
    private static ResultSet Resolve(string root, string run)
    {
        string under = Path.Combine(root, run);
        return ResultSet.Load(Directory.Exists(run) || File.Exists(run) || !Directory.Exists(under) ? run : under);
    }

    private static List<string> FilesOf(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => f != "index.html")
            .Order(StringComparer.Ordinal)];

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        foreach (string directory in Directory.EnumerateDirectories(from))
        {
            Copy(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }

    /// <summary>Moves the finished site into place: the old one aside first, then the new one in, then the old one away.</summary>
    private static void Replace(string target, string staging)
    {
        string? old = null;
        if (Directory.Exists(target))
        {
            old = $"{target}.old-{Guid.NewGuid():N}";
            Directory.Move(target, old);
        }

        Directory.Move(staging, target);
        if (old is not null)
        {
            Directory.Delete(old, recursive: true);
        }
    }

    private static bool IsInside(string folder, string path)
    {
        string relative = Path.GetRelativePath(folder, path);
        return relative == "." || !(relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative));
    }
}

/// <summary>What a publish wrote: where, how many runs, machines and pages, what it left out, and how long it took.</summary>
public sealed record PublishedSite(string Folder, int Runs, int Machines, int Pages, IReadOnlyList<string> Warnings, IReadOnlyList<string> Interrupted, TimeSpan Elapsed);
