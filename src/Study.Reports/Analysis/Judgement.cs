using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.QuantileEstimators;
using Perfolizer.Mathematics.SignificanceTesting;
using Pragmastat;
using Study.Reports.Comparison;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Analysis;

/// <summary>A median with its 95 % interval, in nanoseconds, and how many iterations it stands on.</summary>
public sealed record Timing(double Median, double Lower, double Upper, int Iterations);

/// <summary>
/// One executor's time against another's: the Hodges–Lehmann ratio (above 1: slower) with its 95 % interval, and the
/// verdict of the equivalence test.
/// </summary>
/// <remarks><see cref="Unsteady"/>: either side ran while the machine was off its median speed (<see cref="Steadiness"/>).</remarks>
public sealed record Versus(double Ratio, double Lower, double Upper, Verdict Verdict, bool Unsteady = false);

/// <summary>
/// How samples become figures and verdicts, with the threshold and level stated: one rule for the report and for
/// <c>study compare</c> (which splits its level over the benchmarks it compares).
/// </summary>
public sealed record Judgement(double Threshold, double Alpha)
{
    /// <summary>The report's defaults: a 5 % threshold; α = 0.01, which 5 iterations a side can reach (p ≥ 1/252).</summary>
    public static Judgement Default { get; } = new(0.05, 0.01);

    /// <summary>The run's steadiness, if known: comparisons of results then say when either side was unsteady.</summary>
    public Steadiness? Steadiness { get; init; }

    /// <summary>The median and Harrell–Davis's 95 % interval for it (Perfolizer).</summary>
    public static Timing Time(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double median = Estimates.Median(values);
        if (values.Count < 3 || values.Distinct().Count() < 2)
        {
            return new Timing(median, double.NaN, double.NaN, values.Count);
        }

        var interval = HarrellDavisQuantileEstimator.Instance
            .QuantileConfidenceIntervalEstimator(new Sample(values.ToArray()), new Probability(0.5))
            .ConfidenceInterval(ConfidenceLevel.L95);
        return new Timing(median, Math.Max(values.Min(), interval.Lower), Math.Min(values.Max(), interval.Upper), values.Count);
    }

    /// <summary>
    /// <paramref name="diff"/> against <paramref name="baseline"/>: faster or slower when Perfolizer's Mann–Whitney
    /// equivalence test says so at <see cref="Alpha"/> beyond <see cref="Threshold"/>; the same when it cannot tell them
    /// apart and the ratio's interval lies within the threshold; too noisy to say otherwise.
    /// </summary>
    public Versus Compare(IReadOnlyList<double> diff, IReadOnlyList<double> baseline)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(baseline);
        var ratio = Estimates.Ratio(diff, baseline);
        var verdict = Verdict.Unknown;
        if (diff.Count >= 2 && baseline.Count >= 2)
        {
            verdict = Estimates.Compare(diff, baseline, Threshold, Alpha) switch
            {
                ComparisonResult.Greater => Verdict.Slower,
                ComparisonResult.Lesser => Verdict.Faster,
                ComparisonResult.Indistinguishable when ratio.Lower >= 1 / (1 + Threshold) && ratio.Upper <= 1 + Threshold => Verdict.Same,
                _ => Verdict.Unknown,
            };
        }

        return new Versus(ratio.Ratio, ratio.Lower, ratio.Upper, verdict);
    }

    /// <summary>
    /// <paramref name="diff"/> against <paramref name="baseline"/>, as <see cref="Compare(IReadOnlyList{double}, IReadOnlyList{double})"/>,
    /// marked unsteady when either ran while the machine was off its median speed.
    /// </summary>
    public Versus Compare(BenchmarkResult diff, BenchmarkResult baseline)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(baseline);
        var versus = Compare(diff.Nanoseconds, baseline.Nanoseconds);
        return Steadiness is { } steadiness && (steadiness.IsUnsteady(diff) || steadiness.IsUnsteady(baseline)) ? versus with { Unsteady = true } : versus;
    }

    /// <summary>How a verdict reads in the report.</summary>
    public static string Word(Verdict verdict) => verdict switch
    {
        Verdict.Faster => "faster",
        Verdict.Slower => "slower",
        Verdict.Same => "same",
        _ => "too noisy to say",
    };
}
