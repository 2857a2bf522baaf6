using BenchmarkDotNet.Attributes;
using Study.Futures;
using Study.Kernel;

namespace Study.Benchmarks.Measurements;

/// <summary>
/// The article's claim that threads suit I/O-bound work: 40 calls of <see cref="Workloads.IoBound"/>, each blocking
/// 2 ms (as I/O would, releasing the GIL) and then summing 20 000 terms (about 10 µs), mapped through a pool created
/// and shut down inside the measurement, as the article's <c>with</c> block. Blocking calls do not need cores, so more
/// workers than cores help every pool; what differs is what a worker costs to start.
/// </summary>
[GridJob]
[BenchmarkCategory(Categories.Io)]
public class IoBoundBenchmarks
{
    /// <summary>Calls per run: enough that 8 workers each get several.</summary>
    private const int Calls = 40;

    /// <summary>Kernel terms after each block: a little CPU work, as parsing a reply would be.</summary>
    private const long Terms = 20_000;

    private readonly long[] _items = Enumerable.Repeat(Terms, Calls).ToArray();

    /// <summary>Every executor of the study.</summary>
    [ParamsSource(nameof(Executors))]
    public ExecutorKind Executor { get; set; }

    /// <summary>Every executor of .NET, as the profile selects them.</summary>
    public static IEnumerable<ExecutorKind> Executors => ExecutorKinds.DotNet;

    /// <summary>1, 2 (the cores here) and 8: blocking calls profit from more workers than cores.</summary>
    [Params(1, 2, 8)]
    public int Workers { get; set; }

    /// <summary>Create the pool, map the calls, shut down.</summary>
    [Benchmark]
    public int Run()
    {
        using var executor = ExecutorFactory.Create(Executor, Workers);
        int count = 0;
        foreach (var sum in executor.Map(Workloads.IoBound, _items))
        {
            count += sum == SumKernel.ClosedForm(Terms) ? 1 : throw new InvalidOperationException("A wrong result: the measurement is void.");
        }

        return count;
    }
}
