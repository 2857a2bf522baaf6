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
    public string Key { get; } = KeyOf(Namespace, Type, Method, Parameters, Job);

    /// <summary>A short, readable name: type, method and parameters.</summary>
    public string Title => Parameters.Count == 0
        ? $"{Type}.{Method}"
        : $"{Type}.{Method}({string.Join(", ", Parameters.Select(p => $"{p.Key}={p.Value}"))})";

    /// <summary>
    /// BenchmarkDotNet's memory diagnoser's figures, when the run had it (<c>[MemoryDiagnoser]</c>): counts, not
    /// samples, so they are compared as they are, without a test.
    /// </summary>
    public MemoryUse? Memory { get; init; }

    /// <summary>
    /// The values of each launch, in launch order (<see cref="Nanoseconds"/> holds them all, in the same order): one
    /// launch for most cases, several for the suite's headline cases (jobs <c>Quick</c>, <c>Quick-L2</c>, ...).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<double>> Launches { get; init; } = [Nanoseconds];

    /// <summary>The median of <see cref="Nanoseconds"/>.</summary>
    public double Median => Statistics.Estimates.Median(Nanoseconds);

    /// <summary>The <see cref="Key"/> of a case with these parts.</summary>
    public static string KeyOf(string ns, string type, string method, IReadOnlyDictionary<string, string> parameters, string job)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return $"{ns}.{type}.{method}({string.Join(", ", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}) [{job}]";
    }

    /// <summary>BenchmarkDotNet's parameter string, "A=1&amp;B=x", as a dictionary.</summary>
    public static Dictionary<string, string> ParseParameters(string text) =>
        (text ?? string.Empty).Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : string.Empty, StringComparer.Ordinal);

    /// <summary>
    /// The job's id from BenchmarkDotNet's DisplayInfo, "Type.Method: Job(settings) [params]"; the full JSON has no
    /// field for it.
    /// </summary>
    public static string JobOf(string displayInfo)
    {
        ArgumentNullException.ThrowIfNull(displayInfo);
        int colon = displayInfo.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
        {
            return "Default";
        }

        string rest = displayInfo[(colon + 2)..];
        int end = rest.IndexOfAny(['(', ' ', '[']);
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>
    /// A job's id without its launch, and the launch: <c>Quick-L2</c> is launch 2 of <c>Quick</c>; an id without the
    /// suffix is launch 1.
    /// </summary>
    public static (string Job, int Launch) LaunchOf(string job)
    {
        ArgumentNullException.ThrowIfNull(job);
        int at = job.LastIndexOf(LaunchSeparator, StringComparison.Ordinal);
        return at > 0 && int.TryParse(job.AsSpan(at + LaunchSeparator.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int launch) && launch > 1
            ? (job[..at], launch)
            : (job, 1);
    }

    /// <summary>What separates a job's id from its launch (the suite's <c>Launches.Separator</c>).</summary>
    public const string LaunchSeparator = "-L";

    /// <summary>
    /// <paramref name="launches"/> of one case (the same key once each launch's suffix is gone) as one result: every
    /// value, each launch's kept apart, launch 1's shape statistics.
    /// </summary>
    public static BenchmarkResult Merge(IReadOnlyList<(BenchmarkResult Result, int Launch)> launches)
    {
        ArgumentNullException.ThrowIfNull(launches);
        var ordered = launches.OrderBy(l => l.Launch).ToList();
        var first = ordered[0].Result;
        return ordered.Count == 1 ? first : first with
        {
            Nanoseconds = [.. ordered.SelectMany(l => l.Result.Nanoseconds)],
            Launches = [.. ordered.Select(l => l.Result.Nanoseconds)],
        };
    }

    /// <summary>The parameter <paramref name="name"/>, or null.</summary>
    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>This case without the parameter <paramref name="name"/> (a new record: the key is computed again).</summary>
    public BenchmarkResult Without(string name) => new(Namespace, Type, Method,
        Parameters.Where(p => p.Key != name).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), Job, Nanoseconds, Skewness, Kurtosis)
    {
        Memory = Memory,
        Launches = Launches,
    };
}

/// <summary>
/// What BenchmarkDotNet's memory diagnoser counted: bytes allocated per operation, and garbage collections of each
/// generation per thousand operations.
/// </summary>
public sealed record MemoryUse(double BytesPerOperation, double Gen0PerThousand, double Gen1PerThousand, double Gen2PerThousand);
