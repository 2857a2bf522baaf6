using BenchmarkDotNet.Attributes;
using Study.Benchmarks.Study;
using Study.Kernel;

namespace Study.Benchmarks.CPython;

/// <summary>
/// The held-out workloads (<see cref="HeldOutWorkload"/>) in CPython, cold, with 3 workers, through threads and the
/// process pool of each start method: the CPython side of <see cref="HeldOutBenchmarks"/>, with the lists at
/// <see cref="PythonParameters.Scale"/>. The driver checks every result against the closed form.
/// </summary>
[GridJob]
[BenchmarkCategory(Categories.CPython)]
public class CPythonHeldOutBenchmarks : CPythonCase
{
    /// <summary>Threads or processes.</summary>
    [ParamsSource(nameof(Executors))]
    public ExecutorKind Executor { get; set; }

    /// <summary>Threads and processes.</summary>
    public static IEnumerable<ExecutorKind> Executors => [ExecutorKind.Threads, ExecutorKind.Processes];

    /// <summary>How a process pool starts its workers.</summary>
    [ParamsAllValues]
    public StartMethod StartMethod { get; set; }

    /// <summary>The held-out workload.</summary>
    [ParamsAllValues]
    public HeldOutWorkload Workload { get; set; }

    /// <summary>The workers: 3, a count the grid does not use.</summary>
    [Params(HeldOutWorkloads.Workers)]
    public int Workers { get; set; }

    /// <summary>Starts the driver with the case's list.</summary>
    [GlobalSetup]
    public void Setup() => Open(Executor, StartMethod, Workers, Lifetime.Cold, [.. HeldOutWorkloads.Items(Workload, PythonParameters.Scale(Profiles.Current))]);

    /// <summary>Runs the list once, creating and shutting down the pool (the article's <c>with</c> block).</summary>
    [Benchmark]
    public long Run() => Driver.Count(new { op = "run" });
}
