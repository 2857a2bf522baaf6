using System.Globalization;
using Study.Kernel;
using Study.Reports.Results;

namespace Study.Reports.Analysis;

/// <summary>
/// One case of the study's grid, .NET's (<c>WorkListBenchmarks</c>) or CPython's (<c>CPythonWorkListBenchmarks</c>):
/// an executor, a worker count, a work list (rebuilt from its shape and the run's scale), cold or warm, map or submit.
/// </summary>
public sealed record GridCase(
    ExecutorId Executor, int Workers, WorkShape Shape, Lifetime Lifetime, Api Api, int Chunksize, WorkList List, BenchmarkResult Result)
{
    /// <summary>Whether the pool's creation and shutdown are inside the measurement.</summary>
    public bool IsCold => Lifetime == Lifetime.Cold;

    /// <summary>What the model predicts of this case.</summary>
    public Workload Workload => new(Executor, Workers, List.Items, IsCold, Api, Chunksize);

    /// <summary>The article's case: its list, mapped, cold, one item a call.</summary>
    public bool IsArticleCase => IsArticleSetting(Shape, Lifetime, Api, Chunksize);

    /// <summary>Whether a setting is the article's: its list, mapped, cold, one item a call.</summary>
    public static bool IsArticleSetting(WorkShape shape, Lifetime lifetime, Api api, int chunksize) =>
        shape == WorkShape.Article && lifetime == Lifetime.Cold && api == Api.Map && chunksize == 1;
}

/// <summary>A held-out workload's case: an executor, the workload and its list at the run's scale, cold, mapped.</summary>
public sealed record HeldOutCase(ExecutorId Executor, HeldOutWorkload Workload, int Workers, System.Collections.Immutable.ImmutableArray<long> Items, BenchmarkResult Result)
{
    /// <summary>What the model predicts of this case: its list, cold, mapped one item a call, the driver's round trip included.</summary>
    public Workload AsWorkload => new(Executor, Workers, Items, IsCold: true);
}

/// <summary>A point of a task-size sweep: equal tasks of <see cref="Iterations"/> kernel iterations each.</summary>
public sealed record SweepPoint(ExecutorId Executor, int Workers, Lifetime Lifetime, long Iterations, BenchmarkResult Result);

/// <summary>
/// The study's cases in a results folder, typed: the grid, the sweeps, the I/O-bound workload, and the
/// microbenchmarks the model reads (by type and method). Reads whatever the folder has; what it lacks, the report says.
/// </summary>
public sealed class StudyCases
{
    private readonly Dictionary<string, List<BenchmarkResult>> _byTypeAndMethod;

    /// <summary>Sorts <paramref name="results"/> into the study's cases.</summary>
    /// <exception cref="ResultsException">The results hold no case of this study's suite.</exception>
    public StudyCases(ResultSet results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Results = results;
        var own = results.Benchmarks.Where(b => b.Namespace.StartsWith(Suite.Namespace, StringComparison.Ordinal)).ToList();
        if (own.Count == 0)
        {
            throw new ResultsException($"{results.Source}: no benchmark of this study's suite (namespace {Suite.Namespace}); a results folder of another suite?");
        }

        Profile = results.Environment.TryGetValue("profile", out var profile) && profile.Length > 0 ? profile.ToLowerInvariant() : "unknown";
        Cores = results.Environment.TryGetValue("cores", out var cores) && int.TryParse(cores, CultureInfo.InvariantCulture, out int count) && count > 0
            ? count : Environment.ProcessorCount;
        _byTypeAndMethod = own.GroupBy(b => $"{b.Type}.{b.Method}").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        GilOff = results.Environment.TryGetValue("pythonGilEnabled", out var gil) && gil.Equals("false", StringComparison.OrdinalIgnoreCase);
        // env.json records each runtime's scale; runs written before it did are read by their profile's scale.
        DotNetScale = Scale(results, "dotNetScale", Profile == "dry" ? StudyScale.DotNetDry : StudyScale.DotNet);
        PythonScale = Scale(results, "pythonScale", Profile == "dry" ? StudyScale.CPythonDry : StudyScale.CPython);
        Grid = [.. Get(Suite.Types.Grid, Suite.Methods.Run).Select(b => ToGrid(b, Runtime.DotNet, DotNetScale, false)).OfType<GridCase>(),
            .. Get(Suite.Types.CPythonGrid, Suite.Methods.Run).Select(b => ToGrid(b, Runtime.CPython, PythonScale, GilOff)).OfType<GridCase>()];
        Sweep = [.. Get(Suite.Types.Sweep, Suite.Methods.Run).Select(b => ToSweep(b, Runtime.DotNet, false)).OfType<SweepPoint>(),
            .. Get(Suite.Types.CPythonSweep, Suite.Methods.Run).Select(b => ToSweep(b, Runtime.CPython, GilOff)).OfType<SweepPoint>()];
        HeldOut = [.. Get(Suite.Types.HeldOut, Suite.Methods.Run).Select(b => ToHeldOut(b, Runtime.DotNet, DotNetScale, false)).OfType<HeldOutCase>(),
            .. Get(Suite.Types.CPythonHeldOut, Suite.Methods.Run).Select(b => ToHeldOut(b, Runtime.CPython, PythonScale, GilOff)).OfType<HeldOutCase>()];
    }

    /// <summary>The results read.</summary>
    public ResultSet Results { get; }

    /// <summary>The run's profile (quick, full, dry), or "unknown" for a run without env.json.</summary>
    public string Profile { get; }

    /// <summary>The fraction of the article's list .NET's work lists ran at.</summary>
    public double DotNetScale { get; }

    /// <summary>The fraction of the article's list CPython's work lists ran at.</summary>
    public double PythonScale { get; }

    /// <summary>Whether CPython ran with its GIL off (a free-threaded build, as env.json says): its threads are not GIL-bound.</summary>
    public bool GilOff { get; }

    /// <summary>The measuring machine's core count.</summary>
    public int Cores { get; }

    /// <summary>Every grid case, .NET's then CPython's.</summary>
    public IReadOnlyList<GridCase> Grid { get; }

    /// <summary>Every sweep point, .NET's then CPython's.</summary>
    public IReadOnlyList<SweepPoint> Sweep { get; }

    /// <summary>Every held-out workload's case (<c>HeldOutBenchmarks</c>, full profile), .NET's then CPython's.</summary>
    public IReadOnlyList<HeldOutCase> HeldOut { get; }

    /// <summary>The cases of one benchmark method, e.g. <c>(Suite.Types.Lifecycle, Suite.Methods.StartAll)</c>.</summary>
    public IReadOnlyList<BenchmarkResult> Get(string type, string method) =>
        _byTypeAndMethod.TryGetValue($"{type}.{method}", out var list) ? list : [];

    /// <summary>The executor a benchmark with an <c>Executor</c> parameter ran, or null (none, or not one of the study's).</summary>
    public static ExecutorId? ExecutorOf(BenchmarkResult benchmark, Runtime runtime)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        return ExecutorId.Parse(runtime, benchmark.Parameter(Suite.Parameters.Executor), benchmark.Parameter(Suite.Parameters.StartMethod));
    }

    /// <summary>A case's <c>Lifetime</c> parameter; cold where the case has none (the article's <c>with</c> block).</summary>
    public static Lifetime LifetimeOf(BenchmarkResult benchmark) =>
        CaseValue.TryParse(benchmark?.Parameter(Suite.Parameters.Lifetime), out Lifetime lifetime) ? lifetime : Lifetime.Cold;

    /// <summary>The runtime of a benchmark type: CPython's are named so.</summary>
    public static Runtime RuntimeOf(BenchmarkResult benchmark) =>
        Suite.RuntimeOf(benchmark?.Type ?? string.Empty);

    private static double Scale(ResultSet results, string key, double fallback) =>
        results.Environment.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double scale) && scale > 0
            ? scale : fallback;

    private static GridCase? ToGrid(BenchmarkResult b, Runtime runtime, double scale, bool gilOff)
    {
        if (ExecutorOf(b, runtime) is not { } found || !Enum.TryParse<WorkShape>(b.Parameter(Suite.Parameters.Shape), out var shape)
            || !int.TryParse(b.Parameter(Suite.Parameters.Workers), CultureInfo.InvariantCulture, out int workers))
        {
            return null;
        }

        var executor = found with { GilOff = gilOff && found.IsThreads };
        // CPython's driver maps one item a call: its cases have no API or chunk size parameter.
        int chunksize = int.TryParse(b.Parameter(Suite.Parameters.Chunksize), CultureInfo.InvariantCulture, out int c) ? c : 1;
        var api = CaseValue.TryParse(b.Parameter(Suite.Parameters.Api), out Api parsed) ? parsed : Api.Map;
        return new GridCase(executor, workers, shape, LifetimeOf(b), api, chunksize, WorkList.Create(shape, scale), b);
    }

    private static HeldOutCase? ToHeldOut(BenchmarkResult b, Runtime runtime, double scale, bool gilOff)
    {
        if (ExecutorOf(b, runtime) is not { } found || !CaseValue.TryParse(b.Parameter(Suite.Parameters.Workload), out HeldOutWorkload workload)
            || !int.TryParse(b.Parameter(Suite.Parameters.Workers), CultureInfo.InvariantCulture, out int workers))
        {
            return null;
        }

        return new HeldOutCase(found with { GilOff = gilOff && found.IsThreads }, workload, workers, HeldOutWorkloads.Items(workload, scale), b);
    }

    private static SweepPoint? ToSweep(BenchmarkResult b, Runtime runtime, bool gilOff)
    {
        if (ExecutorOf(b, runtime) is not { } found || !long.TryParse(b.Parameter(Suite.Parameters.Iterations), CultureInfo.InvariantCulture, out long iterations))
        {
            return null;
        }

        var executor = found with { GilOff = gilOff && found.IsThreads };
        // CPython's sweep runs on the machine's cores and has no worker parameter.
        int workers = int.TryParse(b.Parameter(Suite.Parameters.Workers), CultureInfo.InvariantCulture, out int w) ? w : 0;
        return new SweepPoint(executor, workers, LifetimeOf(b), iterations, b);
    }
}
