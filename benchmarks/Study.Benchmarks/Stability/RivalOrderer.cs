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
/// Why not several passes over the suite, merged per case (<c>--launchCount</c> runs a case's launches back to back,
/// so it would be a mechanism of our own)? Each pass pays every case's process start, set-up and jitting call again:
/// about 0.9 s a grid case here, two minutes of a quick run that has none to spare. Adjacency costs nothing, and what
/// it cannot even out (a disturbance that starts between two rivals) the canaries around each case see, and the
/// report marks the verdicts it touches as unsteady.
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
        return declared
            .Select((benchmark, index) => (benchmark, index))
            .GroupBy(c => Setting(c.benchmark))
            .OrderBy(g => shapeRank[Value(g.First().benchmark, "Shape")])
            .ThenBy(g => settingRank[g.Key])
            .SelectMany((group, n) => n % 2 == 0 ? group.OrderBy(c => c.index) : group.OrderByDescending(c => c.index))
            .Select(c => c.benchmark);
    }

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

    /// <summary>What a case is apart from its rival parameters: its class, method, other parameters and job.</summary>
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
