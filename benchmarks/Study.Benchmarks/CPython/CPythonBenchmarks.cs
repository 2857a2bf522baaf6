using BenchmarkDotNet.Attributes;
using Study.Benchmarks.Study;
using Study.Kernel;

namespace Study.Benchmarks.CPython;

/// <summary>
/// The harness's own cost and CPython's kernel speed: <see cref="Ping"/> is one empty command and its reply, what
/// every CPython figure of the suite includes once; <c>Kernel*</c> run the article's <c>sum_generator(n)</c> in the
/// driver, in ns per iteration (<c>OperationsPerInvoke</c> is n), so that the CPython lists' scale can be stated.
/// </summary>
[OverheadJob]
[BenchmarkCategory(Categories.CPython)]
public class CPythonHarnessBenchmarks
{
    private CPythonDriver _driver = null!;

    /// <summary>Starts the driver.</summary>
    [GlobalSetup]
    public void Setup() => _driver = CPythonDriver.Start();

    /// <summary>Ends the driver.</summary>
    [GlobalCleanup]
    public void Cleanup() => _driver.Dispose();

    /// <summary>An empty command and its reply: the harness's round trip.</summary>
    [Benchmark]
    public long Ping() => _driver.Send(new { op = "ping" }).Count;

    /// <summary><c>sum_generator(10⁴)</c>: the per-call constant still shows.</summary>
    [Benchmark(OperationsPerInvoke = 10_000)]
    public long Kernel1E4() => _driver.Count(new { op = "kernel", n = 10_000 });

    /// <summary><c>sum_generator(10⁶)</c>: the kernel's own speed.</summary>
    [Benchmark(OperationsPerInvoke = 1_000_000)]
    public long Kernel1E6() => _driver.Count(new { op = "kernel", n = 1_000_000 });
}

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
    [Params(PythonExecutor.Threads, PythonExecutor.Processes, PythonExecutor.Interpreters)]
    public PythonExecutor Executor { get; set; }

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

/// <summary>
/// The article's program in CPython: a work list of <c>sum_generator</c> through sequential code, a
/// <c>ThreadPoolExecutor</c> or a <c>ProcessPoolExecutor</c> (each start method), cold (the article's <c>with</c>
/// block, measured) or warm; the CPython side of <c>Study.WorkListBenchmarks</c>, with the lists scaled by
/// <see cref="PythonParameters.Scale"/>. The driver checks every result against the closed form.
/// </summary>
[GridJob]
[BenchmarkCategory(Categories.CPython)]
public class CPythonWorkListBenchmarks : CPythonCase
{
    /// <summary>Sequential, threads or processes.</summary>
    [ParamsAllValues]
    public PythonExecutor Executor { get; set; }

    /// <summary>How a process pool starts its workers.</summary>
    [ParamsAllValues]
    public StartMethod StartMethod { get; set; }

    /// <summary>The .NET grid's worker counts.</summary>
    [ParamsSource(nameof(WorkerCounts))]
    public int Workers { get; set; }

    /// <summary>The .NET grid's shapes.</summary>
    [ParamsAllValues]
    public WorkShape Shape { get; set; }

    /// <summary>Cold or warm, as in the .NET grid.</summary>
    [ParamsAllValues]
    public Lifetime Lifetime { get; set; }

    /// <summary>The worker counts of the .NET grid.</summary>
    public static IEnumerable<int> WorkerCounts => WorkListBenchmarks.WorkerCounts;

    /// <summary>Starts the driver with the case's list; a warm case starts its pool.</summary>
    [GlobalSetup]
    public void Setup() => Open(Executor, StartMethod, Workers, Lifetime,
        [.. WorkList.Create(Shape, PythonParameters.Scale(Profiles.Current)).Items]);

    /// <summary>Runs the list once.</summary>
    [Benchmark]
    public long Run() => Driver.Count(new { op = "run" });
}

/// <summary>
/// CPython's pool start-up and shutdown with k workers, as <c>Measurements.PoolLifecycleBenchmarks</c> measures .NET's:
/// create a pool and return once all k workers run (threads meet at a barrier; each new process is kept busy by a call),
/// and shut down a pool whose k workers run.
/// </summary>
[LifecycleJob]
[BenchmarkCategory(Categories.CPython)]
public class CPythonLifecycleBenchmarks : CPythonCase
{
    /// <summary>Threads, processes, or (3.14+) subinterpreters.</summary>
    [Params(PythonExecutor.Threads, PythonExecutor.Processes, PythonExecutor.Interpreters)]
    public PythonExecutor Executor { get; set; }

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
    [ParamsAllValues]
    public PythonExecutor Executor { get; set; }

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
    [ParamsAllValues]
    public PythonExecutor Executor { get; set; }

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

/// <summary>A CPython case: its driver, started in global setup with the case, ended in global cleanup.</summary>
public abstract class CPythonCase
{
    /// <summary>The case's driver.</summary>
    protected CPythonDriver Driver { get; private set; } = null!;

    /// <summary>Ends the driver and everything it started.</summary>
    [GlobalCleanup]
    public void Cleanup() => Driver?.Dispose();

    /// <summary>Starts the driver and sends it the case.</summary>
    protected void Open(PythonExecutor executor, StartMethod method, int workers, Lifetime lifetime, long[] items, string task = "sum")
    {
        Driver = CPythonDriver.Start();
        Driver.Send(new
        {
            op = "setup",
            executor = PythonParameters.Name(executor),
            start_method = PythonParameters.Name(method),
            workers,
            lifetime = lifetime.ToString().ToLowerInvariant(),
            items,
            task,
        });
    }
}
