using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Comparison;

/// <summary>The costs a CPU string cannot show, which the gap between threads and processes rests on.</summary>
public enum HostCost
{
    /// <summary>Handing an empty work item to a pool thread and seeing it done (<c>ThreadPoolFloorBenchmarks</c>).</summary>
    WakeThread,

    /// <summary>A byte to another process and back through pipes, each side blocking (<c>PipeFloorBenchmarks</c>).</summary>
    WakeProcessByPipe,

    /// <summary>A word to another process and back through shared memory, each side sleeping on a futex (<c>SharedMemoryFloorBenchmarks</c>, block).</summary>
    WakeProcessByFutex,

    /// <summary>Starting a process that exits at once (<c>ProcessStartFloorBenchmarks</c>, <c>true</c>).</summary>
    StartProcess,
}

/// <summary>One of the host's costs as one run measured it.</summary>
public sealed record HostFloor(HostCost Cost, Timing Time);

/// <summary>One of the host's costs in both runs, and the diff's against the base's.</summary>
public sealed record HostCostComparison(HostCost Cost, Timing Base, Timing Diff, Versus DiffVersusBase)
{
    /// <summary>Whether it moved beyond <see cref="HostCharacter.Factor"/>, its interval clear of 1.</summary>
    public bool Changed => DiffVersusBase.Verdict is Verdict.Slower or Verdict.Faster
        && Math.Abs(Math.Log(DiffVersusBase.Ratio)) >= Math.Log(HostCharacter.Factor);
}

/// <summary>
/// The host's character in two runs: what waking a thread, waking another process and starting one cost in each. Two
/// runs with one fingerprint can still have run on hosts that differ there (a cloud machine moved to another host, a
/// laptop in another power mode), and the process pools' answers move with these costs, not with the code.
/// </summary>
public sealed record HostCharacter(IReadOnlyList<HostCostComparison> Costs)
{
    /// <summary>
    /// How far a cost must move, surely, for the hosts to count as different: twice, either way. Between the committed
    /// runs of one host the floors moved up to 1.6× (waking a process through pipes ran faster while a disturbance kept a
    /// core busy), while the host this study ran on changed its wake-up costs about 4× from one day to the next.
    /// </summary>
    public const double Factor = 2;

    /// <summary>The costs that moved.</summary>
    public IReadOnlyList<HostCostComparison> Changed => [.. Costs.Where(c => c.Changed)];

    /// <summary>The floors both runs measured, compared; null when they share none (a run of another suite, a filtered run).</summary>
    public static HostCharacter? Of(ResultSet baseline, ResultSet diff, Judgement judgement)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(judgement);
        var costs = new List<HostCostComparison>();
        foreach (var cost in Enum.GetValues<HostCost>())
        {
            if (Floor(baseline, cost) is { } b && Floor(diff, cost) is { } d)
            {
                costs.Add(new HostCostComparison(cost, Judgement.Time(b.Nanoseconds), Judgement.Time(d.Nanoseconds), judgement.Compare(d, b)));
            }
        }

        return costs.Count == 0 ? null : new HostCharacter(costs);
    }

    /// <summary>The host's costs one run measured (the floors present in it), in <see cref="HostCost"/> order.</summary>
    public static IReadOnlyList<HostFloor> Floors(ResultSet results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. Enum.GetValues<HostCost>().Select(cost => Floor(results, cost) is { } floor ? new HostFloor(cost, Judgement.Time(floor.Nanoseconds)) : null).OfType<HostFloor>()];
    }

    private static BenchmarkResult? Floor(ResultSet results, HostCost cost)
    {
        var (type, method, parameter, value) = cost switch
        {
            HostCost.WakeThread => (Suite.Types.ThreadPoolFloor, Suite.Methods.UnsafeQueueUserWorkItem, null, null),
            HostCost.WakeProcessByPipe => (Suite.Types.PipeFloor, Suite.Methods.PingPong, null, null),
            HostCost.WakeProcessByFutex => (Suite.Types.SharedMemoryFloor, Suite.Methods.PingPong, Suite.Parameters.Wait, Suite.Waits.Block),
            _ => (Suite.Types.ProcessStartFloor, Suite.Methods.StartAndExit, Suite.Parameters.Program, "true"),
        };
        return results.Benchmarks.FirstOrDefault(b => b.Namespace.StartsWith(Suite.Namespace, StringComparison.Ordinal)
            && b.Type == type && b.Method == method && (parameter is null || b.Parameter(parameter) == value));
    }
}
