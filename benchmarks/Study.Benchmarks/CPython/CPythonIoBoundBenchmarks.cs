using BenchmarkDotNet.Attributes;

namespace Study.Benchmarks.CPython;

/// <summary>
/// The article's claim that threads suit I/O, in CPython: 40 calls that sleep 2 ms (releasing the GIL, as I/O does)
/// and then run <c>sum_generator(400)</c> (about 10 µs), mapped through a pool created inside the measurement, as
/// <c>Measurements.IoBoundBenchmarks</c> does for .NET.
/// </summary>
[GridJob]
[BenchmarkCategory(Categories.CPython)]
public class CPythonIoBoundBenchmarks : CPythonCase
{
    /// <summary>Sequential, threads or processes.</summary>
    [ParamsSource(nameof(Executors))]
    public ExecutorKind Executor { get; set; }

    /// <summary>Every executor of CPython, as the profile selects them.</summary>
    public static IEnumerable<ExecutorKind> Executors => ExecutorKinds.CPython;

    /// <summary>How a process pool starts its workers.</summary>
    [ParamsAllValues]
    public StartMethod StartMethod { get; set; }

    /// <summary>1, 2 and 8, as for .NET.</summary>
    [Params(1, 2, 8)]
    public int Workers { get; set; }

    /// <summary>Starts the driver with the calls.</summary>
    [GlobalSetup]
    public void Setup() => Open(Executor, StartMethod, Workers, Lifetime.Cold, [.. Enumerable.Repeat(400L, 40)], task: "io");

    /// <summary>Create the pool, map the calls, shut down.</summary>
    [Benchmark]
    public long Run() => Driver.Count(new { op = "run" });
}
