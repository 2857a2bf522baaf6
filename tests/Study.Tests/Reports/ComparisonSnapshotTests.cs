using Study.Reports.Comparison;
using Study.Reports.Output;
using Study.Reports.Results;
using static Study.Benchmarks.Tools.SyntheticResults;

namespace Study.Tests.Reports;

/// <summary>
/// Compare's markdown and HTML, whole, against committed snapshots: two made-up runs from fixed seeds (one benchmark
/// slower, one faster, one the same, one on each side only, environments that differ), so that any change to what
/// compare writes shows up as a diff to review. Set STUDY_UPDATE_SNAPSHOTS=1 to accept a deliberate change.
/// </summary>
public sealed class ComparisonSnapshotTests
{
    [Theory]
    [InlineData("md")]
    [InlineData("html")]
    public void CompareWritesWhatItsSnapshotSays(string format)
    {
        var report = Report();
        string actual = format == "md" ? ComparisonDocument.Markdown(report) : ComparisonDocument.Html(report);
        string snapshot = $"compare.{format}";
        if (Environment.GetEnvironmentVariable("STUDY_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(Path.Combine(Repository(), "tests", "Study.Tests", "Fixtures", snapshot), actual);
            return;
        }

        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", snapshot)), actual);
    }

    [Fact]
    public void BothFormatsCarryTheSameHeadingsAndWarnings()
    {
        var report = Report();
        string markdown = ComparisonDocument.Markdown(report), html = ComparisonDocument.Html(report);
        Assert.NotEmpty(report.Warnings);
        foreach (var heading in ComparisonDocument.Build(report).Blocks.OfType<Document.HeadingBlock>())
        {
            Assert.Contains($"{new string('#', heading.Level)} {heading.Text}", markdown, StringComparison.Ordinal);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(heading.Text), html, StringComparison.Ordinal);
        }

        Assert.Equal(report.Warnings.Count, html.Split("class=\"warning\"").Length - 1);
    }

    private static ComparisonReport Report()
    {
        var random = new Random(20261201);
        Entry Case(string method, double median) => new("Snapshot", method, "", "Job", Lognormal(random, median, 0.01, 10));
        string baseline = Folder([Case("Slower", 1e6), Case("Faster", 2e6), Case("Same", 3e6), Case("OnlyInBase", 1e3)],
            new() { ["cores"] = 2, ["cpuModel"] = "Made-up CPU", ["runtime"] = ".NET 10.0.0" });
        string diff = Folder([Case("Slower", 1.3e6), Case("Faster", 1.5e6), Case("Same", 3e6), Case("OnlyInDiff", 1e3)],
            new() { ["cores"] = 4, ["cpuModel"] = "Made-up CPU", ["runtime"] = ".NET 10.0.0" });
        try
        {
            var report = Comparer.Compare(ResultSet.Load(baseline), ResultSet.Load(diff), new ComparisonSettings());
            return report with { Base = "base", Diff = "diff" };
        }
        finally
        {
            Directory.Delete(baseline, recursive: true);
            Directory.Delete(diff, recursive: true);
        }
    }

    private static string Repository() =>
        ResultsFolders.RepositoryRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("no Study.sln above the test's folder");
}
