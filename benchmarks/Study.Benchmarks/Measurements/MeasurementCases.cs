using Study.Benchmarks.Study;

namespace Study.Benchmarks.Measurements;

/// <summary>
/// Which cases of the measurement classes each profile runs, as <see cref="GridCase"/> does for the grid: the full
/// profile runs everything the report needs; quick keeps what answers the study's questions within its minutes.
/// </summary>
public static class MeasurementCases
{
    private static readonly int Cores = Environment.ProcessorCount;

    /// <summary>Cases of <see cref="TaskSizeSweepBenchmarks"/>: quick sweeps warm pools on this machine's cores.</summary>
    public static bool SweepIsIn(Profile profile, ExecutorKind executor, int workers, Lifetime lifetime, long iterations)
    {
        if (executor == ExecutorKind.Sequential)
        {
            return workers == TaskSizeSweepBenchmarks.WorkerCounts.Min() && lifetime == Lifetime.Cold
                && (profile == Profile.Full || (profile == Profile.Dry && iterations == 2_000));
        }

        return profile switch
        {
            Profile.Dry => iterations == 2_000 && workers == 2 && lifetime == Lifetime.Warm,
            // Quick: the crossover's two sides, the GIL model and both process pools, warm, from 2·10³ to 2·10⁶
            // iterations (above, compute dominates both sides and the ratio stays where 2·10⁶ puts it).
            Profile.Quick => lifetime == Lifetime.Warm && workers == Cores && iterations <= 2_000_000
                && (executor == ExecutorKind.Gil || executor.IsProcessPool()),
            // Full: every pool but .NET's shared one (its threads are free, as the thread pool's are), warm and cold.
            _ => executor != ExecutorKind.DotNet,
        };
    }

    /// <summary>
    /// Cases of <see cref="PoolLifecycleBenchmarks"/>: quick starts 1, 2 and 8 workers of the thread pool and both
    /// process pools (the GIL model starts its threads as the thread pool does), and shuts 2 and 8 down: the model's
    /// start-up and shutdown terms.
    /// </summary>
    public static bool LifecycleIsIn(Profile profile, ExecutorKind executor, int workers, string method) => profile switch
    {
        Profile.Dry => workers == 2,
        Profile.Quick => executor is ExecutorKind.Threads or ExecutorKind.ProcessesJit or ExecutorKind.ProcessesAot
            && (method == nameof(PoolLifecycleBenchmarks.StartAll) ? workers is 1 or 2 or 8 : workers is 2 or 8),
        _ => true,
    };

    /// <summary>Cases of <see cref="KernelBenchmarks"/>: quick measures the kernel's own speed (n = 10⁷) only.</summary>
    public static bool KernelIsIn(Profile profile, string method) => profile != Profile.Quick || method == nameof(KernelBenchmarks.Sum1E7);

    /// <summary>Cases of <see cref="Overhead.BlockingRoundTripBenchmarks"/>: quick measures the process pools only, beside the pipe floor.</summary>
    public static bool BlockingRoundTripIsIn(Profile profile, ExecutorKind executor) =>
        profile != Profile.Quick || executor.IsProcessPool();

    /// <summary>Cases of <see cref="IoBoundBenchmarks"/>: the sequential executor once; dry at 2 workers, quick at 8.</summary>
    public static bool IoIsIn(Profile profile, ExecutorKind executor, int workers) =>
        executor == ExecutorKind.Sequential ? workers == 1 : profile switch
        {
            Profile.Dry => workers == 2,
            Profile.Quick => workers == 8,
            _ => true,
        };

    /// <summary>
    /// Cases of <see cref="Overhead.DispatchBenchmarks"/>: quick measures what the model reads (a batch through every
    /// executor, the round trip of threads and processes, chunks and a megabyte each way through the process pools),
    /// full everything.
    /// </summary>
    public static bool DispatchIsIn(Profile profile, ExecutorKind executor, string method) => profile != Profile.Quick || method switch
    {
        nameof(Overhead.DispatchBenchmarks.Batch) => true,
        nameof(Overhead.DispatchBenchmarks.RoundTrip) => executor == ExecutorKind.Threads || executor.IsProcessPool(),
        _ => executor.IsProcessPool(),
    };

    /// <summary>Cases of <see cref="Overhead.StartupBenchmarks"/>: quick starts the thread pool and both process pools.</summary>
    public static bool StartupIsIn(Profile profile, ExecutorKind executor) =>
        profile != Profile.Quick || executor is ExecutorKind.Threads or ExecutorKind.ProcessesJit or ExecutorKind.ProcessesAot;
}
