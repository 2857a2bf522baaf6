using Study.Reports.Analysis;
using Study.Reports.Statistics;
using static Study.Reports.Output.Format;

namespace Study.Reports.Output;

/// <summary>
/// The report's sentences on what the analysis found: the article's findings, each crossover, why the model misses a
/// case, which answers an unsteady machine puts at risk, and what a run lacks. The analysis returns facts; this is
/// where they become words (the In short is <see cref="Answer"/>'s, the claims' evidence still their own).
/// </summary>
public static class Narrative
{
    /// <summary>Per runtime with threads and a rival: the fastest executor, and each one against threads.</summary>
    public static List<string> Findings(ArticleAnswer article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var findings = new List<string>();
        foreach (var runtime in Enum.GetValues<Runtime>())
        {
            var own = article.Executors.Where(e => e.Runtime == runtime).ToList();
            if (!own.Any(e => e.Executor.IsThreads) || own.Count < 2)
            {
                continue;
            }

            var fastest = own.OrderBy(e => e.Time.Median).First();
            var against = own.Where(e => e.VersusThreads is not null).Select(e =>
                $"{e.Executor.Label()} takes {Ratio(e.VersusThreads!.Ratio)} the threads' time, {Interval(e.VersusThreads.Lower, e.VersusThreads.Upper)}: {e.VersusThreads.Word()}");
            findings.Add($"{runtime.Name()}: the fastest is {fastest.Executor.Label()} ({Time(fastest.Time.Median)}); {string.Join("; ", against)}.");
        }

        return findings;
    }

    /// <summary>
    /// An executor against its runtime's threads in the traced calls: the measured ratio, then the traced gap phase by
    /// phase, or that there is no gap to explain; the model's start-up and shutdown beside them, as why they cost that.
    /// </summary>
    public static string TracedGap(TracedGap gap, IReadOnlyList<Decomposition> model)
    {
        ArgumentNullException.ThrowIfNull(gap);
        ArgumentNullException.ThrowIfNull(model);
        string measured = gap.Versus is { } v
            ? $"{gap.Executor.Label()}: {Ratio(v.Ratio)} the threads' time {Interval(v.Lower, v.Upper)} ({v.Word()})"
            : $"{gap.Executor.Label()}: not measured against threads";
        // The phases that move the gap by 2 % or more, and the rest together: still a sum to the traced gap.
        var large = gap.Differences.Where(d => Math.Abs(d.Value) >= 0.02 * Math.Abs(gap.Gap) && d.Value != 0).ToList();
        long rest = gap.Differences.Values.Sum() - large.Sum(d => d.Value);
        string phases = string.Join(", ", large.Select(d => $"{Output.Names.Of(d.Key)} {SignedTime(d.Value)}"))
            + (rest != 0 ? $"{(large.Count > 0 ? ", " : string.Empty)}the rest {SignedTime(rest)}" : string.Empty);
        if (!gap.HasGap)
        {
            return $"{measured}: no gap to explain; the traced calls differ by {SignedTime(gap.Gap)} ({phases}).";
        }

        if (!gap.Reproduces)
        {
            return $"{measured}, {SignedTime(gap.Measured)}; the traced calls did not show that gap ({SignedTime(gap.Gap)}: {phases}), so they do not explain it.";
        }

        string why = string.Empty;
        if (gap.Executor.IsProcesses
            && model.FirstOrDefault(d => d.Executor == gap.Executor)?.Parts is { } mine && model.FirstOrDefault(d => d.Executor == gap.Threads)?.Parts is { } theirs)
        {
            why = $" The microbenchmarks predict start-up {SignedTime(mine.StartUp - theirs.StartUp)} and shutdown {SignedTime(mine.Shutdown - theirs.Shutdown)} against threads.";
        }

        return $"{measured}; traced, {SignedTime(gap.Gap)}: {phases}.{why}";
    }

    /// <summary>A signed time: "+12.3 ms", "−4.1 µs".</summary>
    public static string SignedTime(double nanoseconds) => (nanoseconds < 0 ? "−" : "+") + Time(Math.Abs(nanoseconds));

    /// <summary>Where processes start to win, with the interval, or that they never do or always do.</summary>
    public static string Summary(Crossover crossover)
    {
        ArgumentNullException.ThrowIfNull(crossover);
        var points = crossover.Points;
        double? at = crossover.Iterations, lower = crossover.IterationsLower, upper = crossover.IterationsUpper;
        double kernel = crossover.KernelNanoseconds ?? double.NaN;
        string pools = $"{crossover.Runtime.Name()}, {crossover.Lifetime.Word()} pools: {crossover.Processes.Label()} against {crossover.Threads.Label()}";
        if (at is null)
        {
            return Invariant($"{pools}: processes never win up to {Scientific(points[^1].Iterations)} iterations a task ({Time(points[^1].WorkMicroseconds * 1e3)} of work).");
        }

        if (at <= points[0].Iterations)
        {
            return Invariant($"{pools}: processes win already at the smallest task, {Scientific(points[0].Iterations)} iterations ({Time(points[0].WorkMicroseconds * 1e3)} of work).");
        }

        string interval = lower is null || upper is null ? "its interval reaches beyond the sizes measured"
            : Invariant($"interval {Scientific(lower.Value)}–{Scientific(upper.Value)} iterations, {Time(lower.Value * kernel)}–{Time(upper.Value * kernel)}");
        return Invariant($"{pools}: processes win above about {Scientific(at.Value)} iterations a task, {Time((crossover.Microseconds ?? double.NaN) * 1e3)} of work ({interval}).");
    }

    /// <summary>A plain sentence on why the model misses a case badly: which term dominates, and what the grid adds.</summary>
    public static string Why(ModelMiss miss)
    {
        ArgumentNullException.ThrowIfNull(miss);
        string term = miss.Dominant switch
        {
            ModelTermKind.StartUp => "start-up",
            ModelTermKind.Dispatch => "dispatch",
            ModelTermKind.Compute => "compute",
            ModelTermKind.Gil => "the GIL",
            _ => "shutdown",
        };
        string reason = miss.Cause switch
        {
            MissCause.StartingMoreWorkersThanCores =>
                $"starting {miss.Workers} workers on {miss.Cores} cores while the first ones already compute costs more than starting them on an idle machine, as the lifecycle benchmark does",
            MissCause.ColdStartCostsMore => "the grid's cold start pays more than the lifecycle benchmark's (its workers also load the kernel and the list's first calls)",
            MissCause.DispatchCompetesForCores => "the dispatch microbenchmark's calls do no work; here each call's result and the parent's bookkeeping compete with the workers for the cores",
            MissCause.ComputeWhileWorkersStart => "the workers compute while later workers still start, and the parent's threads take core time the model gives to the work",
            MissCause.MoreWorkersThanCores => "more workers than cores: time-slicing and cache sharing cost more than an equal share of the cores",
            MissCause.WorkRanSlower => "the work ran slower than the kernel benchmark's speed (frequency, cache, or a noisy neighbour during the case)",
            MissCause.HandingTheLockCostsMore => "handing the lock between threads costs more than the serial work it guards (switches, wake-ups)",
            MissCause.StartUpOverlapsCalls => "part of the start-up overlaps with the first calls in the grid, which the model adds in series",
            MissCause.DispatchOverlapsCompute => "in the grid, dispatch overlaps with compute; the model adds the two",
            MissCause.TheLockLetsWorkOverlap => "the lock lets some work overlap (a waiting thread's own bookkeeping) that the model serialises",
            MissCause.TermsOverlap => "the terms overlap in the grid more than the model's sum assumes",
            _ => "the measurement is noisy",
        };
        return Invariant(
            $"{(miss.Under ? "Measured" : "Predicted")} {miss.GapPercent:0} % above {(miss.Under ? "the prediction" : "the measurement")}; {term} is {miss.DominantPercent:0} % of the prediction: {reason}.");
    }

    /// <summary>The answers that rest on cases measured while the machine was off its speed.</summary>
    public static List<string> AtRisk(ArticleAnswer article, IReadOnlyList<Crossover> crossovers, int unsteadyGridCases, int gridCases)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(crossovers);
        var atRisk = new List<string>();
        foreach (var runtime in Enum.GetValues<Runtime>())
        {
            var pools = article.Executors.Where(e => e.Runtime == runtime && e.VersusThreads is { Unsteady: true }).Select(e => e.Executor).ToList();
            if (pools.Count > 0)
            {
                atRisk.Add($"the article's case in {runtime.Name()} ({string.Join(", ", pools.Select(p => p.Label()))} against threads)");
            }
        }

        atRisk.AddRange(crossovers.Where(c => c.Points.Any(p => p.ProcessesVersusThreads.Unsteady))
            .Select(c => $"the crossover of {c.Processes.Label()} against {c.Threads.Label()} ({c.Lifetime.Word()})"));
        if (unsteadyGridCases > 0)
        {
            atRisk.Add($"the model's error ({unsteadyGridCases} of {gridCases} grid cases unsteady)");
        }

        return atRisk;
    }

    /// <summary>What a run lacks, each with what the report cannot say without it.</summary>
    public static List<string> Missing(bool article, bool grid, bool cpythonGrid, bool sweeps, IEnumerable<string> missingInputs)
    {
        var missing = new List<string>();
        if (!article)
        {
            missing.Add("the article's case (the article's list, mapped, cold): its question is not answered");
        }

        if (!grid)
        {
            missing.Add("the grid (WorkListBenchmarks, CPythonWorkListBenchmarks): no executor comparison and no model check");
        }

        if (!cpythonGrid)
        {
            missing.Add("CPython's grid (CPythonWorkListBenchmarks): CPython is not beside .NET in this run");
        }

        if (!sweeps)
        {
            missing.Add("the task-size sweeps (TaskSizeSweepBenchmarks, CPythonSweepBenchmarks): no crossover");
        }

        missing.AddRange(missingInputs.Select(m => $"model input {m}: the cases that need it are not predicted"));
        return missing;
    }

    /// <summary>One line on the model's fit, for a console: how many cases, and the error.</summary>
    public static string Summary(ModelFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return fit.Cases == 0
            ? "the model predicted no grid case (the run lacks the grid or the microbenchmarks it needs)"
            : Invariant($"the model predicted {fit.Cases} grid cases with a median absolute error of {fit.MedianAbsoluteError * 100:0.#} % (target {fit.Target * 100:0} %)");
    }

    /// <summary>A cost's name in the report's table of inputs: "start-up, .NET threads, 2 workers".</summary>
    public static string Name(CostKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string executor = key.Executor?.Label() ?? string.Empty;
        return key.Kind switch
        {
            CostKind.Kernel => key.Runtime == Runtime.CPython ? "kernel, CPython" : $"kernel, .NET {key.Site}",
            CostKind.StartUp or CostKind.Shutdown => Invariant(
                $"{(key.Kind == CostKind.StartUp ? "start-up" : "shutdown")}, {executor}, {key.Workers} worker{(key.Workers == 1 ? string.Empty : "s")}"),
            CostKind.Dispatch => $"dispatch, {executor}, {key.Api.Word()}{(key.Chunksize > 1 ? Invariant($" in chunks of {key.Chunksize}") : string.Empty)}",
            _ => "harness round trip, CPython driver",
        };
    }

    /// <summary>Where a cost comes from: its benchmark, what it stands in for, or the fit it was made by.</summary>
    public static string Source(Cost cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        return cost switch
        {
            { Fit: { } fit } => $"{Source(fit.OneAMessage)}; {Source(fit.HundredAMessage)} (per chunk {Time(fit.PerChunk)}, per item {Time(fit.PerItem)})",
            { StandsInFor: { } executor } => $"{cost.Source}, standing in for {executor.Label()}",
            _ => cost.Source,
        };
    }

    /// <summary>The costs a report read, by name, each with its source in words.</summary>
    public static SortedDictionary<string, Cost> Inputs(IEnumerable<KeyValuePair<CostKey, Cost>> used)
    {
        ArgumentNullException.ThrowIfNull(used);
        var inputs = new SortedDictionary<string, Cost>(StringComparer.Ordinal);
        foreach (var (key, cost) in used)
        {
            inputs[Name(key)] = cost with { Source = Source(cost) };
        }

        return inputs;
    }

    /// <summary>The names of <paramref name="keys"/>, once each, in order.</summary>
    public static List<string> Names(IEnumerable<CostKey> keys) => [.. new SortedSet<string>(keys.Select(Name), StringComparer.Ordinal)];

    /// <summary>
    /// The reproducibility line of a comparison: how many headline answers reproduced, and each one that did not, with
    /// both runs' readings and why.
    /// </summary>
    public static string Reproducibility(Comparison.Reproducibility reproducibility)
    {
        ArgumentNullException.ThrowIfNull(reproducibility);
        var failed = reproducibility.Answers.Where(a => !a.Reproduced).ToList();
        string line = $"{reproducibility.Reproduced} of {reproducibility.Answers.Count} headline answers reproduced (intervals overlap, and no verdict is faster in one run and slower in the other)";
        return failed.Count == 0 ? line + "."
            : line + "; not reproduced: " + string.Join("; ", failed.Select(a =>
                $"{Question(a)}: {Reading(a.Kind, a.Base)} in base, {Reading(a.Kind, a.Diff)} in diff ({(a.Base is null || a.Diff is null ? "in one run only" : a.VerdictFlips ? "the verdict flips" : "the intervals are apart")})")) + ".";
    }

    /// <summary>A headline answer's question: "CPython processes (spawn) against threads, the article's case".</summary>
    private static string Question(Comparison.HeadlineAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Kind switch
        {
            Comparison.HeadlineKind.ArticleCase => $"{answer.Executor.Label()} against threads, the article's case",
            Comparison.HeadlineKind.Transport => $"shared memory against pipes, {answer.Call}",
            _ => $"the crossover of {answer.Executor.Label()} ({answer.Lifetime.Word()})",
        };
    }

    private static string Reading(Comparison.HeadlineKind kind, Comparison.HeadlineReading? reading) => reading switch
    {
        null => "not measured",
        { Verdict: { } verdict } => $"{Ratio(reading.Estimate)} {Interval(reading.Lower, reading.Upper)} {verdict.Word()}",
        _ when double.IsPositiveInfinity(reading.Estimate) => "never within the sizes measured",
        _ => Invariant($"{Scientific(reading.Estimate)} iterations [{Scientific(reading.Lower)}, {(double.IsPositiveInfinity(reading.Upper) ? "beyond" : Scientific(reading.Upper))}]"),
    };

    /// <summary>
    /// The warning when two runs' hosts differ in character: each cost that moved, and what moves with it.
    /// </summary>
    public static string HostChanged(IReadOnlyList<Comparison.HostCostComparison> moved)
    {
        ArgumentNullException.ThrowIfNull(moved);
        var parts = moved.Select(c => Invariant(
            $"{HostCostName(c.Cost)} cost {(c.DiffVersusBase.Ratio < 1 ? 1 / c.DiffVersusBase.Ratio : c.DiffVersusBase.Ratio):0.0}× {(c.DiffVersusBase.Ratio < 1 ? "less" : "more")} in diff ({Time(c.Base.Median)} → {Time(c.Diff.Median)})"));
        return "the runs ran on hosts of different character: " + string.Join("; ", parts)
            + ". A CPU string and a core count cannot show these costs; the process pools' answers against threads rest on them and move with the host, not the code, so the runs are not treated as one machine";
    }

    /// <summary>"waking a process through pipes", …</summary>
    public static string HostCostName(Comparison.HostCost cost) => cost switch
    {
        Comparison.HostCost.WakeThread => "waking a pool thread",
        Comparison.HostCost.WakeProcessByPipe => "waking another process through pipes",
        Comparison.HostCost.WakeProcessByFutex => "waking another process through a futex",
        _ => "starting a process",
    };

    /// <summary>The machine's speeds in one clause: "it ran at two speeds, 0.62 ns an iteration 70 % of the run and 0.88 ns 30 %".</summary>
    public static string Modes(MachineStability s) => s.Modes.Count switch
    {
        0 => "the machine's speeds were not sampled",
        1 => Invariant($"the machine ran at one speed ({s.Modes[0].Nanoseconds:0.###} ns an iteration of the kernel on one thread)"),
        _ => Invariant($"the machine ran at {s.Modes.Count} discrete speeds of the kernel on one thread, ")
            + string.Join(", ", s.Modes.Select(m => Invariant($"{m.Nanoseconds:0.###} ns an iteration {Percent(m.Share)} of the run"))),
    };

    /// <summary>Names in a sentence: "a", "a and b", "a, b and c".</summary>
    public static string Series(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 2 ? string.Join(" and ", list) : $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}";
    }

    /// <summary>The name of the i-th fastest of <paramref name="count"/> speeds.</summary>
    public static string ModeName(int index, int count) => count switch
    {
        1 => "the only one",
        2 => index == 0 ? "fast" : "slow",
        _ => index == 0 ? "fastest" : index == count - 1 ? "slowest" : (index + 1) switch
        {
            2 => "second fastest",
            3 => "third fastest",
            var n => Invariant($"{n}th fastest"),
        },
    };

    /// <summary>How far a comparison's launches' own ratios moved: "1.41–1.55×", or "—" for one launch.</summary>
    public static string LaunchSpread(Versus? versus) =>
        versus is { LaunchLow: var low, LaunchHigh: var high } && double.IsFinite(low) && double.IsFinite(high)
            ? Invariant($"{low:0.00}–{high:0.00}×")
            : "—";

    /// <summary>
    /// The speed correction's rule and its effect, by runtime: "the canaries' speed correction is applied where it
    /// predicts better: CPython 8.1 % with it, 12 % without (applied); .NET 6 % with it, 5 % without (not applied)."
    /// </summary>
    public static string Correction(ModelFit fit) =>
        "The canaries' speed correction (the compute term at the machine's speed when each case ran) is applied to a runtime only where it predicts that runtime's cases better: "
        + string.Join("; ", fit.Errors.OrderBy(kv => kv.Key).Select(kv => Invariant(
            $"{kv.Key.Name()} {Percent(kv.Value.Corrected)} with it, {Percent(kv.Value.Uncorrected)} without ({(kv.Value.Applied ? "applied" : "not applied")})")))
        + ".";

    /// <summary>
    /// Why the headline ratios moved between two runs, through the model: each moved ratio, the model's prediction of it
    /// from each run's own microbenchmarks, and the share of the move that those costs explain.
    /// </summary>
    public static IReadOnlyList<string> Attribution(Comparison.Reproducibility reproducibility, bool onlyNotReproduced = false)
    {
        ArgumentNullException.ThrowIfNull(reproducibility);
        return [.. reproducibility.Attributed.Where(a => !onlyNotReproduced || !a.Reproduced).Select(a => Invariant(
            $"{Question(a)}: {Ratio(a.Base!.Estimate)} → {Ratio(a.Diff!.Estimate)} ({a.Moved:0.00}×); predicted from each run's own costs {Ratio(a.Base.Predicted!.Value)} → {Ratio(a.Diff.Predicted!.Value)} ({a.PredictedMove:0.00}×): ")
            + (Math.Abs(Math.Log(a.PredictedMove)) < Math.Log(1.02) ? "the costs do not move it: what moved it is not in the model" : Share(a.Explained)))];

        // Shares on a log scale: the predicted move's log over the measured move's.
        static string Share(double explained) => explained switch
        {
            < 0 => "the costs would move it the other way: what moved it is not in the model",
            < 0.2 => "the costs explain little of the move: what moved it is not in the model",
            < 0.67 => Invariant($"the costs explain part of the move (about {explained * 100:0} %)"),
            <= 1.5 => "the costs explain the move",
            _ => "the costs predict a larger move than the one measured",
        };
    }

    /// <summary>The host's character beside the answer: what its wake-ups and process starts cost, and which way an answer moves with them.</summary>
    public static string Host(IReadOnlyList<Comparison.HostFloor> floors) =>
        "**This host's character** (what a CPU string cannot show): "
        + string.Join(", ", floors.Select(f => Invariant($"{HostCostName(f.Cost)} {Time(f.Time.Median)}")))
        + ". The process pools' gap to threads rests on these: on a host where waking or starting a process costs less, the pools come closer to threads, and `study compare` says when two runs' hosts differ in them.";
}
