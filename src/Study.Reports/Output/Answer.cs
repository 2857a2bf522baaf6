using Study.Reports.Analysis;
using Study.Reports.Statistics;
using static Study.Reports.Output.Format;

namespace Study.Reports.Output;

/// <summary>
/// The study's answer in sentences, each computed from the report's own figures: which pool reproduces the article's
/// ordering here and by how much, what its gap is made of, the bound the list sets, the article's arithmetic, and which
/// platform and Python each row stands for. Where the figures disagree with the article, the sentence says so.
/// </summary>
internal static class Answer
{
    /// <summary>The sentences, in the order <em>In short</em> gives them; none where the run lacks what one needs.</summary>
    public static List<string> Sentences(StudyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sentences = new List<string>();
        if (Fastest(report) is { } fastest)
        {
            sentences.Add(fastest);
        }

        if (EveryPython(report) is { } pythons)
        {
            sentences.Add(pythons);
        }

        sentences.AddRange(Why(report));

        var pools = report.Explanations.Where(e => e.Runtime == Runtime.CPython).ToList();
        if (pools.Count > 0)
        {
            sentences.Add(Ordering(pools, report.Article.Workers));
            if (report.TracedGaps.Count == 0)
            {
                // A run from before the timelines: the model's terms, measured apart.
                sentences.AddRange(pools.Where(p => p.Terms.Count > 0).Select(Gap));
            }
        }

        var a = report.Arithmetic;
        sentences.Add(Invariant($"No executor can beat **{a.BestSpeedup:0.00}×** over sequential code on the article's list, with any number of workers: its largest item is {a.LargestShare * 100:0} % of the work."));
        if (a.CPythonSequentialSeconds is { } seconds && a.ScaleForArticleThreads is { } scale)
        {
            sentences.Add(Invariant($"As printed, the list is {Scientific(a.TotalIterations)} iterations: **{seconds:0} s** of CPython here ({a.CPythonNanosecondsPerIteration:0.0} ns an iteration), not the article's 0.20 s, which fits a list about {Scientific(1 / scale)} times smaller."));
        }

        if (pools.Count > 0)
        {
            sentences.Add(Platforms(pools, report.Run.Environment));
        }

        return sentences;
    }

    /// <summary>
    /// How much of the process pool's per-call cost is the transport, from the pipe pool against the shared-memory
    /// pool; null when the run has neither a batch nor a round trip through both.
    /// </summary>
    public static string? Transport(TransportComparison transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var parts = new[] { transport.Call(TransportComparison.Batch), transport.Call(TransportComparison.RoundTrip) }.OfType<TransportCall>().ToList();
        if (parts.Count == 0)
        {
            return null;
        }

        // The first part names the two transports; the second keeps their order without naming them again.
        string Part(TransportCall c, int index)
        {
            string call = c.Call == TransportComparison.Batch ? "a call in a batch" : "a round trip";
            string times = index == 0 ? $"shared memory {Time(c.SharedMemory.Median)}, pipes {Time(c.Pipes.Median)}" : $"{Time(c.SharedMemory.Median)}, {Time(c.Pipes.Median)}";
            return c.SharedMemoryVersusPipes.Verdict.IsFaster()
                ? Invariant($"**{c.Share * 100:0} %** of {call} ({times})")
                : $"none of {call} ({times}: {c.SharedMemoryVersusPipes.Word()})";
        }

        return "Of .NET's process pool's cost a call, the transport is " + string.Join(" and ", parts.Select(Part))
            + ": the rest is the pool's own work and waking the other process (section 3).";
    }

    /// <summary>The shared-memory pool's round trip against its floor and the pipe pool's, where the run has them.</summary>
    public static List<string> AgainstFloors(TransportComparison transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var lines = new List<string>();
        var blocking = transport.Call(TransportComparison.BlockingRoundTrip);
        var floor = transport.Floor(TransportComparison.SharedMemoryBlocking);
        var pipeFloor = transport.Floor(TransportComparison.PipeFloor);
        if (blocking is not null && floor is not null)
        {
            lines.Add(Invariant($"A blocking round trip through shared memory is {blocking.SharedMemory.Median / floor.Time.Median:0.0}× its floor ({Time(blocking.SharedMemory.Median)} against {Time(floor.Time.Median)}); through pipes {(pipeFloor is null ? string.Empty : Invariant($"{blocking.Pipes.Median / pipeFloor.Time.Median:0.0}× theirs, "))}{Time(blocking.Pipes.Median)}."));
        }

        if (transport.Call(TransportComparison.RoundTrip) is { } spinning && transport.Floor(TransportComparison.SharedMemorySpinning) is { } spin)
        {
            lines.Add(Invariant($"The pool's round trip as it runs (the caller spins on its future before it blocks): {Time(spinning.SharedMemory.Median)} through shared memory, {spinning.SharedMemory.Median / spinning.Pipes.Median:0.00}× the pipe pool's {Time(spinning.Pipes.Median)}; a word spun back and forth takes {Time(spin.Time.Median)}."));
        }

        return lines;
    }

    /// <summary>
    /// The article's question answered per runtime: which executor runs its case fastest, sequential code included, by
    /// its ratio to the runtime's threads (the estimate the verdicts are read from).
    /// </summary>
    internal static string? Fastest(StudyReport report)
    {
        var parts = new List<string>();
        foreach (var runtime in new[] { Runtime.CPython, Runtime.DotNet })
        {
            var own = report.Article.Executors.Where(e => e.Runtime == runtime).ToList();
            var threads = own.FirstOrDefault(e => e.Executor.IsThreads && e.VersusThreads is null);
            if (threads is null || own.Count < 2)
            {
                continue;
            }

            string name = runtime == Runtime.CPython && InterpreterOf(report) is { } python ? $"CPython {python}" : runtime.Name();
            var best = own.MinBy(e => e.VersusThreads?.Ratio ?? 1)!;
            if (best == threads)
            {
                var ties = own.Where(e => e.VersusThreads is { } v && !v.Verdict.IsSlower()).Select(e => e.Executor.Brief()).ToList();
                parts.Add($"in {name}, threads" + (ties.Count == 0 ? string.Empty : $" (not told apart from {string.Join(", ", ties)})"));
            }
            else
            {
                var v = best.VersusThreads!;
                parts.Add(v.Verdict.IsFaster()
                    ? $"in {name}, {best.Executor.Brief()}, {Ratio(v.Ratio)} the threads' time {Interval(v.Lower, v.Upper)} ({v.Word()})"
                    : $"in {name}, none surely ({best.Executor.Brief()} has the lowest ratio to threads, {Ratio(v.Ratio)} {Interval(v.Lower, v.Upper)}, {v.Word()})");
            }
        }

        return parts.Count == 0 ? null
            : Invariant($"**The fastest way to run the article's case here** ({report.Article.Workers} workers, sequential code included): {string.Join("; ", parts)}.");
    }

    /// <summary>
    /// For a run of several interpreters, each one's default pool (and InterpreterPoolExecutor, where measured) against
    /// its own threads on the article's case, with the link to its report; null for a run of one.
    /// </summary>
    internal static string? EveryPython(StudyReport report)
    {
        if (report.Pythons.Count == 0)
        {
            return null;
        }

        string Versus(ExecutorTime e, string name) => e.VersusThreads is { } v ? $"{name} {Ratio(v.Ratio)} {Interval(v.Lower, v.Upper)}, {v.Word()}" : $"{name}: no ratio";
        var parts = report.Pythons.Select(p =>
        {
            string what = p.Id + (p.FreeThreaded ? " (free-threaded; its threads run without a GIL)" : string.Empty);
            var pools = new List<string>();
            if (p.DefaultPool is { } pool)
            {
                pools.Add(Versus(pool, $"its default pool, {p.DefaultStartMethod},"));
            }
            else
            {
                pools.Add($"its default pool ({p.DefaultStartMethod ?? "unknown"}) not measured");
            }

            if (p.InterpreterPool is { } interpreters)
            {
                pools.Add(Versus(interpreters, "InterpreterPoolExecutor"));
            }

            return $"{what}: {string.Join("; ", pools)}";
        });
        var links = report.Pythons.Where(p => !p.Own).Select(p => $"[{p.Id}]({PythonAnswer.FolderOf(p.Id)}/report.md)");
        return Invariant($"**Each Python measured** (the article's case, {report.Article.Workers} workers, against its own threads): {string.Join(". ", parts)}. Their reports: {string.Join(", ", links)}.");
    }

    /// <summary>
    /// Why, from the traced calls, a sentence per runtime: the executors furthest from threads whose traced calls
    /// reproduce the measured gap (<see cref="TracedGap.Reproduces"/>), each with its measured difference (the ratio's
    /// own estimate), its traced one, and the phases of the traced gap that make it.
    /// </summary>
    private static IEnumerable<string> Why(StudyReport report)
    {
        foreach (var runtime in new[] { Runtime.CPython, Runtime.DotNet })
        {
            var gaps = report.TracedGaps.Where(g => g.Executor.Runtime == runtime && g.Reproduces).ToList();
            if (gaps.Count == 0)
            {
                continue;
            }

            var chosen = new[] { gaps.MaxBy(g => g.Versus!.Ratio)!, gaps.MinBy(g => g.Versus!.Ratio)! }.Distinct();
            var parts = chosen.Select(g =>
            {
                string causes = string.Join(" and ", g.Causes.Take(2).Select(c => $"{Names.Of(c.Key)} {Narrative.SignedTime(c.Value)}"));
                return $"{g.Executor.Brief()} {Narrative.SignedTime(g.Measured)} measured, {Narrative.SignedTime(g.Gap)} traced, mostly {causes}";
            });
            yield return $"**Why**, in {runtime.Name()}, against threads from one traced call of each: {string.Join("; ", parts)} (section 1's timelines).";
        }
    }

    /// <summary>
    /// The interpreter a report's CPython figures are of, where the run measured several: the run's own in its report,
    /// another in the report of the run as that one saw it (<c>folder@3.14</c>); null for a run of one.
    /// </summary>
    internal static string? InterpreterOf(StudyReport report) =>
        report.Pythons.FirstOrDefault(p => p.Own)?.Id
        ?? (report.Source.EndsWith($"@{report.Run.Environment.GetValueOrDefault("pythonId")}", StringComparison.Ordinal) ? report.Run.Environment["pythonId"] : null);

    private static string Ordering(List<GapExplanation> pools, int workers)
    {
        var slower = pools.Where(p => p.Verdict.IsSlower()).ToList();
        var others = pools.Except(slower).ToList();
        string article = Invariant($"the article reports {Ratio(GapExplanation.ArticleRatio)}");
        if (slower.Count == 0)
        {
            return Invariant($"**Here the article's ordering does not hold**: on its list ({workers} workers), no CPython process pool is slower than threads — ") + Join(others) + $" ({article}).";
        }

        string text = Invariant($"**CPython's process pool is slower than its threads on the article's list** ({workers} workers) with {Methods(slower)}: ") + Join(slower) + $"; {article}";
        return others.Count == 0 ? text + "." : text + $". With {Methods(others)} it is not: " + Join(others) + ".";
    }

    private static string Gap(GapExplanation pool)
    {
        var terms = pool.Terms.Where(t => Math.Abs(t.Nanoseconds) >= 0.005 * Math.Abs(pool.MeasuredGap) || t.Term is "start-up" or "shutdown" or "dispatch and IPC")
            .Select(t => Invariant($"{t.Term} {Signed(t.Nanoseconds)}"));
        if (!pool.Verdict.IsSlower() && !pool.Verdict.IsFaster())
        {
            return $"{Capital(Name(pool))}: no gap to threads to explain ({pool.Verdict.Word()}); the model's terms against threads: {string.Join(", ", terms)}.";
        }

        string direction = pool.MeasuredGap >= 0 ? "more" : "less";
        return Invariant($"{Capital(Name(pool))} takes {Time(Math.Abs(pool.MeasuredGap))} {direction} than threads; the model's terms against threads, each measured apart (they overlap in a call, so they need not sum to the gap): ") + string.Join(", ", terms) + ".";
    }

    private static string Platforms(List<GapExplanation> pools, IReadOnlyDictionary<string, string> environment)
    {
        var rows = pools.Where(p => p.Platforms.Count > 0).Select(p => $"{Method(p)} is the default on {string.Join(" and ", p.Platforms)}").ToList();
        string text = rows.Count == 0 ? string.Empty : $"Which row is yours: {string.Join("; ", rows)}.";
        var slower = pools.Where(p => p.Verdict.IsSlower()).ToList();
        if (slower.Count > 0)
        {
            var nearest = slower.MinBy(p => Math.Abs(Math.Log(p.Ratio / GapExplanation.ArticleRatio)))!;
            text += Invariant($" The article's ordering fits {Method(nearest)} best ({Ratio(nearest.Ratio)} here).");
        }
        else
        {
            text += " No start method reproduces the article's ordering on this machine.";
        }

        if (environment.TryGetValue("pythonVersion", out var version) && environment.TryGetValue("pythonDefaultStartMethod", out var method) && method.Length > 0)
        {
            bool freeThreaded = environment.GetValueOrDefault("pythonFreeThreaded") is "true" or "True";
            text += $" This run's Python {version}{(freeThreaded ? " (free-threaded)" : string.Empty)} starts a pool with {method} unless told otherwise.";
        }

        return text.Trim();
    }

    private static string Join(List<GapExplanation> pools) => pools.Count == 1
        ? Invariant($"{Ratio(pools[0].Ratio)} the threads' time ({pools[0].Verdict.Word()})")
        : string.Join(", ", pools.Select(p => Invariant($"{Method(p)} {Ratio(p.Ratio)} the threads' time ({p.Verdict.Word()})")));

    private static string Methods(List<GapExplanation> pools) => Narrative.Series(pools.Select(Method));

    private static string Name(GapExplanation pool) => pool.StartMethod is { } method ? $"the {method.Word()} pool" : pool.Pool.Label();

    /// <summary>A CPython pool by its start method ("fork"), another by its label.</summary>
    private static string Method(GapExplanation pool) => pool.StartMethod is { } method ? method.Word() : pool.Pool.Label();

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Signed(double nanoseconds) => (nanoseconds < 0 ? "−" : "+") + Time(Math.Abs(nanoseconds));

}
