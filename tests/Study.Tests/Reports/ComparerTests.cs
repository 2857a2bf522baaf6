using Study.Cli;
using Study.Reports.Comparison;
using Study.Reports.Results;
using Study.Reports.Statistics;
using Study.Benchmarks.Tools;
using static Study.Benchmarks.Tools.SyntheticResults;

namespace Study.Tests.Reports;

/// <summary>The comparison's statistics on samples whose truth is known.</summary>
public sealed class ComparerTests
{
    private static readonly ComparisonSettings Defaults = new();

    [Fact]
    public void AnAaComparisonOfTwoHundredBenchmarksFlagsAtMostTwoWithTheFamilyWiseCorrection()
    {
        var random = new Random(20261126);
        var cases = Enumerable.Range(0, 200).Select(i => (Name: Name(i), Median: 1000.0 * (1 + i))).ToList();
        var baseline = ResultSet.Load(Folder(cases.Select(c => new Entry("Aa", c.Name, "", "Job", Lognormal(random, c.Median, 0.02, 15)))));
        var diff = ResultSet.Load(Folder(cases.Select(c => new Entry("Aa", c.Name, "", "Job", Lognormal(random, c.Median, 0.02, 15)))));

        var report = Comparer.Compare(baseline, diff, Defaults);

        Assert.Equal(200, report.Benchmarks.Count);
        int flagged = report.Summary.Slower + report.Summary.Faster;
        Assert.True(flagged <= 10, $"{flagged} of 200 flagged");
        Assert.True(flagged <= 2, $"{flagged} of 200 flagged with the Bonferroni correction");
        Assert.True(report.Summary.Same >= 150, $"only {report.Summary.Same} of 200 found the same");
        Assert.InRange(report.Summary.GeometricMean, 0.99, 1.01);
    }

    [Fact]
    public void ATenPercentShiftWithFifteenIterationsIsFound()
    {
        var random = new Random(7);
        var baseline = ResultSet.Load(Folder([new Entry("Shift", "Run", "", "Job", Lognormal(random, 1e6, 0.02, 15))]));
        var diff = ResultSet.Load(Folder([new Entry("Shift", "Run", "", "Job", Lognormal(random, 1.1e6, 0.02, 15))]));

        var row = Assert.Single(Comparer.Compare(baseline, diff, Defaults).Benchmarks);

        Assert.Equal(Verdict.Slower, row.Verdict);
        Assert.InRange(row.Ratio, 1.05, 1.15);
        Assert.True(row.RatioLower > 1 && row.RatioUpper < 1.2, $"[{row.RatioLower}, {row.RatioUpper}]");
    }

    [Fact]
    public void ATenPercentSpeedUpIsFasterAndANoiseFloorHidesSmallAbsoluteChanges()
    {
        var random = new Random(8);
        var baseline = ResultSet.Load(Folder([new Entry("Shift", "Run", "", "Job", Lognormal(random, 100, 0.01, 15))]));
        var diff = ResultSet.Load(Folder([new Entry("Shift", "Run", "", "Job", Lognormal(random, 90, 0.01, 15))]));

        Assert.Equal(Verdict.Faster, Assert.Single(Comparer.Compare(baseline, diff, Defaults).Benchmarks).Verdict);
        Assert.Equal(Verdict.Same, Assert.Single(Comparer.Compare(baseline, diff, Defaults with { NoiseNanoseconds = 20 }).Benchmarks).Verdict);
    }

    [Fact]
    public void TooFewIterationsCannotDecide()
    {
        var random = new Random(9);
        var baseline = ResultSet.Load(Folder([new Entry("Few", "Run", "", "Job", Lognormal(random, 1000, 0.02, 3))]));
        var diff = ResultSet.Load(Folder([new Entry("Few", "Run", "", "Job", Lognormal(random, 1300, 0.02, 3))]));

        var row = Assert.Single(Comparer.Compare(baseline, diff, Defaults).Benchmarks);
        Assert.Equal(Verdict.Unknown, row.Verdict);
        Assert.Contains("fewer than 5 iterations on a side", row.Warnings);
    }

    [Fact]
    public void BenchmarksOnOneSideOnlyAreListedAndTheJobIsPartOfTheName()
    {
        var random = new Random(10);
        double[] Values() => Lognormal(random, 1000, 0.02, 10);
        var baseline = ResultSet.Load(Folder([new("T", "Both", "A=1", "Job", Values()), new("T", "OnlyBase", "", "Job", Values()), new("T", "Both", "A=1", "Other", Values())]));
        var diff = ResultSet.Load(Folder([new("T", "Both", "A=1", "Job", Values()), new("T", "OnlyDiff", "", "Job", Values())]));

        var report = Comparer.Compare(baseline, diff, Defaults);

        Assert.Single(report.Benchmarks);
        Assert.Equal(2, report.OnlyInBase.Count);
        Assert.Contains(report.OnlyInBase, k => k.Contains("OnlyBase", StringComparison.Ordinal));
        Assert.Contains(report.OnlyInBase, k => k.EndsWith("[Other]", StringComparison.Ordinal));
        Assert.Contains(report.OnlyInDiff, k => k.Contains("OnlyDiff", StringComparison.Ordinal));
    }

    [Fact]
    public void TheGapIsComparedNotJustTheTimes()
    {
        // Diff is a machine twice as fast for everything, except that its process pool's overhead grew: times all
        // improve, the gap between processes and threads widens.
        var random = new Random(11);
        double[] At(double median) => Lognormal(random, median, 0.01, 12);
        var baseline = ResultSet.Load(Folder([
            new("Grid", "Run", "Executor=Threads&Workers=2", "Job", At(100e6)),
            new("Grid", "Run", "Executor=Processes&Workers=2", "Job", At(150e6))]));
        var diff = ResultSet.Load(Folder([
            new("Grid", "Run", "Executor=Threads&Workers=2", "Job", At(50e6)),
            new("Grid", "Run", "Executor=Processes&Workers=2", "Job", At(100e6))]));

        var report = Comparer.Compare(baseline, diff, Defaults);

        Assert.All(report.Benchmarks, b => Assert.Equal(Verdict.Faster, b.Verdict));
        var gap = Assert.Single(report.Gaps, g => g.Against == "Threads");
        Assert.InRange(gap.BaseGap, 1.45, 1.55);
        Assert.InRange(gap.DiffGap, 1.95, 2.05);
        Assert.Equal(Verdict.Slower, gap.Verdict);
    }

    [Fact]
    public void EnvironmentsAreSideBySideWithAWarningWhenCoresDiffer()
    {
        var random = new Random(12);
        var env2 = new Dictionary<string, object> { ["cores"] = 2, ["profile"] = "quick", ["cpuModel"] = "A" };
        var env8 = new Dictionary<string, object> { ["cores"] = 8, ["profile"] = "quick", ["cpuModel"] = "B" };
        var baseline = ResultSet.Load(Folder([new Entry("T", "M", "", "Job", Lognormal(random, 10, 0.01, 10))], env2));
        var diff = ResultSet.Load(Folder([new Entry("T", "M", "", "Job", Lognormal(random, 10, 0.01, 10))], env8));

        var report = Comparer.Compare(baseline, diff, Defaults);

        Assert.Contains(report.Environment, f => f.Name == "cores" && f.Differs && f.Critical);
        Assert.Contains(report.Environment, f => f.Name == "cpuModel" && f.Differs && !f.Critical);
        Assert.Contains(report.Warnings, w => w.StartsWith("cores differs", StringComparison.Ordinal));
    }

    [Fact]
    public void AThousandBenchmarksAreComparedOneByOne()
    {
        // Not a timing assertion: the figure is benchmarked in Study.Benchmarks (CompareBenchmarks); this checks the
        // comparison handles a thousand benchmarks at all.
        var random = new Random(13);
        var baseline = ResultSet.Load(Folder(Enumerable.Range(0, 1000).Select(i => new Entry("T", Name(i), "", "Job", Lognormal(random, 1000, 0.02, 15)))));
        var diff = ResultSet.Load(Folder(Enumerable.Range(0, 1000).Select(i => new Entry("T", Name(i), "", "Job", Lognormal(random, 1000, 0.02, 15)))));
        Assert.Equal(1000, Comparer.Compare(baseline, diff, Defaults).Benchmarks.Count);
    }
}

/// <summary>The command line: every kind of bad input is one line and exit code 2; regressions can fail CI.</summary>
public sealed class StudyCommandTests
{
    public static TheoryData<string, string> BadInputs => new()
    {
        { "missing folder", "no such folder or file" },
        { "empty folder", "no BenchmarkDotNet full JSON" },
        { "truncated JSON", "not valid JSON" },
        { "malformed JSON", "not valid JSON" },
        { "unknown schema", "not a BenchmarkDotNet full JSON report" },
        { "nothing in common", "no benchmark in common" },
        { "bad threshold", "--threshold" },
        { "bad format", "--format" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputIsOneLineAndExitCodeTwo(string kind, string expected)
    {
        var random = new Random(1);
        string good = Folder([new SyntheticResults.Entry("T", "M", "", "Job", Lognormal(random, 10, 0.01, 10))]);
        string other = Folder([new SyntheticResults.Entry("T", "Other", "", "Job", Lognormal(random, 10, 0.01, 10))]);
        string bad = Path.Combine(Path.GetTempPath(), $"study-bad-{Guid.NewGuid():N}");
        Directory.CreateDirectory(bad);
        string[] args = kind switch
        {
            "missing folder" => ["compare", Path.Combine(bad, "nope"), good],
            "empty folder" => ["compare", bad, good],
            "truncated JSON" => ["compare", Write(bad, File.ReadAllText(Directory.GetFiles(good, "*.json", SearchOption.AllDirectories)[0])[..100]), good],
            "malformed JSON" => ["compare", Write(bad, "{\"Benchmarks\": [}"), good],
            "unknown schema" => ["compare", Write(bad, "{\"results\": []}"), good],
            "nothing in common" => ["compare", good, other],
            "bad threshold" => ["compare", good, good, "--threshold", "lots"],
            _ => ["compare", good, good, "--format", "pdf"],
        };

        var (code, output, error) = Run(args);

        Assert.Equal(StudyCommand.BadInput, code);
        Assert.Empty(output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("study: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void FailOnRegressionExitsWithOneWhenSomethingIsSlower()
    {
        var random = new Random(2);
        string baseline = Folder([new SyntheticResults.Entry("T", "M", "", "Job", Lognormal(random, 1000, 0.01, 15))]);
        string diff = Folder([new SyntheticResults.Entry("T", "M", "", "Job", Lognormal(random, 1500, 0.01, 15))]);

        Assert.Equal(0, Run(["compare", baseline, diff, "--format", "json"]).Code);
        Assert.Equal(StudyCommand.Regression, Run(["compare", baseline, diff, "--fail-on-regression", "--format", "md"]).Code);
        Assert.Equal(0, Run(["compare", diff, baseline, "--fail-on-regression", "--format", "md"]).Code);
    }

    [Fact]
    public void EveryFormatWritesAndOutWritesAFile()
    {
        var random = new Random(3);
        string baseline = Folder([new SyntheticResults.Entry("T", "M", "", "Job", Lognormal(random, 1000, 0.01, 15))]);
        string diff = Folder([new SyntheticResults.Entry("T", "M", "", "Job", Lognormal(random, 1000, 0.01, 15))]);
        Assert.Contains("# Comparison", Run(["compare", baseline, diff, "--format", "md"]).Output, StringComparison.Ordinal);
        Assert.Contains("<!DOCTYPE html>", Run(["compare", baseline, diff, "--format", "html"]).Output, StringComparison.Ordinal);
        Assert.Contains("\"summary\"", Run(["compare", baseline, diff, "--format", "json"]).Output, StringComparison.Ordinal);
        Assert.Contains("same", Run(["compare", baseline, diff]).Output, StringComparison.Ordinal);

        string file = Path.Combine(Path.GetTempPath(), $"study-compare-{Guid.NewGuid():N}.html");
        Assert.Equal(0, Run(["compare", baseline, diff, "--format", "html", "--out", file]).Code);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5%", 0.05)]
    [InlineData("12.5 %", 0.125)]
    [InlineData("0.1", 0.1)]
    public void ThresholdsReadAsPercentagesOrFractions(string text, double expected) =>
        Assert.Equal(expected, StudyCommand.ParseThreshold(text), precision: 10);

    [Theory]
    [InlineData("500ns", 500)]
    [InlineData("2us", 2000)]
    [InlineData("1.5ms", 1.5e6)]
    [InlineData("0.1s", 1e8)]
    public void NoiseFloorsReadWithTheirUnit(string text, double expected) =>
        Assert.Equal(expected, StudyCommand.ParseTime(text), precision: 6);

    private static string Write(string folder, string text)
    {
        string path = Path.Combine(folder, "broken-report-full.json");
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Output, string Error) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = StudyCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
