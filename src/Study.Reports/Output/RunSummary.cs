using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Study.Reports.Analysis;
using Study.Reports.Statistics;
using static Study.Reports.Output.Format;

namespace Study.Reports.Output;

/// <summary>
/// Figures of a run for the repository's documents, generated from the run itself so that they cannot drift from it:
/// a document marks a section <c>&lt;!-- study summary KIND RUN-FOLDER --&gt;</c> … <c>&lt;!-- end study summary --&gt;</c>, and
/// <c>study summary --update</c> writes it from that run's report, <c>--check</c> fails when it differs.
/// </summary>
public static partial class RunSummary
{
    /// <summary>The kinds of section: what each shows of the run (<c>medians:TYPE</c>: every benchmark of one class; <c>answers-with:RUN,…</c>: this run and others compared k at once, in how many runs each answer holds).</summary>
    public static readonly IReadOnlyList<string> Kinds = ["run", "answer", "article", "costs", "model", "crossover", "transport", "stability", "medians:TYPE", "answers-with:RUN[,RUN…]"];

    /// <summary>The markdown of one section: <paramref name="kind"/> of <paramref name="report"/>, linking to its folder as <paramref name="link"/>.</summary>
    public static string Markdown(string kind, StudyReport report, string link, Results.ResultSet? results = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(kind);
        var doc = new Document();
        if (kind.StartsWith("medians:", StringComparison.Ordinal))
        {
            string type = kind["medians:".Length..];
            var rows = (results ?? Results.ResultSet.Load(report.Source)).Benchmarks.Where(b => b.Type == type).ToList();
            if (rows.Count == 0)
            {
                throw new Results.ResultsException($"study summary: {report.Source} has no benchmark of {type}");
            }

            doc.Table(["benchmark", "median", "95 % interval", "iterations"], rows.Select(b => Judgement.Time(b.Nanoseconds) is var t
                ? (IReadOnlyList<string>)[b.Title, Time(t.Median), double.IsFinite(t.Lower) ? $"{Time(t.Lower)} – {Time(t.Upper)}" : "—", t.Iterations.ToString(CultureInfo.InvariantCulture)]
                : []), leftColumns: 1);
            return MarkdownRenderer.Render(doc).TrimEnd() + "\n";
        }

        if (kind.StartsWith("answers-with:", StringComparison.Ordinal))
        {
            // This run and others (folders relative to the repository's root), compared k at once: in how many runs each answer holds.
            string root = Results.ResultsFolders.RepositoryRoot(report.Source) ?? Directory.GetCurrentDirectory();
            var others = kind["answers-with:".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var matrix = Comparison.RunMatrix.Compare(
                [results ?? Results.ResultSet.Load(report.Source), .. others.Select(o => Results.ResultSet.Load(Path.Combine(root, o)))], new Comparison.ComparisonSettings());
            string first = Path.GetRelativePath(root, report.Source).Replace('\\', '/');
            doc.List([.. matrix.Runs.Select((_, i) => $"run {i + 1}: `{(i == 0 ? first : others[i - 1])}`, fingerprint `{matrix.Fingerprints[i].Id}`"
                + (i == 0 ? string.Empty : matrix.Fingerprints[i].DifferencesFrom(matrix.Fingerprints[0]) is { Count: > 0 } d ? $" (differs from run 1 in {string.Join(", ", d)})" : " (the same as run 1's)"))]);
            doc.List(matrix.Answers);
            return MarkdownRenderer.Render(doc).TrimEnd() + "\n";
        }

        switch (kind)
        {
            case "run":
                Run(doc, report, link);
                break;
            case "answer":
                doc.List(InShortLines(report));
                break;
            case "article":
                doc.Table(["executor", "median", "× threads", $"{Percent(1 - report.Run.Alpha)} interval", "verdict"],
                    report.Article.Executors.Select(e => (IReadOnlyList<string>)
                    [
                        e.Executor.Label(), Time(e.Time.Median), e.VersusThreads is null ? "1" : Ratio(e.VersusThreads.Ratio),
                        e.VersusThreads is null ? string.Empty : Interval(e.VersusThreads.Lower, e.VersusThreads.Upper), e.VersusThreads?.Word() ?? string.Empty,
                    ]));
                break;
            case "costs":
                doc.Table(["the model's input", "value", "measured by"],
                    report.Model.Inputs.Where(kv => kv.Value.Nanoseconds > 0).Select(kv => (IReadOnlyList<string>)[kv.Key, Time(kv.Value.Nanoseconds), Source(kv.Value.Source)]), leftColumns: 1);
                break;
            case "model":
                doc.Paragraph(Model(report.Model));
                break;
            case "crossover":
                doc.Table(["runtime", "pools", "crossover, work a task", "iterations a task", "interval (iterations)"],
                    report.Crossovers.Select(c => (IReadOnlyList<string>)
                    [
                        c.Runtime.Name(), $"{c.Processes.Label()} vs {c.Threads.Label()}, {c.Lifetime.Word()}",
                        c.Microseconds is { } us ? Time(us * 1e3) : "none measured", c.Iterations is { } i ? Scientific(i) : "—",
                        c.IterationsLower is { } lo && c.IterationsUpper is { } hi ? $"{Scientific(lo)} – {Scientific(hi)}" : "—",
                    ]), leftColumns: 2);
                break;
            case "transport":
                if (report.Transport is null)
                {
                    throw new Results.ResultsException($"study summary: {report.Source} has no call through both transports");
                }

                ReportDocument.TransportFigures(doc, report.Transport);
                break;
            case "stability":
                Stability(doc, report.Stability);
                break;
            default:
                throw new Results.ResultsException($"study summary: unknown kind '{kind}'; use one of {string.Join(", ", Kinds)}");
        }

        return MarkdownRenderer.Render(doc).TrimEnd() + "\n";
    }

    /// <summary>
    /// <paramref name="text"/> (a document in <paramref name="documentFolder"/>) with every marked section written anew
    /// from its run, whose folder the marker names relative to <paramref name="repositoryRoot"/>; the sections that
    /// changed are named in <paramref name="changed"/>.
    /// </summary>
    public static string Update(string text, string documentFolder, string repositoryRoot, Func<string, StudyReport> build, List<string> changed)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(changed);
        var reports = new Dictionary<string, StudyReport>(StringComparer.Ordinal);
        return Section().Replace(text, match =>
        {
            string kind = match.Groups["kind"].Value, folder = match.Groups["folder"].Value;
            if (!reports.TryGetValue(folder, out var report))
            {
                reports[folder] = report = build(Path.Combine(repositoryRoot, folder));
            }

            string link = Path.GetRelativePath(documentFolder, Path.Combine(repositoryRoot, folder)).Replace('\\', '/');
            string body = Markdown(kind, report, link);
            if (body != match.Groups["body"].Value)
            {
                changed.Add($"{kind} {folder}");
            }

            return $"{match.Groups["open"].Value}\n{body}{match.Groups["close"].Value}";
        });
    }

    /// <summary>The lines of *In short*, as the report writes them.</summary>
    public static List<string> InShortLines(StudyReport report) => ReportDocument.InShortPoints(report);

    [GeneratedRegex(@"(?<open><!-- study summary (?<kind>[A-Za-z0-9:.,/_-]+) (?<folder>[^ >]+) -->)\n(?<body>.*?)(?<close><!-- end study summary -->)", RegexOptions.Singleline)]
    private static partial Regex Section();

    private static void Run(Document doc, StudyReport report, string link)
    {
        var env = report.Run.Environment;
        string commit = env.GetValueOrDefault("gitCommit", "unknown");
        string span = report.Stability.Points.Count > 1
            ? Invariant($"; {report.Stability.Points[^1].Minutes:0.0} minutes from its first case's canary to its last")
            : string.Empty;
        doc.Paragraph(Invariant($"[`{link}/`]({link}/report.md): `{report.Run.Command}` at commit {commit[..Math.Min(7, commit.Length)]}{(env.GetValueOrDefault("gitDirty") is "true" or "True" ? " (with uncommitted changes)" : string.Empty)}, started {Started(env)}; {report.Run.Benchmarks} benchmarks, {report.Run.GridCases} grid cases, {report.Run.Iterations} measured iterations a grid case{span}; {Value(env, "cpuModel")}, {report.Run.Cores} cores, {Value(env, "os")}, {Value(env, "runtime")}, Python {Value(env, "pythonVersion")}."));
    }

    private static string Model(ModelFit fit) => fit.Cases == 0
        ? "The model predicted no grid case."
        : Invariant($"The model predicts the {fit.Cases} grid cases with a median absolute error of **{Percent(fit.MedianAbsoluteError)}** (target {Percent(fit.Target)}: {(fit.TargetMet ? "met" : "missed")}), 90th percentile {Percent(fit.P90AbsoluteError)}; {string.Join(", ", fit.MedianAbsoluteErrorByRuntime.Select(kv => $"{kv.Key} {Percent(kv.Value)}"))}")
            + (fit.Errors.Count > 0 ? "; " + Narrative.Correction(fit) : ".");

    private static void Stability(Document doc, MachineStability s)
    {
        if (!s.HasData)
        {
            doc.Paragraph("No canary readings: the run predates them.");
            return;
        }

        var line = new StringBuilder(Invariant($"{s.Readings} canary readings around {s.CasesRead} cases; "));
        line.Append(string.Join("; ", s.MedianNanoseconds.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => Invariant(
            $"{Results.CanaryReading.Describe(kv.Key)} {kv.Value:0.###} ns an iteration (5th–95th percentile spread {Percent(s.SpreadP5ToP95.GetValueOrDefault(kv.Key))})"))));
        line.Append(s.ByLoad
            ? Invariant($"; {Narrative.Modes(s)}; **{s.Unsteady.Count} cases that shared their cores with other work**")
            : Invariant($"; **{s.Unsteady.Count} unsteady cases** (more than {Percent(s.Tolerance)} off the median)"));
        if (s.Launches > 1)
        {
            line.Append(Invariant($"; the headline cases in {s.Launches} launches"));
        }

        if (s.Disturbance.Length > 0)
        {
            line.Append($"; disturbed on purpose: {s.Disturbance}");
        }

        doc.Paragraph(line.Append('.').ToString());
        if (s.AtRisk.Count > 0)
        {
            doc.Paragraph("At risk: " + string.Join("; ", s.AtRisk) + ".");
        }
    }

    private static string Source(string source) => source.Length <= 90 ? source : source[..90] + "…";

    private static string Started(IReadOnlyDictionary<string, string> env) =>
        DateTimeOffset.TryParse(env.GetValueOrDefault("started"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started)
            ? started.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : "at an unknown time";

    private static string Value(IReadOnlyDictionary<string, string> environment, string key) =>
        environment.TryGetValue(key, out var value) && value.Length > 0 ? value : "unknown";

}
