using System.Globalization;
using Study.Reports.Advising;
using Study.Reports.Analysis;
using static Study.Reports.Output.Format;
using Study.Reports.Statistics;

namespace Study.Reports.Output;

/// <summary>Lays a <see cref="StudyReport"/> out as a <see cref="Document"/>: the sections the markdown and HTML share.</summary>
internal static class ReportDocument
{
    /// <summary>The document, with <paramref name="plots"/> where they belong.</summary>
    public static Document Create(StudyReport report, IReadOnlyList<PlotFile> plots)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(plots);
        var doc = new Document();
        var figures = plots.ToDictionary(p => p.File, StringComparer.Ordinal);
        void Figure(string file)
        {
            if (figures.TryGetValue(file, out var plot))
            {
                doc.Figure(plot.File, plot.Caption, plot.Svg);
            }
        }

        doc.Heading(1, "Threads or processes? The study's report");
        doc.Paragraph(Invariant($"Machine `{Value(report.Run.Environment, "machineId")}` ({Value(report.Run.Environment, "cpuModel")}, {report.Run.Cores} cores), profile **{report.Run.Profile}**: every figure is computed from this run (method: section 6)."));

        if (report.Pythons.Count == 0 && Answer.InterpreterOf(report) is { } python)
        {
            doc.Paragraph($"This is the run as **CPython {python}** saw it, one of the interpreters it measured beside its own: the CPython cases are {python}'s (the article's case, the overheads, start-up and shutdown, the sweep), .NET's are the run's. The run's report: [report.md](../report.md).");
        }

        // The first screen: the answer, the picture of it, and how far to trust it.
        string? answer = Answer.Fastest(report);
        if (answer is not null)
        {
            doc.Paragraph(answer);
        }

        string? pythons = Answer.EveryPython(report);
        if (pythons is not null)
        {
            doc.Paragraph(pythons);
        }

        Figure(ReportPlots.ForestFile);
        doc.Paragraph(ShortTrust(report));
        if (report.Missing.Count > 0)
        {
            doc.Paragraph("**This run lacks some cases**; the report covers the rest:");
            doc.List(report.Missing);
        }

        InShort(doc, report, [answer, pythons]);
        Article(doc, report);
        Traced(doc, report, Figure);
        Claims(doc, report);
        Model(doc, report, Figure);
        Crossover(doc, report, Figure);
        Grid(doc, report, Figure);
        Method(doc, report);
        Examples(doc, report);
        Steadiness(doc, report, Figure);
        return doc;
    }

    /// <summary>
    /// Section 7: the model put to three workloads of a reader's kind, each with the command that asks it, and checked
    /// against the held-out workloads where the run measured them.
    /// </summary>
    private static void Examples(Document doc, StudyReport report)
    {
        var check = report.AdviceCheck;
        if (report.Examples.Count == 0 && check.Cases.Count == 0)
        {
            return;
        }

        doc.Heading(2, "7. Your own workload: study advise");
        doc.Paragraph("`study advise` puts a workload you describe to the model of section 3, with this run's costs: each executor's time with an interval (the costs' 10th–90th percentiles, widened by the model's own error on this run's grid), the best, and the parts of the time that decide it (the repository's docs/advise.md). Three workloads, each with the command that gives its full table:");
        foreach (var example in report.Examples)
        {
            doc.Paragraph($"**{example.Title}**");
            doc.Code(example.Command);
            doc.Paragraph(example.Why is null ? example.Verdict : $"{example.Verdict} {example.Why}");
        }

        if (check.Cases.Count == 0)
        {
            doc.Paragraph("This run measured no held-out workloads (the full profile does), so its intervals are not checked here.");
            return;
        }

        string byRuntime = string.Join(", ", check.Cases.Select(c => c.Runtime).Distinct().Select(r => Invariant($"{r.Name()} {Percent(check.MedianErrorOf(r))}")));
        doc.Paragraph(Invariant($"**Checked against workloads the grid did not measure** (`HeldOutBenchmarks`, `CPythonHeldOutBenchmarks`: other counts, sizes and skews, {check.Cases.Count} cases with 3 workers, predicted as a reader's workload is): {check.Inside} of {check.Cases.Count} measured times ({Percent(check.InsideShare)}) fall inside their interval (target {Percent(AdviceCheck.InsideTarget)}: {(check.InsideShare >= AdviceCheck.InsideTarget ? "met" : "missed")}); the median error is {Percent(check.MedianError)} (target {Percent(AdviceCheck.ErrorTarget)}: {(check.MedianError <= AdviceCheck.ErrorTarget ? "met" : "missed")}; {byRuntime})."));
        doc.Fold(Invariant($"The {check.Cases.Count} held-out cases"), fold => fold.Table(
            ["workload", "executor", "measured", "predicted", "interval", "error", "inside"],
            check.Cases.Select(c => (IReadOnlyList<string>)[c.Workload, c.Executor, Time(c.Measured), Time(c.Predicted), $"{Time(c.Lower)} – {Time(c.Upper)}", Invariant($"{c.Error * 100:+0.#;−0.#;0} %"), c.Inside ? "yes" : "**no**"]),
            leftColumns: 2));
        if (check.NotPredicted.Count > 0)
        {
            doc.List(check.NotPredicted.Select(m => $"Not predicted: {m}."));
        }
    }

    /// <summary>What the sections below find, each sentence from their figures; the first screen's answer is not repeated.</summary>
    private static void InShort(Document doc, StudyReport report, string?[] firstScreen)
    {
        var points = InShortPoints(report).Where(p => !firstScreen.Contains(p)).ToList();
        if (points.Count > 0)
        {
            doc.Paragraph("**In short.**");
            doc.List(points);
        }
    }

    /// <summary>How far to trust the answer, in one line: the cores, the machine's speeds, the launches.</summary>
    private static string ShortTrust(StudyReport report)
    {
        var s = report.Stability;
        int launches = report.Article.Executors.Select(e => e.VersusThreads?.Launches ?? 1).DefaultIfEmpty(1).Max();
        string spread = launches > 1 ? Invariant($"; each answer ran in {launches} launches and its interval spans them") : string.Empty;
        if (!s.HasData)
        {
            return $"**Trust**: unknown: this run predates the canary readings{spread}.";
        }

        string cores = s.Unsteady.Count == 0
            ? Invariant($"its cores were its own around all {s.CasesRead} cases")
            : Invariant($"{s.Unsteady.Count} of its {s.CasesRead} cases shared their cores with other work (their verdicts are marked unsteady)");
        string speeds = s.Modes.Count > 1 ? Invariant($"; the machine ran at {s.Modes.Count} speeds") : string.Empty;
        return $"**Trust**: {cores}{speeds}{spread} (see the appendix, how steady the machine was).";
    }

    /// <summary>The lines of *In short*: the run's trust first, then the answer, each computed from the report.</summary>
    internal static List<string> InShortPoints(StudyReport report)
    {
        var points = new List<string> { Trust(report.Stability) };
        points.AddRange(Answer.Sentences(report));
        var dotnet = report.Article.Executors.Where(e => e.Runtime == Runtime.DotNet && e.VersusThreads is not null && !e.Executor.IsSequential).ToList();
        if (dotnet.Count > 0)
        {
            points.Add("In .NET, on the same case, against its thread pool: "
                + string.Join(", ", dotnet.Select(e => Invariant($"{e.Executor.Brief()} {Ratio(e.VersusThreads!.Ratio)} ({e.VersusThreads.Word()})"))) + ".");
        }

        foreach (var runtime in new[] { Runtime.CPython, Runtime.DotNet })
        {
            var warm = report.Crossovers.Where(c => c.Runtime == runtime && c.Lifetime == Lifetime.Warm && c.Microseconds is not null).ToList();
            if (warm.Count > 0)
            {
                // Pools already ahead at the smallest task are named together, once.
                var already = warm.Where(c => c.Iterations <= c.Points[0].Iterations).ToList();
                var parts = warm.Except(already).Select(c => $"{c.Processes.Brief()} above about {Time(c.Microseconds!.Value * 1e3)} of work a task").ToList();
                if (already.Count > 0)
                {
                    parts.Add($"{Narrative.Series(already.Select(c => c.Processes.Brief()))} already at the smallest task measured, {Time(already.Min(c => c.Microseconds!.Value) * 1e3)} of work");
                }

                points.Add($"{runtime.Name()}: a process pool beats GIL-bound threads — {string.Join("; ", parts)} (warm pools; section 4).");
            }
        }

        if (report.Transport is { } transport && Answer.Transport(transport) is { } sentence)
        {
            points.Add(sentence);
        }

        if (report.Claims.Count > 0)
        {
            points.Add("The article's claims: " + string.Join(", ", report.Claims.GroupBy(c => c.Verdict).Select(g => $"{g.Count()} {g.Key.Word()}")) + " (section 2).");
        }

        if (report.Model.Cases > 0)
        {
            points.Add(Invariant($"A model built from the microbenchmarks alone predicts the {report.Model.Cases} grid cases with a median error of {Percent(report.Model.MedianAbsoluteError)} (target {Percent(report.Model.Target)}; section 3)."));
        }

        return points;
    }

    /// <summary>
    /// The first line of *In short*: whether this run can be trusted and, if not, which answers are at risk (named when
    /// there are two at most, counted otherwise: the appendix lists them, with the machine's speeds).
    /// </summary>
    private static string Trust(MachineStability s)
    {
        if (!s.HasData)
        {
            return "**Steadiness unknown**: this run has no canary readings (it predates them), so whether the machine's speed drifted while it ran cannot be checked.";
        }

        string disturbed = s.Disturbance.Length > 0 ? $" It was disturbed on purpose ({s.Disturbance})." : string.Empty;
        string risks = s.AtRisk.Count switch
        {
            0 => "none of the answers below rests on them",
            <= 2 => "at risk: " + string.Join("; ", s.AtRisk),
            _ => Invariant($"{s.AtRisk.Count} answers are at risk (listed in the appendix)"),
        };
        string minutes = s.Unsteady.Count == 0 ? string.Empty : Invariant($"minutes {s.Unsteady.Min(u => u.Minutes):0.0}–{s.Unsteady.Max(u => u.Minutes):0.0}");
        if (s.ByLoad)
        {
            string speeds = s.Modes.Count > 1 ? Invariant($"; the machine ran at {s.Modes.Count} speeds") : string.Empty;
            return s.Unsteady.Count == 0
                ? Invariant($"**This run can be trusted**: its cores were its own around every one of its {s.CasesRead} cases{speeds}; rivals measured at different speeds are marked *unsteady* (appendix).{disturbed}")
                : Invariant($"**This run shared its cores**: {s.Unsteady.Count} of its {s.CasesRead} cases ({minutes}) ran while other work took more than {Percent(s.Tolerance)} of the cores; {risks}. Their verdicts are marked *unsteady*.{disturbed}");
        }

        return s.Unsteady.Count == 0
            ? Invariant($"**This run can be trusted**: the machine's speed stayed within ±{Percent(s.Tolerance)} of its median around every one of its {s.CasesRead} cases (appendix).{disturbed}")
            : Invariant($"**This run was unsteady**: {s.Unsteady.Count} of its {s.CasesRead} cases ({minutes}) ran while the machine was more than {Percent(s.Tolerance)} off its median speed; {risks}. Their verdicts are marked *unsteady*.{disturbed}");
    }

    private static void Steadiness(Document doc, StudyReport report, Action<string> figure)
    {
        var s = report.Stability;
        doc.Heading(2, "Appendix: how steady the machine was");
        if (!s.HasData)
        {
            doc.Paragraph("This run has no canary readings (`canary.jsonl`): it was made before the suite read the machine's speed around each case. Its verdicts cannot be checked against drift; compare it only with care, and run it again to get them.");
            return;
        }

        if (s.ByLoad)
        {
            doc.Paragraph(Invariant($"Every quarter second through the run, the suite reads the machine's speed (the study's kernel on one thread of the host process, the fastest of three 0.3 ms runs: {s.SpeedReadings} readings), and Perfolizer's lowland modality detector finds its discrete speeds in them; each measured iteration is placed in time between its case's canary readings and takes the speed most readings within it had. Two rivals whose iterations ran mostly at different speeds were measured in different conditions: their verdict is marked **unsteady**. Just before and just after each case the suite also reads the kernel on every core at once and on one thread (and in CPython's cases CPython's kernel): when the every-core reading is more than **{Percent(s.Tolerance)}** slower than the one-thread reading allows (against the run's quiet ratio, smoothed over neighbouring cases so that only a lasting load counts), other work took cores from the case — another program, or on a virtual machine the host's other tenants — and it is **unsteady** too."));
            doc.Table(["speed", "the kernel on one thread", "range", "share of the run"],
                s.Modes.Select((m, i) => (IReadOnlyList<string>)
                [
                    Narrative.ModeName(i, s.Modes.Count), Invariant($"{m.Nanoseconds:0.###} ns an iteration"), Invariant($"{m.Lower:0.###}–{m.Upper:0.###} ns"), Percent(m.Share),
                ]));
        }
        else
        {
            doc.Paragraph("This run predates the speed sampler (`speed.csv`) and the headline cases' launches: the machine's discrete speeds are not known, so a case is marked by how far the readings around it were from the run's median, and every interval is that of one launch's iterations. A run of today's suite states both.");
            doc.Paragraph(Invariant($"Just before and just after each case's measured iterations, the suite reads the machine's speed: the study's kernel on every core at once and then on one thread (about 10 ms each), and in CPython's cases CPython's own kernel too. A reading is smoothed with its neighbours (the median of five), so that one slow reading does not condemn a case, and a case whose smoothed readings are more than **{Percent(s.Tolerance)}** off the run's median, either way, is **unsteady**: its verdicts are marked so in every table, and the model's compute term uses the machine's speed at that moment."));
        }

        if (s.Launches > 1)
        {
            doc.Paragraph(Invariant($"The headline cases (the article's case of every executor, the transport's batch and round trip) ran in {s.Launches} launches spread through their class's run, each launch's rivals side by side; their intervals are taken across the launches (a hierarchical bootstrap: launches, then iterations within them), or the iterations' own where that is wider."));
        }
        doc.Table(["canary", "readings", "median", "5th–95th percentile spread"],
            s.MedianNanoseconds.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (IReadOnlyList<string>)
            [
                Results.CanaryReading.Describe(kv.Key),
                s.Points.Count(p => p.Runtime == kv.Key).ToString(CultureInfo.InvariantCulture),
                Invariant($"{kv.Value:0.###} ns an iteration"),
                Percent(s.SpreadP5ToP95.GetValueOrDefault(kv.Key)),
            ]));
        figure("stability.svg");
        if (s.Disturbance.Length > 0)
        {
            doc.Paragraph($"This run was disturbed on purpose: {s.Disturbance}.");
        }

        if (s.Unsteady.Count == 0)
        {
            doc.Paragraph(Invariant($"No case was unsteady: every verdict below rests on cases measured at the machine's usual speed."));
            return;
        }

        if (s.AtRisk.Count > 0)
        {
            doc.Paragraph("**The answers at risk** (resting on an unsteady case):");
            doc.List(s.AtRisk);
        }

        doc.Paragraph(s.ByLoad
            ? Invariant($"**{s.Unsteady.Count} cases that shared their cores with other work** (another program, or the host's other tenants), in the order they ran (the every-core canary against the one-thread canary, over the run's quiet ratio):")
            : Invariant($"**{s.Unsteady.Count} unsteady cases**, in the order they ran (what the machine's time was, against its median, at the worst end of each):"));
        doc.Fold(Invariant($"The {s.Unsteady.Count} cases"), d => d.Table(["case", "minutes into the run", "machine's time / median", "canary"],
            s.Unsteady.Select(u => (IReadOnlyList<string>)
            [
                u.Case, Invariant($"{u.Minutes:0.0}"), Invariant($"{u.Relative:0.00}×"), Results.CanaryReading.Describe(u.Runtime),
            ]), leftColumns: 1));
        doc.Paragraph("What to do: read the verdicts marked *unsteady* as unproven, and run the study again when the machine is quiet (close what runs beside it, plug a laptop in); `study compare` of the two runs shows what moved.");
    }

    private static void Article(Document doc, StudyReport report)
    {
        doc.Heading(2, "1. The article's question on this machine");
        if (report.Article.Executors.Count == 0)
        {
            doc.Paragraph("This run has no article case (the article's list, mapped, cold).");
            return;
        }

        doc.Paragraph(Invariant($"The article's list, mapped one item a call through a pool created and shut down inside the measurement (its `with` block), {report.Article.Workers} workers. .NET runs it at {report.Run.DotNetScale:G2} of its size, CPython at {report.Run.PythonScale:G2} (see *The article's arithmetic*). Ratios are Hodges–Lehmann estimates of this executor's time over the same runtime's thread pool, with {Level(report)} intervals, which the verdicts are read from (see *Method*); a ratio above 1 is slower."));
        bool launches = report.Article.Executors.Any(e => e.VersusThreads is { Launches: > 1 });
        if (launches)
        {
            doc.Paragraph(Invariant($"Each case ran in {report.Article.Executors.Max(e => e.VersusThreads?.Launches ?? 1)} launches spread through the run; the interval is taken across them, and *launches* shows how far each launch's own ratio moved: what a second run on this machine may read."));
        }

        doc.Table(
            launches
                ? ["executor", "median", "95 % interval", "× threads", $"{Level(report)} interval", "launches", "verdict"]
                : ["executor", "median", "95 % interval", "× threads", $"{Level(report)} interval", "verdict"],
            report.Article.Executors.Select(e => (IReadOnlyList<string>)
            [
                e.Executor.Label(), Time(e.Time.Median), TimeInterval(e.Time), e.VersusThreads is null ? "1 (baseline)" : Ratio(e.VersusThreads.Ratio),
                e.VersusThreads is null ? string.Empty : Interval(e.VersusThreads.Lower, e.VersusThreads.Upper),
                .. launches ? [Narrative.LaunchSpread(e.VersusThreads)] : Array.Empty<string>(),
                e.VersusThreads?.Word() ?? string.Empty,
            ]));
        doc.List(report.Article.Findings);
        if (report.Host.Count > 0)
        {
            doc.Paragraph(Narrative.Host(report.Host));
        }
    }

    /// <summary>The article's case, one call of it traced per executor: the charts, the phases, and the gaps they make.</summary>
    private static void Traced(Document doc, StudyReport report, Action<string> figure)
    {
        if (report.Traced.Count == 0)
        {
            return;
        }

        doc.Heading(3, "Inside one call: the timelines");
        doc.Paragraph(Invariant($"After its measured iterations, the article's case of each executor ran {TracedCallsOf(report)} more times with its moments recorded (the pool created, each worker started and ready, each task sent, started and finished, each result back, shutdown, each worker's exit), and the median call is kept. .NET's executors report them through the `Study-Futures` EventSource (its worker processes through a file their pool replays), CPython's from the parent, the pool's initializer and a wrapper of the kernel, all on the machine's monotonic clock. The **critical path** runs from the call's start through the worker whose result came last to the call's return; its phases follow each other without overlap, so they add up to the traced call. Each call is in `timelines/` as a Chrome trace: open it at ui.perfetto.dev or chrome://tracing."));
        foreach (var runtime in report.Traced.Select(t => t.Executor.Runtime).Distinct())
        {
            figure(TimelinePlots.FileOf(runtime));
        }

        var phases = Enum.GetValues<CallPhase>();
        doc.Table(
            ["executor", "traced call", "the case's median (95 % interval)", .. phases.Select(Names.Of)],
            report.Traced.Select(t => (IReadOnlyList<string>)
            [
                t.Executor.Label(),
                Time(t.Total) + (t.Overhead > 0 ? Invariant($" ({Time(t.Overhead)} above)") : t.Overhead < 0 ? Invariant($" ({Time(-t.Overhead)} below)") : string.Empty),
                t.Case is null ? "—" : $"{Time(t.Case.Median)} ({TimeInterval(t.Case)})",
                .. phases.Select(p => Invariant($"{Time(t.Phases[p])} ({t.Phases[p] * 100.0 / t.Total:0} %)")),
            ]));
        doc.Paragraph("Each phase is a share of its own traced call, so a row's shares sum to 100 %. A traced call outside its case's interval says how far above or below it lies: one call, with its moments recorded, against the median of many.");
        var gaps = report.TracedGaps.Select(g => Narrative.TracedGap(g, report.Decomposition)).ToList();
        if (gaps.Count > 0)
        {
            doc.Paragraph("**Each executor against its runtime's threads, phase by phase** (the traced calls' differences, which sum to the traced gap; the ratio is the measurement's):");
            doc.List(gaps);
        }
    }

    private static int TracedCallsOf(StudyReport report) => report.Timelines.Count > 0 ? report.Timelines[0].Call.CallMilliseconds.Count : 0;

    private static void Claims(Document doc, StudyReport report)
    {
        doc.Heading(2, "2. The article's claims, checked");
        doc.Table(["claim", "verdict", "measured here"], report.Claims.Select(c => (IReadOnlyList<string>)[c.Claim, $"**{c.Verdict.Word()}**", c.Evidence]), leftColumns: 3);
        var a = report.Arithmetic;
        doc.Heading(3, "The article's arithmetic");
        var items = new List<string>
        {
            Invariant($"Its list totals {Scientific(a.TotalIterations)} kernel iterations; its largest item is {a.LargestShare * 100:0} % of the work, so no executor with any number of workers can exceed a **{a.BestSpeedup:0.00}× speed-up** over sequential code."),
        };
        if (a.CPythonNanosecondsPerIteration is { } ns)
        {
            items.Add(Invariant($"CPython's kernel costs {ns:0.0} ns an iteration here (`CPythonHarnessBenchmarks.Kernel1E6`), so the list as written takes **{a.CPythonSequentialSeconds:0} s ({a.CPythonSequentialSeconds / 60:0.0} minutes)** sequentially, and threads cannot do better under the GIL, not 0.20 s."));
            items.Add(Invariant($"The article's 0.20 s for threads is the work of about {Scientific(a.ScaleForArticleThreads!.Value)} of its list ({Scientific(a.ScaleForArticleThreads.Value * a.TotalIterations)} iterations) at this speed: its figures fit a list about {Scientific(1 / a.ScaleForArticleThreads.Value)} times smaller than the one printed, as if each item were divided by that (this run's CPython lists use {Scientific(report.Run.PythonScale)})."));
        }

        if (a.DotNetNanosecondsPerIteration is { } dotnet)
        {
            items.Add(Invariant($".NET's kernel costs {dotnet:0.00} ns an iteration in-process (`KernelBenchmarks.Sum1E7`): the list as written takes {a.DotNetSequentialSeconds:0.0} s sequentially."));
        }

        doc.List(items);
    }

    private static void Model(Document doc, StudyReport report, Action<string> figure)
    {
        var fit = report.Model;
        doc.Heading(2, "3. The gap, decomposed: a model that predicts");
        doc.Paragraph("time = start-up(workers started) + dispatch × calls + transfer + compute makespan + shutdown (+ the harness's round trip for CPython). Every term comes from a microbenchmark, never from the grid cases it predicts:");
        doc.List(
        [
            "**start-up** and **shutdown**: `PoolLifecycleBenchmarks` / `CPythonLifecycleBenchmarks` at 1–8 workers, linear between the counts measured. A pool starts a worker per call while none is idle, so a list of n calls starts min(workers, n); CPython's fork pool starts all of them at once.",
            "**dispatch**: per call, from a warm pool of 2 (`DispatchBenchmarks` / `CPythonOverheadBenchmarks`): map one item a call, map in chunks (a cost per message and one per item, fitted from chunks of 1 and 100), submit (a batch).",
            "**transfer**: inside dispatch; the kernel's argument is 8 bytes and its result 16, as in the dispatch benchmarks.",
            "**compute makespan**: each item's iterations × the kernel's ns per iteration where it runs (`KernelBenchmarks` in-process or in a worker; `CPythonHarnessBenchmarks.Kernel1E6`), scheduled greedily in order on the workers started (one shared call queue), the workers sharing the cores equally when there are more of them than cores; split below into the ideal (all work spread on the cores the workers can use), **idle cores** (skew: the largest item runs alone), and the **GIL** (under one lock the work is serial).",
            "The terms add: on a machine whose cores the workers keep busy, the parent's dispatch and the workers' start-up take cores from the compute rather than overlapping it.",
        ]);
        if (fit.Cases == 0)
        {
            doc.Paragraph("No grid case could be predicted: the run lacks the grid or the microbenchmarks the model needs.");
        }
        else
        {
            string verdict = fit.TargetMet
                ? Invariant($"**Median absolute error {Percent(fit.MedianAbsoluteError)}** over {fit.Cases} grid cases: the target (≤ {Percent(fit.Target)}) is met.")
                : Invariant($"**Median absolute error {Percent(fit.MedianAbsoluteError)}** over {fit.Cases} grid cases: the target (≤ {Percent(fit.Target)}) is **missed by {Percent(fit.MedianAbsoluteError - fit.Target)}**.");
            string corrected = report.Stability.HasData && fit.Errors.Count > 0
                ? " " + Narrative.Correction(fit)
                : string.Empty;
            doc.Paragraph(verdict + Invariant($" 90th percentile {Percent(fit.P90AbsoluteError)}; by runtime: {string.Join(", ", fit.MedianAbsoluteErrorByRuntime.Select(kv => $"{kv.Key} {Percent(kv.Value)}"))}.") + corrected);
            figure("predicted-vs-measured.svg");
            doc.Paragraph("The worst cases, and why the model misses them:");
            doc.Table(["case", "executor", "measured", "predicted", "error", "why"],
                fit.Worst.Select(c => (IReadOnlyList<string>)[c.Case, c.Executor.Label(), Time(c.Measured), Time(c.Predicted), SignedPercent(c.Error), c.Why ?? "within 25 %"]), leftColumns: 2);
        }

        if (report.Decomposition.Count > 0)
        {
            doc.Heading(3, Invariant($"The article's case, {report.Article.Workers} workers, decomposed"));
            figure("decomposition.svg");
            doc.Table(["executor", "start-up", "dispatch", "compute", "idle cores", "GIL", "shutdown", "predicted", "measured"],
                report.Decomposition.Select(d => (IReadOnlyList<string>)
                [
                    d.Executor.Label(), Time(d.Parts.StartUp), Time(d.Parts.Dispatch + d.Parts.Transfer + d.Parts.Harness), Time(d.Parts.Compute), Time(d.Parts.Skew),
                    Time(d.Parts.Gil), Time(d.Parts.Shutdown), Time(d.Parts.Total), Time(d.Measured),
                ]));
        }

        if (report.Transport is { } transport)
        {
            Transport(doc, transport, report.Decomposition, report.Run.Environment.GetValueOrDefault("sharedMemoryWait"));
        }

        if (fit.Inputs.Count > 0)
        {
            doc.Heading(3, "The model's inputs");
            doc.Fold(Invariant($"The {fit.Inputs.Count} costs the model read, and where from"), d => d.Table(["input", "value", "from"],
                fit.Inputs.Where(kv => !kv.Key.StartsWith("dispatch", StringComparison.Ordinal) || kv.Value.Nanoseconds > 0)
                .Select(kv => (IReadOnlyList<string>)[kv.Key, Time(kv.Value.Nanoseconds), kv.Value.Source]), leftColumns: 1));
        }
    }

    /// <summary>The dispatch term split: what the pipes cost the process pool, against the same calls through shared memory.</summary>
    private static void Transport(Document doc, TransportComparison transport, IReadOnlyList<Decomposition> decomposition, string? wait)
    {
        doc.Heading(3, "The dispatch term, decomposed: the pool's work and the transport");
        string sleeps = wait is { Length: > 0 } ? $"; on this machine a side sleeps with {wait}" : string.Empty;
        doc.Paragraph($"The same NativeAOT workers and the same calls, through pipes (the default) and through shared memory (a ring per direction in a file both processes map, and a wake-up only when the other side sleeps{sleeps}). What the calls stop costing is the transport: the pipe's system calls and copies. What remains is the pool's own work (futures, claims, frames) and the wake-up, which no transport removes: one process must wake the other. The floors below are that wake-up alone, with nothing else running.");
        TransportFigures(doc, transport);
        if (decomposition.FirstOrDefault(d => d.Executor == new ExecutorId(Runtime.DotNet, ExecutorKind.ProcessesAot)) is { } aot
            && transport.Call(TransportComparison.MapChunk1) is { Saves: true } map)
        {
            double dispatch = aot.Parts.Dispatch + aot.Parts.Transfer;
            double part = dispatch * map.Share / aot.Parts.Total;
            string weight = part < 0.01
                ? Invariant($"under 1 % of the case's predicted {Time(aot.Parts.Total)}: on a list of few, long calls the transport is no term worth the name")
                : Invariant($"{Percent(part)} of the case's predicted {Time(aot.Parts.Total)}");
            doc.Paragraph(Invariant($"In the article's case above, the AOT pool's dispatch term is {Time(dispatch)}; at a mapped call's share ({Percent(map.Share)}), the pipes are {Time(dispatch * map.Share)} of it and the pool's own work {Time(dispatch * (1 - map.Share))}: {weight}."));
        }
    }

    /// <summary>The transport's tables and its round trips against the floors: the report's and <c>study summary transport</c>'s.</summary>
    internal static void TransportFigures(Document doc, TransportComparison transport)
    {
        doc.Table(["call", "pipes", "shared memory", "shared memory against pipes", "the transport's part of the pipe pool's time"],
            transport.Calls.Select(c => (IReadOnlyList<string>)
            [
                c.Call, Time(c.Pipes.Median), Time(c.SharedMemory.Median),
                $"{Ratio(c.SharedMemoryVersusPipes.Ratio)} {Interval(c.SharedMemoryVersusPipes.Lower, c.SharedMemoryVersusPipes.Upper)} ({c.SharedMemoryVersusPipes.Word()})"
                    + (c.SharedMemoryVersusPipes.Launches > 1 ? $"; launches {Narrative.LaunchSpread(c.SharedMemoryVersusPipes)}" : string.Empty),
                c.Saves ? $"{Time(c.TransportNanoseconds)} ({Percent(c.Share)})" : $"none shown ({c.SharedMemoryVersusPipes.Word()})",
            ]), leftColumns: 1);
        if (transport.Floors.Count > 0)
        {
            doc.Table(["floor", "median", "95 % interval"],
                transport.Floors.Select(f => (IReadOnlyList<string>)[f.Name, Time(f.Time.Median), TimeInterval(f.Time)]), leftColumns: 1);
        }

        var lines = Answer.AgainstFloors(transport);
        if (lines.Count > 0)
        {
            doc.List(lines);
        }
    }

    private static void Crossover(Document doc, StudyReport report, Action<string> figure)
    {
        doc.Heading(2, "4. The crossover: when processes beat threads");
        if (report.Crossovers.Count == 0)
        {
            doc.Paragraph("This run has no task-size sweep.");
            return;
        }

        doc.Paragraph("Equal tasks of growing size through a warm (or cold) pool on this machine's cores: the process pool's time over the GIL-bound threads' (CPython's real GIL; .NET's model). The crossover is where that ratio falls through 1, interpolated in log–log between the sizes measured; its interval is where the ratio's 95 % bounds cross. Carry the µs of work per task to your own code.");
        figure("crossover.svg");
        doc.Table(["runtime", "pools", "crossover (iterations a task)", $"{Level(report)} interval", "work a task", "in the other runtime's iterations"],
            report.Crossovers.Select(c => (IReadOnlyList<string>)
            [
                c.Runtime.Name(), $"{c.Processes.Label()} vs {c.Threads.Label()}, {c.Lifetime.Word()}",
                c.Iterations is { } i ? Scientific(i) : "none measured",
                c.IterationsLower is { } lo && c.IterationsUpper is { } hi ? $"{Scientific(lo)} – {Scientific(hi)}" : "—",
                c.Microseconds is { } us ? Time(us * 1e3) : "—",
                c.OtherRuntimeIterations is { } o ? Scientific(o) : "—",
            ]), leftColumns: 2);
        doc.List(report.Crossovers.Select(c => c.Summary));
        var shifts = Shifts(report.Crossovers).ToList();
        if (shifts.Count > 0)
        {
            doc.Paragraph("How it moves:");
            doc.List(shifts);
        }
    }

    /// <summary>The same pools warm against cold, and the two worker builds against each other.</summary>
    private static IEnumerable<string> Shifts(IReadOnlyList<Crossover> crossovers)
    {
        static string Where(Crossover c) => c.Microseconds is { } us
            ? $"{Time(us * 1e3)} ({Scientific(c.Iterations!.Value)} iterations)"
            : "no crossover measured";
        foreach (var cold in crossovers.Where(c => c.Lifetime == Lifetime.Cold))
        {
            if (crossovers.FirstOrDefault(w => w.Lifetime == Lifetime.Warm && w.Runtime == cold.Runtime && w.Processes == cold.Processes) is { } warm)
            {
                yield return $"{cold.Processes.Label()}: warm {Where(warm)}, cold {Where(cold)} — a cold pool pays its start-up inside every point.";
            }
        }

        foreach (var shared in crossovers.Where(c => c.Processes.Kind == ExecutorKind.ProcessesAotShm))
        {
            if (crossovers.FirstOrDefault(p => p.Lifetime == shared.Lifetime && p.Runtime == shared.Runtime && p.Processes.Kind == ExecutorKind.ProcessesAot) is { } pipes)
            {
                yield return $"Transport, {shared.Lifetime.Word()} pools of the AOT worker: pipes {Where(pipes)}, shared memory {Where(shared)}.";
            }
        }

        foreach (var jit in crossovers.Where(c => c.Processes.Kind == ExecutorKind.ProcessesJit))
        {
            if (crossovers.FirstOrDefault(a => a.Lifetime == jit.Lifetime && a.Processes.Kind is ExecutorKind.ProcessesAot or ExecutorKind.ProcessesAotShm) is { } aot)
            {
                yield return $"Worker build, {jit.Lifetime.Word()} pools: JIT {Where(jit)}, NativeAOT {Where(aot)}.";
            }
        }
    }

    private static void Grid(Document doc, StudyReport report, Action<string> figure)
    {
        doc.Heading(2, "5. Every shape and worker count");
        if (report.Cases.Count == 0)
        {
            doc.Paragraph("This run has no grid case.");
            return;
        }

        doc.Paragraph("Median time of each executor; in brackets its ratio to the same runtime's thread pool and the verdict (+ faster, − slower beyond the threshold; (+) (−) slightly, a difference shown but not beyond it; = same; ? too noisy to say; *unsteady*: either side ran while the machine was off its speed).");
        foreach (string shape in report.Cases.Select(r => r.Shape).Distinct())
        {
            figure($"time-vs-workers-{shape.ToLowerInvariant()}.svg");
        }

        figure("speedup.svg");
        foreach (var runtime in report.Cases.Select(r => r.Runtime).Distinct())
        {
            var rows = report.Cases.Where(r => r.Runtime == runtime).ToList();
            var executors = rows.SelectMany(r => r.Executors.Select(e => e.Executor)).Distinct().ToList();
            doc.Heading(3, runtime.Name());
            doc.Fold(Invariant($"Every {runtime.Name()} case ({rows.Count} settings)"), d => d.Table(
                ["shape", "workers", "case", .. executors.Select(e => e.Brief())],
                rows.Select(r => (IReadOnlyList<string>)
                [
                    r.Shape, r.Workers.ToString(CultureInfo.InvariantCulture),
                    $"{r.Lifetime.Word()}, {r.Api.Word()}{(r.Chunksize > 1 ? Invariant($", chunks of {r.Chunksize}") : string.Empty)}",
                    .. executors.Select(name => r.Executors.FirstOrDefault(e => e.Executor == name) is { } e ? Cell(e) : string.Empty),
                ]),
                leftColumns: 1));
        }
    }

    private static void Method(Document doc, StudyReport report)
    {
        doc.Heading(2, "6. Environment and method");
        doc.Table(["", ""], report.Run.Environment.Where(kv => kv.Key != "arguments").OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (IReadOnlyList<string>)[kv.Key, kv.Value]), leftColumns: 2);
        doc.List(
        [
            Invariant($"Profile **{report.Run.Profile}**: {report.Run.Iterations} measured iterations a grid case (BenchmarkDotNet's monitoring strategy, one invocation an iteration)."),
            Invariant($"Medians with Harrell–Davis 95 % intervals. A ratio is the Hodges–Lehmann estimate (Pragmastat); its {Level(report)} interval holds every ratio that Perfolizer's one-sided Mann–Whitney test at α/2 = {report.Run.Alpha / 2:G2} cannot reject either way (the test inverted, exact for small samples). **The verdict is read from that interval**, so it never contradicts it: above 1 + {Percent(report.Run.Threshold)}, **slower**; above 1 but not beyond the threshold, **slightly slower** (a difference shown, the threshold not passed); inside ±{Percent(report.Run.Threshold)}, **same** (two one-sided tests of equivalence); the mirror images for **faster** and **slightly faster**; an interval that holds 1 and reaches past the threshold is **too noisy to say**."),
            Invariant($"What a tie means at this noise: with {report.Run.Iterations} iterations a side, a difference within {Percent(report.Run.Threshold)}, or one the intervals cannot place, is not a difference this run can show; the machine is shared and noisy, so compare ratios within one run, not times across runs."),
            "The model reads only the microbenchmarks; the grid is what it predicts.",
            report.Stability.ByLoad
                ? Invariant($"Rivals run next to each other in time (every executor of one setting, one after another, settings of one shape together); the headline cases in {report.Stability.Launches} launches, with intervals across them. The machine's speed is sampled every quarter second and its discrete speeds found: rivals measured mostly at different speeds, or a case that other work took more than {Percent(report.Stability.Tolerance)} of the cores from, are unsteady (*How steady the machine was*).")
                : Invariant($"Rivals run next to each other in time (every executor of one setting, one after another, settings of one shape together), and the machine's speed is read around every case; a case whose readings are more than {Percent(report.Stability.Tolerance)} off the run's median is unsteady (*How steady the machine was*)."),
        ]);
        doc.Paragraph("To reproduce (from the repository's root; the report is written at the end of every run, or again with the second command):");
        doc.Code($"{report.Run.Command}\n./run.sh report {report.Source}");
    }

    private static string Cell(ExecutorTime e) => e.VersusThreads is null
        ? Time(e.Time.Median)
        : Invariant($"{Time(e.Time.Median)} ({Ratio(e.VersusThreads.Ratio)} {e.VersusThreads.Verdict.Symbol()}{(e.VersusThreads.Unsteady ? ", unsteady" : string.Empty)})");

    /// <summary>The confidence of the ratios' intervals, the level their verdicts are read at: "99 %".</summary>
    private static string Level(StudyReport report) => Percent(1 - report.Run.Alpha);


    private static string TimeInterval(Timing t) => double.IsFinite(t.Lower) ? $"{Time(t.Lower)} – {Time(t.Upper)}" : "—";

    private static string SignedPercent(double fraction) => Invariant($"{(fraction >= 0 ? "+" : "−")}{Math.Abs(fraction) * 100:0.#} %");

    private static string Value(IReadOnlyDictionary<string, string> environment, string key) =>
        environment.TryGetValue(key, out var value) && value.Length > 0 ? value : "unknown";

}
