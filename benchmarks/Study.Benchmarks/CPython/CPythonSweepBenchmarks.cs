using BenchmarkDotNet.Attributes;

namespace Study.Benchmarks.CPython;

/// <summary>
/// The crossover in CPython: equal tasks of <c>sum_generator</c> from 40 iterations (about 1 µs here) to 4·10⁶ (about
/// 100 ms), as <c>Measurements.TaskSizeSweepBenchmarks</c> sweeps .NET's, with about 1.2·10⁷ iterations a point (0.3 s
/// sequential), at least 8 and at most 2 000 tasks, through threads and processes on this machine's cores.
/// </summary>
[GridJob]
[BenchmarkCategory(Categories.CPython)]
public class CPythonSweepBenchmarks : CPythonCase
{
    /// <summary>Sequential, threads or processes.</summary>
    [ParamsSource(nameof(Executors))]
    public ExecutorKind Executor { get; set; }

    /// <summary>Every executor of CPython, as the profile selects them.</summary>
    public static IEnumerable<ExecutorKind> Executors => ExecutorKinds.CPython;

    /// <summary>How a process pool starts its workers.</summary>
    [ParamsAllValues]
    public StartMethod StartMethod { get; set; }

    /// <summary>Cold or warm.</summary>
    [ParamsAllValues]
    public Lifetime Lifetime { get; set; }

    /// <summary>Iterations per task, in decades from about 1 µs to about 100 ms of CPython's work.</summary>
    [Params(40L, 400L, 4_000L, 40_000L, 400_000L, 4_000_000L)]
    public long Iterations { get; set; }

    /// <summary>How many tasks a point has: about 1.2·10⁷ iterations, between 8 and 2 000 tasks.</summary>
    public static int TaskCount(long iterations) => (int)Math.Clamp(1.2e7 / iterations, 8, 2_000);

    /// <summary>Starts the driver with the tasks; a warm case starts its pool.</summary>
    [GlobalSetup]
    public void Setup()
    {
        bool dry = Profiles.Current == Profile.Dry;
        Open(Executor, StartMethod, Environment.ProcessorCount, Lifetime,
            [.. Enumerable.Repeat(dry ? Math.Min(Iterations, 40) : Iterations, dry ? 8 : TaskCount(Iterations))]);
    }

    /// <summary>Map the tasks.</summary>
    [Benchmark]
    public long Run() => Driver.Count(new { op = "run" });
}
