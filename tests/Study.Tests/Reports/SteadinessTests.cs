using System.Text.Json.Nodes;
using Study.Cli;
using Study.Reports.Analysis;
using Study.Reports.Comparison;
using Study.Reports.Output;
using Study.Reports.Results;

namespace Study.Tests.Reports;

/// <summary>
/// What the report and <c>study compare</c> say about the machine's steadiness, from canary readings written into the
/// fixture: a steady run, a run disturbed during some cases, a run from before the canary, and two runs on machines
/// of different speed. They assert on what is said, never on timings.
/// </summary>
public sealed class SteadinessTests
{
    private static readonly Func<System.Text.Json.Nodes.JsonNode, bool> CPythonGrid = ReportFixture.Case("CPythonWorkListBenchmarks");

    [Fact]
    public void ASteadyRunSaysItCanBeTrustedInItsFirstLine()
    {
        using var fixture = new ReportFixture();
        fixture.WriteCanaries();

        var report = ReportWriter.Write(fixture.Folder);

        Assert.True(report.Stability.HasData);
        Assert.Empty(report.Stability.Unsteady);
        Assert.StartsWith("- **This run can be trusted**", InShort(fixture), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Folder, "stability.svg")));
        Assert.DoesNotContain("unsteady)", File.ReadAllText(Path.Combine(fixture.Folder, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void ADisturbedRunNamesItsCasesMarksTheirVerdictsAndSaysWhichAnswersAreAtRisk()
    {
        using var fixture = new ReportFixture();
        fixture.WriteCanaries(CPythonGrid, factor: 2);

        var report = ReportWriter.Write(fixture.Folder);

        Assert.NotEmpty(report.Stability.Unsteady);
        Assert.All(report.Stability.Unsteady, u => Assert.StartsWith("CPythonWorkListBenchmarks.", u.Case, StringComparison.Ordinal));
        var fork = report.Article.Executors.Single(e => e.Executor == new ExecutorId(Runtime.CPython, ExecutorKind.Processes, StartMethod.Fork));
        Assert.True(fork.VersusThreads!.Unsteady);
        Assert.All(report.Article.Executors.Where(e => e.Runtime == Runtime.DotNet && e.VersusThreads is not null), e => Assert.False(e.VersusThreads!.Unsteady));
        string first = InShort(fixture);
        Assert.StartsWith("- **This run was unsteady**", first, StringComparison.Ordinal);
        Assert.Contains("the article's case in CPython", first, StringComparison.Ordinal);
        Assert.DoesNotContain("the article's case in .NET", first, StringComparison.Ordinal);
        string markdown = File.ReadAllText(Path.Combine(fixture.Folder, "report.md"));
        Assert.Contains(", unsteady", markdown, StringComparison.Ordinal);
        Assert.Contains(report.Stability.Unsteady[0].Case, markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void TheModelUsesTheMachinesSpeedWhenEachCaseRan()
    {
        // CPython's grid measured at half the machine's speed: the canaries say so, so the model's compute term doubles
        // for those cases and its prediction follows the slower measurement.
        using var fixture = new ReportFixture();
        fixture.Scale(CPythonGrid, 2);
        var uncorrected = ReportWriter.Write(fixture.Folder);
        fixture.WriteCanaries(CPythonGrid, factor: 2);

        var corrected = ReportWriter.Write(fixture.Folder);

        double Error(StudyReport r) => r.Model.MedianAbsoluteErrorByRuntime["CPython"];
        Assert.True(Error(corrected) < Error(uncorrected) / 2, $"CPython's error {Error(corrected):P1} with the canaries, {Error(uncorrected):P1} without");
        Assert.Equal(uncorrected.Model.MedianAbsoluteError, corrected.Model.UncorrectedMedianAbsoluteError, 6);
    }

    [Fact]
    public void ALoadOnOneCoreSlowsTheModelOfWorkThatFillsTheCoresAndNothingElse()
    {
        // Another program on one core for the whole .NET grid: the every-core canary reads 1.5× slow there, the
        // one-thread canary does not move. Workers that fill both cores took 1.5× as long; sequential code and the
        // GIL model found the free core and did not slow.
        using var fixture = new ReportFixture();
        var dotNetGrid = ReportFixture.Case("WorkListBenchmarks");
        Func<JsonNode, bool> fillsTheCores = b => dotNetGrid(b) && !Parameters(b).Contains("Workers=1") && !Parameters(b).Contains("Executor=Sequential") && !Parameters(b).Contains("Executor=Gil");
        fixture.Scale(fillsTheCores, 1.5);
        fixture.WriteCanaries(oneThread: true);
        var uncorrected = ReportWriter.Write(fixture.Folder);
        fixture.WriteCanaries(oneThread: true, loaded: dotNetGrid, load: 1.5);

        var corrected = ReportWriter.Write(fixture.Folder);

        double Error(StudyReport r) => r.Model.MedianAbsoluteErrorByRuntime[".NET"];
        Assert.True(Error(corrected) < Error(uncorrected), $".NET's error {Error(corrected):P1} with the canaries, {Error(uncorrected):P1} without");
        var dotNet = corrected.Model.All.Where(c => c.Runtime == Runtime.DotNet).ToList();
        Assert.Contains(dotNet, c => c.Executor.IsSequential);
        Assert.All(dotNet, c =>
        {
            var before = uncorrected.Model.All.Single(u => u.Case == c.Case && u.Executor == c.Executor).Parts;
            bool fills = !c.Case.Contains(" 1 worker,", StringComparison.Ordinal) && c.Executor.Kind is not (ExecutorKind.Sequential or ExecutorKind.Gil);
            Assert.Equal((fills ? 1.5 : 1) * Compute(before), Compute(c.Parts), 3);
        });

        static double Compute(Prediction p) => p.Compute + p.Skew + p.Gil;

        static string[] Parameters(JsonNode b) => ((string?)b["Parameters"] ?? string.Empty).Split('&');
    }

    [Fact]
    public void TheKernelBenchmarksOwnMomentIsAlwaysReadEvenWithinTheTolerance()
    {
        // The kernel benchmarks ran while the machine was 10 % slow: within the tolerance, so no case is unsteady, but
        // every compute term rests on them, so the model divides their moment out.
        using var fixture = new ReportFixture();
        fixture.WriteCanaries(oneThread: true);
        var uncorrected = ReportWriter.Write(fixture.Folder);
        fixture.WriteCanaries(ReportFixture.Case("KernelBenchmarks"), factor: 1.1, oneThread: true);

        var corrected = ReportWriter.Write(fixture.Folder);

        Assert.Empty(corrected.Stability.Unsteady);
        var dotNet = corrected.Model.All.Where(c => c.Runtime == Runtime.DotNet).ToList();
        Assert.NotEmpty(dotNet);
        Assert.All(dotNet, c =>
        {
            var before = uncorrected.Model.All.Single(u => u.Case == c.Case && u.Executor == c.Executor).Parts;
            Assert.Equal(Compute(before) / 1.1, Compute(c.Parts), 3);
        });
        Assert.All(corrected.Model.All.Where(c => c.Runtime == Runtime.CPython), c =>
            Assert.Equal(uncorrected.Model.All.Single(u => u.Case == c.Case && u.Executor == c.Executor).Predicted, c.Predicted, 3));

        static double Compute(Prediction p) => p.Compute + p.Skew + p.Gil;
    }

    [Fact]
    public void TheLoadIsTheEveryCoreCanaryOverTheOneThreadCanaryAgainstItsQuietRatio()
    {
        using var fixture = new ReportFixture();
        var grid = ReportFixture.Case("WorkListBenchmarks", "Executor=Threads");
        fixture.WriteCanaries(oneThread: true, loaded: grid, load: 2);
        var results = ResultSet.Load(fixture.Folder);

        var steadiness = Steadiness.Of(results);

        Assert.Equal(0.6 / 0.58, steadiness.QuietLoad!.Value, 6);
        Assert.All(results.Benchmarks.Where(b => b.Type == "WorkListBenchmarks"), b => Assert.Equal(b.Parameter("Executor") == "Threads" ? 2 : 1, steadiness.Load(b), 6));
        using var everyCoreOnly = new ReportFixture();
        everyCoreOnly.WriteCanaries();
        Assert.Null(Steadiness.Of(ResultSet.Load(everyCoreOnly.Folder)).QuietLoad);
    }

    [Fact]
    public void ARunWithoutCanariesStillReportsAndSaysItHasNoStabilityData()
    {
        using var fixture = new ReportFixture();

        var report = ReportWriter.Write(fixture.Folder);

        Assert.False(report.Stability.HasData);
        Assert.StartsWith("- **Steadiness unknown**", InShort(fixture), StringComparison.Ordinal);
        Assert.Contains("no canary readings", File.ReadAllText(Path.Combine(fixture.Folder, "report.md")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fixture.Folder, "stability.svg")));
    }

    [Fact]
    public void OneSlowReadingAloneDoesNotMakeACaseUnsteady()
    {
        using var fixture = new ReportFixture();
        fixture.WriteCanaries();
        string path = Path.Combine(fixture.Folder, CanaryReading.FileName);
        var lines = File.ReadAllLines(path);
        lines[40] = lines[40].Replace("\"nanosecondsPerIteration\":0.6", "\"nanosecondsPerIteration\":1.8", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);

        Assert.Empty(Steadiness.Of(ResultSet.Load(fixture.Folder)).Unsteady);
    }

    [Fact]
    public void ATornLastLineIsSkippedAndTheOtherReadingsStand()
    {
        using var fixture = new ReportFixture();
        fixture.WriteCanaries();
        string path = Path.Combine(fixture.Folder, CanaryReading.FileName);
        int complete = File.ReadAllLines(path).Length;
        File.AppendAllText(path, "{\"time\":\"2026-12-01T12:");

        Assert.Equal(complete, ResultSet.Load(fixture.Folder).Canaries.Count);
    }

    [Fact]
    public void CompareShowsBothRunsCanariesAndCanDivideTheMachinesSpeedOut()
    {
        // The same run on a machine twice as slow: every time doubles, and so does its canary.
        using var baseline = new ReportFixture();
        using var diff = new ReportFixture();
        baseline.WriteCanaries();
        diff.Scale(_ => true, 2);
        diff.WriteCanaries(_ => true, factor: 2);

        var raw = Comparer.Compare(ResultSet.Load(baseline.Folder), ResultSet.Load(diff.Folder), new ComparisonSettings());
        var net = Comparer.Compare(ResultSet.Load(baseline.Folder), ResultSet.Load(diff.Folder), new ComparisonSettings(ByCanary: true));

        var canary = raw.Canaries.Single(c => c.Canary == CanaryReading.DotNet);
        Assert.Equal(2, canary.Ratio!.Value, 6);
        Assert.Contains(raw.Warnings, w => w.Contains("the machine's speed itself moved", StringComparison.Ordinal));
        Assert.All(raw.Benchmarks, b => Assert.Equal(2, b.Ratio, 3));
        Assert.All(net.Benchmarks, b => Assert.Equal(1, b.Ratio, 3));
        Assert.Equal(0, net.Summary.Slower);
        string markdown = ComparisonDocument.Markdown(raw);
        Assert.Contains("## The machine's speed (canaries)", markdown, StringComparison.Ordinal);
        Assert.Contains($"| the kernel on every core | 0.6 ns | 1.2 ns | {Format.Ratio(2)} |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareFlagsUnsteadyBenchmarksAndRunsWithoutCanaries()
    {
        using var baseline = new ReportFixture();
        using var diff = new ReportFixture();
        diff.WriteCanaries(CPythonGrid, factor: 2);

        var report = Comparer.Compare(ResultSet.Load(baseline.Folder), ResultSet.Load(diff.Folder), new ComparisonSettings());

        Assert.Contains(report.Warnings, w => w.StartsWith("the base run has no canary readings", StringComparison.Ordinal));
        Assert.Contains(report.Benchmarks, b => b.Title.StartsWith("CPythonWorkListBenchmarks", StringComparison.Ordinal) && b.Warnings.Contains("unsteady in the diff run"));
        Assert.DoesNotContain(report.Benchmarks, b => b.Title.StartsWith("WorkListBenchmarks", StringComparison.Ordinal) && b.Warnings.Any(w => w.StartsWith("unsteady", StringComparison.Ordinal)));
    }

    [Fact]
    public void ByCanaryIsAnOptionOfTheCommand()
    {
        using var baseline = new ReportFixture();
        using var diff = new ReportFixture();
        var output = new StringWriter();
        var error = new StringWriter();

        int code = StudyCommand.Run(["compare", baseline.Folder, diff.Folder, "--by-canary", "--format", "md"], output, error);

        Assert.Equal(0, code);
        Assert.Contains("both runs have no canary readings", output.ToString(), StringComparison.Ordinal);
    }

    private static string InShort(ReportFixture fixture)
    {
        var lines = File.ReadAllLines(Path.Combine(fixture.Folder, "report.md"));
        int heading = Array.IndexOf(lines, "**In short.**");
        return lines.Skip(heading + 1).First(l => l.StartsWith("- ", StringComparison.Ordinal));
    }
}
