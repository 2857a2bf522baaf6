using System.Globalization;
using Study.Kernel;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Analysis;

/// <summary>
/// The article's claims, each checked against the measurement that can confirm or refute it here. Every verdict is
/// computed from the samples (the equivalence test and the intervals of <see cref="Judgement"/>); none is typed in. Each
/// finding carries the facts it rests on; the narrative (<c>Output.ClaimEvidence</c>) states them.
/// </summary>
internal static class Claims
{
    /// <summary>Checks every claim.</summary>
    /// <param name="cases">The run's cases.</param>
    /// <param name="predictions">The model's prediction of every grid case of <paramref name="cases"/> (null: not predicted).</param>
    /// <param name="crossovers">The crossovers read from the sweeps.</param>
    /// <param name="judgement">The statistics every verdict comes from.</param>
    /// <param name="articleWorkers">The worker count of the article's case.</param>
    public static List<ClaimFinding> Check(
        StudyCases cases, IReadOnlyDictionary<GridCase, Prediction?> predictions, IReadOnlyList<Crossover> crossovers, Judgement judgement, int articleWorkers)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var context = new Context(cases, predictions, judgement, articleWorkers);
        return
        [
            ArticleFigures(context),
            StartUpAndIpc(context),
            Skew(context),
            Gil(context),
            LargeWork(crossovers),
            Io(context),
        ];
    }

    private sealed record Context(StudyCases Cases, IReadOnlyDictionary<GridCase, Prediction?> Predictions, Judgement Judgement, int ArticleWorkers)
    {
        public GridCase? Grid(Runtime runtime, ExecutorKind kind, WorkShape shape, int workers, StartMethod? startMethod = null) =>
            Cases.Grid.FirstOrDefault(c => c.Executor.Runtime == runtime && c.Executor.Kind == kind && c.Shape == shape
                && (c.Executor.IsSequential || c.Workers == workers) && c.IsCold && c.Api == Api.Map && c.Chunksize == 1
                && (startMethod is null || c.Executor.StartMethod == startMethod));

        public List<GridCase> ArticlePools => [.. Cases.Grid
            .Where(g => g.Executor.Runtime == Runtime.CPython && g.Executor.IsProcesses && g.IsArticleCase && g.Workers == ArticleWorkers)
            .OrderBy(g => g.Executor.Order)];

        public Versus Compare(BenchmarkResult diff, BenchmarkResult baseline) => Judgement.Compare(diff, baseline);
    }

    private static ClaimFinding ArticleFigures(Context c)
    {
        var threads = c.Grid(Runtime.CPython, ExecutorKind.Threads, WorkShape.Article, c.ArticleWorkers);
        var pools = c.ArticlePools;
        if (threads is null || pools.Count == 0)
        {
            return new ClaimFinding(ClaimKind.ArticleFigures, ClaimVerdict.NotMeasured, null);
        }

        var versus = pools.Select(p => new PoolVersus(p.Executor, p.Result.Median, c.Compare(p.Result, threads.Result))).ToList();
        return new ClaimFinding(ClaimKind.ArticleFigures, Combine(versus.Select(v => v.Versus.Verdict), Verdict.Slower),
            new ArticleFiguresFacts(c.Cases.PythonScale, c.ArticleWorkers, threads.Result.Median, versus));
    }

    private static ClaimFinding StartUpAndIpc(Context c)
    {
        var threads = c.Grid(Runtime.CPython, ExecutorKind.Threads, WorkShape.Article, c.ArticleWorkers);
        var pools = c.ArticlePools;
        var threadParts = threads is null ? null : c.Predictions[threads];
        if (threads is null || threadParts is null || pools.Count == 0)
        {
            return new ClaimFinding(ClaimKind.StartUpAndIpc, ClaimVerdict.NotMeasured, null);
        }

        var overheads = new List<PoolOverhead>();
        var verdicts = new List<ClaimVerdict>();
        foreach (var pool in pools)
        {
            var parts = c.Predictions[pool];
            var versus = c.Compare(pool.Result, threads.Result);
            double gap = pool.Result.Median - threads.Result.Median;
            // What processes pay and threads do not, from the microbenchmarks only.
            double overhead = parts is null ? double.NaN
                : parts.StartUp + parts.Shutdown + parts.Dispatch - (threadParts.StartUp + threadParts.Shutdown + threadParts.Dispatch);
            overheads.Add(new PoolOverhead(pool.Executor, versus, parts, gap, overhead));
            if (parts is not null)
            {
                verdicts.Add(versus.Verdict switch
                {
                    Verdict.Slower when overhead >= 0.5 * gap => ClaimVerdict.Confirmed,
                    Verdict.Slower => ClaimVerdict.Partly,
                    Verdict.Faster => ClaimVerdict.Refuted,
                    _ => ClaimVerdict.Undecided,
                });
            }
        }

        var verdict = verdicts.Count == 0 ? ClaimVerdict.NotMeasured
            : verdicts.All(v => v == verdicts[0]) ? verdicts[0]
            : verdicts.Contains(ClaimVerdict.Confirmed) || verdicts.Contains(ClaimVerdict.Partly) ? ClaimVerdict.Partly
            : ClaimVerdict.Undecided;
        return new ClaimFinding(ClaimKind.StartUpAndIpc, verdict, new StartUpFacts(c.ArticleWorkers, overheads, threadParts.Gil));
    }

    private static ClaimFinding Skew(Context c)
    {
        var checks = new List<SkewCheck>();
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
            checks.Add(new SkewCheck(article.Executor, 1 / a.Ratio, 1 / u.Ratio, 1 / a.Lower < 1 / u.Upper));
        }

        if (checks.Count == 0)
        {
            return new ClaimFinding(ClaimKind.Skew, ClaimVerdict.NotMeasured, null);
        }

        var list = WorkList.Create(WorkShape.Article);
        int lower = checks.Count(k => k.Lower);
        var verdict = lower == checks.Count ? ClaimVerdict.Confirmed : lower == 0 ? ClaimVerdict.Undecided : ClaimVerdict.Partly;
        return new ClaimFinding(ClaimKind.Skew, verdict,
            new SkewFacts(c.Cases.Cores, list.CriticalPath * 100.0 / list.TotalWork, list.BestSpeedup(c.Cases.Cores), checks));
    }

    private static ClaimFinding Gil(Context c)
    {
        var seq = c.Grid(Runtime.CPython, ExecutorKind.Sequential, WorkShape.Uniform, 1);
        var threads = c.Grid(Runtime.CPython, ExecutorKind.Threads, WorkShape.Uniform, c.Cases.Cores);
        var pool = c.Grid(Runtime.CPython, ExecutorKind.Processes, WorkShape.Uniform, c.Cases.Cores, StartMethod.Fork);
        var shape = WorkShape.Uniform;
        if (seq is null || threads is null)
        {
            seq = c.Grid(Runtime.CPython, ExecutorKind.Sequential, WorkShape.Article, 1);
            threads = c.Grid(Runtime.CPython, ExecutorKind.Threads, WorkShape.Article, c.Cases.Cores);
            pool = c.Grid(Runtime.CPython, ExecutorKind.Processes, WorkShape.Article, c.Cases.Cores, StartMethod.Fork);
            shape = WorkShape.Article;
        }

        if (seq is null || threads is null)
        {
            return new ClaimFinding(ClaimKind.Gil, ClaimVerdict.NotMeasured, null);
        }

        var t = c.Compare(threads.Result, seq.Result);
        var p = pool is null ? null : c.Compare(pool.Result, seq.Result);
        var gilModel = c.Grid(Runtime.DotNet, ExecutorKind.Gil, WorkShape.Uniform, c.Cases.Cores);
        var dotnetThreads = c.Grid(Runtime.DotNet, ExecutorKind.Threads, WorkShape.Uniform, c.Cases.Cores);
        var dotnetSeq = c.Grid(Runtime.DotNet, ExecutorKind.Sequential, WorkShape.Uniform, 1);
        var (g, d) = gilModel is not null && dotnetThreads is not null && dotnetSeq is not null
            ? (c.Compare(gilModel.Result, dotnetSeq.Result), c.Compare(dotnetThreads.Result, dotnetSeq.Result))
            : (null, null);

        // Threads gain nothing when they are not faster than sequential code and their interval rules out a gain of
        // a quarter (two cores would allow 2×); the GIL does not hold them when their speed-up is surely above 1.5×.
        const double NoGain = 1 / 1.25, ClearGain = 1 / 1.5;
        bool threadsGainNothing = t.Verdict != Verdict.Faster && t.Lower > NoGain;
        var verdict = t.Verdict == Verdict.Faster && t.Upper < ClearGain ? ClaimVerdict.Refuted
            : threadsGainNothing ? (p is null || p.Verdict == Verdict.Faster ? ClaimVerdict.Confirmed : ClaimVerdict.Partly)
            : ClaimVerdict.Undecided;
        return new ClaimFinding(ClaimKind.Gil, verdict, new GilFacts(c.Cases.GilOff, shape, c.Cases.Cores, t, p, g, d));
    }

    private static ClaimFinding LargeWork(IReadOnlyList<Crossover> crossovers)
    {
        var python = crossovers.Where(x => x.Runtime == Runtime.CPython).ToList();
        if (python.Count == 0)
        {
            return new ClaimFinding(ClaimKind.LargeWork, ClaimVerdict.NotMeasured, null);
        }

        return new ClaimFinding(ClaimKind.LargeWork, Combine(python.Select(x => x.Points[^1].ProcessesVersusThreads.Verdict), Verdict.Faster),
            new LargeWorkFacts(python));
    }

    private static ClaimFinding Io(Context c)
    {
        var runtimes = new List<IoRuntime>();
        var verdicts = new List<ClaimVerdict>();
        foreach (var (type, runtime, kinds) in new[] { (Suite.Types.CPythonIoBound, Runtime.CPython, new[] { ExecutorKind.Processes }), (Suite.Types.IoBound, Runtime.DotNet, new[] { ExecutorKind.ProcessesJit, ExecutorKind.ProcessesAot }) })
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
            bool threadsBest = t.Verdict == Verdict.Faster;
            var pools = new List<PoolVersus>();
            foreach (var pool in all.Where(b => StudyCases.ExecutorOf(b, runtime) is { } id && kinds.Contains(id.Kind) && b.Parameter(Suite.Parameters.Workers) == threads.Parameter(Suite.Parameters.Workers)))
            {
                var p = c.Compare(pool, threads);
                pools.Add(new PoolVersus(StudyCases.ExecutorOf(pool, runtime)!, pool.Median, p));
                threadsBest &= p.Verdict is Verdict.Slower or Verdict.Same;
            }

            runtimes.Add(new IoRuntime(runtime, workers, threads.Median, t, pools));
            verdicts.Add(threadsBest ? ClaimVerdict.Confirmed : t.Verdict == Verdict.Faster ? ClaimVerdict.Partly : ClaimVerdict.Undecided);
        }

        if (verdicts.Count == 0)
        {
            return new ClaimFinding(ClaimKind.Io, ClaimVerdict.NotMeasured, null);
        }

        var verdict = verdicts.All(v => v == ClaimVerdict.Confirmed) ? ClaimVerdict.Confirmed
            : verdicts.All(v => v == ClaimVerdict.Undecided) ? ClaimVerdict.Undecided : ClaimVerdict.Partly;
        return new ClaimFinding(ClaimKind.Io, verdict, new IoFacts(runtimes));
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
}
