using Study.Reports.Comparison;
using Study.Reports.Results;
using Study.Reports.Statistics;
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
        Assert.True(flagged <= 2, $"{flagged} of 200 flagged with Holm's correction");
        Assert.True(report.Summary.Same >= 150, $"only {report.Summary.Same} of 200 found the same");
        Assert.InRange(report.Summary.GeometricMean, 0.99, 1.01);
    }

    [Fact]
    public void HolmsStepDownFindsAChangeThatBonferroniMisses()
    {
        // Two benchmarks twice as slow (p ≈ 1e-5 each) and one 3.5 % slower with p = 0.029 (exact Mann–Whitney, 10 a
        // side, no ties). Bonferroni tests all three at 0.05 / 3 = 0.017 and misses the third; Holm tests it last,
        // at 0.05 / 1, once the other two were rejected, and finds it. Its interval then excludes 1.
        double[] Values(double start) => [.. Enumerable.Range(0, 10).Select(i => (start + i) * 1000)];
        var baseline = ResultSet.Load(Folder([new Entry("Holm", "A", "", "Job", Values(100)), new Entry("Holm", "B", "", "Job", Values(100)), new Entry("Holm", "C", "", "Job", Values(100))]));
        var diff = ResultSet.Load(Folder([new Entry("Holm", "A", "", "Job", Values(200)), new Entry("Holm", "B", "", "Job", Values(200)), new Entry("Holm", "C", "", "Job", Values(103.5))]));

        var rows = Comparer.Compare(baseline, diff, Defaults).Benchmarks.ToDictionary(b => b.Title);
        var c = rows["Holm.C"];
        Assert.Equal(Verdict.Slower, rows["Holm.A"].Verdict);
        Assert.Equal(Verdict.Slower, rows["Holm.B"].Verdict);
        Assert.Contains(c.Verdict, new[] { Verdict.SlightlySlower, Verdict.Slower });
        Assert.True(c.RatioLower > 1, $"[{c.RatioLower}, {c.RatioUpper}]");

        var bonferroni = new Judgement(Defaults.Threshold, Defaults.Alpha / 3).Compare(Values(103.5), Values(100));
        Assert.DoesNotContain(bonferroni.Verdict, new[] { Verdict.SlightlySlower, Verdict.Slower });
        Assert.InRange(Estimates.PValue(Values(103.5), Values(100)), Defaults.Alpha / 3, Defaults.Alpha);
    }

    [Fact]
    public void HolmsLevelsAreNeverBelowBonferronisAndStopAtTheFirstFailure() =>
        Assert.Equal([0.05 / 4, 0.05 / 3, 0.05 / 2, 0.05 / 2], Estimates.HolmLevels([0.001, 0.01, 0.04, 0.03], 0.05));

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
    public void CasesAtTheMachinesCoresMeetAcrossCoreCountsByRole()
    {
        // A 2-core run has its shape at 2 workers, a 1-core run at 1: the same role, "the machine's cores". The
        // article's case at 2 workers exists on both and matches by value; the shape case matches by role, and says so.
        var random = new Random(13);
        Entry Case(string shape, string executor, int workers, double median) =>
            new("Grid", "Run", $"Executor={executor}&Shape={shape}&Workers={workers}", "Job", Lognormal(random, median, 0.01, 10));
        var twoCores = ResultSet.Load(Folder(
            [Case("Uniform", "Threads", 2, 100), Case("Uniform", "Processes", 2, 120), Case("Article", "Threads", 2, 100), Case("Article", "Processes", 2, 130)],
            new() { ["cores"] = 2 }));
        var oneCore = ResultSet.Load(Folder(
            [Case("Uniform", "Threads", 1, 200), Case("Uniform", "Processes", 1, 300), Case("Article", "Threads", 2, 200), Case("Article", "Processes", 2, 290)],
            new() { ["cores"] = 1 }));

        var gaps = Comparer.Compare(twoCores, oneCore, Defaults).Gaps;

        var uniform = Assert.Single(gaps, g => g.Case.Contains("Uniform", StringComparison.Ordinal));
        Assert.Equal("workers = the machine's cores: 2 in base, 1 in diff", uniform.MatchedByRole);
        Assert.InRange(uniform.BaseGap, 1.15, 1.25);
        Assert.InRange(uniform.DiffGap, 1.45, 1.55);
        Assert.True(uniform.BaseLower < uniform.BaseGap && uniform.BaseGap < uniform.BaseUpper);
        var article = Assert.Single(gaps, g => g.Case.Contains("Article", StringComparison.Ordinal));
        Assert.Null(article.MatchedByRole);
    }

    [Fact]
    public void ThreeRunsMakeAMatrixOfMediansRatiosAndGapsWithTheAnswerCountedOverRuns()
    {
        // Three machines: processes beat threads on the article's list on the first two (0.8×, 0.7×), lose on the third (1.5×).
        var random = new Random(14);
        Entry Case(string executor, double median) =>
            new("WorkListBenchmarks", "Run", $"Executor={executor}&Shape=Article&Workers=2&Lifetime=Cold", "Job", Lognormal(random, median, 0.01, 10));
        ResultSet Run(int cores, double threads, double processes) =>
            ResultSet.Load(Folder([Case("Threads", threads), Case("ProcessesAot", processes)], new() { ["cores"] = cores, ["profile"] = "quick" }));

        var matrix = RunMatrix.Compare([Run(2, 100, 80), Run(2, 100, 70), Run(4, 100, 150)], Defaults);

        var row = Assert.Single(matrix.Benchmarks, b => b.Title.Contains("ProcessesAot", StringComparison.Ordinal));
        Assert.Equal(2, row.Cells.Count);
        Assert.InRange(row.Cells[0]!.Ratio, 0.85, 0.90);
        Assert.Equal(Verdict.Faster, row.Cells[0]!.Verdict);
        Assert.Null(row.Cells[1]!.Verdict); // run 3 has another fingerprint: its raw times are not judged against run 1
        var gap = Assert.Single(matrix.Gaps, g => g.Against == "Threads");
        Assert.Equal(3, gap.Cells.Count);
        Assert.Equal([Verdict.Faster, Verdict.Faster, Verdict.Slower], gap.Cells.Select(c => c!.Verdict));
        Assert.Contains(".NET's ProcessesAot against threads on the article's list, 2 workers: faster on 2 of 3 runs, the same on 0, slower on 1.", matrix.Answers);
        Assert.Contains(matrix.Warnings, w => w.StartsWith("run 3 differs from run 1 in cores", StringComparison.Ordinal));
        string markdown = Study.Reports.Output.MatrixDocument.Markdown(matrix);
        Assert.Contains("## In how many runs each answer holds", markdown, StringComparison.Ordinal);
        Assert.Contains("| case | against | run 1 | run 2 | run 3 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void AForeignSuitesAllocationsAreShownSideBySideAndItsEmptySectionsLeftOut()
    {
        var random = new Random(15);
        string baseline = WithMemory(Folder([new Entry("Foreign", "Parse", "Size=10", "ShortRun", Lognormal(random, 1000, 0.01, 10))]), 1024, gen0: 12);
        string diff = WithMemory(Folder([new Entry("Foreign", "Parse", "Size=10", "ShortRun", Lognormal(random, 1000, 0.01, 10))]), 2048, gen0: 24);

        var report = Comparer.Compare(ResultSet.Load(baseline), ResultSet.Load(diff), Defaults);

        var row = Assert.Single(report.Benchmarks);
        Assert.Equal(1024, row.BaseMemory!.BytesPerOperation);
        Assert.Equal(2048, row.DiffMemory!.BytesPerOperation);
        Assert.Equal(12, row.BaseMemory.Gen0PerThousand, 6);
        string markdown = Study.Reports.Output.ComparisonDocument.Markdown(report);
        Assert.Contains("## Allocations", markdown, StringComparison.Ordinal);
        Assert.Contains("| 1,024 B | 2,048 B | 2.000× |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("## The gap", markdown, StringComparison.Ordinal);
        using var text = new StringWriter();
        Study.Reports.Output.ComparisonTerminal.Write(report, Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(text) }));
        Assert.DoesNotContain("The gap within each machine", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("Allocations", text.ToString(), StringComparison.Ordinal);

        static string WithMemory(string folder, double bytes, double gen0)
        {
            string file = Directory.GetFiles(folder, "*-report-full.json", SearchOption.AllDirectories)[0];
            var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!;
            foreach (var benchmark in root["Benchmarks"]!.AsArray())
            {
                benchmark!["Memory"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["Gen0Collections"] = gen0, ["Gen1Collections"] = 0, ["Gen2Collections"] = 0, ["TotalOperations"] = 1000, ["BytesAllocatedPerOperation"] = bytes,
                };
            }

            File.WriteAllText(file, root.ToJsonString());
            return folder;
        }
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

        Assert.Contains(report.Environment, f => f.Name == "cores" && f.Differs && f.InFingerprint);
        Assert.Contains(report.Environment, f => f.Name == "cpuModel" && f.Differs && f.InFingerprint);
        Assert.Equal(["cpuModel", "cores"], report.FingerprintDifferences);
        Assert.False(report.SameMachine);
        Assert.Contains(report.Warnings, w => w.StartsWith("the runs' fingerprints differ in cpuModel (A against B), cores (2 against 8)", StringComparison.Ordinal));
    }

    [Fact]
    public void AFieldOnlyOneRunRecordsIsNoDifference()
    {
        // A run written before env.json had scales, or one without a --cpus limit, against one that records them.
        var older = Fingerprint.Of(new Dictionary<string, string> { ["cores"] = "2", ["profile"] = "quick" });
        var newer = Fingerprint.Of(new Dictionary<string, string> { ["cores"] = "2", ["profile"] = "quick", ["dotNetScale"] = "0.05", ["cpuLimit"] = "" });
        var limited = Fingerprint.Of(new Dictionary<string, string> { ["cores"] = "1", ["profile"] = "quick", ["cpuLimit"] = "1" });
        Assert.Empty(older.DifferencesFrom(newer));
        Assert.Equal(["cores"], newer.DifferencesFrom(limited));
    }

    [Fact]
    public void DifferentFingerprintsTurnRawTimeVerdictsIntoDifferentMachinesAndPutTheGapsFirst()
    {
        var random = new Random(12);
        Entry Case(string executor, double median) => new("Grid", "Run", $"Executor={executor}&Workers=2", "Job", Lognormal(random, median, 0.01, 10));
        var baseline = ResultSet.Load(Folder([Case("Threads", 100), Case("Processes", 150)], new() { ["cores"] = 2, ["profile"] = "quick" }));
        var diff = ResultSet.Load(Folder([Case("Threads", 200), Case("Processes", 300)], new() { ["cores"] = 1, ["profile"] = "quick" }));
        var same = ResultSet.Load(Folder([Case("Threads", 200), Case("Processes", 300)], new() { ["cores"] = 2, ["profile"] = "quick" }));

        var across = Comparer.Compare(baseline, diff, Defaults);
        string markdown = Study.Reports.Output.ComparisonDocument.Markdown(across);
        Assert.Contains("| different machines (slower) |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("| slower |", markdown, StringComparison.Ordinal);
        Assert.True(markdown.IndexOf("## The gap", StringComparison.Ordinal) < markdown.IndexOf("## Summary", StringComparison.Ordinal), "the gaps come first between machines");

        string within = Study.Reports.Output.ComparisonDocument.Markdown(Comparer.Compare(baseline, same, Defaults));
        Assert.Contains("| slower |", within, StringComparison.Ordinal);
        Assert.DoesNotContain("different machines", within, StringComparison.Ordinal);
        Assert.True(within.IndexOf("## Summary", StringComparison.Ordinal) < within.IndexOf("## The gap", StringComparison.Ordinal));
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
