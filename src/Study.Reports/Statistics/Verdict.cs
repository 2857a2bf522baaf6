namespace Study.Reports.Statistics;

/// <summary>
/// How one sample's time compares with another's, read from the ratio's interval at the stated level
/// (<see cref="Judgement"/>): beyond the threshold, shown but not beyond it, within it, or not told.
/// </summary>
public enum Verdict
{
    /// <summary>Slower beyond the threshold: the interval lies above 1 + threshold.</summary>
    Slower,

    /// <summary>Faster beyond the threshold: the interval lies below 1 / (1 + threshold).</summary>
    Faster,

    /// <summary>The same within the threshold: the interval lies inside it.</summary>
    Same,

    /// <summary>Not told apart: the interval holds 1 and reaches past the threshold.</summary>
    Unknown,

    /// <summary>Slower, but not shown to be beyond the threshold: the interval lies above 1, not above 1 + threshold.</summary>
    SlightlySlower,

    /// <summary>Faster, but not shown to be beyond the threshold: the interval lies below 1, not below 1 / (1 + threshold).</summary>
    SlightlyFaster,
}

/// <summary>Verdicts in words, for every output.</summary>
internal static class VerdictWords
{
    /// <summary>"slower", "slightly faster", "same", "too noisy to say", ...</summary>
    public static string Word(this Verdict verdict) => verdict switch
    {
        Verdict.Faster => "faster",
        Verdict.Slower => "slower",
        Verdict.SlightlyFaster => "slightly faster",
        Verdict.SlightlySlower => "slightly slower",
        Verdict.Same => "same",
        _ => "too noisy to say",
    };

    /// <summary>One character for dense tables: + faster, − slower, (+) (−) slightly, = same, ? not told.</summary>
    public static string Symbol(this Verdict verdict) => verdict switch
    {
        Verdict.Faster => "+",
        Verdict.Slower => "−",
        Verdict.SlightlyFaster => "(+)",
        Verdict.SlightlySlower => "(−)",
        Verdict.Same => "=",
        _ => "?",
    };

    /// <summary>Whether the verdict says diff is slower, beyond the threshold or not.</summary>
    public static bool IsSlower(this Verdict verdict) => verdict is Verdict.Slower or Verdict.SlightlySlower;

    /// <summary>Whether the verdict says diff is faster, beyond the threshold or not.</summary>
    public static bool IsFaster(this Verdict verdict) => verdict is Verdict.Faster or Verdict.SlightlyFaster;

    /// <summary>The verdict's word, with ", unsteady" when either side ran while the machine was off its speed.</summary>
    public static string Word(this Versus versus) =>
        versus is null ? string.Empty : versus.Verdict.Word() + (versus.Unsteady ? ", unsteady" : string.Empty);
}
