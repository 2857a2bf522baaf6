using BenchmarkDotNet.Attributes;
using Study.Futures;
using Study.Kernel;

namespace Study.Benchmarks.Overhead;

/// <summary>
/// From nothing to the first result: create a pool of two workers, submit one kernel call, wait for it. The pool is
/// shut down after the iteration, unmeasured. CPython: 3.2 ms (fork), 32.9 ms (spawn).
/// </summary>
[ColdJob]
[BenchmarkCategory(Categories.Startup)]
public class StartupBenchmarks
{
    private Executor? _executor;

    /// <summary>Every executor of the study.</summary>
    [ParamsSource(nameof(Executors))]
    public ExecutorKind Executor { get; set; }

    /// <summary>Every executor of .NET, as the profile selects them.</summary>
    public static IEnumerable<ExecutorKind> Executors => ExecutorKinds.DotNet;

    /// <summary>Create, submit, first result.</summary>
    [Benchmark]
    public Int128 StartToFirstResult()
    {
        _executor = ExecutorFactory.Create(Executor, workers: 2);
        return _executor.Submit(SumKernel.Sum, 1L).GetResult();
    }

    /// <summary>Shuts the iteration's pool down, outside the measurement.</summary>
    [IterationCleanup]
    public void ShutDown()
    {
        _executor?.Dispose();
        _executor = null;
    }
}
