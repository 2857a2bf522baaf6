namespace Study.Reports.Analysis;

/// <summary>One claim of the article, the measurement that tests it, and the verdict computed from it.</summary>
public sealed record ClaimCheck(string Claim, string Evidence, ClaimVerdict Verdict);

/// <summary>The verdict on one claim of the article.</summary>
public enum ClaimVerdict
{
    /// <summary>The measurements agree with the claim.</summary>
    Confirmed,

    /// <summary>The measurements contradict it.</summary>
    Refuted,

    /// <summary>Part holds, part does not; the evidence says which.</summary>
    Partly,

    /// <summary>The measurements cannot decide (too noisy, or equal within the threshold).</summary>
    Undecided,

    /// <summary>The run lacks the cases that would decide it.</summary>
    NotMeasured,
}

/// <summary>A claim's verdict as a word, for tables.</summary>
internal static class ClaimWords
{
    /// <summary>"confirmed", "refuted", ...</summary>
    public static string Word(this ClaimVerdict verdict) => verdict switch
    {
        ClaimVerdict.Confirmed => "confirmed",
        ClaimVerdict.Refuted => "refuted",
        ClaimVerdict.Partly => "partly",
        ClaimVerdict.Undecided => "undecided",
        _ => "not measured",
    };
}
