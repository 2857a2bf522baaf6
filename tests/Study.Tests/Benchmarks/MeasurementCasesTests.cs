using Study.Benchmarks;
using Study.Benchmarks.Measurements;

namespace Study.Tests.Benchmarks;

/// <summary>Which measurement cases each profile runs: what issue 8 asks the committed full results to hold.</summary>
public sealed class MeasurementCasesTests
{
    private static readonly ExecutorKind[] Pooled = [.. PoolLifecycleBenchmarks.PooledExecutors];

    [Fact]
    public void TheFullProfileStartsAndShutsDownEveryPoolWithOneToEightWorkers() =>
        Assert.All(Pooled, executor => Assert.All(new[] { 1, 2, 4, 5, 8 },
            workers => Assert.All(new[] { nameof(PoolLifecycleBenchmarks.StartAll), nameof(PoolLifecycleBenchmarks.Shutdown) },
                method => Assert.True(MeasurementCases.LifecycleIsIn(Profile.Full, executor, workers, method), $"{executor} × {workers} {method}"))));

    [Fact]
    public void TheFullProfileSweepsEveryExecutorFromAMicrosecondToATenthOfASecond()
    {
        long[] sizes = [2_000, 20_000, 200_000, 2_000_000, 20_000_000, 200_000_000];
        foreach (var executor in Pooled.Where(e => e != ExecutorKind.DotNet))
        {
            foreach (var lifetime in Enum.GetValues<Lifetime>())
            {
                Assert.All(sizes, size => Assert.True(
                    MeasurementCases.SweepIsIn(Profile.Full, executor, Environment.ProcessorCount, lifetime, size), $"{executor} {lifetime} {size}"));
            }
        }

        Assert.All(sizes, size => Assert.True(
            MeasurementCases.SweepIsIn(Profile.Full, ExecutorKind.Sequential, TaskSizeSweepBenchmarks.WorkerCounts.Min(), Lifetime.Cold, size)));
    }

    [Fact]
    public void TheQuickProfileSweepsTheGilModelAndBothProcessPoolsFromAMicrosecondToAMillisecond()
    {
        foreach (var executor in new[] { ExecutorKind.Gil, ExecutorKind.ProcessesJit, ExecutorKind.ProcessesAot, ExecutorKind.ProcessesAotShm })
        {
            Assert.All(new long[] { 2_000, 2_000_000 }, size =>
                Assert.True(MeasurementCases.SweepIsIn(Profile.Quick, executor, Environment.ProcessorCount, Lifetime.Warm, size)));
        }
    }

    [Theory]
    [InlineData(Profile.Quick)]
    [InlineData(Profile.Full)]
    public void EveryExecutorRunsTheIoBoundWorkload(Profile profile) =>
        Assert.All(Enum.GetValues<ExecutorKind>(), executor =>
            Assert.True(MeasurementCases.IoIsIn(profile, executor, executor == ExecutorKind.Sequential ? 1 : 8)));

    [Fact]
    public void SweepTasksAreEnoughForThePoolToMatter()
    {
        Assert.Equal(2_000, TaskSizeSweepBenchmarks.TaskCount(2_000));
        Assert.Equal(8, TaskSizeSweepBenchmarks.TaskCount(200_000_000));
        Assert.InRange(TaskSizeSweepBenchmarks.TaskCount(2_000_000), 100, 400);
    }
}
