using Study.Cli;
using Study.Benchmarks.Tools;
using static Study.Benchmarks.Tools.SyntheticResults;

namespace Study.Tests.Cli;

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
        { "one run", "compare needs two runs or more, and was given 1" },
        { "a third run with nothing in common", "no benchmark in common" },
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
            "one run" => ["compare", good],
            "a third run with nothing in common" => ["compare", good, good, other],
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

    /// <summary>Written anywhere but a terminal (here a writer), compare's tables keep every benchmark's name whole on its line.</summary>
    [Fact]
    public void CompareIntoAFileBreaksNoNameMidWord()
    {
        var random = new Random(3);
        const string Method = "AVeryLongBenchmarkMethodNameThatNoEightyColumnTableCouldHoldOnOneLineWithoutBreakingIt";
        string baseline = Folder([new SyntheticResults.Entry("Some.Namespace.LongBenchmarkClass", Method, "Executor=ProcessesAotShm&Workers=8", "Job", Lognormal(random, 1000, 0.01, 10))]);
        string diff = Folder([new SyntheticResults.Entry("Some.Namespace.LongBenchmarkClass", Method, "Executor=ProcessesAotShm&Workers=8", "Job", Lognormal(random, 1500, 0.01, 10))]);

        var (code, output, _) = Run(["compare", baseline, diff]);

        Assert.Equal(0, code);
        Assert.Contains(Method, output, StringComparison.Ordinal);
    }

    [Fact]
    public void ThreeRunsWriteTheMatrixInEveryFormat()
    {
        var random = new Random(4);
        string[] runs = [.. Enumerable.Range(0, 3).Select(_ => Folder([new SyntheticResults.Entry("T", "M", "", "Job", Lognormal(random, 1000, 0.01, 15))]))];
        Assert.Contains("# Comparison of 3 runs", Run(["compare", .. runs, "--format", "md"]).Output, StringComparison.Ordinal);
        Assert.Contains("<!DOCTYPE html>", Run(["compare", .. runs, "--format", "html"]).Output, StringComparison.Ordinal);
        Assert.Contains("\"fingerprints\"", Run(["compare", .. runs, "--format", "json"]).Output, StringComparison.Ordinal);
        var (code, output, _) = Run(["compare", .. runs]);
        Assert.Equal(0, code);
        Assert.Contains("run 3", output, StringComparison.Ordinal);
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

    [Fact]
    public void VersionPrintsThePackagesVersionAndTheCommit()
    {
        var (code, output, _) = Run(["--version"]);

        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+\+[0-9a-f]{7,40}\s*$", output);
    }

    [Fact]
    public void ComparingIntoAFileWritesEveryBenchmarkNameWhole()
    {
        string foreign = Path.Combine(AppContext.BaseDirectory, "Fixtures", "foreign");

        var (code, output, _) = Run(["compare", Path.Combine(foreign, "base-report-full.json"), Path.Combine(foreign, "diff-report-full.json")]);

        Assert.Equal(0, code);
        // A name cut or wrapped to fit 80 columns loses its parameters: "SerializerBenchmarks.Deseriali".
        var lines = output.Split('\n').Where(l => l.Contains("Benchmarks.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches(@"SerializerBenchmarks\.\w+\(Size=\d+\)", l));
    }

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
