using BenchmarkDotNet.Attributes;
using Study.Futures;
using Study.Kernel;

namespace Study.Benchmarks.Measurements;

/// <summary>
/// The kernel's speed, in ns per iteration (<c>OperationsPerInvoke</c> is the iteration count), in this process
/// (tier-1 JIT code) and inside each worker build, in the same run. At n = 10⁷ a call lasts milliseconds, so a worker's
/// round trip adds under 1 % and the figure is the worker's own kernel speed; n = 10³ and 10⁵ show the per-call
/// constant (t(n) = c + k·n), which for a worker is the round trip. The model of the report turns work lists into
/// compute time with these figures.
/// </summary>
[OverheadJob]
[BenchmarkCategory(Categories.Kernel)]
public class KernelBenchmarks
{
    private Executor? _worker;

    /// <summary>Where the kernel runs: here, or in a warm one-worker pool of either build.</summary>
    [ParamsAllValues]
    public KernelSite Site { get; set; }

    /// <summary>Starts the worker of a worker site and warms its kernel up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _worker = Site switch
        {
            KernelSite.WorkerJit => new ProcessPoolExecutor(1, WorkerBuild.Jit),
            KernelSite.WorkerAot => new ProcessPoolExecutor(1, WorkerBuild.NativeAot),
            _ => null,
        };
        for (int i = 0; i < 30; i++)
        {
            _ = Sum(1_000_000);
        }
    }

    /// <summary>Shuts the worker down.</summary>
    [GlobalCleanup]
    public void Cleanup() => _worker?.Dispose();

    /// <summary>n = 10³: about half a microsecond of work; the per-call constant dominates.</summary>
    [Benchmark(OperationsPerInvoke = 1_000)]
    public Int128 Sum1E3() => Sum(1_000);

    /// <summary>n = 10⁵: tens of microseconds of work.</summary>
    [Benchmark(OperationsPerInvoke = 100_000)]
    public Int128 Sum1E5() => Sum(100_000);

    /// <summary>n = 10⁷: milliseconds of work; the kernel's own speed.</summary>
    [Benchmark(OperationsPerInvoke = 10_000_000)]
    public Int128 Sum1E7() => Sum(10_000_000);

    private Int128 Sum(long n) => _worker is null ? SumKernel.Sum(n) : _worker.Submit(SumKernel.Sum, n).GetResult();
}

/// <summary>Where <see cref="KernelBenchmarks"/> runs the kernel.</summary>
public enum KernelSite
{
    /// <summary>In the benchmark process: tier-1 JIT code.</summary>
    InProcess,

    /// <summary>In the framework-dependent (ReadyToRun, tiered JIT) worker.</summary>
    WorkerJit,

    /// <summary>In the NativeAOT worker.</summary>
    WorkerAot,
}
