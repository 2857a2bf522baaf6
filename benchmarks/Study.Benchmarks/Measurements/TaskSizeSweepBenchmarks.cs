using BenchmarkDotNet.Attributes;
using Study.Futures;
using Study.Kernel;

namespace Study.Benchmarks.Measurements;

/// <summary>
/// The crossover, measured: equal tasks whose kernel work runs from 2 000 iterations (about 1 µs here) to 2·10⁸
/// (about 100 ms), in decades, mapped through every executor. With tiny tasks dispatch dominates and threads win; with
/// large ones compute does and the GIL holds threads to one core, so processes win; the report reads the task
/// duration where the two meet. Each point has enough tasks for the pool to matter: about 4·10⁸ iterations in all
/// (0.2 s sequential), at least 8 and at most 2 000 tasks.
/// </summary>
[GridJob]
[BenchmarkCategory(Categories.Sweep)]
public class TaskSizeSweepBenchmarks
{
    private long[] _items = [];
    private Int128 _expected;
    private Executor? _warm;

    /// <summary>Every executor of the study.</summary>
    [ParamsSource(nameof(Executors))]
    public ExecutorKind Executor { get; set; }

    /// <summary>Every executor of .NET, as the profile selects them.</summary>
    public static IEnumerable<ExecutorKind> Executors => ExecutorKinds.DotNet;

    /// <summary>2 and this machine's core count.</summary>
    [ParamsSource(nameof(WorkerCounts))]
    public int Workers { get; set; }

    /// <summary>Cold: the pool is created and shut down inside the measurement; warm: only the map.</summary>
    [ParamsAllValues]
    public Lifetime Lifetime { get; set; }

    /// <summary>Kernel iterations per task, in decades from about 1 µs to about 100 ms of work.</summary>
    [Params(2_000L, 20_000L, 200_000L, 2_000_000L, 20_000_000L, 200_000_000L)]
    public long Iterations { get; set; }

    /// <summary>The worker counts: 2 and the core count.</summary>
    public static IEnumerable<int> WorkerCounts => new[] { 2, Environment.ProcessorCount }.Distinct().Order();

    /// <summary>How many tasks a point has: about 4·10⁸ iterations in all, between 8 and 2 000 tasks.</summary>
    public static int TaskCount(long iterations) => (int)Math.Clamp(4e8 / iterations, 8, 2_000);

    /// <summary>Builds the tasks; starts and warms the pool of a warm case.</summary>
    [GlobalSetup]
    public void Setup()
    {
        long iterations = Profiles.Current == Profile.Dry ? Math.Min(Iterations, 2_000) : Iterations;
        int tasks = Profiles.Current == Profile.Dry ? 8 : TaskCount(Iterations);
        _items = Enumerable.Repeat(iterations, tasks).ToArray();
        _expected = SumKernel.ClosedForm(iterations) * tasks;
        if (Lifetime == Lifetime.Warm)
        {
            _warm = ExecutorFactory.Create(Executor, Workers);
            _ = Map(_warm);
        }
    }

    /// <summary>Shuts a warm pool down.</summary>
    [GlobalCleanup]
    public void Cleanup() => _warm?.Dispose();

    /// <summary>Map the tasks.</summary>
    [Benchmark]
    public Int128 Run()
    {
        if (_warm is not null)
        {
            return Map(_warm);
        }

        using var executor = ExecutorFactory.Create(Executor, Workers);
        return Map(executor);
    }

    private Int128 Map(Executor executor)
    {
        Int128 total = 0;
        foreach (var sum in executor.Map(SumKernel.Sum, _items))
        {
            total += sum;
        }

        return total == _expected ? total : throw new InvalidOperationException($"{Executor} returned wrong results: the measurement is void.");
    }
}
