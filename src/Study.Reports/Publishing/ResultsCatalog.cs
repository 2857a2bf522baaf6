using System.Globalization;
using Study.Reports.Analysis;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Publishing;

/// <summary>
/// What a results root holds, as the published site sees it: every complete run of every machine
/// (<c>&lt;root&gt;/&lt;machine&gt;/&lt;stamp&gt;/</c>), each with its report built from its files; the committed comparisons
/// (<c>compare-*</c> folders); and what was left out, with the reason.
/// </summary>
/// <remarks>
/// An interrupted run (a <c>.partial</c> folder, or one with an <see cref="ResultsFolders.IncompleteMarker"/> marker) is
/// never published: it is counted and named on the index. A run whose JSON does not read (truncated, malformed) is
/// left out with a warning; the rest is published. A run the study's report cannot read (a run of the tools' own
/// benchmarks, or a foreign suite) is published with its files and the reason it has no report.
/// </remarks>
internal sealed class ResultsCatalog
{
    private ResultsCatalog(string root, List<PublishedRun> runs, List<PublishedComparison> comparisons, List<string> warnings, List<string> interrupted)
    {
        Root = root;
        Runs = runs;
        Comparisons = comparisons;
        Warnings = warnings;
        Interrupted = interrupted;
    }

    /// <summary>The results root read.</summary>
    public string Root { get; }

    /// <summary>Every run published, by machine and then oldest first.</summary>
    public IReadOnlyList<PublishedRun> Runs { get; }

    /// <summary>The comparison folders found beside the runs.</summary>
    public IReadOnlyList<PublishedComparison> Comparisons { get; }

    /// <summary>Runs left out because their files do not read, one line each.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Interrupted runs, never published (machine/folder).</summary>
    public IReadOnlyList<string> Interrupted { get; }

    /// <summary>The machines, in name order.</summary>
    public IReadOnlyList<string> Machines => [.. Runs.Select(r => r.Machine).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>A machine's runs, oldest first.</summary>
    public IReadOnlyList<PublishedRun> RunsOf(string machine) => [.. Runs.Where(r => r.Machine == machine)];

    /// <summary>Reads <paramref name="root"/>; <paramref name="judgement"/> reads each run's verdicts.</summary>
    /// <exception cref="ResultsException">No such folder, or no run in it to publish.</exception>
    public static ResultsCatalog Read(string root, Judgement judgement)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Directory.Exists(root))
        {
            throw new ResultsException($"{root}: no such folder");
        }

        var found = new List<(string Machine, string Folder)>();
        var comparisons = new List<PublishedComparison>();
        var interrupted = new List<string>();
        foreach (string machineFolder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            string machine = Path.GetFileName(machineFolder);
            if (machine.StartsWith('.'))
            {
                continue;
            }

            foreach (string folder in Directory.EnumerateDirectories(machineFolder).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileName(folder);
                if (name.EndsWith(ResultsFolders.PartialSuffix, StringComparison.Ordinal) || File.Exists(Path.Combine(folder, ResultsFolders.IncompleteMarker)))
                {
                    interrupted.Add($"{machine}/{name}");
                }
                else if (ResultsFolders.IsRunName(name))
                {
                    found.Add((machine, folder));
                }
                else if (name.StartsWith("compare-", StringComparison.Ordinal))
                {
                    comparisons.Add(new PublishedComparison(machine, name, folder));
                }
            }
        }

        // Each run's report is built from its own files; the runs are independent, so they are read side by side.
        var loaded = new (PublishedRun? Run, string? Warning)[found.Count];
        Parallel.For(0, found.Count, i => loaded[i] = Load(found[i].Machine, found[i].Folder, judgement));
        var runs = loaded.Where(l => l.Run is not null).Select(l => l.Run!).OrderBy(r => r.Machine, StringComparer.Ordinal).ThenBy(r => r.Started).ToList();
        var warnings = loaded.Where(l => l.Warning is not null).Select(l => l.Warning!).ToList();
        if (runs.Count == 0)
        {
            throw new ResultsException(warnings.Count > 0
                ? $"{root}: no run to publish ({warnings.Count} left out: {warnings[0]})"
                : $"{root}: no run to publish (expected <machine>/<yyyyMMdd-HHmmss>/ folders of BenchmarkDotNet results)");
        }

        return new ResultsCatalog(root, runs, comparisons, warnings, interrupted);
    }

    private static (PublishedRun? Run, string? Warning) Load(string machine, string folder, Judgement judgement)
    {
        string name = $"{machine}/{Path.GetFileName(folder)}";
        ResultSet results;
        try
        {
            results = ResultSet.Load(folder);
        }
        catch (Exception e) when (e is ResultsException or IOException or UnauthorizedAccessException)
        {
            return (null, $"{name} left out: {e.Message.ReplaceLineEndings(" ")}");
        }

        StudyReport? report = null;
        string? noReport = null;
        try
        {
            report = ReportBuilder.Build(results, judgement);
        }
        catch (ResultsException e)
        {
            noReport = e.Message.ReplaceLineEndings(" ");
        }

        var started = results.Environment.TryGetValue("started", out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : DateTimeOffset.ParseExact(Path.GetFileName(folder), "yyyyMMdd-HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return (new PublishedRun(machine, Path.GetFileName(folder), folder, started, results, report, noReport), null);
    }
}

/// <summary>A run on the site: where it came from, its results, and its report (or why it has none).</summary>
internal sealed record PublishedRun(string Machine, string Stamp, string Folder, DateTimeOffset Started, ResultSet Results, StudyReport? Report, string? NoReport)
{
    /// <summary>The run's folder in the site, from the site's root.</summary>
    public string SitePath => $"runs/{Machine}/{Stamp}";

    /// <summary>The interpreter this is the run as, for a run of several seen as one of its others (<see cref="ResultSet.ForPython"/>); null for the run itself.</summary>
    public string? Python { get; init; }

    /// <summary>Its report in the site, from the site's root: the run's, or its interpreter's beside it.</summary>
    public string ReportPath => Python is null ? $"{SitePath}/report.html" : $"{SitePath}/{Analysis.PythonAnswer.FolderOf(Python)}/report.html";

    /// <summary>Whether it ran the study's grid (not only a few benchmarks, such as the tools' own): its figures answer the question.</summary>
    public bool IsStudyRun => Report is { Run.GridCases: > 0 };

    /// <summary>Whether it was disturbed on purpose (<c>--disturb</c>): a run to learn from, never a base to compare against.</summary>
    public bool Disturbed => Results.Environment.GetValueOrDefault("disturbance") is { Length: > 0 } d && d != "null";

    /// <summary>The profile it ran (quick, full, …), or "?" for a run that does not say.</summary>
    public string Profile => Results.Environment.GetValueOrDefault("profile") is { Length: > 0 } p && p != "null" ? p : "?";

    /// <summary>The commit it ran, short, with "+" when the tree had uncommitted changes; "?" when unknown.</summary>
    public string Commit => Results.Environment.GetValueOrDefault("gitCommit") is { Length: >= 7 } c
        ? c[..7] + (Results.Environment.GetValueOrDefault("gitDirty") == "True" || Results.Environment.GetValueOrDefault("gitDirty") == "true" ? "+" : string.Empty)
        : "?";
}

/// <summary>A comparison folder (<c>compare-*</c>) committed beside a machine's runs.</summary>
internal sealed record PublishedComparison(string Machine, string Name, string Folder)
{
    /// <summary>Its folder in the site, from the site's root.</summary>
    public string SitePath => $"comparisons/{Machine}/{Name}";
}
