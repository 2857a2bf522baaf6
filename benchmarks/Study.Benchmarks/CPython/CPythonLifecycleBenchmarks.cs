using BenchmarkDotNet.Attributes;

namespace Study.Benchmarks.CPython;

/// <summary>
/// CPython's pool start-up and shutdown with k workers, as <c>Measurements.PoolLifecycleBenchmarks</c> measures .NET's:
/// create a pool and return once all k workers run (threads and processes meet at a barrier, each subinterpreter is
/// kept busy by a call),
/// and shut down a pool whose k workers run.
/// </summary>
[LifecycleJob]
[BenchmarkCategory(Categories.CPython)]
public class CPythonLifecycleBenchmarks : CPythonCase
{
    /// <summary>Threads, processes, or (3.14+) subinterpreters.</summary>
    [Params(ExecutorKind.Threads, ExecutorKind.Processes, ExecutorKind.Interpreters)]
    public ExecutorKind Executor { get; set; }

    /// <summary>How a process pool starts its workers.</summary>
    [ParamsAllValues]
    public StartMethod StartMethod { get; set; }

    /// <summary>As the .NET lifecycle benchmarks.</summary>
    [Params(1, 2, 4, 5, 8)]
    public int Workers { get; set; }

    /// <summary>Starts the driver.</summary>
    [GlobalSetup]
    public void Setup() => Open(Executor, StartMethod, Workers, Lifetime.Cold, []);

    /// <summary>Create a pool and wait until all its workers run.</summary>
    [Benchmark]
    public long StartAll() => Verify(Driver.Send(new { op = "start" })["workers"]?.GetValue<long>() ?? 0);

    /// <summary>Shuts the started pool down, outside the measurement.</summary>
    [IterationCleanup(Target = nameof(StartAll))]
    public void AfterStartAll() => Driver.Send(new { op = "stop" });

    /// <summary>Starts a pool with all its workers, outside the measurement.</summary>
    [IterationSetup(Target = nameof(Shutdown))]
    public void BeforeShutdown() => Verify(Driver.Send(new { op = "start" })["workers"]?.GetValue<long>() ?? 0);

    /// <summary>Shut down, with wait, a pool whose k workers run.</summary>
    [Benchmark]
    public long Shutdown() => Driver.Count(new { op = "stop" });

    private long Verify(long workers) => workers == Workers
        ? workers
        : throw new CPythonException($"the pool started {workers} workers, not {Workers}: the measurement is void");
}
