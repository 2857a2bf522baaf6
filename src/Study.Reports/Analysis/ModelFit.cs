namespace Study.Reports.Analysis;

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
    /// <summary>The median absolute error of each runtime's cases, which <see cref="MedianAbsoluteErrorByRuntime"/> names.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<Runtime, double> ErrorByRuntime { get; init; } = new Dictionary<Runtime, double>();

    /// <summary>The median absolute error with the canaries' correction applied to every case.</summary>
    public double CorrectedMedianAbsoluteError { get; init; } = double.NaN;

    /// <summary>Each runtime's errors with and without the correction, and which the report uses.</summary>
    public IReadOnlyDictionary<Runtime, RuntimeErrors> Errors { get; init; } = new Dictionary<Runtime, RuntimeErrors>();

    /// <summary>One line on the fit, for a console: how many cases, and the error (the narrative's).</summary>
    public string Summary { get; init; } = string.Empty;
}

/// <summary>A grid case, predicted and measured; <see cref="Why"/> is the narrative's sentence on <see cref="Miss"/>.</summary>
public sealed record ModelCase(string Case, ExecutorId Executor, Runtime Runtime, double Measured, double Predicted, double Error, Prediction Parts, string? Why)
{
    /// <summary>The grid case, whose setting <see cref="Case"/> names.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public GridCase? Grid { get; init; }

    /// <summary>Why the model misses the case by more than 25 %, or null.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ModelMiss? Miss { get; init; }
}

/// <summary>A term of the model's prediction, as a miss names the one that dominates.</summary>
public enum ModelTermKind
{
    /// <summary>Starting the workers.</summary>
    StartUp,

    /// <summary>Handing calls to the workers.</summary>
    Dispatch,

    /// <summary>The work itself, skew included.</summary>
    Compute,

    /// <summary>Work serialised behind the lock.</summary>
    Gil,

    /// <summary>Shutting the workers down.</summary>
    Shutdown,
}

/// <summary>What the grid adds to the model's dominant term when it misses a case.</summary>
public enum MissCause
{
    /// <summary>More workers start than there are cores, while the first already compute.</summary>
    StartingMoreWorkersThanCores,

    /// <summary>The grid's cold start pays more than the lifecycle benchmark's.</summary>
    ColdStartCostsMore,

    /// <summary>Each call's result and the parent's bookkeeping compete with the workers for the cores.</summary>
    DispatchCompetesForCores,

    /// <summary>Workers compute while later ones still start.</summary>
    ComputeWhileWorkersStart,

    /// <summary>Time-slicing more workers than cores costs more than an equal share.</summary>
    MoreWorkersThanCores,

    /// <summary>The work ran slower than the kernel benchmark's speed.</summary>
    WorkRanSlower,

    /// <summary>Handing the lock between threads costs more than the work it guards.</summary>
    HandingTheLockCostsMore,

    /// <summary>Start-up overlaps the first calls, which the model adds in series.</summary>
    StartUpOverlapsCalls,

    /// <summary>Dispatch overlaps compute.</summary>
    DispatchOverlapsCompute,

    /// <summary>The lock lets some work overlap that the model serialises.</summary>
    TheLockLetsWorkOverlap,

    /// <summary>The terms overlap more than the model's sum assumes.</summary>
    TermsOverlap,

    /// <summary>The measurement is noisy.</summary>
    Noise,
}

/// <summary>
/// Why the model misses a case: whether it predicts too little, by how many percent (of the smaller of the two), the
/// dominant term and its percentage of the prediction, the cause, the case's workers and the machine's cores.
/// </summary>
public sealed record ModelMiss(bool Under, double GapPercent, ModelTermKind Dominant, double DominantPercent, MissCause Cause, int Workers, int Cores);

/// <summary>A runtime's median absolute error with and without the canaries' speed correction, and whether the report applies it (it predicts better).</summary>
public sealed record RuntimeErrors(double Corrected, double Uncorrected, bool Applied);
