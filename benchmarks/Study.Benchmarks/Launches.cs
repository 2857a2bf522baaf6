using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Study.Kernel;

namespace Study.Benchmarks;

/// <summary>
/// The headline cases — the comparisons the report states as answers — measured in several launches spread through
/// their class's run: launch 1 where the grid puts it, the others as jobs of their own (<c>Quick-L2</c>, ...) that
/// <see cref="Stability.RivalOrderer"/> places at the middle and the end, each launch's rivals side by side. The report
/// merges a case's launches (<c>Study.Reports.Results.Launch</c>) and sets its intervals across them.
/// </summary>
/// <remarks>
/// <para>
/// Why launches and not more iterations: on this machine the variance lives above the iteration. The committed quick
/// reference of 12-02 and two quick runs of 12-03 put the JIT pool at 2.01 [1.87, 2.10], 1.43 [1.14, 1.76] and
/// 1.51 [1.41, 1.67] times threads: each run's iterations agree with each other and the runs do not, because a run's
/// five iterations of a case fall within seconds of each other, in one of the machine's two speeds, and its rival's in
/// the same seconds or not. Launches minutes apart sample the machine's states; their spread is what a second run sees.
/// </para>
/// <para>
/// Why jobs and not passes over the suite (another <c>BenchmarkSwitcher.Run</c>): each pass builds the benchmark
/// project again (20–40 s here), and the quick profile has no minute to spare; a job costs only its cases. BenchmarkDotNet
/// orders cases within a class, so a class's launches spread over that class's run (the .NET grid's three minutes, the
/// CPython grid's one), not over the whole run.
/// </para>
/// </remarks>
public static class Launches
{
    /// <summary>The environment variable that tells a benchmark process which launch it is.</summary>
    public const string Variable = "STUDY_LAUNCH";

    /// <summary>The separator between a job's id and its launch, <c>Quick-L2</c>: the one the report reads back.</summary>
    public const string Separator = Reports.Results.BenchmarkResult.LaunchSeparator;

    /// <summary>How many launches the headline cases get: 3 in the quick profile, 5 in the full one, 2 in the dry one (to run the path).</summary>
    public static int Count(Profile profile) => profile switch
    {
        Profile.Quick => 3,
        Profile.Full => 5,
        _ => 2,
    };

    /// <summary><paramref name="job"/> and its copies for launches 2 to <see cref="Count"/>, each told its launch through <see cref="Variable"/>.</summary>
    public static Job[] Of(Job job, Profile profile)
    {
        ArgumentNullException.ThrowIfNull(job);
        return [job, .. Enumerable.Range(2, Count(profile) - 1)
            .Select(launch => job.WithId($"{job.Id}{Separator}{launch}").WithEnvironmentVariable(Variable, launch.ToString(System.Globalization.CultureInfo.InvariantCulture)))];
    }

    /// <summary>Which launch a case is (1 for the grid's own job).</summary>
    public static int Of(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        return Reports.Results.BenchmarkResult.LaunchOf(benchmarkCase.Job.Id).Launch;
    }

    /// <summary>
    /// Whether a case is a headline: the article's case (map, cold, five workers, and sequential code) of every executor
    /// of both runtimes, and the AOT pool's batch and round trip through each transport.
    /// </summary>
    public static bool IsHeadline(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var p = benchmarkCase.Parameters;
        string type = benchmarkCase.Descriptor.Type.Name, method = benchmarkCase.Descriptor.WorkloadMethod.Name;
        bool Has(string name, object value) => p.Items.Any(i => i.Name == name) && Equals(p[name], value);
        bool article = Has("Shape", WorkShape.Article) && Has("Lifetime", Lifetime.Cold)
            && (Has("Workers", 5) || (Has("Executor", ExecutorKind.Sequential) && Has("Workers", 1)));
        return type switch
        {
            nameof(global::Study.Benchmarks.Study.WorkListBenchmarks) => article && Has("Api", Api.Map) && Has("Chunksize", 1),
            nameof(CPython.CPythonWorkListBenchmarks) => article,
            nameof(Overhead.DispatchBenchmarks) => method is nameof(Overhead.DispatchBenchmarks.Batch) or nameof(Overhead.DispatchBenchmarks.RoundTrip)
                && (Has("Executor", ExecutorKind.ProcessesAot) || Has("Executor", ExecutorKind.ProcessesAotShm)),
            nameof(Overhead.BlockingRoundTripBenchmarks) => Has("Executor", ExecutorKind.ProcessesAot) || Has("Executor", ExecutorKind.ProcessesAotShm),
            _ => false,
        };
    }
}
