using Study.Reports.Analysis;
using Study.Reports.Output;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Tests.Reports;

/// <summary>
/// Intervals at the level that varies (a case's launches, merged from their jobs) and the machine's discrete speeds
/// (the sampler's readings, each iteration placed in time), on results built in memory.
/// </summary>
public sealed class LaunchesAndModesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ACasesLaunchesAreMergedIntoOneResultThatKeepsThemApart()
    {
        var merged = ResultSet.InMemory([Result("Quick", 100, 101), Result("Quick-L2", 110, 111), Result("Quick-L3", 120, 121)], Empty).Benchmarks;

        var result = Assert.Single(merged);
        Assert.Equal("Quick", result.Job);
        Assert.Equal(3, result.Launches.Count);
        Assert.Equal([100, 101, 110, 111, 120, 121], result.Nanoseconds);
        Assert.Equal(("Quick", 2), BenchmarkResult.LaunchOf("Quick-L2"));
        Assert.Equal(("Quick-Lx", 1), BenchmarkResult.LaunchOf("Quick-Lx"));
    }

    [Fact]
    public void WhenLaunchesDifferTheIntervalAcrossThemIsWiderThanTheIterations()
    {
        // Each launch's iterations agree closely; the launches do not (the machine in another state minutes later).
        var pool = Merged("Executor=Pool", [Spread(105), Spread(125), Spread(140)]);
        var threads = Merged("Executor=Threads", [Spread(100), Spread(100), Spread(100)]);
        var judgement = Judgement.Default;

        var iterations = judgement.Compare(pool.Nanoseconds, threads.Nanoseconds);
        var launches = judgement.Compare(pool, threads);

        Assert.Equal(3, launches.Launches);
        Assert.True(launches.Lower < iterations.Lower, $"{launches.Lower} against {iterations.Lower}");
        Assert.True(launches.Upper > iterations.Upper, $"{launches.Upper} against {iterations.Upper}");
        Assert.Equal(1.05, launches.LaunchLow, 2);
        Assert.Equal(1.40, launches.LaunchHigh, 2);
        Assert.True(launches.Verdict.IsSlower(), launches.Verdict.ToString());
    }

    [Fact]
    public void WhenLaunchesAgreeTheIntervalIsNoWiderThanTheIterationsAllowAndTheVerdictStands()
    {
        var pool = Merged("Executor=Pool", [Spread(150), Spread(151), Spread(149)]);
        var threads = Merged("Executor=Threads", [Spread(100), Spread(101), Spread(99)]);

        var iterations = Judgement.Default.Compare(pool.Nanoseconds, threads.Nanoseconds);
        var launches = Judgement.Default.Compare(pool, threads);

        Assert.Equal(Verdict.Slower, launches.Verdict);
        Assert.InRange(launches.Lower, iterations.Lower * 0.97, iterations.Lower);
        Assert.InRange(launches.Upper, iterations.Upper, iterations.Upper * 1.03);
    }

    [Fact]
    public void AMachineWithTwoSpeedsIsReadAsTwoModesWithTheirShares()
    {
        var samples = TwoSpeeds(seconds: 60, slowFrom: 42);

        var modes = MachineModes.Of(ResultSet.InMemory([Result("Quick", 1, 2)], Empty, speed: samples))!;

        Assert.Equal(2, modes.Modes.Count);
        Assert.InRange(modes.Modes[0].Nanoseconds, 0.60, 0.62);
        Assert.InRange(modes.Modes[1].Nanoseconds, 0.87, 0.89);
        Assert.Equal(0.7, modes.Modes[0].Share, 2);
        Assert.Equal(0.3, modes.Modes[1].Share, 2);
        Assert.Equal(0, modes.ModeOf(0.62));
        Assert.Equal(1, modes.ModeOf(0.88));
    }

    [Fact]
    public void AWallOfIdenticalFastestReadingsIsOneSpeedWithTheReadingsJustAboveIt()
    {
        // As the sampler reads this machine: half its readings hit the same floor, the others of that speed spread just
        // above it, and a slower speed apart.
        var samples = Enumerable.Range(0, 240).Select(i => new SpeedSample(Start.AddMilliseconds(i * 250),
            i % 2 == 0 ? 0.617 : i % 5 == 1 ? 0.88 + (0.02 * (i * 0.618034 % 1)) : 0.618 + (0.02 * (i * 0.618034 % 1)))).ToList();

        var modes = MachineModes.Of(ResultSet.InMemory([Result("Quick", 1, 2)], Empty, speed: samples))!;

        Assert.Equal(2, modes.Modes.Count);
        Assert.InRange(modes.Modes[0].Nanoseconds, 0.617, 0.64);
        Assert.InRange(modes.Modes[1].Nanoseconds, 0.88, 0.90);
    }

    [Fact]
    public void RivalsMeasuredAtDifferentSpeedsAreMarkedUnsteadyAndRivalsAtOneSpeedAreNot()
    {
        // Threads and the fast pool run in the fast minute, the slow pool in the slow one (from second 42).
        var results = ResultSet.InMemory(
            [Case("Threads", 100), Case("Pool", 120), Case("SlowPool", 160)],
            Empty,
            [.. Window("Threads", 10), .. Window("Pool", 20), .. Window("SlowPool", 45)],
            TwoSpeeds(seconds: 60, slowFrom: 42));
        var steadiness = Steadiness.Of(results);
        var judgement = Judgement.Default with { Unfair = steadiness.Unfair };
        BenchmarkResult Get(string executor) => results.Benchmarks.Single(b => b.Parameter("Executor") == executor);

        Assert.NotNull(steadiness.Modes);
        Assert.Equal([0, 0, 0, 0, 0], steadiness.Modes!.IterationModes(Get("Threads")));
        Assert.Equal([1, 1, 1, 1, 1], steadiness.Modes.IterationModes(Get("SlowPool")));
        Assert.False(judgement.Compare(Get("Pool"), Get("Threads")).Unsteady);
        Assert.True(judgement.Compare(Get("SlowPool"), Get("Threads")).Unsteady);
    }

    [Fact]
    public void ARunFromBeforeTheSamplerStillReportsAndSaysWhatItLacks()
    {
        using var fixture = new ReportFixture();
        fixture.WriteCanaries();

        var report = ReportWriter.Write(fixture.Folder);

        Assert.False(report.Stability.ByLoad);
        Assert.Empty(report.Stability.Modes);
        Assert.Equal(1, report.Stability.Launches);
        Assert.Contains("predates the speed sampler", File.ReadAllText(Path.Combine(fixture.Folder, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void ADamagedSpeedFileLosesOnlyItsBadLines()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"study-speed-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, SpeedSample.FileName),
                $"{SpeedSample.Header}\n1764763200000,0.617\nnot a reading\n1764763200250,-1\n1764763200500,0.7\n17647632007");

            var samples = SpeedSample.Load(folder);

            Assert.Equal([0.617, 0.7], samples.Select(s => s.NanosecondsPerIteration));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static readonly Dictionary<string, string> Empty = new(StringComparer.Ordinal);

    private static BenchmarkResult Result(string job, params double[] values) =>
        new(Suite.Namespace, "Grid", "Run", new Dictionary<string, string>(StringComparer.Ordinal) { ["Executor"] = "Threads" }, job, values, 0, 3);

    private static BenchmarkResult Case(string executor, double nanoseconds) =>
        new(Suite.Namespace, "Grid", "Run", new Dictionary<string, string>(StringComparer.Ordinal) { ["Executor"] = executor }, "Quick",
            [.. Enumerable.Range(0, 5).Select(i => nanoseconds + i)], 0, 3);

    private static BenchmarkResult Merged(string parameters, double[][] launches)
    {
        var named = BenchmarkResult.ParseParameters(parameters);
        var results = launches.Select((values, i) => new BenchmarkResult(Suite.Namespace, "Grid", "Run", named, i == 0 ? "Quick" : $"Quick-L{i + 1}", values, 0, 3));
        return Assert.Single(ResultSet.InMemory([.. results], Empty).Benchmarks);
    }

    private static double[] Spread(double center) => [.. Enumerable.Range(-2, 5).Select(i => center * (1 + (0.002 * i)))];

    /// <summary>Readings every 250 ms, spread evenly over 0.60–0.62 ns until <paramref name="slowFrom"/> seconds and 0.87–0.89 after.</summary>
    private static List<SpeedSample> TwoSpeeds(int seconds, int slowFrom) =>
        [.. Enumerable.Range(0, seconds * 4).Select(i => new SpeedSample(
            Start.AddMilliseconds(i * 250), (i < slowFrom * 4 ? 0.60 : 0.87) + (0.02 * (i * 0.618034 % 1))))];

    /// <summary>A case's canary readings: before at <paramref name="second"/>, after two seconds later.</summary>
    private static IEnumerable<CanaryReading> Window(string executor, int second) =>
        [
            new(Start.AddSeconds(second), Suite.Namespace, "Grid", "Run", $"Executor={executor}", "Quick", CanaryReading.Before, CanaryReading.DotNet, 0.6),
            new(Start.AddSeconds(second + 2), Suite.Namespace, "Grid", "Run", $"Executor={executor}", "Quick", CanaryReading.After, CanaryReading.DotNet, 0.6),
        ];
}
