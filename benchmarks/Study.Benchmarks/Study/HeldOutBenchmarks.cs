using BenchmarkDotNet.Attributes;
using Study.Kernel;

namespace Study.Benchmarks.Study;

/// <summary>
/// Workloads the grid does not measure (<see cref="HeldOutWorkload"/>), cold, with 3 workers, through .NET's threads,
/// its shared thread pool and both process pools: what <c>study advise</c>'s predictions, made from the
/// microbenchmarks and calibrated on the grid, are checked against in the report (full profile). Every iteration's
/// results are checked against the closed form.
/// </summary>
[GridJob]
[BenchmarkCategory(Categories.Study)]
public class HeldOutBenchmarks
{
    private long[] _items = [];
    private Int128[] _expected = [];
    private List<Int128> _results = [];

    /// <summary>The executors checked: the grid's rivals, without the GIL model (a stand-in, not a way to run .NET work).</summary>
    [ParamsSource(nameof(Executors))]
    public ExecutorKind Executor { get; set; }

    /// <summary>Threads, the shared thread pool, and the process pools of both worker builds.</summary>
    public static IEnumerable<ExecutorKind> Executors => [ExecutorKind.Threads, ExecutorKind.DotNet, ExecutorKind.ProcessesJit, ExecutorKind.ProcessesAot];

    /// <summary>The held-out workload.</summary>
    [ParamsAllValues]
    public HeldOutWorkload Workload { get; set; }

    /// <summary>The workers: 3, a count the grid does not use.</summary>
    [Params(HeldOutWorkloads.Workers)]
    public int Workers { get; set; }

    /// <summary>Which held-out cases <paramref name="profile"/> runs: every one in the full profile, one in a dry run.</summary>
    public static bool IsIn(Profile profile, ExecutorKind executor, HeldOutWorkload workload) => profile switch
    {
        Profile.Full => true,
        Profile.Dry => executor == ExecutorKind.Threads && workload == HeldOutWorkload.Odd,
        _ => false,
    };

    /// <summary>Builds the list and its expected results.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _items = [.. HeldOutWorkloads.Items(Workload, Profiles.Scale(Profiles.Current))];
        _expected = [.. _items.Select(SumKernel.ClosedForm)];
    }

    /// <summary>Creates the pool, maps the list, shuts the pool down: the article's program on another list.</summary>
    [Benchmark]
    public int Run()
    {
        using var executor = ExecutorFactory.Create(Executor, Workers);
        _results = executor.Map(SumKernel.Sum, _items).ToList();
        return _results.Count;
    }

    /// <summary>Checks the iteration's results, outside the measurement.</summary>
    [IterationCleanup]
    public void Verify()
    {
        if (!_results.SequenceEqual(_expected))
        {
            throw new InvalidOperationException($"{Executor} returned wrong results for {Workload}: the measurement is void.");
        }

        _results = [];
    }
}
