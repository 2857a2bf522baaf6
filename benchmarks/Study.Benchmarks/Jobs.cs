using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace Study.Benchmarks;

/// <summary>
/// For calls of microseconds to a few milliseconds: BenchmarkDotNet's throughput strategy, trimmed so that the
/// whole overhead suite runs in minutes on two cores.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OverheadJobAttribute : JobConfigBaseAttribute
{
    /// <summary>Creates the job.</summary>
    public OverheadJobAttribute()
        : base(Job.Default
            .WithId("Overhead")
            // 100 ms iterations: long enough for a 1 000-call batch to repeat several times, short enough for a grid.
            .WithIterationTime(TimeInterval.FromMilliseconds(100))
            // 3 warm-ups let tiered JIT and the pools' adaptive credit settle.
            .WithWarmupCount(3)
            // 15 measured iterations: enough for a median and a Mann–Whitney test between runs.
            .WithIterationCount(15))
    {
    }
}

/// <summary>
/// For calls of 1 ms to 1 s that start processes: one invocation an iteration, no pilot, as the study's guide says;
/// BenchmarkDotNet's throughput strategy would run each for minutes.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ColdJobAttribute : JobConfigBaseAttribute
{
    /// <summary>Creates the job.</summary>
    public ColdJobAttribute()
        : base(Job.Default
            .WithId("Cold")
            .WithStrategy(RunStrategy.Monitoring)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            // 2 warm-ups load the runtime's process-start path and the page cache with the worker binaries.
            .WithWarmupCount(2)
            // 20 iterations: starts are noisy; the median of 20 is stable to a few percent here.
            .WithIterationCount(20))
    {
    }
}
