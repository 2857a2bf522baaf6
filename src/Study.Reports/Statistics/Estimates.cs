using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.QuantileEstimators;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Pragmastat;
using Pragmastat.Algorithms;
using Pragmastat.Estimators;

namespace Study.Reports.Statistics;

/// <summary>A ratio of two samples' locations with its confidence interval.</summary>
public readonly record struct RatioInterval(double Ratio, double Lower, double Upper)
{
    /// <summary>Whether the interval lies wholly above 1 + <paramref name="threshold"/> or below 1/(1 + threshold).</summary>
    public bool Excludes(double threshold) => Lower > 1 + threshold || Upper < 1 / (1 + threshold);
}

/// <summary>The statistics of the study's reports, from Pragmastat and Perfolizer.</summary>
internal static class Estimates
{
    /// <summary>The median (Pragmastat's).</summary>
    public static double Median(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : MedianEstimator.Instance.Estimate(new Sample(values.ToArray())).NominalValue;

    /// <summary>The <paramref name="p"/> quantile (Perfolizer's Harrell–Davis estimator: smooth where a run has few iterations).</summary>
    public static double Quantile(IReadOnlyList<double> values, double p) => values.Count == 0 ? double.NaN
        : HarrellDavisQuantileEstimator.Instance.Quantile(new Sample([.. values]), new Probability(p));

    /// <summary>
    /// The Hodges–Lehmann ratio of <paramref name="diff"/> to <paramref name="baseline"/> (Pragmastat's
    /// <see cref="RatioEstimator"/>: the median of all pairwise ratios), with the distribution-free interval of Moses
    /// (Hollander and Wolfe, 1999, §4.3): the k-th smallest and largest pairwise log-ratios, where k comes from the
    /// Mann–Whitney statistic's normal approximation at <paramref name="confidence"/>. Pragmastat's
    /// <see cref="FastShift"/> picks those order statistics; Perfolizer 0.6.1 exposes no bounds for the estimator,
    /// which is why the choice of k is written here.
    /// </summary>
    public static RatioInterval Ratio(IReadOnlyList<double> diff, IReadOnlyList<double> baseline, double confidence = 0.95)
    {
        if (diff.Count == 0 || baseline.Count == 0 || diff.Any(v => v <= 0) || baseline.Any(v => v <= 0))
        {
            return new RatioInterval(double.NaN, double.NaN, double.NaN);
        }

        double ratio = RatioEstimator.Instance.Estimate(new Sample(diff.ToArray()), new Sample(baseline.ToArray())).NominalValue;
        double n = diff.Count, m = baseline.Count, pairs = n * m;
        if (pairs < 4)
        {
            return new RatioInterval(ratio, 0, double.PositiveInfinity); // one value a side says nothing of the spread
        }

        double z = new ConfidenceIntervalEstimator(pairs, 0, 1).ZLevel(new ConfidenceLevel(confidence));
        double k = Math.Floor(pairs / 2 - z * Math.Sqrt(pairs * (n + m + 1) / 12));
        if (k < 1)
        {
            return new RatioInterval(ratio, 0, double.PositiveInfinity); // too few values for this confidence
        }

        var logDiff = diff.Select(v => Math.Log(v)).ToArray();
        var logBase = baseline.Select(v => Math.Log(v)).ToArray();
        var bounds = FastShift.Estimate(logDiff, logBase, [(k - 0.5) / pairs, (pairs - k + 0.5) / pairs], false);
        return new RatioInterval(ratio, Math.Exp(bounds[0]), Math.Exp(bounds[1]));
    }

    /// <summary>
    /// The interval of the ratio <paramref name="diff"/> / <paramref name="baseline"/> by inverting Perfolizer's one-sided
    /// Mann–Whitney test at <paramref name="oneSidedAlpha"/> (exact for small samples): the lower bound is the largest
    /// ratio r for which "diff is slower than r × baseline" is still significant, the upper bound the smallest r for
    /// which "diff is faster than r × baseline" is. Each test's p-value changes only at the pairwise ratios, so both
    /// bounds are pairwise ratios, found by bisection. (0, ∞) when the samples cannot reach the level at all.
    /// </summary>
    public static RatioInterval TestInterval(IReadOnlyList<double> diff, IReadOnlyList<double> baseline, double oneSidedAlpha)
    {
        if (diff.Count == 0 || baseline.Count == 0 || diff.Any(v => v <= 0) || baseline.Any(v => v <= 0))
        {
            return new RatioInterval(double.NaN, double.NaN, double.NaN);
        }

        var x = diff.ToArray();
        var y = baseline.ToArray();
        var ratios = x.SelectMany(a => y.Select(b => a / b)).Distinct().Order().ToArray();
        // Just below a ratio the lower test still counts it as exceeded; just above, the upper test does.
        const double Nudge = 1e-9;
        int last = LastTrue(ratios.Length, k => Slower(x, y, ratios[k] * (1 - Nudge)) < oneSidedAlpha);
        int first = FirstTrue(ratios.Length, k => Slower(Scale(y, ratios[k] * (1 + Nudge)), x, 1) < oneSidedAlpha);
        double ratio = RatioEstimator.Instance.Estimate(new Sample(x), new Sample(y)).NominalValue;
        return new RatioInterval(ratio, last < 0 ? 0 : ratios[last], first >= ratios.Length ? double.PositiveInfinity : ratios[first]);

        static double Slower(double[] a, double[] b, double scale) =>
            MannWhitneyTest.Instance.GetPValue(new Sample(a), new Sample(Scale(b, scale)), AlternativeHypothesis.Greater, Perfolizer.Metrology.Threshold.Zero).Value;
    }

    /// <summary>
    /// The interval of the Hodges–Lehmann ratio <paramref name="diff"/> / <paramref name="baseline"/> across launches:
    /// a hierarchical bootstrap (Kalibera and Jones, "Quantifying performance changes with effect size confidence
    /// intervals", 2012), which resamples the launches with replacement and then the iterations within each chosen
    /// launch, so that the interval carries the launches' spread and not only the iterations'. Launches of the two
    /// sides that ran side by side (the same count: the suite runs launch k of rivals together) are resampled in pairs,
    /// so that what moved both alike does not widen their ratio. Percentile bounds at <paramref name="confidence"/>,
    /// from <see cref="BootstrapResamples"/> resamples with a fixed seed: a report regenerates identically.
    /// </summary>
    /// <remarks>
    /// Perfolizer 0.6.1 and Pragmastat have no multi-level resampling, hence this one. With few launches (3 in the quick
    /// profile) the bootstrap sees a launch spread about (k − 1)/k of the true one; the report's verdicts take the wider
    /// of this interval and the iterations' own test interval (<see cref="Judgement"/>), never the narrower.
    /// </remarks>
    public static RatioInterval LaunchInterval(IReadOnlyList<IReadOnlyList<double>> diff, IReadOnlyList<IReadOnlyList<double>> baseline, double confidence)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(baseline);
        var x = diff.Where(l => l.Count > 0).Select(l => l.ToArray()).ToArray();
        var y = baseline.Where(l => l.Count > 0).Select(l => l.ToArray()).ToArray();
        if (x.Length == 0 || y.Length == 0 || x.Any(l => l.Any(v => v <= 0)) || y.Any(l => l.Any(v => v <= 0)))
        {
            return new RatioInterval(double.NaN, double.NaN, double.NaN);
        }

        double ratio = RatioEstimator.Instance.Estimate(new Sample([.. x.SelectMany(l => l)]), new Sample([.. y.SelectMany(l => l)])).NominalValue;
        bool paired = x.Length == y.Length;
        var random = new Random(BootstrapSeed);
        var ratios = new double[BootstrapResamples];
        for (int b = 0; b < BootstrapResamples; b++)
        {
            var picks = Enumerable.Range(0, x.Length).Select(_ => random.Next(x.Length)).ToArray();
            var a = Resample(x, picks, random);
            var c = Resample(y, paired ? picks : [.. Enumerable.Range(0, y.Length).Select(_ => random.Next(y.Length))], random);
            ratios[b] = RatioEstimator.Instance.Estimate(new Sample(a), new Sample(c)).NominalValue;
        }

        Array.Sort(ratios);
        double tail = (1 - confidence) / 2;
        return new RatioInterval(ratio, Math.Min(ratio, ratios[(int)Math.Floor(tail * (BootstrapResamples - 1))]),
            Math.Max(ratio, ratios[(int)Math.Ceiling((1 - tail) * (BootstrapResamples - 1))]));

        static double[] Resample(double[][] launches, int[] picks, Random random) =>
            [.. picks.SelectMany(p => Enumerable.Range(0, launches[p].Length).Select(_ => launches[p][random.Next(launches[p].Length)]))];
    }

    /// <summary>How many resamples <see cref="LaunchInterval"/> draws: the 99 % bounds are then its 10th values from each end.</summary>
    public const int BootstrapResamples = 2000;

    private const int BootstrapSeed = 29;

    private static double[] Scale(double[] values, double factor) => [.. values.Select(v => v * factor)];

    /// <summary>
    /// The two-sided p-value of "diff and baseline come from one distribution" (Perfolizer's Mann–Whitney test, twice
    /// the smaller one-sided p): below a level exactly when <see cref="TestInterval"/> at half that level excludes 1.
    /// </summary>
    public static double PValue(IReadOnlyList<double> diff, IReadOnlyList<double> baseline)
    {
        if (diff.Count < 2 || baseline.Count < 2)
        {
            return 1;
        }

        var x = new Sample(diff.ToArray());
        var y = new Sample(baseline.ToArray());
        double greater = MannWhitneyTest.Instance.GetPValue(x, y, AlternativeHypothesis.Greater, Perfolizer.Metrology.Threshold.Zero).Value;
        double less = MannWhitneyTest.Instance.GetPValue(y, x, AlternativeHypothesis.Greater, Perfolizer.Metrology.Threshold.Zero).Value;
        return Math.Min(1, 2 * Math.Min(greater, less));
    }

    /// <summary>
    /// Holm's step-down levels for <paramref name="pValues"/> at family-wise <paramref name="alpha"/>: the i-th smallest
    /// p-value (from 1) is tested at α / (m − i + 1), in order, until one is not below its level; that one and every
    /// later one keep the level where the sequence stopped. The same family-wise guarantee as Bonferroni (α / m for
    /// all), and never a lower level for any test, so never less power.
    /// </summary>
    public static double[] HolmLevels(IReadOnlyList<double> pValues, double alpha)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        int m = pValues.Count;
        var levels = new double[m];
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        double level = alpha / m;
        bool stopped = false;
        for (int rank = 0; rank < m; rank++)
        {
            int i = order[rank];
            if (!stopped)
            {
                level = alpha / (m - rank);
                stopped = pValues[i] >= level;
            }

            levels[i] = level;
        }

        return levels;
    }

    /// <summary>The last index in [0, count) at which a predicate that is true, then false, holds; -1 if none.</summary>
    private static int LastTrue(int count, Func<int, bool> predicate)
    {
        int low = -1, high = count; // predicate(low) true (or none), predicate(high) false (or none)
        while (high - low > 1)
        {
            int middle = low + ((high - low) / 2);
            (low, high) = predicate(middle) ? (middle, high) : (low, middle);
        }

        return low;
    }

    /// <summary>The first index in [0, count) at which a predicate that is false, then true, holds; count if none.</summary>
    private static int FirstTrue(int count, Func<int, bool> predicate)
    {
        int low = -1, high = count;
        while (high - low > 1)
        {
            int middle = low + ((high - low) / 2);
            (low, high) = predicate(middle) ? (low, middle) : (middle, high);
        }

        return high;
    }

    /// <summary>
    /// The geometric mean of <paramref name="ratios"/> with a 95 % interval: Perfolizer's
    /// <see cref="ConfidenceIntervalEstimator"/> on the logs (mean and standard error), taken back by exp.
    /// </summary>
    public static RatioInterval GeometricMean(IReadOnlyList<double> ratios)
    {
        var logs = ratios.Where(r => r > 0 && double.IsFinite(r)).Select(v => Math.Log(v)).ToArray();
        if (logs.Length == 0)
        {
            return new RatioInterval(double.NaN, double.NaN, double.NaN);
        }

        double mean = logs.Average();
        if (logs.Length < 2)
        {
            return new RatioInterval(Math.Exp(mean), double.NaN, double.NaN);
        }

        double sd = Math.Sqrt(logs.Sum(l => (l - mean) * (l - mean)) / (logs.Length - 1));
        var interval = new ConfidenceIntervalEstimator(logs.Length, mean, sd / Math.Sqrt(logs.Length)).ConfidenceInterval(ConfidenceLevel.L95);
        return new RatioInterval(Math.Exp(mean), Math.Exp(interval.Lower), Math.Exp(interval.Upper));
    }

    /// <summary>
    /// Sarle's bimodality coefficient from BenchmarkDotNet's own skewness and kurtosis, (g² + 1) / k: above 5/9 the
    /// sample looks bimodal or worse. Perfolizer 0.6.1 exposes no modality detector, hence this one line.
    /// </summary>
    public static bool LooksMultimodal(double skewness, double kurtosis, int count) =>
        count >= 8 && double.IsFinite(skewness) && double.IsFinite(kurtosis) && kurtosis > 0 && (skewness * skewness + 1) / kurtosis > 5.0 / 9;
}
