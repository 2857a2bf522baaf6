using System.Text.Json.Nodes;
using Study.Cli;
using Study.Reports.Output;
using Study.Reports.Publishing;
using Study.Reports.Results;

namespace Study.Tests.Reports;

/// <summary>
/// <c>study publish</c> over fixture runs of two machines: what the index, a machine's history and the machines side
/// by side say, what is left out and why, and the site's files; the exports' shapes against their tools' documented
/// formats.
/// </summary>
public sealed class PublishTests
{
    [Fact]
    public void TheIndexListsEveryMachineAndItsRunsNewestFirstWithTheirReportsAndFiles()
    {
        using var fixture = new SiteFixture();

        var (code, output, _) = Run(["publish", fixture.Root, "--out", fixture.Site]);

        Assert.Equal(0, code);
        Assert.Contains("3 runs of 2 machines", output, StringComparison.Ordinal);
        string index = File.ReadAllText(Path.Combine(fixture.Site, "index.html"));
        Assert.Contains("<a href=\"machines/machine-a.html\">machine-a</a>", index, StringComparison.Ordinal);
        Assert.Contains("<a href=\"machines/machine-b.html\">machine-b</a>", index, StringComparison.Ordinal);
        Assert.True(index.IndexOf("20261201-130000", StringComparison.Ordinal) < index.IndexOf("20261201-120000", StringComparison.Ordinal), "newest first");
        Assert.Contains("runs/machine-a/20261201-120000/report.html", index, StringComparison.Ordinal);
        Assert.Contains("CPython processes (fork)", index, StringComparison.Ordinal);
        foreach (string file in new[] { ".nojekyll", "machines.html", "runs/machine-a/20261201-120000/report.html", "runs/machine-a/20261201-120000/report.md", "runs/machine-a/20261201-120000/index.html", "runs/machine-b/20261201-140000/env.json" })
        {
            Assert.True(File.Exists(Path.Combine(fixture.Site, file)), file);
        }

        Assert.False(File.Exists(Path.Combine(fixture.Root, "machine-a", "20261201-120000", "report.html")), "the results root is left as it was");
        Assert.Contains("<a href=\"compare/machine-a/20261201-120000-vs-20261201-130000.html\">", index, StringComparison.Ordinal);
    }

    [Fact]
    public void AMachinesHistoryHasAPointPerRunAndFlagsTheChangeTheIntervalsCallReal()
    {
        using var fixture = new SiteFixture();
        var catalog = ResultsCatalog.Read(fixture.Root, Study.Reports.Statistics.Judgement.Default);

        var series = MachineHistory.Of(catalog.RunsOf("machine-a"));

        var fork = series.Single(s => s.Group == MachineHistory.ArticleRatios && s.Name == "CPython processes (fork)");
        Assert.Equal(2, fork.Points.Count);
        Assert.Null(fork.Points[0].Change);
        Assert.Equal("pending higher", fork.Points[1].Change); // the newest run's change waits for a run to confirm it
        Assert.True(fork.Points[1].Value > 1.8 * fork.Points[0].Value);
        var spawn = series.Single(s => s.Group == MachineHistory.ArticleRatios && s.Name == "CPython processes (spawn)");
        Assert.Null(spawn.Points[1].Change);
        Assert.Contains(series, s => s.Group == MachineHistory.Dispatch);
        Assert.Contains(series, s => s.Group == MachineHistory.StartUp);

        SitePublisher.Publish(fixture.Root, fixture.Site, [], new(), Study.Reports.Statistics.Judgement.Default);
        string page = File.ReadAllText(Path.Combine(fixture.Site, "machines", "machine-a.html"));
        Assert.Contains("CPython processes (fork) (the article&#39;s case) ▲ pending higher in run 2", page, StringComparison.Ordinal);
        Assert.DoesNotContain(series.Where(s => s.Unit != "×").SelectMany(s => s.Points), p => p.Change is not null); // absolute times are never flagged
        Assert.Contains("<img src=\"data:image/svg+xml;base64,", page, StringComparison.Ordinal);
    }

    /// <summary>A step that stays is flagged; an excursion of one run and the return from it are not; a disturbed run is passed over.</summary>
    [Fact]
    public void OnlyAStepThatStaysIsFlaggedNotAnExcursionOrItsReturn()
    {
        static PublishedRun Published(string disturbance) =>
            new("m", "s", "f", DateTimeOffset.UnixEpoch, ResultSet.InMemory([], new Dictionary<string, string> { ["disturbance"] = disturbance }), null, null);
        var run = Published(string.Empty);
        var disturbed = Published("load");
        static HistoryPoint Point(PublishedRun run, int number, double value) => new(run, number, value, value * 0.95, value * 1.05, null);

        // 1.0, 2.0 (an excursion), 1.0 (its return), 1.0, 1.5 (a step), 9.0 (disturbed), 1.5 (the step stays), 1.5.
        double[] values = [1.0, 2.0, 1.0, 1.0, 1.5, 9.0, 1.5, 1.5];
        var points = values.Select((v, i) => Point(i == 5 ? disturbed : run, i + 1, v)).ToList();

        var changes = MachineHistory.Flag(points, "×").Select(p => p.Change).ToList();

        Assert.Equal([null, null, null, null, "higher", null, null, null], changes);
        Assert.Equal("pending higher", MachineHistory.Flag(points.Take(5).ToList(), "×")[4].Change);
        Assert.All(MachineHistory.Flag(points, "ns"), p => Assert.Null(p.Change));
    }

    [Fact]
    public void TheMachinesSideBySideSayOnHowManyMachinesEachAnswerHolds()
    {
        using var fixture = new SiteFixture();

        SitePublisher.Publish(fixture.Root, fixture.Site, [], new(), Study.Reports.Statistics.Judgement.Default);

        string page = File.ReadAllText(Path.Combine(fixture.Site, "machines.html"));
        Assert.Contains("On how many machines each answer holds", page, StringComparison.Ordinal);
        // machine-a's newest run has the slow fork pool, machine-b's does not: each answer holds on one of the two.
        Assert.Contains("CPython&#39;s Processes (fork) against threads on the article&#39;s list, 5 workers: faster on 1 of 2 machines, the same on 0, slower on 1.", page, StringComparison.Ordinal);
        Assert.Contains("differs from run 1 in cores", page, StringComparison.Ordinal);
    }

    /// <summary>A machine whose newest run measured a second interpreter: the machines side by side set the run as each interpreter saw it side by side, and the site holds each one's report.</summary>
    [Fact]
    public void ARunOfTwoInterpretersIsSideBySideAsTwoColumnsWithEachOnesReport()
    {
        using var fixture = new SiteFixture();
        fixture.Add("machine-c", "20261201-150000", slowFork: false, cores: 2, otherPython: "3.14");

        SitePublisher.Publish(fixture.Root, fixture.Site, [], new(), Study.Reports.Statistics.Judgement.Default);

        string page = File.ReadAllText(Path.Combine(fixture.Site, "machines.html"));
        Assert.Contains("<a href=\"runs/machine-c/20261201-150000/python-3.14/report.html\">20261201-150000</a> as its CPython 3.14 saw it", page, StringComparison.Ordinal);
        Assert.Contains("machine 4", page, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Site, "runs", "machine-c", "20261201-150000", "python-3.14", "report.html")));
    }

    [Fact]
    public void ARootWithNoRunIsOneLineAndExitTwo()
    {
        using var fixture = new SiteFixture();
        Directory.Delete(fixture.Root, recursive: true);
        Directory.CreateDirectory(Path.Combine(fixture.Root, "machine-a", "20261201-150000.partial"));

        var (code, output, error) = Run(["publish", fixture.Root, "--out", fixture.Site]);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("no run to publish", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(fixture.Site));
    }

    [Fact]
    public void ARunWithTruncatedJsonIsLeftOutAndNamedAndAnInterruptedRunIsNeverPublished()
    {
        using var fixture = new SiteFixture();
        string json = Directory.EnumerateFiles(Path.Combine(fixture.Root, "machine-b"), "*-report-full.json", SearchOption.AllDirectories).Single();
        File.WriteAllText(json, File.ReadAllText(json)[..5000]);
        string partial = Path.Combine(fixture.Root, "machine-a", "20261201-160000.partial");
        Directory.Move(Path.Combine(fixture.Root, "machine-a", "20261201-130000"), partial);
        File.WriteAllText(Path.Combine(partial, ResultsFolders.IncompleteMarker), "interrupted");

        var (code, output, error) = Run(["publish", fixture.Root, "--out", fixture.Site]);

        Assert.Equal(0, code);
        Assert.Contains("1 runs of 1 machine", output, StringComparison.Ordinal);
        Assert.Contains("machine-b/20261201-140000 left out", error, StringComparison.Ordinal);
        string index = File.ReadAllText(Path.Combine(fixture.Site, "index.html"));
        Assert.Contains("machine-b/20261201-140000 left out", index, StringComparison.Ordinal);
        Assert.Contains("machine-a/20261201-160000.partial", index, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(fixture.Site, "runs", "machine-a", "20261201-160000.partial")));
        Assert.False(Directory.Exists(Path.Combine(fixture.Site, "runs", "machine-b")));
    }

    [Fact]
    public void ASecondPublishReplacesTheSiteButNeverAFolderItDidNotWrite()
    {
        using var fixture = new SiteFixture();
        Assert.Equal(0, Run(["publish", fixture.Root, "--out", fixture.Site]).Code);
        File.WriteAllText(Path.Combine(fixture.Site, "stale.html"), "old");

        Assert.Equal(0, Run(["publish", fixture.Root, "--out", fixture.Site]).Code);
        Assert.False(File.Exists(Path.Combine(fixture.Site, "stale.html")));

        string other = Path.Combine(fixture.Folder, "notes");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "keep.txt"), "mine");
        var (code, _, error) = Run(["publish", fixture.Root, "--out", other]);
        Assert.Equal(2, code);
        Assert.Contains("study publish did not write it", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(other, "keep.txt")));
        Assert.Equal(2, Run(["publish", fixture.Root, "--out", Path.Combine(fixture.Root, "site")]).Code);
    }

    [Fact]
    public void ExtraPairsAreCompared()
    {
        using var fixture = new SiteFixture();

        var (code, _, error) = Run(["publish", fixture.Root, "--out", fixture.Site, "--compare", "machine-a/20261201-120000", "machine-b/20261201-140000"]);

        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(fixture.Site, "compare", "pair-1.html")));
        Assert.Contains("compare/pair-1.html", File.ReadAllText(Path.Combine(fixture.Site, "index.html")), StringComparison.Ordinal);
        Assert.Equal(2, Run(["publish", fixture.Root, "--out", fixture.Site, "--compare", "machine-a/20261201-120000"]).Code);
        Assert.Equal(2, Run(["publish", fixture.Root, "--out", fixture.Site, "--compare", "nowhere", "machine-a/20261201-120000"]).Code);
    }

    [Fact]
    public void PagesLinkWithMarkdownsSyntaxAndIntervalsStayText()
    {
        string html = HtmlRenderer.Render(new Document().Paragraph("[the index](../index.html), 1.2 [0.9, 1.1] (too noisy), [a b](c d)"), "t");

        Assert.Contains("<a href=\"../index.html\">the index</a>", html, StringComparison.Ordinal);
        Assert.Contains("1.2 [0.9, 1.1] (too noisy), [a b](c d)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TheGitHubActionBenchmarkExportIsAnArrayOfNamedValuesWithUnits()
    {
        using var fixture = new ReportFixture();

        var (code, output, _) = Run(["report", fixture.Folder, "--export", Exports.GitHubActionBenchmark]);

        Assert.Equal(0, code);
        var array = JsonNode.Parse(output)!.AsArray();
        Assert.NotEmpty(array);
        Assert.Equal(array.Count, array.Select(e => (string)e!["name"]!).Distinct().Count());
        Assert.All(array, e =>
        {
            var entry = e!.AsObject();
            Assert.Equal(System.Text.Json.JsonValueKind.String, entry["name"]!.GetValueKind());
            Assert.Equal("ns", (string)entry["unit"]!);
            Assert.Equal(System.Text.Json.JsonValueKind.Number, entry["value"]!.GetValueKind());
            Assert.True(entry.Select(p => p.Key).All(k => k is "name" or "unit" or "value" or "range" or "extra"), string.Join(",", entry.Select(p => p.Key)));
            Assert.True(entry["range"] is null || ((string)entry["range"]!).StartsWith("± ", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void TheBencherExportIsMetricFormatWithLatencyAndItsBounds()
    {
        using var fixture = new ReportFixture();

        var (code, output, _) = Run(["report", fixture.Folder, "--export", Exports.Bencher]);

        Assert.Equal(0, code);
        var root = JsonNode.Parse(output)!.AsObject();
        Assert.NotEmpty(root);
        Assert.All(root, benchmark =>
        {
            var measures = benchmark.Value!.AsObject();
            var latency = Assert.Single(measures);
            Assert.Equal("latency", latency.Key);
            double value = (double)latency.Value!["value"]!;
            Assert.True(latency.Value.AsObject().Select(p => p.Key).All(k => k is "value" or "lower_value" or "upper_value"));
            if (latency.Value["lower_value"] is { } lower)
            {
                Assert.True((double)lower! <= value && value <= (double)latency.Value["upper_value"]!);
            }
        });
    }

    [Fact]
    public void JobSummariesAreMarkdownBlocks()
    {
        using var baseline = new ReportFixture();
        using var diff = new ReportFixture();
        diff.Scale(ReportFixture.Case("CPythonWorkListBenchmarks"), 2);

        var report = Run(["report", baseline.Folder, "--export", Exports.JobSummary]);
        var compare = Run(["compare", baseline.Folder, diff.Folder, "--format", Exports.JobSummary]);
        var three = Run(["compare", baseline.Folder, diff.Folder, diff.Folder, "--format", Exports.JobSummary]);

        Assert.Equal(0, report.Code);
        Assert.StartsWith("### Threads or processes: ", report.Output, StringComparison.Ordinal);
        Assert.Contains("\n- ", report.Output, StringComparison.Ordinal);
        Assert.Equal(0, compare.Code);
        Assert.StartsWith("### study compare: ", compare.Output, StringComparison.Ordinal);
        Assert.Contains("| benchmark | base | diff | ratio | verdict |", compare.Output, StringComparison.Ordinal);
        Assert.Equal(2, three.Code);
        Assert.Equal(2, Run(["report", baseline.Folder, "--export", "csv"]).Code);
    }

    private static (int Code, string Output, string Error) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = StudyCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
