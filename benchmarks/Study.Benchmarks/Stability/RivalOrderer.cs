using System.Collections.Immutable;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Study.Benchmarks.Stability;

/// <summary>
/// Runs rivals next to each other: the cases that the report sets against each other (every executor of one setting,
/// CPython's start methods) one after another, so that the machine's drift falls on both sides of a ratio alike. The
/// summary keeps the declared order.
/// </summary>
/// <remarks>
/// <para>
/// BenchmarkDotNet's default order sorts a class's cases by their parameters as declared, the executor first: a
/// quick run measured the thread pool on the article's list minutes before the process pools, and a package install
/// in between made CPython's fork pool read 1.41× slower than threads where a quiet run reads 0.94×. Here the rival
/// parameters (<see cref="RivalParameters"/>) vary fastest: a setting's executors run within seconds of each other,
/// settings of one shape together (the shape's sequential case is every row's baseline), and each setting's
/// executors in the opposite order to the one before it, so that no executor always runs first.
/// </para>
/// <para>
/// Not every case runs several launches: each pays its process start, set-up and jitting call again (about 0.9 s a
/// grid case here). The headline cases do (<see cref="Launches"/>): their later launches run at the middle and at the
/// end of their class's run, each launch's rivals side by side, so that a report's interval for them spans the
/// machine's states across minutes and not only the seconds of one launch.
/// </para>
/// </remarks>
public sealed class RivalOrderer : IOrderer
{
    /// <summary>The parameters whose cases the report compares with each other.</summary>
    public static readonly ImmutableArray<string> RivalParameters = ["Executor", "StartMethod"];

    private readonly DefaultOrderer _declared = new(SummaryOrderPolicy.Declared);

    /// <inheritdoc />
    public bool SeparateLogicalGroups => _declared.SeparateLogicalGroups;

    /// <inheritdoc />
    public IEnumerable<BenchmarkCase> GetExecutionOrder(ImmutableArray<BenchmarkCase> benchmarksCase, IEnumerable<BenchmarkLogicalGroupRule>? order = null)
    {
        var declared = _declared.GetExecutionOrder(benchmarksCase, order).ToList();
        var shapeRank = Ranks(declared, c => Value(c, "Shape"));
        var settingRank = Ranks(declared, Setting);
        var byLaunch = declared.GroupBy(Launches.Of).OrderBy(g => g.Key).ToList();
        if (byLaunch.Count == 0)
        {
            return declared;
        }

        var run = Rivals(byLaunch[0], shapeRank, settingRank, flip: false);
        // Launches 2..K of the headline cases: spread evenly from the middle of the class's run to its end (launch 1
        // runs where the grid puts it, the article's shape first), each launch's rivals together, in alternating order.
        int last = byLaunch[^1].Key;
        foreach (var launch in byLaunch.Skip(1).Reverse())
        {
            int at = (int)Math.Round(run.Count * (launch.Key - 1) / (double)Math.Max(1, last - 1));
            run.InsertRange(Math.Min(at, run.Count), Rivals(launch, shapeRank, settingRank, flip: launch.Key % 2 == 0));
        }

        return run;
    }

    private static List<BenchmarkCase> Rivals(IEnumerable<BenchmarkCase> cases, Dictionary<string, int> shapeRank, Dictionary<string, int> settingRank, bool flip) =>
        [.. cases
            .Select((benchmark, index) => (benchmark, index))
            .GroupBy(c => Setting(c.benchmark))
            .OrderBy(g => shapeRank[Value(g.First().benchmark, "Shape")])
            .ThenBy(g => settingRank[g.Key])
            .SelectMany((group, n) => (n % 2 == 0) != flip ? group.OrderBy(c => c.index) : group.OrderByDescending(c => c.index))
            .Select(c => c.benchmark)];

    /// <inheritdoc />
    public IEnumerable<BenchmarkCase> GetSummaryOrder(ImmutableArray<BenchmarkCase> benchmarksCases, Summary summary) =>
        _declared.GetSummaryOrder(benchmarksCases, summary);

    /// <inheritdoc />
    public string? GetHighlightGroupKey(BenchmarkCase benchmarkCase) => _declared.GetHighlightGroupKey(benchmarkCase);

    /// <inheritdoc />
    public string? GetLogicalGroupKey(ImmutableArray<BenchmarkCase> allBenchmarksCases, BenchmarkCase benchmarkCase) =>
        _declared.GetLogicalGroupKey(allBenchmarksCases, benchmarkCase);

    /// <inheritdoc />
    public IEnumerable<IGrouping<string, BenchmarkCase>> GetLogicalGroupOrder(
        IEnumerable<IGrouping<string, BenchmarkCase>> logicalGroups, IEnumerable<BenchmarkLogicalGroupRule>? order = null) =>
        _declared.GetLogicalGroupOrder(logicalGroups, order);

    /// <summary>What a case is apart from its rival parameters: its class, method, other parameters and job (a launch's job its own).</summary>
    public static string Setting(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var others = benchmarkCase.Parameters.Items.Where(p => !RivalParameters.Contains(p.Name)).Select(p => $"{p.Name}={p.ToDisplayText()}");
        return $"{benchmarkCase.Descriptor.Type.FullName}.{benchmarkCase.Descriptor.WorkloadMethod.Name}({string.Join(", ", others)}) {benchmarkCase.Job.ResolvedId}";
    }

    private static string Value(BenchmarkCase benchmarkCase, string name) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == name)?.ToDisplayText() ?? string.Empty;

    private static Dictionary<string, int> Ranks(List<BenchmarkCase> cases, Func<BenchmarkCase, string> key)
    {
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var benchmark in cases)
        {
            ranks.TryAdd(key(benchmark), ranks.Count);
        }

        return ranks;
    }
}
