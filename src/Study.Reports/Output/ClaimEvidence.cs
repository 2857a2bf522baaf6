using Study.Kernel;
using Study.Reports.Analysis;
using Study.Reports.Statistics;
using static Study.Reports.Output.Format;

namespace Study.Reports.Output;

/// <summary>The article's claims in words: each claim as the article makes it, and the evidence its finding rests on.</summary>
public static class ClaimEvidence
{
    /// <summary>Each finding as the report states it: the claim, the evidence, the verdict.</summary>
    public static List<ClaimCheck> Write(IEnumerable<ClaimFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return [.. findings.Select(f => new ClaimCheck(Claim(f.Kind), f.Facts is null ? NotMeasured(f.Kind) : Evidence(f.Facts), f.Verdict))];
    }

    /// <summary>The claim as the article makes it.</summary>
    public static string Claim(ClaimKind kind) => kind switch
    {
        ClaimKind.ArticleFigures => "ThreadPoolExecutor takes 0.20 s and ProcessPoolExecutor 0.52 s: processes are 2.6× slower on the article's list.",
        ClaimKind.StartUpAndIpc => "Creating processes and passing data between them (IPC) is what makes the process pool slower.",
        ClaimKind.Skew => "Work-size skew (one item much larger than the rest) lowers parallel efficiency.",
        ClaimKind.Gil => "The GIL keeps threads from running CPU-bound Python in parallel.",
        ClaimKind.LargeWork => "For large CPU-bound work, processes beat threads.",
        _ => "Threads suit I/O-bound work.",
    };

    private static string NotMeasured(ClaimKind kind) => kind switch
    {
        ClaimKind.ArticleFigures => "The run has no CPython article case with both pools.",
        ClaimKind.StartUpAndIpc => "The run lacks CPython's article case with both pools, or the microbenchmarks of CPython's thread pool.",
        ClaimKind.Skew => "The run lacks the article's and the uniform shape at this machine's cores.",
        ClaimKind.Gil => "The run has no CPython threads and sequential case on one list.",
        ClaimKind.LargeWork => "The run has no CPython task-size sweep.",
        _ => "The run has no I/O-bound cases.",
    };

    private static string Evidence(ClaimFacts facts) => facts switch
    {
        ArticleFiguresFacts f => Invariant($"CPython, the article's list scaled by {Scientific(f.Scale)}, {f.Workers} workers, cold: threads {Time(f.ThreadsMedian)}; ")
            + string.Join("; ", f.Pools.Select(v => Invariant($"{v.Executor.Label()} {Time(v.Median)}, {Ratio(v.Versus.Ratio)} {Interval(v.Versus.Lower, v.Versus.Upper)} the threads' time ({v.Versus.Word()})")))
            + ". The article's ratio is 2.6×.",
        StartUpFacts f => $"CPython, the article's case, {f.Workers} workers. " + string.Join("; ", f.Pools.Select(Overhead))
            + Invariant($". The threads lose {Time(f.ThreadsGil)} to the GIL, which the processes do not. Where processes are slower, the overhead measured apart accounts for the gap when it is at least half of it."),
        SkewFacts f => Invariant($"Speed-up over sequential code with {f.Cores} workers, the article's list (largest item {f.LargestSharePercent:0} % of the work, so at most {f.BestSpeedup:0.00}×) against a uniform list of the same total (at most {f.Cores}×): ")
            + string.Join("; ", f.Checks.Select(k => Invariant($"{k.Executor.Label()} {k.Article:0.00}× against {k.Uniform:0.00}×"))) + ".",
        GilFacts f => Gil(f),
        LargeWorkFacts f => string.Join("; ", f.Crossovers.Select(x => (x, Last: x.Points[^1])).Select(l => Invariant(
            $"{l.x.Processes.Label()} against CPython threads ({l.x.Lifetime.Word()}), tasks of {Scientific(l.Last.Iterations)} iterations ({Time(l.Last.WorkMicroseconds * 1e3)} of work): {Ratio(l.Last.ProcessesVersusThreads.Ratio)} {Interval(l.Last.ProcessesVersusThreads.Lower, l.Last.ProcessesVersusThreads.Upper)} ({l.Last.ProcessesVersusThreads.Word()})")))
            + ". " + string.Join(" ", f.Crossovers.Select(x => x.Summary)),
        IoFacts f => string.Join(". ", f.Runtimes.Select(Io)) + ".",
        _ => string.Empty,
    };

    private static string Overhead(PoolOverhead pool) => pool.Parts is not { } parts
        ? $"{pool.Executor.Label()}: {pool.Versus.Verdict.Word()} than threads; its start-up or shutdown was not measured"
        : Invariant($"{pool.Executor.Label()}: measured {Time(pool.Gap)} against threads ({Ratio(pool.Versus.Ratio)}, {pool.Versus.Word()}); its start-up, shutdown and dispatch exceed the threads' by {Time(pool.Overhead)} (start-up {Time(parts.StartUp)}, shutdown {Time(parts.Shutdown)}, dispatch {Time(parts.Dispatch)})");

    private static string Gil(GilFacts f)
    {
        string shape = f.Shape == WorkShape.Uniform ? "uniform" : "article's";
        string evidence = (f.GilOff ? "This CPython ran with its GIL off (a free-threaded build), so the claim is tested on threads without it. " : string.Empty)
            + Invariant($"CPython, the {shape} list, {f.Cores} workers on {f.Cores} cores: threads take {Ratio(f.Threads.Ratio)} {Interval(f.Threads.Lower, f.Threads.Upper)} the sequential time ({f.Threads.Word()})");
        if (f.Pool is { } p)
        {
            evidence += Invariant($"; the fork pool {Ratio(p.Ratio)} {Interval(p.Lower, p.Upper)} ({p.Word()})");
        }

        if (f.GilModel is { } g && f.FreeThreads is { } d)
        {
            evidence += Invariant($". .NET, uniform list: threads under the GIL model {Ratio(g.Ratio)} the sequential time, free threads {Ratio(d.Ratio)}");
        }

        return evidence + ".";
    }

    private static string Io(IoRuntime r)
    {
        var t = r.ThreadsVersusSequential;
        string line = Invariant($"{r.Runtime.Name()}, 40 calls that block 2 ms, {r.Workers} workers: threads {Time(r.ThreadsMedian)}, {Ratio(t.Ratio)} the sequential time ({t.Word()})");
        foreach (var p in r.Pools)
        {
            line += Invariant($"; {p.Executor.Label()} {Time(p.Median)}, {Ratio(p.Versus.Ratio)} the threads' time ({p.Versus.Word()})");
        }

        return line;
    }
}
