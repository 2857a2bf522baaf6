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
    /// <summary>One line on the fit, for a console: how many cases, and the error.</summary>
    public string Summary => Cases == 0
        ? "the model predicted no grid case (the run lacks the grid or the microbenchmarks it needs)"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the model predicted {Cases} grid cases with a median absolute error of {MedianAbsoluteError * 100:0.#} % (target {Target * 100:0} %)");
}

/// <summary>A grid case, predicted and measured.</summary>
public sealed record ModelCase(string Case, ExecutorId Executor, Runtime Runtime, double Measured, double Predicted, double Error, Prediction Parts, string? Why);
