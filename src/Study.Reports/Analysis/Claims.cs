using System.Globalization;
using Study.Kernel;
using Study.Reports.Results;
using Study.Reports.Statistics;
using Study.Reports.Output;
using static Study.Reports.Output.Format;

namespace Study.Reports.Analysis;

/// <summary>
/// The article's claims, each checked against the measurement that can confirm or refute it here. Every verdict is
/// computed from the samples (the equivalence test and the intervals of <see cref="Judgement"/>); none is typed in.
/// </summary>
internal static class Claims
{
    /// <summary>Checks every claim.</summary>
    /// <param name="cases">The run's cases.</param>
    /// <param name="predictions">The model's prediction of every grid case of <paramref name="cases"/> (null: not predicted).</param>
    /// <param name="crossovers">The crossovers read from the sweeps.</param>
    /// <param name="judgement">The statistics every verdict comes from.</param>
    /// <param name="articleWorkers">The worker count of the article's case.</param>
    public static List<ClaimCheck> Check(
        StudyCases cases, IReadOnlyDictionary<GridCase, Prediction?> predictions, List<Crossover> crossovers, Judgement judgement, int articleWorkers)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var context = new Context(cases, predictions, judgement, articleWorkers);
        return
        [
            ArticleFigures(context),
            StartUpAndIpc(context),
            Skew(context),
            Gil(context),
            LargeWork(context, crossovers),
            Io(context),
        ];
    }

    private sealed record Context(StudyCases Cases, IReadOnlyDictionary<GridCase, Prediction?> Predictions, Judgement Judgement, int ArticleWorkers)
    {
        public GridCase? Grid(Runtime runtime, ExecutorKind kind, WorkShape shape, int workers, StartMethod? startMethod = null) =>
            Cases.Grid.FirstOrDefault(c => c.Executor.Runtime == runtime && c.Executor.Kind == kind && c.Shape == shape
                && (c.Executor.IsSequential || c.Workers == workers) && c.IsCold && c.Api == Api.Map && c.Chunksize == 1
                && (startMethod is null || c.Executor.StartMethod == startMethod));

        public Versus Compare(BenchmarkResult diff, BenchmarkResult baseline) => Judgement.Compare(diff, baseline);
    }

    private const string ArticleClaim = "ThreadPoolExecutor takes 0.20 s and ProcessPoolExecutor 0.52 s: processes are 2.6× slower on the article's list.";

    private static ClaimCheck ArticleFigures(Context c)
    {
        var threads = c.Grid(Runtime.CPython, ExecutorKind.Threads, WorkShape.Article, c.ArticleWorkers);
        var pools = c.Cases.Grid.Where(g => g.Executor.Runtime == Runtime.CPython && g.Executor.IsProcesses && g.IsArticleCase && g.Workers == c.ArticleWorkers).ToList();
        if (threads is null || pools.Count == 0)
        {
            return new ClaimCheck(ArticleClaim, "The run has no CPython article case with both pools.", ClaimVerdict.NotMeasured);
        }

        var versus = pools.OrderBy(p => p.Executor.Order).Select(p => (Pool: p, Versus: c.Compare(p.Result, threads.Result))).ToList();
        string evidence = Invariant($"CPython, the article's list scaled by {Scientific(c.Cases.PythonScale)}, {c.ArticleWorkers} workers, cold: threads {Time(threads.Result.Median)}; ")
            + string.Join("; ", versus.Select(v => Invariant($"{v.Pool.Executor.Label()} {Time(v.Pool.Result.Median)}, {Ratio(v.Versus.Ratio)} {Interval(v.Versus.Lower, v.Versus.Upper)} the threads' time ({v.Versus.Word()})")))
            + ". The article's ratio is 2.6×.";
        return new ClaimCheck(ArticleClaim, evidence, Combine(versus.Select(v => v.Versus.Verdict), Verdict.Slower));
    }

    private static ClaimCheck StartUpAndIpc(Context c)
    {
        const string claim = "Creating processes and passing data between them (IPC) is what makes the process pool slower.";
        var threads = c.Grid(Runtime.CPython, ExecutorKind.Threads, WorkShape.Article, c.ArticleWorkers);
        var pools = c.Cases.Grid.Where(g => g.Executor.Runtime == Runtime.CPython && g.Executor.IsProcesses && g.IsArticleCase && g.Workers == c.ArticleWorkers)
            .OrderBy(g => g.Executor.Order).ToList();
        var threadParts = threads is null ? null : c.Predictions[threads];
        if (threads is null || threadParts is null || pools.Count == 0)
        {
            return new ClaimCheck(claim, "The run lacks CPython's article case with both pools, or the microbenchmarks of CPython's thread pool.", ClaimVerdict.NotMeasured);
        }

        var lines = new List<string>();
        var verdicts = new List<ClaimVerdict>();
        foreach (var pool in pools)
        {
            var parts = c.Predictions[pool];
            var versus = c.Compare(pool.Result, threads.Result);
            if (parts is null)
            {
                lines.Add($"{pool.Executor.Label()}: {versus.Verdict.Word()} than threads; its start-up or shutdown was not measured");
                continue;
            }

            // What processes pay and threads do not, from the microbenchmarks only.
            double overhead = parts.StartUp + parts.Shutdown + parts.Dispatch - (threadParts.StartUp + threadParts.Shutdown + threadParts.Dispatch);
            double gap = pool.Result.Median - threads.Result.Median;
            lines.Add(Invariant($"{pool.Executor.Label()}: measured {Time(gap)} against threads ({Ratio(versus.Ratio)}, {versus.Word()}); its start-up, shutdown and dispatch exceed the threads' by {Time(overhead)} (start-up {Time(parts.StartUp)}, shutdown {Time(parts.Shutdown)}, dispatch {Time(parts.Dispatch)})"));
            verdicts.Add(versus.Verdict switch
            {
                Verdict.Slower when overhead >= 0.5 * gap => ClaimVerdict.Confirmed,
                Verdict.Slower => ClaimVerdict.Partly,
                Verdict.Faster => ClaimVerdict.Refuted,
                _ => ClaimVerdict.Undecided,
            });
        }

        string evidence = $"CPython, the article's case, {c.ArticleWorkers} workers. " + string.Join("; ", lines)
            + Invariant($". The threads lose {Time(threadParts.Gil)} to the GIL, which the processes do not. Where processes are slower, the overhead measured apart accounts for the gap when it is at least half of it.");
        var verdict = verdicts.Count == 0 ? ClaimVerdict.NotMeasured
            : verdicts.All(v => v == verdicts[0]) ? verdicts[0]
            : verdicts.Contains(ClaimVerdict.Confirmed) || verdicts.Contains(ClaimVerdict.Partly) ? ClaimVerdict.Partly
            : ClaimVerdict.Undecided;
        return new ClaimCheck(claim, evidence, verdict);
    }

    private static ClaimCheck Skew(Context c)
    {
        const string claim = "Work-size skew (one item much larger than the rest) lowers parallel efficiency.";
        var checks = new List<(string Label, double Article, double Uniform, bool Lower)>();
        foreach (var (runtime, kind, method) in new[] { (Runtime.DotNet, ExecutorKind.Threads, (StartMethod?)null), (Runtime.DotNet, ExecutorKind.ProcessesJit, null), (Runtime.CPython, ExecutorKind.Processes, StartMethod.Fork) })
        {
            var seqArticle = c.Grid(runtime, ExecutorKind.Sequential, WorkShape.Article, 1);
            var seqUniform = c.Grid(runtime, ExecutorKind.Sequential, WorkShape.Uniform, 1);
            var article = c.Grid(runtime, kind, WorkShape.Article, c.Cases.Cores, method);
            var uniform = c.Grid(runtime, kind, WorkShape.Uniform, c.Cases.Cores, method);
            if (seqArticle is null || seqUniform is null || article is null || uniform is null)
            {
                continue;
            }

            // Speed-up over sequential code as 1 / (executor / sequential): the intervals invert too.
            var a = c.Compare(article.Result, seqArticle.Result);
            var u = c.Compare(uniform.Result, seqUniform.Result);
            checks.Add((article.Executor.Label(), 1 / a.Ratio, 1 / u.Ratio, 1 / a.Lower < 1 / u.Upper));
        }

        var list = WorkList.Create(WorkShape.Article);
        if (checks.Count == 0)
        {
            return new ClaimCheck(claim, "The run lacks the article's and the uniform shape at this machine's cores.", ClaimVerdict.NotMeasured);
        }

        string evidence = Invariant($"Speed-up over sequential code with {c.Cases.Cores} workers, the article's list (largest item {list.CriticalPath * 100.0 / list.TotalWork:0} % of the work, so at most {list.BestSpeedup(c.Cases.Cores):0.00}×) against a uniform list of the same total (at most {c.Cases.Cores}×): ")
            + string.Join("; ", checks.Select(k => Invariant($"{k.Label} {k.Article:0.00}× against {k.Uniform:0.00}×")));
        int lower = checks.Count(k => k.Lower);
        var verdict = lower == checks.Count ? ClaimVerdict.Confirmed : lower == 0 ? ClaimVerdict.Undecided : ClaimVerdict.Partly;
        return new ClaimCheck(claim, evidence + ".", verdict);
    }

    private static ClaimCheck Gil(Context c)
    {
        const string claim = "The GIL keeps threads from running CPU-bound Python in parallel.";
        var seq = c.Grid(Runtime.CPython, ExecutorKind.Sequential, WorkShape.Uniform, 1);
        var threads = c.Grid(Runtime.CPython, ExecutorKind.Threads, WorkShape.Uniform, c.Cases.Cores);
        var pool = c.Grid(Runtime.CPython, ExecutorKind.Processes, WorkShape.Uniform, c.Cases.Cores, StartMethod.Fork);
        var shape = "uniform";
        if (seq is null || threads is null)
        {
            seq = c.Grid(Runtime.CPython, ExecutorKind.Sequential, WorkShape.Article, 1);
            threads = c.Grid(Runtime.CPython, ExecutorKind.Threads, WorkShape.Article, c.Cases.Cores);
            pool = c.Grid(Runtime.CPython, ExecutorKind.Processes, WorkShape.Article, c.Cases.Cores, StartMethod.Fork);
            shape = "article's";
        }

        if (seq is null || threads is null)
        {
            return new ClaimCheck(claim, "The run has no CPython threads and sequential case on one list.", ClaimVerdict.NotMeasured);
        }

        var t = c.Compare(threads.Result, seq.Result);
        string evidence = (c.Cases.GilOff ? "This CPython ran with its GIL off (a free-threaded build), so the claim is tested on threads without it. " : string.Empty)
            + Invariant($"CPython, the {shape} list, {c.Cases.Cores} workers on {c.Cases.Cores} cores: threads take {Ratio(t.Ratio)} {Interval(t.Lower, t.Upper)} the sequential time ({t.Word()})");
        Versus? p = null;
        if (pool is not null)
        {
            p = c.Compare(pool.Result, seq.Result);
            evidence += Invariant($"; the fork pool {Ratio(p.Ratio)} {Interval(p.Lower, p.Upper)} ({p.Word()})");
        }

        var gilModel = c.Grid(Runtime.DotNet, ExecutorKind.Gil, WorkShape.Uniform, c.Cases.Cores);
        var dotnetThreads = c.Grid(Runtime.DotNet, ExecutorKind.Threads, WorkShape.Uniform, c.Cases.Cores);
        var dotnetSeq = c.Grid(Runtime.DotNet, ExecutorKind.Sequential, WorkShape.Uniform, 1);
        if (gilModel is not null && dotnetThreads is not null && dotnetSeq is not null)
        {
            var g = c.Compare(gilModel.Result, dotnetSeq.Result);
            var d = c.Compare(dotnetThreads.Result, dotnetSeq.Result);
            evidence += Invariant($". .NET, uniform list: threads under the GIL model {Ratio(g.Ratio)} the sequential time, free threads {Ratio(d.Ratio)}");
        }

        // Threads gain nothing when they are not faster than sequential code and their interval rules out a gain of
        // a quarter (two cores would allow 2×); the GIL does not hold them when their speed-up is surely above 1.5×.
        const double NoGain = 1 / 1.25, ClearGain = 1 / 1.5;
        bool threadsGainNothing = t.Verdict != Verdict.Faster && t.Lower > NoGain;
        var verdict = t.Verdict == Verdict.Faster && t.Upper < ClearGain ? ClaimVerdict.Refuted
            : threadsGainNothing ? (p is null || p.Verdict == Verdict.Faster ? ClaimVerdict.Confirmed : ClaimVerdict.Partly)
            : ClaimVerdict.Undecided;
        return new ClaimCheck(claim, evidence + ".", verdict);
    }

    private static ClaimCheck LargeWork(Context c, List<Crossover> crossovers)
    {
        const string claim = "For large CPU-bound work, processes beat threads.";
        var python = crossovers.Where(x => x.Runtime == Runtime.CPython).ToList();
        if (python.Count == 0)
        {
            return new ClaimCheck(claim, "The run has no CPython task-size sweep.", ClaimVerdict.NotMeasured);
        }

        var largest = python.Select(x => (x, Last: x.Points[^1])).ToList();
        string evidence = string.Join("; ", largest.Select(l => Invariant(
            $"{l.x.Processes.Label()} against CPython threads ({l.x.Lifetime.Word()}), tasks of {Scientific(l.Last.Iterations)} iterations ({Time(l.Last.WorkMicroseconds * 1e3)} of work): {Ratio(l.Last.ProcessesVersusThreads.Ratio)} {Interval(l.Last.ProcessesVersusThreads.Lower, l.Last.ProcessesVersusThreads.Upper)} ({l.Last.ProcessesVersusThreads.Word()})")));
        evidence += ". " + string.Join(" ", python.Select(x => x.Summary));
        return new ClaimCheck(claim, evidence, Combine(largest.Select(l => l.Last.ProcessesVersusThreads.Verdict), Verdict.Faster));
    }

    private static ClaimCheck Io(Context c)
    {
        const string claim = "Threads suit I/O-bound work.";
        var lines = new List<string>();
        var verdicts = new List<ClaimVerdict>();
        foreach (var (type, runtime, pools) in new[] { (Suite.Types.CPythonIoBound, Runtime.CPython, new[] { ExecutorKind.Processes }), (Suite.Types.IoBound, Runtime.DotNet, new[] { ExecutorKind.ProcessesJit, ExecutorKind.ProcessesAot }) })
        {
            var all = c.Cases.Get(type, Suite.Methods.Run);
            var sequential = all.FirstOrDefault(b => StudyCases.ExecutorOf(b, runtime)?.IsSequential == true);
            int workers = all.Where(b => StudyCases.ExecutorOf(b, runtime)?.IsThreads == true).Select(b => int.Parse(b.Parameter(Suite.Parameters.Workers) ?? "0", CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
            var threads = all.FirstOrDefault(b => StudyCases.ExecutorOf(b, runtime)?.IsThreads == true && b.Parameter(Suite.Parameters.Workers) == workers.ToString(CultureInfo.InvariantCulture));
            if (sequential is null || threads is null)
            {
                continue;
            }

            var t = c.Compare(threads, sequential);
            string line = Invariant($"{runtime.Name()}, 40 calls that block 2 ms, {workers} workers: threads {Time(threads.Median)}, {Ratio(t.Ratio)} the sequential time ({t.Word()})");
            bool threadsBest = t.Verdict == Verdict.Faster;
            foreach (var pool in all.Where(b => StudyCases.ExecutorOf(b, runtime) is { } id && pools.Contains(id.Kind) && b.Parameter(Suite.Parameters.Workers) == threads.Parameter(Suite.Parameters.Workers)))
            {
                var p = c.Compare(pool, threads);
                var id = StudyCases.ExecutorOf(pool, runtime)!;
                line += Invariant($"; {id.Label()} {Time(pool.Median)}, {Ratio(p.Ratio)} the threads' time ({p.Word()})");
                threadsBest &= p.Verdict is Verdict.Slower or Verdict.Same;
            }

            lines.Add(line);
            verdicts.Add(threadsBest ? ClaimVerdict.Confirmed : t.Verdict == Verdict.Faster ? ClaimVerdict.Partly : ClaimVerdict.Undecided);
        }

        if (verdicts.Count == 0)
        {
            return new ClaimCheck(claim, "The run has no I/O-bound cases.", ClaimVerdict.NotMeasured);
        }

        var verdict = verdicts.All(v => v == ClaimVerdict.Confirmed) ? ClaimVerdict.Confirmed
            : verdicts.All(v => v == ClaimVerdict.Undecided) ? ClaimVerdict.Undecided : ClaimVerdict.Partly;
        return new ClaimCheck(claim, string.Join(". ", lines) + ".", verdict);
    }

    /// <summary>Confirmed when every comparison goes the claimed way, refuted when every one goes the other way.</summary>
    private static ClaimVerdict Combine(IEnumerable<Verdict> verdicts, Verdict claimed)
    {
        var list = verdicts.ToList();
        var opposite = claimed == Verdict.Slower ? Verdict.Faster : Verdict.Slower;
        return list.All(v => v == claimed) ? ClaimVerdict.Confirmed
            : list.All(v => v == opposite) ? ClaimVerdict.Refuted
            : list.Any(v => v == claimed) ? ClaimVerdict.Partly
            : list.Any(v => v == opposite) ? ClaimVerdict.Refuted
            : ClaimVerdict.Undecided;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
