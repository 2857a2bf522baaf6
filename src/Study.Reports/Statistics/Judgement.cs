using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.QuantileEstimators;
using Pragmastat;
using Study.Reports.Results;

namespace Study.Reports.Statistics;

/// <summary>A median with its 95 % interval, in nanoseconds, and how many iterations it stands on.</summary>
public sealed record Timing(double Median, double Lower, double Upper, int Iterations);

/// <summary>
/// One sample's time against another's: the Hodges–Lehmann ratio (above 1: slower), the interval of ratios the test
/// at the judgement's level cannot reject, and the verdict read from that interval.
/// </summary>
/// <remarks>
/// <see cref="Unsteady"/>: the two sides ran in different conditions. <see cref="Launches"/>: how many launches the
/// interval spans (1: the iterations of one launch; more: a hierarchical interval across them).
/// </remarks>
public sealed record Versus(double Ratio, double Lower, double Upper, Verdict Verdict, bool Unsteady = false)
{
    /// <summary>How many launches of each side the interval spans.</summary>
    public int Launches { get; init; } = 1;

    /// <summary>The smallest of the launches' own ratios (launch k of one side against launch k of the other); NaN for one launch.</summary>
    public double LaunchLow { get; init; } = double.NaN;

    /// <summary>The largest of the launches' own ratios; NaN for one launch.</summary>
    public double LaunchHigh { get; init; } = double.NaN;

    /// <summary>The same comparison the other way round: baseline against diff (ratios and bounds inverted, the verdict mirrored).</summary>
    public Versus Inverse() => this with
    {
        Ratio = 1 / Ratio,
        Lower = 1 / Upper,
        Upper = 1 / Lower,
        Verdict = Verdict switch
        {
            Verdict.Slower => Verdict.Faster,
            Verdict.Faster => Verdict.Slower,
            Verdict.SlightlySlower => Verdict.SlightlyFaster,
            Verdict.SlightlyFaster => Verdict.SlightlySlower,
            var same => same,
        },
        LaunchLow = 1 / LaunchHigh,
        LaunchHigh = 1 / LaunchLow,
    };
}

/// <summary>
/// How samples become figures and verdicts, with the threshold and level stated: one rule for the report and for
/// <c>study compare</c> (which splits its level over the benchmarks it compares).
/// </summary>
/// <remarks>
/// <para>
/// The rule: <see cref="Interval"/> holds every ratio r for which Perfolizer's one-sided Mann–Whitney test at α/2
/// cannot reject "diff is r times baseline" in either direction: the (1 − α) interval of the ratio by test inversion.
/// The verdict is read from it, so it can never contradict it: above 1 + threshold, slower; above 1 but not above
/// 1 + threshold, slightly slower; inside [1/(1 + threshold), 1 + threshold], same (the two one-sided tests of
/// equivalence); the mirror images for faster; otherwise too noisy to say.
/// </para>
/// <para>
/// Perfolizer's own <c>SimpleEquivalenceTest</c> (0.6.1) is not used: it returns greater or lesser without any test
/// whenever the Hodges–Lehmann shift exceeds ten times the threshold's, so five heavily overlapping values a side
/// (383, 101, 87, 73, 261 ms against 350, 181, 196, 163, 135 ms) were called slower at every level.
/// </para>
/// </remarks>
public sealed record Judgement(double Threshold, double Alpha)
{
    /// <summary>The report's defaults: a 5 % threshold; α = 0.01, which 5 iterations a side can reach (p ≥ 1/252 each way).</summary>
    public static Judgement Default { get; } = new(0.05, 0.01);

    /// <summary>Which pairs of results ran in different conditions, if known: their comparisons are marked unsteady.</summary>
    public Func<BenchmarkResult, BenchmarkResult, bool>? Unfair { get; init; }

    /// <summary>The confidence of the intervals the verdicts are read from: 1 − α.</summary>
    public double Confidence => 1 - Alpha;

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

    /// <summary><paramref name="diff"/> against <paramref name="baseline"/>: the ratio, its interval at 1 − α and the verdict.</summary>
    public Versus Compare(IReadOnlyList<double> diff, IReadOnlyList<double> baseline)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(baseline);
        double ratio = Estimates.Ratio(diff, baseline).Ratio;
        if (diff.Count < 2 || baseline.Count < 2)
        {
            return new Versus(ratio, double.NaN, double.NaN, Verdict.Unknown);
        }

        var interval = Estimates.TestInterval(diff, baseline, Alpha / 2);
        return new Versus(ratio, interval.Lower, interval.Upper, Read(interval.Lower, interval.Upper));
    }

    /// <summary>
    /// <paramref name="diff"/> against <paramref name="baseline"/>, as <see cref="Compare(IReadOnlyList{double}, IReadOnlyList{double})"/>
    /// on every value; when either was measured in several launches, the interval is the wider of that one and the
    /// launches' (<see cref="Estimates.LaunchInterval"/>). Marked unsteady when the two ran in different conditions.
    /// </summary>
    public Versus Compare(BenchmarkResult diff, BenchmarkResult baseline)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(baseline);
        var versus = Compare(diff.Nanoseconds, baseline.Nanoseconds);
        if ((diff.Launches.Count > 1 || baseline.Launches.Count > 1) && !double.IsNaN(versus.Lower))
        {
            // Measured in several launches: the interval across them, or the iterations' own if that is wider.
            var launches = Estimates.LaunchInterval(diff.Launches, baseline.Launches, Confidence);
            double lower = Math.Min(versus.Lower, launches.Lower), upper = Math.Max(versus.Upper, launches.Upper);
            var own = diff.Launches.Count == baseline.Launches.Count
                ? diff.Launches.Zip(baseline.Launches, (d, b) => Estimates.Ratio(d, b).Ratio).Where(double.IsFinite).ToList()
                : [];
            versus = versus with
            {
                Lower = lower,
                Upper = upper,
                Verdict = Read(lower, upper),
                Launches = Math.Min(diff.Launches.Count, baseline.Launches.Count),
                LaunchLow = own.Count > 1 ? own.Min() : double.NaN,
                LaunchHigh = own.Count > 1 ? own.Max() : double.NaN,
            };
        }

        return Unfair is { } unfair && unfair(diff, baseline) ? versus with { Unsteady = true } : versus;
    }

    /// <summary>The verdict an interval of the ratio gives against the threshold.</summary>
    public Verdict Read(double lower, double upper)
    {
        double above = 1 + Threshold, below = 1 / (1 + Threshold);
        return (lower, upper) switch
        {
            _ when double.IsNaN(lower) || double.IsNaN(upper) => Verdict.Unknown,
            _ when lower > above => Verdict.Slower,
            _ when upper < below => Verdict.Faster,
            _ when lower >= below && upper <= above => Verdict.Same,
            _ when lower > 1 => Verdict.SlightlySlower,
            _ when upper < 1 => Verdict.SlightlyFaster,
            _ => Verdict.Unknown,
        };
    }

    /// <summary>How a verdict reads in the report.</summary>
    public static string Word(Verdict verdict) => verdict.Word();
}
