using BenchmarkDotNet.Attributes;
using Study.Futures;
using Study.Kernel;

namespace Study.Benchmarks.Overhead;

/// <summary>
/// The round trip of <see cref="DispatchBenchmarks.RoundTrip"/> with spinning off (<see cref="Future.SpinBudget"/> zero,
/// and so in the workers too): every wait blocks at once, as both sides of <see cref="PipeFloorBenchmarks"/>' ping-pong
/// do, so a process pool's figure here stands beside that floor as the same kind of thing. The spinning round trip is
/// the pool as it runs; this one is the fair comparison with the floor.
/// </summary>
[OverheadJob]
[BenchmarkCategory(Categories.Overhead)]
public class BlockingRoundTripBenchmarks
{
    private Executor _executor = null!;

    /// <summary>Every executor that hands calls to another thread or process.</summary>
    [ParamsSource(nameof(PooledExecutors))]
    public ExecutorKind Executor { get; set; }

    /// <summary>All but the sequential executor, which has no round trip.</summary>
    public static IEnumerable<ExecutorKind> PooledExecutors => ExecutorKinds.DotNet.Where(k => k != ExecutorKind.Sequential);

    /// <summary>Turns spinning off, then starts the pool and its two workers, and warms them up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Future.SpinBudget = TimeSpan.Zero;
        _executor = ExecutorFactory.Create(Executor, workers: 2);
        for (int i = 0; i < 100; i++)
        {
            _ = RoundTrip();
        }
    }

    /// <summary>Shuts the pool down and turns spinning back on.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _executor.Dispose();
        Future.SpinBudget = Future.DefaultSpinBudget;
    }

    /// <summary>Submit one call and wait for it, blocking.</summary>
    [Benchmark]
    public Int128 RoundTrip() => _executor.Submit(SumKernel.Sum, 1L).GetResult();
}
