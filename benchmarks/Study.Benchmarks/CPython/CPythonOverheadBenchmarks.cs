using BenchmarkDotNet.Attributes;

namespace Study.Benchmarks.CPython;

/// <summary>
/// CPython's dispatch costs through a warm pool of 2 workers, as <c>Overhead.DispatchBenchmarks</c> measures .NET's:
/// per call in a batch of 1 000, a round trip, map of 1 000 items with chunksize 1 and 100. Each figure includes one
/// harness round trip (<see cref="CPythonHarnessBenchmarks.Ping"/>), spread over the calls of the invocation.
/// </summary>
[OverheadJob]
[BenchmarkCategory(Categories.CPython)]
public class CPythonOverheadBenchmarks : CPythonCase
{
    /// <summary>Threads, processes, or (3.14+) subinterpreters.</summary>
    [Params(ExecutorKind.Threads, ExecutorKind.Processes, ExecutorKind.Interpreters)]
    public ExecutorKind Executor { get; set; }

    /// <summary>How a process pool starts its workers.</summary>
    [ParamsAllValues]
    public StartMethod StartMethod { get; set; }

    /// <summary>Starts the driver and a warm pool of 2 workers.</summary>
    [GlobalSetup]
    public void Setup() => Open(Executor, StartMethod, workers: 2, Lifetime.Warm, [1]);

    /// <summary>Submit 1 000 calls, then take every result.</summary>
    [Benchmark(OperationsPerInvoke = 1_000)]
    public long Batch() => Driver.Count(new { op = "batch", calls = 1_000 });

    /// <summary>Submit one call and wait for it.</summary>
    [Benchmark]
    public long RoundTrip() => Driver.Count(new { op = "roundtrip" });

    /// <summary>Map 1 000 items one call each.</summary>
    [Benchmark(OperationsPerInvoke = 1_000)]
    public long MapChunk1() => Driver.Count(new { op = "map", calls = 1_000, chunksize = 1 });

    /// <summary>Map 1 000 items in chunks of 100.</summary>
    [Benchmark(OperationsPerInvoke = 1_000)]
    public long MapChunk100() => Driver.Count(new { op = "map", calls = 1_000, chunksize = 100 });
}
