using System.Globalization;
using Study.Reports.Results;

namespace Study.Reports.Analysis;

/// <summary>
/// A measured cost the model uses: its value, and the benchmark (or the assumption) it comes from; for a stand-in, the
/// executor it stands in for, and for a fit of two benchmarks, the fit (the narrative says both in its source).
/// </summary>
public sealed record Cost(double Nanoseconds, string Source)
{
    /// <summary>The executor whose cost another executor's measurement stands in for, or null.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ExecutorId? StandsInFor { get; init; }

    /// <summary>The two measurements a per-message and per-item cost was fitted from, or null.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ChunkFit? Fit { get; init; }
}

/// <summary>Which figure of each benchmark a <see cref="Costs"/> reads.</summary>
public enum CostBound
{
    /// <summary>The median (the kernel's fastest iteration where the report reads that).</summary>
    Point,

    /// <summary>The low end of the benchmark's range (<see cref="Costs.RangeTail"/>).</summary>
    Low,

    /// <summary>The high end of the benchmark's range.</summary>
    High,
}

/// <summary>A cost per message and one per item, fitted from maps of one item and of 100 items a message.</summary>
public sealed record ChunkFit(Cost OneAMessage, Cost HundredAMessage, double PerChunk, double PerItem);

/// <summary>What a cost is: its kind and runtime, and the executor, worker count, API, chunk size or kernel site it is for.</summary>
public sealed record CostKey(CostKind Kind, Runtime Runtime, ExecutorId? Executor = null, int Workers = 0, Api Api = Api.Map, int Chunksize = 1, string? Site = null);

/// <summary>The kinds of cost the model reads.</summary>
public enum CostKind
{
    /// <summary>The kernel's time an iteration where an executor computes.</summary>
    Kernel,

    /// <summary>Starting a pool's workers.</summary>
    StartUp,

    /// <summary>Shutting a pool's workers down.</summary>
    Shutdown,

    /// <summary>A call's cost through an executor.</summary>
    Dispatch,

    /// <summary>The CPython driver's own round trip.</summary>
    Harness,
}

/// <summary>
/// A cost looked up: what it is, which the report's table of inputs names, and its value, null when the run lacks it. A
/// stand-in that needs no measurement (no workers, a warm pool) has no key: the table does not list it.
/// </summary>
public sealed record CostInput(CostKey? Key, Cost? Cost)
{
    /// <summary>A cost that is not a measurement and is not listed.</summary>
    public static CostInput Unlisted(double nanoseconds, string source) => new(null, new Cost(nanoseconds, source));
}

/// <summary>
/// The model's inputs, each read from a microbenchmark and never from the grid cases the model predicts: the kernel's
/// speed where each executor computes, start-up and shutdown as functions of the worker count, dispatch per call.
/// Where a run lacks a measurement, a stated stand-in is used (the GIL model starts threads as the thread pool does;
/// CPython's spawn pool dispatches as its fork pool once started), or the cost is missing and the cases that need it
/// are not predicted. Every lookup is pure: it returns the named input, and <see cref="CostLedger"/> gathers what a
/// report used and missed.
/// </summary>
public sealed class Costs
{
    private readonly StudyCases _cases;
    private readonly bool _fastestKernel;
    private readonly CostBound _bound;

    /// <summary>
    /// Reads the costs of <paramref name="cases"/>; with <paramref name="fastestKernel"/>, the kernel's speed is its
    /// benchmark's fastest iteration rather than its median.
    /// </summary>
    /// <remarks>
    /// The kernel is pure compute, so whatever else the machine does can only add to an iteration's time: the fastest
    /// iteration is the nearest to its cost, and a stall shorter than the benchmark (a host that slows for a second
    /// between the canaries at its ends) does not move it, where the median would carry it into every compute term.
    /// The report pairs it with the canaries' reading of the machine around the benchmark (<see cref="SpeedCorrection"/>),
    /// which sees a slowdown that lasts through it; runs from before the one-thread canary keep the median their own
    /// correction was made for.
    /// </remarks>
    public Costs(StudyCases cases, bool fastestKernel = false) : this(cases, fastestKernel, CostBound.Point)
    {
    }

    /// <summary>
    /// Reads the costs of <paramref name="cases"/> at <paramref name="bound"/>: each benchmark's median (the kernel's
    /// fastest iteration with <paramref name="fastestKernel"/>), or the low or high end of how far its iterations move.
    /// </summary>
    public Costs(StudyCases cases, bool fastestKernel, CostBound bound)
    {
        _cases = cases ?? throw new ArgumentNullException(nameof(cases));
        _fastestKernel = fastestKernel;
        _bound = bound;
    }

    /// <summary>
    /// The iterations' share each end of a cost's range leaves out: the 10th and 90th percentiles. A range over the
    /// iterations (and launches) rather than the median's confidence interval, because a prediction has to hold for
    /// the next run, and a run's iterations are the nearest measure of how far the next one moves.
    /// </summary>
    public const double RangeTail = 0.10;

    /// <summary>The bound these costs are read at.</summary>
    public CostBound Bound => _bound;

    /// <summary>Nanoseconds per kernel iteration where <paramref name="executor"/> computes, from <see cref="KernelBenchmark"/>.</summary>
    public CostInput KernelPerIteration(ExecutorId executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        var kernel = KernelBenchmark(executor);
        var cost = kernel is null ? null
            : _fastestKernel ? _bound switch
            {
                // The fastest iteration is the point; the median, the speed the machine gave most of the time, the top.
                CostBound.High => new Cost(kernel.Median, kernel.Title),
                _ => new Cost(kernel.Nanoseconds.Min(), $"{kernel.Title}, fastest iteration"),
            }
            : new Cost(Pick(kernel), kernel.Title);
        return Use(new CostKey(CostKind.Kernel, executor.Runtime, Site: executor.Runtime == Runtime.CPython ? null : Site(executor)), cost);
    }

    private static string Site(ExecutorId executor) => executor.Kind switch
    {
        ExecutorKind.ProcessesJit => Suite.Sites.WorkerJit,
        ExecutorKind.ProcessesAot or ExecutorKind.ProcessesAotShm => Suite.Sites.WorkerAot,
        _ => Suite.Sites.InProcess,
    };

    /// <summary>The benchmark <see cref="KernelPerIteration"/> reads for <paramref name="executor"/>, or null.</summary>
    public BenchmarkResult? KernelBenchmark(ExecutorId executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        return executor.Runtime == Runtime.CPython
            ? _cases.Get(Suite.Types.CPythonHarness, Suite.Methods.CPythonKernel) is [var first, ..] ? first : null
            : _cases.Get(Suite.Types.Kernel, Suite.Methods.Kernel).FirstOrDefault(b => b.Parameter(Suite.Parameters.Site) == Site(executor));
    }

    /// <summary>Creating the pool and starting <paramref name="workers"/> workers (zero workers: nothing).</summary>
    public CostInput StartUp(ExecutorId executor, int workers) => Lifecycle(executor, workers, Suite.Methods.StartAll, CostKind.StartUp);

    /// <summary>Shutting down, with wait, a pool of <paramref name="workers"/> started workers.</summary>
    public CostInput Shutdown(ExecutorId executor, int workers) => Lifecycle(executor, workers, Suite.Methods.Shutdown, CostKind.Shutdown);

    /// <summary>
    /// What one call costs the pool when the calls come in a stream: map one item a call, map in chunks (a cost per
    /// chunk and one per item, fitted from chunks of 1 and of 100), or submit (a batch of submits, then the results).
    /// </summary>
    public CostInput DispatchPerItem(ExecutorId executor, Api api, int chunksize)
    {
        ArgumentNullException.ThrowIfNull(executor);
        string type = executor.Runtime == Runtime.CPython ? Suite.Types.CPythonOverhead : Suite.Types.Dispatch;
        var name = new CostKey(CostKind.Dispatch, executor.Runtime, executor, Api: api, Chunksize: chunksize);
        var batch = Overhead(type, Suite.Methods.Batch, executor);
        if (executor.IsSequential && batch is null && Overhead(type, Suite.Methods.MapChunk1, executor) is null)
        {
            return CostInput.Unlisted(0, "not measured; taken as nothing: the sequential executor calls the kernel on the caller's thread");
        }

        if (api != Api.Map)
        {
            return Use(name, batch);
        }

        var single = Overhead(type, Suite.Methods.MapChunk1, executor);
        if (chunksize <= 1)
        {
            return Use(name, single ?? batch);
        }

        var hundred = Overhead(type, Suite.Methods.MapChunk100, executor);
        if (single is null || hundred is null)
        {
            return Use(name, null);
        }

        // m₁ = chunk + item, m₁₀₀ = chunk / 100 + item: a cost per message and one per item.
        double perChunk = Math.Max(0, (single.Nanoseconds - hundred.Nanoseconds) * 100 / 99);
        double perItem = Math.Max(0, single.Nanoseconds - perChunk);
        return Use(name, new Cost(perChunk / chunksize + perItem, string.Empty) { Fit = new ChunkFit(single, hundred, perChunk, perItem) });
    }

    /// <summary>The CPython harness's own round trip, which every CPython figure includes once.</summary>
    public CostInput HarnessRoundTrip() => Use(new CostKey(CostKind.Harness, Runtime.CPython), Median(Suite.Types.CPythonHarness, Suite.Methods.Ping));

    private CostInput Lifecycle(ExecutorId executor, int workers, string method, CostKind kind)
    {
        ArgumentNullException.ThrowIfNull(executor);
        if (workers == 0 || executor.IsSequential)
        {
            return CostInput.Unlisted(0, "no workers");
        }

        var name = new CostKey(kind, executor.Runtime, executor, workers);
        string type = executor.Runtime == Runtime.CPython ? Suite.Types.CPythonLifecycle : Suite.Types.Lifecycle;
        var candidates = new List<ExecutorId> { executor };
        if (executor.Kind is ExecutorKind.Gil or ExecutorKind.DotNet)
        {
            candidates.Add(executor.ThreadBaseline); // the GIL model's threads start and stop as the thread pool's do
        }

        if (executor.Kind == ExecutorKind.ProcessesAotShm)
        {
            candidates.Add(executor with { Kind = ExecutorKind.ProcessesAot }); // the same workers, with a file more each
        }

        foreach (var candidate in candidates)
        {
            var points = _cases.Get(type, method)
                .Where(b => SameExecutor(b, candidate))
                .Select(b => (Workers: int.Parse(b.Parameter(Suite.Parameters.Workers) ?? "0", CultureInfo.InvariantCulture), Median: Pick(b), b.Title))
                .Where(p => p.Workers > 0)
                .OrderBy(p => p.Workers)
                .ToList();
            if (points.Count > 0)
            {
                var cost = Interpolate(points, workers);
                return Use(name, candidate == executor ? cost : cost with { StandsInFor = executor });
            }
        }

        return Use(name, null);
    }

    /// <summary>Linear in the worker count between measured counts, extended by the nearest segment beyond them.</summary>
    private static Cost Interpolate(List<(int Workers, double Median, string Title)> points, int workers)
    {
        var exact = points.FirstOrDefault(p => p.Workers == workers);
        if (exact.Title is not null)
        {
            return new Cost(exact.Median, exact.Title);
        }

        if (points.Count == 1)
        {
            var only = points[0];
            return new Cost(only.Median * workers / only.Workers, $"{only.Title}, scaled to {workers} workers");
        }

        int upper = points.FindIndex(p => p.Workers > workers);
        var (a, b) = upper switch
        {
            -1 => (points[^2], points[^1]),
            0 => (points[0], points[1]),
            _ => (points[upper - 1], points[upper]),
        };
        double value = a.Median + ((b.Median - a.Median) * (workers - a.Workers) / (b.Workers - a.Workers));
        return new Cost(Math.Max(0, value), string.Create(CultureInfo.InvariantCulture,
            $"interpolated at {workers} workers between {a.Workers} and {b.Workers}: {a.Title}; {b.Title}"));
    }

    private Cost? Overhead(string type, string method, ExecutorId executor)
    {
        var found = _cases.Get(type, method).FirstOrDefault(b => SameExecutor(b, executor));
        if (found is null && executor.Runtime == Runtime.CPython && executor.StartMethod is not (StartMethod.None or StartMethod.Fork))
        {
            // Once started, a spawn or forkserver pool's workers take calls through the same queues as fork's.
            found = _cases.Get(type, method).FirstOrDefault(b => SameExecutor(b, executor with { StartMethod = StartMethod.Fork }));
            return found is null ? null : new Cost(Pick(found), found.Title) { StandsInFor = executor };
        }

        return found is null ? null : new Cost(Pick(found), found.Title);
    }

    private Cost? Median(string type, string method, params (string Name, string Value)[] parameters)
    {
        var found = _cases.Get(type, method).FirstOrDefault(b => parameters.All(p => b.Parameter(p.Name) == p.Value));
        return found is null ? null : new Cost(Pick(found), found.Title);
    }

    /// <summary>A benchmark's figure at this reading's bound.</summary>
    private double Pick(BenchmarkResult benchmark) => _bound switch
    {
        CostBound.Low => Statistics.Estimates.Quantile(benchmark.Nanoseconds, RangeTail),
        CostBound.High => Statistics.Estimates.Quantile(benchmark.Nanoseconds, 1 - RangeTail),
        _ => benchmark.Median,
    };

    private static bool SameExecutor(BenchmarkResult benchmark, ExecutorId executor) =>
        StudyCases.ExecutorOf(benchmark, executor.Runtime) is { } measured && measured.Kind == executor.Kind && measured.StartMethod == executor.StartMethod;

    private static CostInput Use(CostKey key, Cost? cost) => new(key, cost);
}

/// <summary>The costs a report looked up: those it used, and those the run lacked.</summary>
public sealed class CostLedger
{
    /// <summary>Every cost used.</summary>
    public Dictionary<CostKey, Cost> Used { get; } = [];

    /// <summary>Every cost looked up and missing.</summary>
    public HashSet<CostKey> Missing { get; } = [];

    /// <summary>Records <paramref name="inputs"/>; an unlisted one is not recorded.</summary>
    public CostLedger Record(IEnumerable<CostInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var input in inputs)
        {
            if (input.Key is not { } key)
            {
                continue;
            }

            if (input.Cost is null)
            {
                Missing.Add(key);
            }
            else
            {
                Used[key] = input.Cost;
            }
        }

        return this;
    }
}
