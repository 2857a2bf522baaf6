using Study.Reports.Statistics;

namespace Study.Reports.Comparison;

/// <summary>One benchmark present in both runs, with each run's allocations when its memory diagnoser counted them.</summary>
public sealed record ComparedBenchmark(
    string Key,
    string Title,
    double BaseMedian,
    double DiffMedian,
    double Ratio,
    double RatioLower,
    double RatioUpper,
    Verdict Verdict,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The base run's allocations, or null.</summary>
    public Results.MemoryUse? BaseMemory { get; init; }

    /// <summary>The diff run's allocations, or null.</summary>
    public Results.MemoryUse? DiffMemory { get; init; }
}

/// <summary>
/// A ratio within each machine (an executor against the thread pool or sequential code), compared across machines:
/// each run's gap with its 95 % interval, and the change with its interval and verdict. <see cref="MatchedByRole"/>
/// says how the case met its counterpart when the worker counts differ (the machine's cores on each), else null.
/// </summary>
public sealed record GapComparison(
    string Case,
    string Against,
    double BaseGap,
    double DiffGap,
    double Change,
    double ChangeLower,
    double ChangeUpper,
    Verdict Verdict)
{
    /// <summary>The base run's gap's lower bound.</summary>
    public double BaseLower { get; init; } = double.NaN;

    /// <summary>The base run's gap's upper bound.</summary>
    public double BaseUpper { get; init; } = double.NaN;

    /// <summary>The diff run's gap's lower bound.</summary>
    public double DiffLower { get; init; } = double.NaN;

    /// <summary>The diff run's gap's upper bound.</summary>
    public double DiffUpper { get; init; } = double.NaN;

    /// <summary>How the case was matched when not by every parameter, or null.</summary>
    public string? MatchedByRole { get; init; }

    /// <summary>The base case's parameters (its executor among them).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}

/// <summary>A cost of the model, measured on both machines.</summary>
public sealed record ModelTerm(string Term, double BaseNanoseconds, double DiffNanoseconds, double Ratio);

/// <summary>
/// The machine's speed in both runs, from one canary (<see cref="Results.CanaryReading"/>): the run's median reading
/// (null when a run has none), how many of each run's cases were unsteady, and diff / base.
/// </summary>
public sealed record CanaryComparison(
    string Canary, double? BaseMedian, double? DiffMedian, double? Ratio, int BaseUnsteady, int BaseCases, int DiffUnsteady, int DiffCases);

/// <summary>One field of the two environments; <paramref name="InFingerprint"/>: one of the fields that make raw times comparable.</summary>
public sealed record EnvironmentField(string Name, string Base, string Diff, bool Differs, bool InFingerprint);

/// <summary>Counts and the geometric mean of the ratios.</summary>
public sealed record ComparisonSummary(
    int Slower, int Faster, int Same, int Unknown, double GeometricMean, double GeometricMeanLower, double GeometricMeanUpper,
    int SlightlySlower = 0, int SlightlyFaster = 0);

/// <summary>Everything <c>study compare</c> states, for every output format.</summary>
public sealed record ComparisonReport(
    string Base,
    string Diff,
    ComparisonSettings Settings,
    IReadOnlyList<EnvironmentField> Environment,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<ComparedBenchmark> Benchmarks,
    IReadOnlyList<string> OnlyInBase,
    IReadOnlyList<string> OnlyInDiff,
    ComparisonSummary Summary,
    IReadOnlyList<ComparedBenchmark> TopSlower,
    IReadOnlyList<ComparedBenchmark> TopFaster,
    IReadOnlyList<GapComparison> Gaps,
    IReadOnlyList<ModelTerm> ModelTerms,
    IReadOnlyList<CanaryComparison> Canaries,
    Fingerprint BaseFingerprint,
    Fingerprint DiffFingerprint)
{
    /// <summary>The fingerprint fields that differ: when any does, raw times come from different machines (or setups).</summary>
    public IReadOnlyList<string> FingerprintDifferences => BaseFingerprint.DifferencesFrom(DiffFingerprint);

    /// <summary>
    /// Whether both runs have one fingerprint and, where both measured them, a host of one character (waking a thread or
    /// a process, starting one), so that their raw times compare as they stand.
    /// </summary>
    public bool SameMachine => FingerprintDifferences.Count == 0 && Host?.Changed is not { Count: > 0 };

    /// <summary>The host's costs in both runs; null when the runs share no floor benchmark.</summary>
    public HostCharacter? Host { get; init; }

    /// <summary>The study's headline answers in both runs and whether each reproduced; null for runs of another suite.</summary>
    public Reproducibility? Reproducibility { get; init; }

    /// <summary>Whether anything is slower beyond the threshold: what <c>--fail-on-regression</c> fails on.</summary>
    public bool HasRegression => Summary.Slower > 0;
}

/// <summary>How two runs are compared.</summary>
/// <param name="Threshold">Relative difference that matters: 0.05 is 5 %.</param>
/// <param name="NoiseNanoseconds">Absolute differences of the medians below this are "same", whatever the ratio.</param>
/// <param name="Alpha">The family-wise significance level over the benchmarks compared (Holm's step-down).</param>
/// <param name="ByCanary">
/// Divide each diff sample by the canary ratio at that case (diff's machine speed over base's), so that "the machine is
/// 2× slower today" is set apart from "this executor got slower". Off by default: the canary is compute on every core,
/// and it corrects compute-bound time well, but process starts, pipes and I/O do not scale with it, so on those it can
/// invent or hide a change; the raw ratio is what the machine delivered.
/// </param>
public sealed record ComparisonSettings(double Threshold = 0.05, double NoiseNanoseconds = 0, double Alpha = 0.05, bool ByCanary = false);
