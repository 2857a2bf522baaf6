using BenchmarkDotNet.Attributes;
using Study.Futures;
using Study.Kernel;

namespace Study.Benchmarks.Study;

/// <summary>
/// The article's program: run a work list of the shared kernel through an executor and collect the results in order.
/// The parameters span executor, worker count, list shape, lifetime, API and chunk size; <see cref="GridCase"/> says
/// which combinations each profile runs. Every iteration's results are checked against the closed form, so a wrong
/// executor fails the benchmark instead of producing a fast number.
/// </summary>
[GridJob]
[BenchmarkCategory(Categories.Study)]
public class WorkListBenchmarks
{
    private WorkList _list = null!;
    private Int128[] _expected = [];
    private List<Int128> _results = [];
    private Executor? _warm;

    /// <summary>Every executor of the study.</summary>
    [ParamsSource(nameof(Executors))]
    public ExecutorKind Executor { get; set; }

    /// <summary>Every executor of .NET, as the profile selects them.</summary>
    public static IEnumerable<ExecutorKind> Executors => ExecutorKinds.DotNet;

    /// <summary>
    /// 1 (no parallelism), 2 and 4, 5 (the article's <c>min(10, len(WORK_LIST))</c>), 8 (oversubscribed), and this
    /// machine's core count.
    /// </summary>
    [ParamsSource(nameof(WorkerCounts))]
    public int Workers { get; set; }

    /// <summary>Every shape of the kernel's work lists.</summary>
    [ParamsAllValues]
    public WorkShape Shape { get; set; }

    /// <summary>Cold: the pool's creation and shutdown are measured; warm: only the list.</summary>
    [ParamsAllValues]
    public Lifetime Lifetime { get; set; }

    /// <summary>map, as the article, or submit then result.</summary>
    [ParamsAllValues]
    public Api Api { get; set; }

    /// <summary>1, CPython's default, and 16, which sends many small items to a process in one message.</summary>
    [Params(1, 16)]
    public int Chunksize { get; set; }

    /// <summary>The worker counts the grid uses: 1, 2, 4, 5, 8 and the core count.</summary>
    public static IEnumerable<int> WorkerCounts => new[] { 1, 2, 4, 5, 8, Environment.ProcessorCount }.Distinct().Order();

    /// <summary>Builds the list and its expected results; starts and warms the pool of a warm case.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _list = WorkList.Create(Shape, Profiles.Scale(Profiles.Current));
        _expected = [.. _list.Items.Select(SumKernel.ClosedForm)];
        if (Lifetime == Lifetime.Warm)
        {
            _warm = ExecutorFactory.Create(Executor, Workers);
            _results = RunList(_warm);
            Verify();
        }
    }

    /// <summary>Shuts a warm pool down; traces the article's case (<see cref="TracedCalls"/>).</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _warm?.Dispose();
        if (Api == Api.Map && Chunksize == 1 && TracedCalls.Wanted(Executor, Workers, Shape, Lifetime))
        {
            TracedCalls.Trace(Executor, Workers, _list);
        }
    }

    /// <summary>Runs the list once.</summary>
    [Benchmark]
    public int Run()
    {
        if (_warm is not null)
        {
            _results = RunList(_warm);
        }
        else
        {
            using var executor = ExecutorFactory.Create(Executor, Workers);
            _results = RunList(executor);
        }

        return _results.Count;
    }

    /// <summary>Checks the iteration's results, outside the measurement.</summary>
    [IterationCleanup]
    public void Verify()
    {
        if (!_results.SequenceEqual(_expected))
        {
            throw new InvalidOperationException(
                $"{Executor} returned wrong results for {Shape}: the measurement is void.");
        }

        _results = [];
    }

    private List<Int128> RunList(Executor executor) => Api == Api.Map
        ? executor.Map(SumKernel.Sum, _list.Items, chunksize: Chunksize).ToList()
        : _list.Items.Select(n => executor.Submit(SumKernel.Sum, n)).ToList().Select(f => f.GetResult()).ToList();
}
