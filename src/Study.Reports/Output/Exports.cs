using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Study.Reports.Analysis;
using Study.Reports.Comparison;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Output;

/// <summary>
/// A run's figures in the formats of the trend tools people already run, so that the study's results can feed them:
/// github-action-benchmark's <c>customSmallerIsBetter</c> JSON, Bencher's metric format (BMF), and a markdown block
/// for a GitHub Actions job summary (<c>$GITHUB_STEP_SUMMARY</c>).
/// </summary>
/// <remarks>
/// <para>
/// github-action-benchmark reads an array of <c>{"name", "unit", "value", "range"?, "extra"?}</c>: the value is the
/// median in ns, the range "± " half the median's 95 % interval, the extra line its iterations and interval.
/// </para>
/// <para>
/// BMF is an object keyed by benchmark name, each holding measures keyed by name; each measure has a <c>value</c> and
/// optional <c>lower_value</c> and <c>upper_value</c>. The study reports Bencher's built-in <c>latency</c> measure
/// (nanoseconds): the median and its 95 % interval.
/// </para>
/// </remarks>
public static class Exports
{
    /// <summary>github-action-benchmark's tool name for this format.</summary>
    public const string GitHubActionBenchmark = "github-action-benchmark";

    /// <summary>Bencher's metric format.</summary>
    public const string Bencher = "bencher";

    /// <summary>A job summary block.</summary>
    public const string JobSummary = "job-summary";

    /// <summary>The formats, as the command line names them.</summary>
    public static IReadOnlyList<string> Formats { get; } = [GitHubActionBenchmark, Bencher, JobSummary];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Every benchmark of <paramref name="run"/> as github-action-benchmark's <c>customSmallerIsBetter</c> array.</summary>
    public static string ForGitHubActionBenchmark(ResultSet run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var array = new JsonArray();
        foreach (var (name, benchmark) in Named(run))
        {
            var time = Judgement.Time(benchmark.Nanoseconds);
            var entry = new JsonObject
            {
                ["name"] = name,
                ["unit"] = "ns",
                ["value"] = Round(time.Median),
            };
            if (double.IsFinite(time.Lower) && double.IsFinite(time.Upper))
            {
                entry["range"] = "± " + Round((time.Upper - time.Lower) / 2).ToString(CultureInfo.InvariantCulture);
                entry["extra"] = string.Create(CultureInfo.InvariantCulture, $"{time.Iterations} iterations; median's 95 % interval [{Round(time.Lower)}, {Round(time.Upper)}] ns");
            }
            else
            {
                entry["extra"] = string.Create(CultureInfo.InvariantCulture, $"{time.Iterations} iterations");
            }

            array.Add(entry);
        }

        return array.ToJsonString(Indented) + "\n";
    }

    /// <summary>Every benchmark of <paramref name="run"/> in Bencher's metric format, as the <c>latency</c> measure.</summary>
    public static string ForBencher(ResultSet run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var root = new JsonObject();
        foreach (var (name, benchmark) in Named(run))
        {
            var time = Judgement.Time(benchmark.Nanoseconds);
            var latency = new JsonObject { ["value"] = Round(time.Median) };
            if (double.IsFinite(time.Lower) && double.IsFinite(time.Upper))
            {
                latency["lower_value"] = Round(time.Lower);
                latency["upper_value"] = Round(time.Upper);
            }

            root[name] = new JsonObject { ["latency"] = latency };
        }

        return root.ToJsonString(Indented) + "\n";
    }

    /// <summary>A job summary of a run: its answer in short and the model's fit.</summary>
    public static string ForJobSummary(StudyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append("### Threads or processes: ").Append(report.Source).Append("\n\n");
        foreach (string sentence in Answer.Sentences(report))
        {
            text.Append(sentence.StartsWith("- ", StringComparison.Ordinal) ? sentence : "- " + sentence).Append('\n');
        }

        return text.Append('\n').Append(report.Model.Summary).Append('\n').ToString();
    }

    /// <summary>A job summary of a comparison of two runs: the counts, the geometric mean, the warnings and the largest moves.</summary>
    public static string ForJobSummary(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Summary;
        var text = new StringBuilder();
        text.Append("### study compare: ").Append(report.Base).Append(" → ").Append(report.Diff).Append("\n\n");
        foreach (string warning in report.Warnings)
        {
            text.Append("> **Warning:** ").Append(warning).Append("\n\n");
        }

        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"{report.Benchmarks.Count} benchmarks: **{s.Slower} slower**, {s.SlightlySlower} slightly slower, **{s.Faster} faster**, {s.SlightlyFaster} slightly faster, {s.Same} the same, {s.Unknown} too noisy to say; geometric mean of the ratios {Format.Ratio(s.GeometricMean)} {Format.Interval(s.GeometricMeanLower, s.GeometricMeanUpper)}.\n"));
        var moved = report.Benchmarks.Where(b => double.IsFinite(b.Ratio) && b.Ratio > 0).OrderByDescending(b => Math.Abs(Math.Log(b.Ratio))).Take(10).ToList();
        if (moved.Count > 0)
        {
            text.Append("\nThe largest moves, whatever their verdict:\n\n| benchmark | base | diff | ratio | verdict |\n|:--|--:|--:|--:|:--|\n");
            foreach (var b in moved)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {b.Title.Replace("|", "\\|", StringComparison.Ordinal)} | {Format.Time(b.BaseMedian)} | {Format.Time(b.DiffMedian)} | {Format.Ratio(b.Ratio)} | {ComparisonDocument.Describe(b.Verdict, report.SameMachine)} |\n");
            }
        }

        return text.ToString();
    }

    /// <summary>Each benchmark under a name unique in the run: its title, and its job when two share a title.</summary>
    private static IEnumerable<(string Name, BenchmarkResult Benchmark)> Named(ResultSet run)
    {
        var byTitle = run.Benchmarks.GroupBy(b => b.Title).ToList();
        foreach (var group in byTitle)
        {
            foreach (var benchmark in group)
            {
                yield return (group.Count() == 1 ? group.Key : $"{group.Key} [{benchmark.Job}]", benchmark);
            }
        }
    }

    private static double Round(double nanoseconds) => Math.Round(nanoseconds, 3);
}
