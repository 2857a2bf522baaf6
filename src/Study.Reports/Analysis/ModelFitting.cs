using System.Globalization;
using Perfolizer.Mathematics.QuantileEstimators;
using Pragmastat;
using Study.Reports.Output;
using Study.Reports.Statistics;

namespace Study.Reports.Analysis;

/// <summary>
/// The model's predictions of a run's grid: each case's costs looked up once, predicted at the machine's speed when the
/// case ran (<see cref="Corrected"/>) and without that correction (<see cref="Uncorrected"/>).
/// </summary>
internal sealed record ModelPredictions(
    IReadOnlyDictionary<GridCase, ModelInputs> Inputs,
    IReadOnlyDictionary<GridCase, Prediction?> Corrected,
    IReadOnlyDictionary<GridCase, Prediction?> Uncorrected)
{
    /// <summary>Predicts every grid case of <paramref name="cases"/>, corrected by <paramref name="speed"/> (1: no correction).</summary>
    public static ModelPredictions Of(StudyCases cases, Costs costs, Func<GridCase, double> speed)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(speed);
        var inputs = cases.Grid.ToDictionary(c => c, c => Model.Inputs(c, costs));
        return new ModelPredictions(
            inputs,
            cases.Grid.ToDictionary(c => c, c => Model.Predict(c, inputs[c], cases.Cores, speed(c))),
            cases.Grid.ToDictionary(c => c, c => Model.Predict(c, inputs[c], cases.Cores)));
    }
}

/// <summary>The stage that sets the model against the grid: its error, its worst cases and why it misses them.</summary>
internal static class ModelFitting
{
    /// <summary>How well <paramref name="predictions"/> fit the grid; the inputs are what <paramref name="ledger"/> recorded.</summary>
    public static ModelFit Fit(StudyCases cases, ModelPredictions predictions, CostLedger ledger)
    {
        var all = new List<ModelCase>();
        foreach (var (gridCase, prediction) in predictions.Corrected)
        {
            if (prediction is null)
            {
                continue;
            }

            double measured = gridCase.Result.Median;
            double error = (prediction.Total - measured) / measured;
            all.Add(new ModelCase(gridCase.Setting(), gridCase.Executor, gridCase.Executor.Runtime, measured, prediction.Total, error,
                prediction, Math.Abs(error) > 0.25 ? Why(gridCase, prediction, measured, cases.Cores) : null));
        }

        var absolute = all.Select(c => Math.Abs(c.Error)).ToList();
        double median = absolute.Count == 0 ? double.NaN : Estimates.Median(absolute);
        double p90 = absolute.Count == 0 ? double.NaN : Quantile(absolute, 0.9);
        var byRuntime = all.GroupBy(c => c.Runtime.Name())
            .ToDictionary(g => g.Key, g => Estimates.Median([.. g.Select(c => Math.Abs(c.Error))]), StringComparer.Ordinal);
        return new ModelFit(all.Count, median, p90, ReportBuilder.ModelTarget, median <= ReportBuilder.ModelTarget,
            [.. all.OrderByDescending(c => Math.Abs(c.Error)).Take(10)],
            [.. all.OrderBy(c => c.Runtime).ThenBy(c => c.Case, StringComparer.Ordinal).ThenBy(c => c.Executor.Label(), StringComparer.Ordinal)],
            ledger.Used, [.. ledger.Missing], byRuntime, MedianError(predictions.Uncorrected));
    }

    /// <summary>A plain sentence on why the model misses a case badly: which term dominates, and what the grid adds.</summary>
    private static string Why(GridCase gridCase, Prediction p, double measured, int cores)
    {
        bool under = p.Total < measured;
        var terms = new (string Name, double Value)[]
        {
            ("start-up", p.StartUp), ("dispatch", p.Dispatch), ("compute", p.Compute + p.Skew), ("the GIL", p.Gil), ("shutdown", p.Shutdown),
        };
        var dominant = terms.MaxBy(t => t.Value);
        string share = string.Create(CultureInfo.InvariantCulture, $"{dominant.Name} is {dominant.Value / p.Total * 100:0} % of the prediction");
        var executor = gridCase.Executor;
        string reason = (under, dominant.Name) switch
        {
            (true, "start-up") when gridCase.Workers > cores =>
                $"starting {gridCase.Workers} workers on {cores} cores while the first ones already compute costs more than starting them on an idle machine, as the lifecycle benchmark does",
            (true, "start-up") => "the grid's cold start pays more than the lifecycle benchmark's (its workers also load the kernel and the list's first calls)",
            (true, "dispatch") => "the dispatch microbenchmark's calls do no work; here each call's result and the parent's bookkeeping compete with the workers for the cores",
            (true, "compute") when executor.IsProcesses && gridCase.IsCold => "the workers compute while later workers still start, and the parent's threads take core time the model gives to the work",
            (true, "compute") when gridCase.Workers > cores => "more workers than cores: time-slicing and cache sharing cost more than an equal share of the cores",
            (true, "compute") => "the work ran slower than the kernel benchmark's speed (frequency, cache, or a noisy neighbour during the case)",
            (true, "the GIL") => "handing the lock between threads costs more than the serial work it guards (switches, wake-ups)",
            (false, "start-up") => "part of the start-up overlaps with the first calls in the grid, which the model adds in series",
            (false, "dispatch") => "in the grid, dispatch overlaps with compute; the model adds the two",
            (false, "compute") when executor.IsGilBound => "the lock lets some work overlap (a waiting thread's own bookkeeping) that the model serialises",
            (false, _) => "the terms overlap in the grid more than the model's sum assumes",
            _ => "the measurement is noisy",
        };
        double gap = Math.Abs(p.Total - measured) / Math.Min(p.Total, measured) * 100;
        return string.Create(CultureInfo.InvariantCulture,
            $"{(under ? "Measured" : "Predicted")} {gap:0} % above {(under ? "the prediction" : "the measurement")}; {share}: {reason}.");
    }

    private static double MedianError(IReadOnlyDictionary<GridCase, Prediction?> predictions)
    {
        var errors = predictions.Where(p => p.Value is not null)
            .Select(p => Math.Abs(p.Value!.Total - p.Key.Result.Median) / p.Key.Result.Median).ToArray();
        return errors.Length == 0 ? double.NaN : Estimates.Median(errors);
    }

    private static double Quantile(List<double> values, double p) =>
        SimpleQuantileEstimator.Instance.Quantile(new Sample([.. values]), new Probability(p));
}
