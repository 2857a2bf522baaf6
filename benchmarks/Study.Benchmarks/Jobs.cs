using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace Study.Benchmarks;

/// <summary>
/// For calls of microseconds to a few milliseconds: BenchmarkDotNet's throughput strategy, trimmed so that the
/// whole overhead suite runs in minutes on two cores. The dry profile runs BenchmarkDotNet's dry job instead. The
/// headline cases (<see cref="Launches"/>) run in several launches.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OverheadJobAttribute : Attribute, IConfigSource
{
    /// <inheritdoc />
    public IConfig Config { get; } = ManualConfig.CreateEmpty().AddJob(Launches.Of(Create(), Profiles.Current));

    private static Job Create() => Profiles.Current == Profile.Dry ? Job.Dry : Job.Default
            .WithId("Overhead")
            // 100 ms iterations: long enough for a 1 000-call batch to repeat several times, short enough for a grid.
            .WithIterationTime(TimeInterval.FromMilliseconds(100))
            // Warm-ups let tiered JIT settle: 3, or 1 in the quick profile, which must fit in minutes.
            .WithWarmupCount(Profiles.Current == Profile.Quick ? 1 : 3)
            // ... and this lets it settle at all: the call-counting delay (100 ms) restarts whenever a method is jitted
            // at tier 0 or for PGO instrumentation, and in the process pool's dispatch path it never ran out within a
            // run: Dispatch and Send stayed at instrumented tier 0 (a map of 10 chunks measured 0.35 µs an item against
            // 0.16 µs with no delay). With none, a method moves up after its 30th call, as in a long-running program.
            // The benchmark process passes it on to the worker processes it starts.
            .WithEnvironmentVariable("DOTNET_TC_CallCountingDelayMs", "0")
            // Measured iterations: 15, or 10 in the quick profile, still enough for a Mann–Whitney test at 1e-5.
            .WithIterationCount(Profiles.Current == Profile.Quick ? 10 : 15);
}

/// <summary>
/// For calls of 1 ms to 1 s that start processes: one invocation an iteration, no pilot, as the study's guide says;
/// BenchmarkDotNet's throughput strategy would run each for minutes. The dry profile runs the dry job instead.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ColdJobAttribute : JobConfigBaseAttribute
{
    /// <summary>Creates the job.</summary>
    public ColdJobAttribute()
        : base(Profiles.Current == Profile.Dry ? Job.Dry : Job.Default
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

/// <summary>
/// For the study's grid: calls of 10 ms to 1 s that may start processes, so the monitoring strategy with one
/// invocation an iteration. How many iterations depends on the profile; the headline cases (<see cref="Launches"/>)
/// run in several launches.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class GridJobAttribute : Attribute, IConfigSource
{
    /// <inheritdoc />
    public IConfig Config { get; } = ManualConfig.CreateEmpty().AddJob(Launches.Of(Create(Profiles.Current), Profiles.Current));

    private static Job Create(Profile profile) => profile switch
    {
        Profile.Dry => Job.Dry.WithId("Dry"),
        // Quick: 5 measured iterations, a median, not a test; no warm-up beyond BenchmarkDotNet's jitting invocation,
        // which already runs the case once (JIT, page cache, thread creation) and keeps the profile within 10 minutes.
        Profile.Quick => Monitoring("Quick", warmups: 0, iterations: 5),
        // Full: 1 warm-up (after BenchmarkDotNet's jitting call) and 10 iterations, the fewest with which a
        // Mann–Whitney test at α = 1e-5 can reject; the whole profile within an hour on two cores.
        _ => Monitoring("Full", warmups: 1, iterations: 10),
    };

    /// <summary>The monitoring strategy, one invocation an iteration: for calls of milliseconds that start processes.</summary>
    internal static Job Monitoring(string id, int warmups, int iterations) => Job.Default
        .WithId(id)
        .WithStrategy(RunStrategy.Monitoring)
        .WithInvocationCount(1)
        .WithUnrollFactor(1)
        .WithWarmupCount(warmups)
        .WithIterationCount(iterations);
}

/// <summary>
/// For pool start-up and shutdown with 1 to 8 workers: the monitoring strategy, one invocation an iteration, as for
/// <see cref="ColdJobAttribute"/>, with fewer iterations in the quick profile so that it stays within its minutes.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LifecycleJobAttribute : JobConfigBaseAttribute
{
    /// <summary>Creates the job of the current profile.</summary>
    public LifecycleJobAttribute()
        : base(Profiles.Current switch
        {
            Profile.Dry => Job.Dry.WithId("Dry"),
            // Quick: 1 warm-up and 7 iterations: a median to a few percent, 50 cases in about two minutes.
            Profile.Quick => GridJobAttribute.Monitoring("Lifecycle", warmups: 1, iterations: 7),
            // Full: 1 warm-up and 10 iterations, enough for a Mann–Whitney test between machines.
            _ => GridJobAttribute.Monitoring("Lifecycle", warmups: 1, iterations: 10),
        })
    {
    }
}
