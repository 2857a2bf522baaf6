using System.Text.Json.Nodes;
using Study.Cli;
using Study.Reports;
using Study.Reports.Analysis;
using Study.Reports.Output;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Tests.Reports;

/// <summary>The report from the committed fixture: its files, its content, how it follows the measurements, bad input.</summary>
public sealed class ReportTests
{
    private static readonly ExecutorId ForkPool = new(Runtime.CPython, ExecutorKind.Processes, StartMethod.Fork);

    private static readonly string Snapshot = Path.Combine(ReportFixture.Source, "..", "quick-run.report.md");

    [Fact]
    public void TheFixtureProducesTheReportsThreeFilesAndItsPlots()
    {
        using var fixture = new ReportFixture();

        var report = ReportWriter.Write(fixture.Folder);

        Assert.All(ReportWriter.Files, file => Assert.True(File.Exists(Path.Combine(fixture.Folder, file)), file));
        var svgs = Directory.GetFiles(fixture.Folder, "*.svg").Select(Path.GetFileName).ToList();
        Assert.Contains("predicted-vs-measured.svg", svgs);
        Assert.Contains("decomposition.svg", svgs);
        Assert.Contains("crossover.svg", svgs);
        Assert.Contains("speedup.svg", svgs);
        Assert.Contains("time-vs-workers-article.svg", svgs);
        Assert.Empty(Directory.GetFiles(fixture.Folder, "*.tmp"));
        string markdown = File.ReadAllText(Path.Combine(fixture.Folder, "report.md"));
        Assert.All(svgs, svg => Assert.Contains($"]({svg})", markdown, StringComparison.Ordinal));
        Assert.True(report.Model.Cases > 20, $"{report.Model.Cases} cases modelled");
    }

    [Fact]
    public void TheHtmlIsSelfContained()
    {
        using var fixture = new ReportFixture();
        ReportWriter.Write(fixture.Folder);

        string html = File.ReadAllText(Path.Combine(fixture.Folder, "report.html"));

        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain(".svg\"", html, StringComparison.Ordinal); // every plot is embedded, none linked
        Assert.Equal(Directory.GetFiles(fixture.Folder, "*.svg").Length, html.Split("data:image/svg+xml;base64,").Length - 1);
    }

    [Fact]
    public void TheMarkdownMatchesItsSnapshot()
    {
        // Set STUDY_UPDATE_SNAPSHOTS=1 to accept a deliberate change, then review the diff of quick-run.report.md.
        using var fixture = new ReportFixture();
        ReportWriter.Write(fixture.Folder);
        string actual = File.ReadAllText(Path.Combine(fixture.Folder, "report.md")).Replace(fixture.Folder, "<folder>", StringComparison.Ordinal);
        string source = Path.Combine(RepositoryRoot(), "tests", "Study.Tests", "Fixtures", "quick-run.report.md");
        if (Environment.GetEnvironmentVariable("STUDY_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(source, actual);
            return;
        }

        Assert.Equal(File.ReadAllText(Snapshot), actual);
    }

    [Fact]
    public void TheReportAnswersTheArticleChecksEveryClaimAndStatesTheModelsError()
    {
        using var fixture = new ReportFixture();

        var report = ReportWriter.Write(fixture.Folder);

        Assert.Equal(ReportBuilder.ArticleWorkers, report.Article.Workers);
        Assert.Contains(report.Article.Executors, e => e.Executor == new ExecutorId(Runtime.CPython, ExecutorKind.Threads) && e.VersusThreads is null);
        Assert.Contains(report.Article.Executors, e => e.Executor == ForkPool && e.VersusThreads is not null);
        Assert.Contains(report.Article.Executors, e => e.Executor == new ExecutorId(Runtime.DotNet, ExecutorKind.ProcessesJit) && e.VersusThreads is not null);
        Assert.Equal(6, report.Claims.Count);
        Assert.DoesNotContain(report.Claims, c => c.Verdict == ClaimVerdict.NotMeasured);
        Assert.InRange(report.Arithmetic.BestSpeedup, 1.10, 1.12);
        Assert.InRange(report.Arithmetic.LargestShare, 0.89, 0.91);
        Assert.True(double.IsFinite(report.Model.MedianAbsoluteError));
        Assert.Contains(report.Crossovers, c => c.Runtime == Runtime.CPython && c.Iterations is not null);
        string markdown = File.ReadAllText(Path.Combine(fixture.Folder, "report.md"));
        Assert.Contains("Median absolute error", markdown, StringComparison.Ordinal);
        Assert.Contains("./run.sh report", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangingOneMeasurementChangesTheVerdictAndTheModelsFigure()
    {
        using var original = new ReportFixture();
        using var changed = new ReportFixture();
        // CPython's fork pool on the article's case, three times slower: from faster than threads to slower.
        Assert.Equal(1, changed.Scale(ReportFixture.Case("CPythonWorkListBenchmarks", "Workers=5", "Executor=Processes", "StartMethod=Fork", "Shape=Article", "Lifetime=Cold"), 3));
        // CPython's kernel, twice as fast: every CPython prediction moves.
        Assert.Equal(1, changed.Scale(b => (string?)b["Type"] == "CPythonHarnessBenchmarks" && (string?)b["Method"] == "Kernel1E6", 0.5));

        var before = ReportWriter.Write(original.Folder);
        var after = ReportWriter.Write(changed.Folder);

        static ExecutorTime Fork(StudyReport r) => r.Article.Executors.Single(e => e.Executor == ForkPool);
        Assert.Equal(Verdict.Slower, Fork(after).VersusThreads!.Verdict);
        Assert.NotEqual(Verdict.Slower, Fork(before).VersusThreads!.Verdict);
        Assert.NotEqual(before.Claims[0].Verdict, after.Claims[0].Verdict);
        static double Predicted(StudyReport r) => r.Model.All.Single(c => c.Executor == new ExecutorId(Runtime.CPython, ExecutorKind.Threads) && c.Case.StartsWith("Article, 5 workers, cold", StringComparison.Ordinal)).Predicted;
        Assert.InRange(Predicted(after) / Predicted(before), 0.4, 0.7);
        Assert.NotEqual(before.Arithmetic.CPythonSequentialSeconds, after.Arithmetic.CPythonSequentialSeconds);
    }

    [Fact]
    public void AFolderWithoutSomeCasesIsReportedWithWhatItLacks()
    {
        using var fixture = new ReportFixture();
        var root = JsonNode.Parse(File.ReadAllText(fixture.JsonFile))!;
        var list = root["Benchmarks"]!.AsArray();
        foreach (var benchmark in list.Where(b => ((string?)b!["Type"])!.StartsWith("CPython", StringComparison.Ordinal) || (string?)b!["Type"] == "TaskSizeSweepBenchmarks").ToList())
        {
            list.Remove(benchmark);
        }

        File.WriteAllText(fixture.JsonFile, root.ToJsonString());

        var report = ReportWriter.Write(fixture.Folder);

        Assert.Contains(report.Missing, m => m.Contains("CPython's grid", StringComparison.Ordinal));
        Assert.Contains(report.Missing, m => m.Contains("sweeps", StringComparison.Ordinal));
        Assert.Contains(report.Claims, c => c.Verdict == ClaimVerdict.NotMeasured);
        Assert.Empty(report.Crossovers);
        Assert.True(report.Model.Cases > 0);
        Assert.Contains("This run lacks some cases", File.ReadAllText(Path.Combine(fixture.Folder, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void ADryRunWithOneIterationACaseIsReportedAsTooNoisyToSay()
    {
        using var fixture = new ReportFixture();
        var root = JsonNode.Parse(File.ReadAllText(fixture.JsonFile))!;
        foreach (var benchmark in root["Benchmarks"]!.AsArray())
        {
            var measurements = benchmark!["Measurements"]!.AsArray();
            while (measurements.Count > 1)
            {
                measurements.RemoveAt(measurements.Count - 1);
            }
        }

        File.WriteAllText(fixture.JsonFile, root.ToJsonString());

        var report = ReportWriter.Write(fixture.Folder);

        Assert.All(report.Article.Executors.Where(e => e.VersusThreads is not null), e => Assert.Equal(Verdict.Unknown, e.VersusThreads!.Verdict));
        Assert.True(File.Exists(Path.Combine(fixture.Folder, "report.html")));
    }

    [Fact]
    public void BadInputGetsOneLineAndExitCodeTwo()
    {
        using var fixture = new ReportFixture();
        string empty = Path.Combine(fixture.Folder, "empty");
        Directory.CreateDirectory(empty);
        string truncated = Path.Combine(fixture.Folder, "truncated");
        Directory.CreateDirectory(truncated);
        File.WriteAllText(Path.Combine(truncated, "x-report-full.json"), File.ReadAllText(fixture.JsonFile)[..5000]);
        string foreign = Path.Combine(fixture.Folder, "foreign");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "x-report-full.json"), """{"name": "not BenchmarkDotNet"}""");
        string other = Path.Combine(fixture.Folder, "other-suite");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "x-report-full.json"),
            """{"Benchmarks":[{"Namespace":"Other","Type":"T","Method":"M","Parameters":"","DisplayInfo":"T.M: Job","Measurements":[{"IterationMode":"Workload","IterationStage":"Result","Operations":1,"Nanoseconds":5}]}]}""");

        foreach (string path in new[] { Path.Combine(fixture.Folder, "no-such-folder"), empty, truncated, foreign, other })
        {
            var (code, output, error) = Run("report", path);
            Assert.Equal(StudyCommand.BadInput, code);
            Assert.Empty(output);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("study: ", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }

        Assert.Equal(StudyCommand.BadInput, Run("report", fixture.Folder, "--alpha", "2").Code);
    }

    [Fact]
    public void AFailedReportLeavesTheEarlierOneWhole()
    {
        using var fixture = new ReportFixture();
        Assert.Equal(0, Run("report", fixture.Folder).Code);
        var before = ReportWriter.Files.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(fixture.Folder, f)));
        File.WriteAllText(fixture.JsonFile, File.ReadAllText(fixture.JsonFile)[..1000]);

        Assert.Equal(StudyCommand.BadInput, Run("report", fixture.Folder).Code);

        Assert.All(ReportWriter.Files, f => Assert.Equal(before[f], File.ReadAllText(Path.Combine(fixture.Folder, f))));
        Assert.Empty(Directory.GetFiles(fixture.Folder, "*.tmp"));
    }

    [Fact]
    public void TheDefaultFolderIsTheNewestCompleteRunOfThisMachine()
    {
        using var fixture = new ReportFixture();
        string json = fixture.JsonFile;
        string repository = Path.Combine(fixture.Folder, "repo");
        string machine = Path.Combine(repository, "results", MachineId.Current);
        Directory.CreateDirectory(machine);
        File.WriteAllText(Path.Combine(repository, "Study.sln"), string.Empty);
        foreach (string run in new[] { "20260101-000000", "20260102-000000", "20260103-000000.partial" })
        {
            Directory.CreateDirectory(Path.Combine(machine, run, "results"));
            File.Copy(json, Path.Combine(machine, run, "results", "x-report-full.json"));
        }

        Directory.CreateDirectory(Path.Combine(machine, "20260104-000000")); // a folder with no results is no run

        Assert.Equal(Path.Combine(machine, "20260102-000000"), ResultsFolders.NewestRun(Path.Combine(repository, "results")));
        Assert.Throws<ResultsException>(() => ResultsFolders.NewestRun(Path.GetTempPath()));
    }

    /// <summary>
    /// No line of *In short* runs over 60 words, in the fixture's report or in any committed one (which between them
    /// hold quiet, shared, disturbed, one-core and pre-sampler runs); a word is a token with a letter or a digit.
    /// </summary>
    [Fact]
    public void NoInShortLineRunsOverSixtyWords()
    {
        using var fixture = new ReportFixture();
        ReportWriter.Write(fixture.Folder);
        var reports = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "results"), "report.md", SearchOption.AllDirectories)
            .Append(Path.Combine(fixture.Folder, "report.md")).ToList();
        Assert.True(reports.Count > 1, $"{reports.Count} reports");
        var tooLong = new List<string>();
        foreach (string report in reports)
        {
            var lines = File.ReadLines(report).SkipWhile(l => l != "**In short.**").Skip(1).TakeWhile(l => !l.StartsWith('#')).Where(l => l.StartsWith("- ", StringComparison.Ordinal));
            foreach (string line in lines)
            {
                int words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));
                if (words > 60)
                {
                    tooLong.Add($"{Path.GetRelativePath(RepositoryRoot(), report)}: {words} words: {line[..Math.Min(80, line.Length)]}");
                }
            }
        }

        Assert.Empty(tooLong);
    }

    internal static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = StudyCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string RepositoryRoot() =>
        ResultsFolders.RepositoryRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("no Study.sln above the test's folder");
}
