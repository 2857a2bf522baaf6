namespace Study.Reports.Results;

/// <summary>
/// One benchmark case of a run: its identity (type, method, parameters and job; BenchmarkDotNet's FullName carries no
/// job) and its measured values, in nanoseconds per operation, one per iteration.
/// </summary>
public sealed record BenchmarkResult(
    string Namespace,
    string Type,
    string Method,
    IReadOnlyDictionary<string, string> Parameters,
    string Job,
    IReadOnlyList<double> Nanoseconds,
    double Skewness,
    double Kurtosis)
{
    /// <summary>What matches a case across runs: namespace, type, method, parameters in name order, job.</summary>
    public string Key { get; } = $"{Namespace}.{Type}.{Method}({string.Join(", ", Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}) [{Job}]";

    /// <summary>A short, readable name: type, method and parameters.</summary>
    public string Title => Parameters.Count == 0
        ? $"{Type}.{Method}"
        : $"{Type}.{Method}({string.Join(", ", Parameters.Select(p => $"{p.Key}={p.Value}"))})";

    /// <summary>The median of <see cref="Nanoseconds"/>.</summary>
    public double Median => Statistics.Estimates.Median(Nanoseconds);

    /// <summary>The parameter <paramref name="name"/>, or null.</summary>
    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;
}
