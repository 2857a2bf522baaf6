using Study.Reports.Statistics;

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
    IReadOnlyList<string> Missing);

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

/// <summary>One executor's time in a case, against the same runtime's thread pool and sequential code.</summary>
public sealed record ExecutorTime(string Executor, Runtime Runtime, Timing Time, Versus? VersusThreads, Versus? VersusSequential, double? Predicted);

/// <summary>One setting of the grid (runtime, shape, workers, lifetime, API, chunks), every executor measured in it.</summary>
public sealed record CaseRow(Runtime Runtime, string Shape, int Workers, string Lifetime, string Api, int Chunksize, IReadOnlyList<ExecutorTime> Executors);

/// <summary>The article's question for this machine: its list, mapped, cold, with <see cref="Workers"/> workers.</summary>
public sealed record ArticleAnswer(int Workers, IReadOnlyList<ExecutorTime> Executors, IReadOnlyList<string> Findings);

/// <summary>The verdict on one claim of the article.</summary>
public enum ClaimVerdict
{
    /// <summary>The measurements agree with the claim.</summary>
    Confirmed,

    /// <summary>The measurements contradict it.</summary>
    Refuted,

    /// <summary>Part holds, part does not; the evidence says which.</summary>
    Partly,

    /// <summary>The measurements cannot decide (too noisy, or equal within the threshold).</summary>
    Undecided,

    /// <summary>The run lacks the cases that would decide it.</summary>
    NotMeasured,
}

/// <summary>One claim of the article, the measurement that tests it, and the verdict computed from it.</summary>
public sealed record ClaimCheck(string Claim, string Evidence, ClaimVerdict Verdict);

/// <summary>
/// What the measured kernel speeds imply about the article's own figures: its list, the best speed-up any executor
/// could reach on it, how long it takes as written, and what list size would give its 0.20 s.
/// </summary>
public sealed record ArticleArithmetic(
    long TotalIterations,
    double LargestShare,
    double BestSpeedup,
    double? CPythonNanosecondsPerIteration,
    double? CPythonSequentialSeconds,
    double? ScaleForArticleThreads,
    double? DotNetNanosecondsPerIteration,
    double? DotNetSequentialSeconds);

/// <summary>A grid case, predicted and measured.</summary>
public sealed record ModelCase(string Case, string Executor, Runtime Runtime, double Measured, double Predicted, double Error, Prediction Parts, string? Why);

/// <summary>How well the model predicts the grid.</summary>
public sealed record ModelFit(
    int Cases,
    double MedianAbsoluteError,
    double P90AbsoluteError,
    double Target,
    bool TargetMet,
    IReadOnlyList<ModelCase> Worst,
    IReadOnlyList<ModelCase> All,
    IReadOnlyDictionary<string, Cost> Inputs,
    IReadOnlyList<string> MissingInputs,
    IReadOnlyDictionary<string, double> MedianAbsoluteErrorByRuntime,
    double UncorrectedMedianAbsoluteError)
{
    /// <summary>One line on the fit, for a console: how many cases, and the error.</summary>
    public string Summary => Cases == 0
        ? "the model predicted no grid case (the run lacks the grid or the microbenchmarks it needs)"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the model predicted {Cases} grid cases with a median absolute error of {MedianAbsoluteError * 100:0.#} % (target {Target * 100:0} %)");
}

/// <summary>The article's case for one executor: where its time goes, predicted, against its measured time.</summary>
public sealed record Decomposition(string Executor, Runtime Runtime, Prediction Parts, double Measured);

/// <summary>A task size of a sweep: the process pool's time against the GIL-bound threads'.</summary>
public sealed record CrossoverPoint(long Iterations, double WorkMicroseconds, Versus ProcessesVersusThreads);

/// <summary>
/// The task size above which the process pool beats threads under a GIL, with its interval (where the ratio's interval
/// bounds cross 1), in kernel iterations of this runtime, in µs of work, and in iterations of the other runtime.
/// </summary>
public sealed record Crossover(
    Runtime Runtime,
    string Threads,
    string Processes,
    string Lifetime,
    IReadOnlyList<CrossoverPoint> Points,
    double? Iterations,
    double? IterationsLower,
    double? IterationsUpper,
    double? Microseconds,
    double? MicrosecondsLower,
    double? MicrosecondsUpper,
    double? OtherRuntimeIterations,
    string Summary);

/// <summary>A claim's verdict as a word, for tables.</summary>
public static class ClaimWords
{
    /// <summary>"confirmed", "refuted", ...</summary>
    public static string Word(this ClaimVerdict verdict) => verdict switch
    {
        ClaimVerdict.Confirmed => "confirmed",
        ClaimVerdict.Refuted => "refuted",
        ClaimVerdict.Partly => "partly",
        ClaimVerdict.Undecided => "undecided",
        _ => "not measured",
    };
}
