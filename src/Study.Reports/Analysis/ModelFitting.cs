using Perfolizer.Mathematics.QuantileEstimators;
using Pragmastat;
using Study.Reports.Statistics;

namespace Study.Reports.Analysis;

/// <summary>
/// The model's predictions of a run's grid: each case's costs looked up once, predicted at the machine's speed when the
/// case ran (<see cref="Corrected"/>) and without that correction (<see cref="Uncorrected"/>); <see cref="Used"/> takes,
/// for each runtime, whichever of the two predicts that runtime's cases better.
/// </summary>
/// <remarks>
/// The rule "a speed correction is applied only where it makes predictions better on the run's own data": the
/// canaries' correction helped on some runs (the full reference of 12-02: 8.6 % → 7.0 %) and hurt on others (a quick
/// run of 12-03: 7.0 % → 18.7 %, when the readings around a case caught the machine's other speed while the case ran at
/// its usual one). Choosing by runtime keeps it where it helps; the report states both errors, so the choice is seen.
/// </remarks>
internal sealed record ModelPredictions(
    IReadOnlyDictionary<GridCase, ModelInputs> Inputs,
    IReadOnlyDictionary<GridCase, Prediction?> Corrected,
    IReadOnlyDictionary<GridCase, Prediction?> Uncorrected)
{
    /// <summary>The runtimes whose predictions use the correction (it made them better).</summary>
    public IReadOnlySet<Runtime> CorrectedRuntimes { get; init; } = new HashSet<Runtime>();

    /// <summary>Each case's prediction as the report uses it: corrected for <see cref="CorrectedRuntimes"/>, not for the others.</summary>
    public IReadOnlyDictionary<GridCase, Prediction?> Used => field ??= Corrected.ToDictionary(
        kv => kv.Key, kv => CorrectedRuntimes.Contains(kv.Key.Executor.Runtime) ? kv.Value : Uncorrected[kv.Key]);

    /// <summary>Predicts every grid case of <paramref name="cases"/>, corrected by <paramref name="speed"/> (1: no correction).</summary>
    public static ModelPredictions Of(StudyCases cases, Costs costs, Func<GridCase, double> speed)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(speed);
        var inputs = cases.Grid.ToDictionary(c => c, c => Model.Inputs(c, costs));
        var corrected = cases.Grid.ToDictionary(c => c, c => Model.Predict(c, inputs[c], cases.Cores, speed(c)));
        var uncorrected = cases.Grid.ToDictionary(c => c, c => Model.Predict(c, inputs[c], cases.Cores));
        var helps = cases.Grid.Select(c => c.Executor.Runtime).Distinct()
            .Where(runtime => ModelFitting.MedianError(corrected, runtime) < ModelFitting.MedianError(uncorrected, runtime))
            .ToHashSet();
        return new ModelPredictions(inputs, corrected, uncorrected) { CorrectedRuntimes = helps };
    }
}

/// <summary>The stage that sets the model against the grid: its error, its worst cases and why it misses them.</summary>
internal static class ModelFitting
{
    /// <summary>The model's target: median absolute error over the grid.</summary>
    public const double Target = 0.10;

    /// <summary>
    /// How well <paramref name="predictions"/> fit the grid. The narrative fills what it names: each case's setting and
    /// why it misses, the table of inputs, the error by runtime's name.
    /// </summary>
    public static ModelFit Fit(StudyCases cases, ModelPredictions predictions)
    {
        var all = new List<ModelCase>();
        foreach (var (gridCase, prediction) in predictions.Used)
        {
            if (prediction is null)
            {
                continue;
            }

            double measured = gridCase.Result.Median;
            double error = (prediction.Total - measured) / measured;
            all.Add(new ModelCase(string.Empty, gridCase.Executor, gridCase.Executor.Runtime, measured, prediction.Total, error, prediction, null)
            {
                Grid = gridCase,
                Miss = Math.Abs(error) > 0.25 ? Miss(gridCase, prediction, measured, cases.Cores) : null,
            });
        }

        var absolute = all.Select(c => Math.Abs(c.Error)).ToList();
        double median = absolute.Count == 0 ? double.NaN : Estimates.Median(absolute);
        double p90 = absolute.Count == 0 ? double.NaN : Quantile(absolute, 0.9);
        var byRuntime = all.GroupBy(c => c.Runtime).ToDictionary(g => g.Key, g => Estimates.Median([.. g.Select(c => Math.Abs(c.Error))]));
        return new ModelFit(all.Count, median, p90, Target, median <= Target,
            [.. all.OrderByDescending(c => Math.Abs(c.Error)).Take(10)],
            all,
            new Dictionary<string, Cost>(), [], new Dictionary<string, double>(), MedianError(predictions.Uncorrected))
        {
            ErrorByRuntime = byRuntime,
            CorrectedMedianAbsoluteError = MedianError(predictions.Corrected),
            Errors = byRuntime.Keys.ToDictionary(
                r => r,
                r => new RuntimeErrors(MedianError(predictions.Corrected, r), MedianError(predictions.Uncorrected, r), predictions.CorrectedRuntimes.Contains(r))),
        };
    }

    /// <summary>Why the model misses a case badly: which term dominates the prediction, and what the grid adds to it.</summary>
    private static ModelMiss Miss(GridCase gridCase, Prediction p, double measured, int cores)
    {
        bool under = p.Total < measured;
        var terms = new (ModelTermKind Term, double Value)[]
        {
            (ModelTermKind.StartUp, p.StartUp), (ModelTermKind.Dispatch, p.Dispatch), (ModelTermKind.Compute, p.Compute + p.Skew),
            (ModelTermKind.Gil, p.Gil), (ModelTermKind.Shutdown, p.Shutdown),
        };
        var dominant = terms.MaxBy(t => t.Value);
        var executor = gridCase.Executor;
        var cause = (under, dominant.Term) switch
        {
            (true, ModelTermKind.StartUp) when gridCase.Workers > cores => MissCause.StartingMoreWorkersThanCores,
            (true, ModelTermKind.StartUp) => MissCause.ColdStartCostsMore,
            (true, ModelTermKind.Dispatch) => MissCause.DispatchCompetesForCores,
            (true, ModelTermKind.Compute) when executor.IsProcesses && gridCase.IsCold => MissCause.ComputeWhileWorkersStart,
            (true, ModelTermKind.Compute) when gridCase.Workers > cores => MissCause.MoreWorkersThanCores,
            (true, ModelTermKind.Compute) => MissCause.WorkRanSlower,
            (true, ModelTermKind.Gil) => MissCause.HandingTheLockCostsMore,
            (false, ModelTermKind.StartUp) => MissCause.StartUpOverlapsCalls,
            (false, ModelTermKind.Dispatch) => MissCause.DispatchOverlapsCompute,
            (false, ModelTermKind.Compute) when executor.IsGilBound => MissCause.TheLockLetsWorkOverlap,
            (false, _) => MissCause.TermsOverlap,
            _ => MissCause.Noise,
        };
        return new ModelMiss(under, Math.Abs(p.Total - measured) / Math.Min(p.Total, measured) * 100, dominant.Term, dominant.Value / p.Total * 100, cause, gridCase.Workers, cores);
    }

    /// <summary>The median absolute error of <paramref name="predictions"/>, of <paramref name="runtime"/>'s cases only when given.</summary>
    public static double MedianError(IReadOnlyDictionary<GridCase, Prediction?> predictions, Runtime? runtime = null)
    {
        var errors = predictions.Where(p => p.Value is not null && (runtime is null || p.Key.Executor.Runtime == runtime))
            .Select(p => Math.Abs(p.Value!.Total - p.Key.Result.Median) / p.Key.Result.Median).ToArray();
        return errors.Length == 0 ? double.NaN : Estimates.Median(errors);
    }

    private static double Quantile(List<double> values, double p) =>
        SimpleQuantileEstimator.Instance.Quantile(new Sample([.. values]), new Probability(p));
}
