using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Study.Benchmarks;
using Study.Benchmarks.CPython;
using Study.Benchmarks.Stability;
using Study.Benchmarks.Study;

namespace Study.Tests.Benchmarks;

/// <summary>The suite's side of the machine's steadiness: rivals run next to each other, the canary, the disturbance.</summary>
public sealed class StabilityTests
{
    [Theory]
    [InlineData(typeof(WorkListBenchmarks))]
    [InlineData(typeof(CPythonWorkListBenchmarks))]
    [InlineData(typeof(global::Study.Benchmarks.Measurements.TaskSizeSweepBenchmarks))]
    public void RivalsRunOneAfterAnother(Type type)
    {
        var order = BenchmarkConverter.TypeToBenchmarks(type, StudyConfig.Create()).BenchmarksCases;

        // Every setting's cases form one unbroken run in the execution order: no other case comes between rivals.
        var settings = order.Select(RivalOrderer.Setting).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < settings.Count; i++)
        {
            if (i > 0 && settings[i] != settings[i - 1])
            {
                Assert.True(seen.Add(settings[i - 1]), $"{settings[i - 1]} is split by other cases");
            }
        }

        Assert.DoesNotContain(settings[^1], seen);
        Assert.Contains(order.GroupBy(RivalOrderer.Setting), g => g.Count() > 1);
    }

    [Fact]
    public void ASettingsExecutorsAlternateTheirOrder()
    {
        var groups = BenchmarkConverter.TypeToBenchmarks(typeof(WorkListBenchmarks), StudyConfig.Create()).BenchmarksCases
            .GroupBy(RivalOrderer.Setting).Where(g => g.Count() > 2).Take(2)
            .Select(g => g.Select(c => c.Parameters["Executor"]!.ToString()).ToList()).ToList();

        Assert.Equal(2, groups.Count);
        Assert.NotEqual(groups[0][0], groups[1][0]);
    }

    [Theory]
    [InlineData(typeof(WorkListBenchmarks))]
    [InlineData(typeof(global::Study.Benchmarks.Overhead.DispatchBenchmarks))]
    public void TheHeadlineCasesLaterLaunchesRunAtTheMiddleAndTheEndOfTheirClass(Type type)
    {
        var order = BenchmarkConverter.TypeToBenchmarks(type, StudyConfig.Create().AddFilter(new ProfileFilter(Profile.Quick))).BenchmarksCases;
        var launches = order.Select(Launches.Of).ToList();

        // Only headline cases run again, each in every launch of the profile.
        Assert.All(order.Where(c => Launches.Of(c) > 1), c => Assert.True(Launches.IsHeadline(c), c.DisplayInfo));
        var headline = order.Where(c => Launches.Of(c) == 1 && Launches.IsHeadline(c)).ToList();
        Assert.NotEmpty(headline);
        Assert.Equal(headline.Count * Launches.Count(Profile.Quick), order.Count(Launches.IsHeadline));
        // Launch 3 closes the class's run; launch 2 runs between the first launch and it, in the middle.
        Assert.Equal(Launches.Count(Profile.Quick), launches[^1]);
        int first2 = launches.IndexOf(2), first1 = launches.IndexOf(1);
        Assert.InRange(first2, first1 + 1, launches.IndexOf(3) - 1);
        Assert.InRange(first2, (order.Length / 2) - headline.Count, (order.Length / 2) + headline.Count);
    }

    [Fact]
    public void TheSummaryKeepsTheDeclaredOrder()
    {
        var orderer = new RivalOrderer();
        var cases = System.Collections.Immutable.ImmutableArray.Create(BenchmarkConverter.TypeToBenchmarks(typeof(WorkListBenchmarks), StudyConfig.Create()).BenchmarksCases);

        var executed = orderer.GetExecutionOrder(cases).ToList();
        var declared = new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared).GetExecutionOrder(cases).ToList();

        Assert.Equal(declared.ToHashSet(), executed.ToHashSet());
        Assert.NotEqual(declared, executed);
    }

    [Fact(Timeout = 30_000)]
    public async Task TheCanaryReadsAPositiveSpeedAndChecksItsSums() => await OnThread.Run(() =>
    {
        var canary = new Canary(threads: 2);
        double reading = canary.Read();
        double oneThread = canary.ReadOneThread();
        Assert.True(double.IsFinite(reading) && reading > 0, $"{reading} ns an iteration");
        Assert.True(double.IsFinite(oneThread) && oneThread > 0, $"{oneThread} ns an iteration on one thread");
    });

    [Fact(Timeout = 30_000)]
    public async Task ADisturbanceEndsByItself() => await OnThread.Run(() =>
    {
        var disturbance = new Disturbance(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), Cores: 1);

        var threads = disturbance.Start();

        Assert.Equal("1 core loaded for 0 s from 0 s into the run", disturbance.Description);
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromSeconds(20)), "the load did not stop"));
    });
}
