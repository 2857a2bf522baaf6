using BenchmarkDotNet.Attributes;
using Study.Futures;
using Study.Kernel;

namespace Study.Benchmarks.Overhead;

/// <summary>
/// What an executor adds to a call: the kernel on n = 1 (a few nanoseconds of work) through a warm pool of two
/// workers. Per call, in a batch, one at a time, and through map with and without chunks; and a megabyte each way.
/// </summary>
[OverheadJob]
[BenchmarkCategory(Categories.Overhead)]
public class DispatchBenchmarks
{
    /// <summary>Calls per batch: enough that per-call costs dominate the batch's fixed costs.</summary>
    private const int Calls = 1000;

    private readonly long[] _items = Enumerable.Repeat(1L, Calls).ToArray();
    private readonly byte[] _megabyte = new byte[1 << 20];
    private readonly Future<Int128>[] _futures = new Future<Int128>[Calls];
    private Executor _executor = null!;

    /// <summary>Every executor of the study.</summary>
    [ParamsSource(nameof(Executors))]
    public ExecutorKind Executor { get; set; }

    /// <summary>Every executor of .NET, as the profile selects them.</summary>
    public static IEnumerable<ExecutorKind> Executors => ExecutorKinds.DotNet;

    /// <summary>Starts the pool and its two workers, and warms them up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _executor = ExecutorFactory.Create(Executor, workers: 2);
        _ = _executor.Map(SumKernel.Sum, _items).Count();
        var both = new[] { _executor.Submit(WorkerProbes.Sleep, 20), _executor.Submit(WorkerProbes.Sleep, 20) };
        Future.Wait(both);
    }

    /// <summary>Shuts the pool down.</summary>
    [GlobalCleanup]
    public void Cleanup() => _executor.Dispose();

    /// <summary>Submit 1 000 calls, then take every result: CPython's 4.8 µs (threads) and 51.7 µs (processes).</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public Int128 Batch()
    {
        for (int i = 0; i < Calls; i++)
        {
            _futures[i] = _executor.Submit(SumKernel.Sum, 1L);
        }

        Int128 sum = 0;
        foreach (var future in _futures)
        {
            sum += future.GetResult();
        }

        return sum;
    }

    /// <summary>Submit one call and wait for it: CPython's 37.9 µs (threads) and 115 µs (processes).</summary>
    [Benchmark]
    public Int128 RoundTrip() => _executor.Submit(SumKernel.Sum, 1L).GetResult();

    /// <summary>Send 1 MiB and take it back: what a large value costs each transport (threads pass a reference).</summary>
    [Benchmark]
    public int Megabyte() => _executor.Submit(WorkerProbes.Echo, _megabyte).GetResult().Length;

    /// <summary>Map 1 000 items one call each.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public Int128 MapChunk1() => Total(_executor.Map(SumKernel.Sum, _items, chunksize: 1));

    /// <summary>Map 1 000 items in chunks of 100: CPython's 0.75 µs an item (processes).</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public Int128 MapChunk100() => Total(_executor.Map(SumKernel.Sum, _items, chunksize: 100));

    private static Int128 Total(IEnumerable<Int128> results)
    {
        Int128 sum = 0;
        foreach (var result in results)
        {
            sum += result;
        }

        return sum;
    }
}
