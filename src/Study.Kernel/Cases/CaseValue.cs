namespace Study.Kernel.Cases;

/// <summary>Reads a case's parameter values, as BenchmarkDotNet writes them, into the types they name.</summary>
public static class CaseValue
{
    /// <summary>
    /// Parses <paramref name="text"/> as a name of <typeparamref name="T"/>, case-sensitively; false for anything else,
    /// numbers included (Enum.TryParse takes them, and no case writes one).
    /// </summary>
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        value = default;
        return text is { Length: > 0 } && !char.IsAsciiDigit(text[0]) && text[0] != '-' && Enum.TryParse(text, ignoreCase: false, out value);
    }
}
