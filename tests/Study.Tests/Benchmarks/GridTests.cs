using Study.Benchmarks;
using Study.Benchmarks.Study;
using Study.Kernel;

namespace Study.Tests.Benchmarks;

/// <summary>Which cases each profile runs: the requirements on the grid, checked without running it.</summary>
public sealed class GridTests
{
    private static readonly int[] WorkerCounts = [.. WorkListBenchmarks.WorkerCounts];

    public static TheoryData<Profile> AllProfiles => [.. Enum.GetValues<Profile>()];

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void EveryExecutorRunsTheArticlesCase(Profile profile)
    {
        var cases = Cases(profile).Where(c => c.Shape == WorkShape.Article && c.Lifetime == Lifetime.Cold && c.Api == Api.Map).ToList();
        Assert.All(Enum.GetValues<ExecutorKind>(), kind => Assert.Contains(cases, c => c.Executor == kind));
    }

    [Theory]
    [InlineData(Profile.Quick)]
    [InlineData(Profile.Full)]
    public void EveryExecutorRunsEveryShape(Profile profile)
    {
        var cases = Cases(profile).ToList();
        foreach (var kind in Enum.GetValues<ExecutorKind>())
        {
            foreach (var shape in Enum.GetValues<WorkShape>())
            {
                Assert.Contains(cases, c => c.Executor == kind && c.Shape == shape);
            }
        }
    }

    [Theory]
    [InlineData(Profile.Quick)]
    [InlineData(Profile.Full)]
    public void TheArticlesListRunsAtOneWorkerTheArticlesFiveAndTheCoresAndTheFullProfileAtEveryCount(Profile profile)
    {
        var cases = Cases(profile).Where(c => c.Shape == WorkShape.Article && c.Executor != ExecutorKind.Sequential).ToList();
        // The quick profile leaves out 4 and 8 workers: their minute pays for the headline cases' launches.
        var counts = profile == Profile.Full ? WorkerCounts : WorkerCounts.Where(w => w is 1 or 5 || w == Environment.ProcessorCount);
        Assert.All(counts, workers => Assert.Contains(cases, c => c.Workers == workers));
    }

    [Fact]
    public void WorkerCountsAreTheArticlesAndTheMachines() =>
        Assert.Subset(WorkerCounts.ToHashSet(), new HashSet<int> { 1, 2, 4, 5, 8, Environment.ProcessorCount });

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void SequentialRunsOnceAShape(Profile profile) =>
        Assert.All(Cases(profile).Where(c => c.Executor == ExecutorKind.Sequential),
            c => Assert.Equal((1, Lifetime.Cold, Api.Map, 1), (c.Workers, c.Lifetime, c.Api, c.Chunksize)));

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void OnlyProcessPoolsMapInChunks(Profile profile) =>
        Assert.All(Cases(profile).Where(c => c.Chunksize != 1), c =>
        {
            Assert.True(c.Executor.IsProcessPool(), $"{c.Executor} maps in chunks");
            Assert.Equal(Api.Map, c.Api);
        });

    [Fact]
    public void TheFullProfileRunsBothLifetimesBothApisAndChunks()
    {
        var cases = Cases(Profile.Full).ToList();
        Assert.Contains(cases, c => c.Lifetime == Lifetime.Warm);
        Assert.Contains(cases, c => c.Api == Api.Submit);
        Assert.Contains(cases, c => c.Chunksize > 1);
    }

    [Theory]
    [InlineData(Profile.Quick)]
    [InlineData(Profile.Full)]
    public void TheTinyShapeRunsInChunksThroughEveryProcessPool(Profile profile) =>
        Assert.All(new[] { ExecutorKind.ProcessesJit, ExecutorKind.ProcessesAot, ExecutorKind.ProcessesAotShm }, kind =>
            Assert.Contains(Cases(profile), c => c.Executor == kind && c.Shape == WorkShape.Tiny && c.Chunksize > 1));

    [Fact]
    public void ProfilesGrowFromDryToFull()
    {
        int dry = Cases(Profile.Dry).Count();
        int quick = Cases(Profile.Quick).Count();
        int full = Cases(Profile.Full).Count();
        Assert.True(dry < quick && quick < full, $"dry {dry}, quick {quick}, full {full}");
    }

    [Fact]
    public void TheFullProfileMeasuresAtLeastTenIterations()
    {
        // The job is chosen from the environment, which BenchmarkDotNet's processes inherit; no other test reads it.
        string? previous = Environment.GetEnvironmentVariable(Profiles.Variable);
        Environment.SetEnvironmentVariable(Profiles.Variable, nameof(Profile.Full));
        try
        {
            // The grid's job and the headline cases' later launches, each alike but for its launch.
            var jobs = new GridJobAttribute().Config.GetJobs().ToList();
            Assert.Equal(Launches.Count(Profile.Full), jobs.Count);
            Assert.All(jobs, job =>
            {
                Assert.True(job.Run.IterationCount >= 10, $"{job.Run.IterationCount} iterations");
                Assert.Equal(1, job.Run.InvocationCount);
            });
            Assert.Equal(["Full", "Full-L2", "Full-L3", "Full-L4", "Full-L5"], jobs.Select(j => j.Id));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Profiles.Variable, previous);
        }
    }

    [Theory]
    [InlineData("AMD EPYC 7763 64-Core Processor", 2, "linux", "amd-epyc-7763-2c-linux")]
    [InlineData("Intel(R) Xeon(R) CPU E5-2673 v4 @ 2.30GHz", 4, "linux", "intel-xeon-e5-2673-4c-linux")]
    [InlineData("", 8, "windows", "cpu-8c-windows")]
    public void MachineIdsAreReadableAndStable(string cpu, int cores, string os, string expected) =>
        Assert.Equal(expected, Study.Reports.Results.MachineId.Create(cpu, cores, os));

    private static IEnumerable<GridCase> Cases(Profile profile) =>
        from executor in Enum.GetValues<ExecutorKind>()
        from workers in WorkerCounts
        from shape in Enum.GetValues<WorkShape>()
        from lifetime in Enum.GetValues<Lifetime>()
        from api in Enum.GetValues<Api>()
        from chunksize in new[] { 1, 16 }
        let gridCase = new GridCase(executor, workers, shape, lifetime, api, chunksize)
        where gridCase.IsIn(profile)
        select gridCase;
}
