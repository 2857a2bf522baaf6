using Study.Reports.Analysis;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Advising;

/// <summary>A held-out case set against <c>study advise</c>'s prediction of it.</summary>
/// <param name="Workload">The held-out workload.</param>
/// <param name="Executor">The executor's name.</param>
/// <param name="Runtime">The runtime.</param>
/// <param name="Measured">The measured median, in nanoseconds.</param>
/// <param name="Predicted">The prediction, in nanoseconds.</param>
/// <param name="Lower">The interval's low end.</param>
/// <param name="Upper">The interval's high end.</param>
public sealed record HeldOutPrediction(string Workload, string Executor, Runtime Runtime, double Measured, double Predicted, double Lower, double Upper)
{
    /// <summary>Whether the measured time falls inside the interval.</summary>
    public bool Inside => Measured >= Lower && Measured <= Upper;

    /// <summary>The prediction's signed error against the measurement.</summary>
    public double Error => (Predicted - Measured) / Measured;
}

/// <summary>
/// <c>study advise</c> checked against the held-out workloads a full run measures (<c>HeldOutBenchmarks</c>,
/// <c>CPythonHeldOutBenchmarks</c>): lists of other counts, sizes and skews than the grid's, with a worker count the
/// grid does not use, predicted exactly as a reader's workload is (the same costs, the same interval) but for the
/// CPython driver's round trip, which their measurements include.
/// </summary>
public sealed record AdviceCheck(IReadOnlyList<HeldOutPrediction> Cases, IReadOnlyList<string> NotPredicted)
{
    /// <summary>The share of measured times inside the interval that the issue asks for.</summary>
    public const double InsideTarget = 0.90;

    /// <summary>The median error the issue asks for.</summary>
    public const double ErrorTarget = 0.10;

    /// <summary>How many measured times fall inside their interval.</summary>
    public int Inside => Cases.Count(c => c.Inside);

    /// <summary>The share inside, NaN without cases.</summary>
    public double InsideShare => Cases.Count == 0 ? double.NaN : Inside / (double)Cases.Count;

    /// <summary>The median absolute error of the predictions, NaN without cases.</summary>
    public double MedianError => Cases.Count == 0 ? double.NaN : Estimates.Median([.. Cases.Select(c => Math.Abs(c.Error))]);

    /// <summary>The median absolute error of one runtime's predictions, NaN without its cases.</summary>
    public double MedianErrorOf(Runtime runtime) =>
        Cases.Where(c => c.Runtime == runtime).Select(c => Math.Abs(c.Error)).ToArray() is { Length: > 0 } errors ? Estimates.Median(errors) : double.NaN;

    /// <summary>Checks every held-out case of <paramref name="results"/>; none when the run has none (quick, dry).</summary>
    public static AdviceCheck Of(ResultSet results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var cases = new StudyCases(results);
        if (cases.HeldOut.Count == 0)
        {
            return new AdviceCheck([], []);
        }

        var predictor = new Predictor(results);
        var checks = new List<HeldOutPrediction>();
        var missing = new List<string>();
        foreach (var held in cases.HeldOut)
        {
            var (advice, lacking) = predictor.Predict(held.AsWorkload);
            string name = Output.Names.Label(held.Executor);
            if (advice is null)
            {
                missing.Add($"{held.Workload}, {name}: the run lacks {string.Join("; ", lacking.DefaultIfEmpty("a cost"))}");
                continue;
            }

            checks.Add(new HeldOutPrediction(held.Workload.ToString(), name, held.Executor.Runtime, held.Result.Median, advice.Time, advice.Lower, advice.Upper));
        }

        return new AdviceCheck(checks, missing);
    }
}
