using BenchmarkDotNet.Attributes;
using Study.Benchmarks.Study;
using Study.Kernel;

namespace Study.Benchmarks.CPython;

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
    [ParamsSource(nameof(Executors))]
    public ExecutorKind Executor { get; set; }

    /// <summary>Every executor of CPython, as the profile selects them.</summary>
    public static IEnumerable<ExecutorKind> Executors => ExecutorKinds.CPython;

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

    /// <summary>Traces the article's case (<see cref="TracedCalls"/>), then ends the driver.</summary>
    public override void Cleanup()
    {
        if (Driver is not null && TracedCalls.Wanted(Executor, Workers, Shape, Lifetime))
        {
            TracedCalls.Trace(Driver, Python);
        }

        base.Cleanup();
    }

    /// <summary>Runs the list once.</summary>
    [Benchmark]
    public long Run() => Driver.Count(new { op = "run" });
}
