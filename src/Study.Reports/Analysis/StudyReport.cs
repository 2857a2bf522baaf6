namespace Study.Reports.Analysis;

/// <summary>Everything a report states, computed from one results folder: what <c>report.json</c> holds.</summary>
public sealed record StudyReport(
    string Source,
    RunInfo Run,
    MachineStability Stability,
    ArticleAnswer Article,
    IReadOnlyList<CaseRow> Cases,
    IReadOnlyList<ClaimCheck> Claims,
    ArticleArithmetic Arithmetic,
    ModelFit Model,
    IReadOnlyList<Decomposition> Decomposition,
    IReadOnlyList<GapExplanation> Explanations,
    IReadOnlyList<Crossover> Crossovers,
    IReadOnlyList<string> Missing,
    TransportComparison? Transport = null)
{
    /// <summary>
    /// The host's character: what waking a thread, waking another process and starting one cost in this run, which
    /// the process pools' gap rests on and a CPU string cannot show.
    /// </summary>
    public IReadOnlyList<Comparison.HostFloor> Host { get; init; } = [];

    /// <summary>The article's case traced once per executor, as pictures (not in <c>report.json</c>: the events are in <c>timelines/</c>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<CallTimeline> Timelines { get; init; } = [];

    /// <summary>Each traced call split along its critical path, beside its case's measurement.</summary>
    public IReadOnlyList<TracedSplit> Traced { get; init; } = [];

    /// <summary>Each executor's traced gap to its runtime's threads, phase by phase.</summary>
    public IReadOnlyList<TracedGap> TracedGaps { get; init; } = [];

    /// <summary>
    /// Every interpreter of a run that measured several (<c>--python</c>), the run's own first, each with its executors
    /// on the article's case; empty for a run of one.
    /// </summary>
    public IReadOnlyList<PythonAnswer> Pythons { get; init; } = [];

    /// <summary>Three workloads put to <c>study advise</c> from this run: tiny tasks, mid-sized ones, the article's list.</summary>
    public IReadOnlyList<Advising.WorkedExample> Examples { get; init; } = [];

    /// <summary><c>study advise</c> set against the held-out workloads the run measured (a full run's); none otherwise.</summary>
    public Advising.AdviceCheck AdviceCheck { get; init; } = new([], []);
}

/// <summary>The machine, the run (with the fraction of the article's list each runtime ran) and how it was judged.</summary>
public sealed record RunInfo(
    IReadOnlyDictionary<string, string> Environment,
    string Profile,
    double DotNetScale,
    double PythonScale,
    int Cores,
    int Benchmarks,
    int GridCases,
    string Iterations,
    double Threshold,
    double Alpha,
    string Command);
