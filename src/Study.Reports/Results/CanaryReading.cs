using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Study.Reports.Results;

/// <summary>
/// One reading of the machine's speed, taken just before or just after a benchmark case's measured iterations: the
/// study's kernel on every core (<see cref="DotNet"/>), the same on one thread (<see cref="DotNetThread"/>), or CPython's
/// own kernel in a driver (<see cref="CPython"/>), in ns per iteration. The suite appends one line of JSON a reading to <see cref="FileName"/> in the results folder; the
/// report and <c>study compare</c> read it back with <see cref="Load"/>.
/// </summary>
public sealed record CanaryReading(
    DateTimeOffset Time,
    string Namespace,
    string Type,
    string Method,
    string Parameters,
    string Job,
    string Phase,
    string Runtime,
    double NanosecondsPerIteration)
{
    /// <summary>The file of a results folder that holds the readings, one JSON object a line.</summary>
    public const string FileName = "canary.jsonl";

    /// <summary>The phase of a reading taken before the measured iterations.</summary>
    public const string Before = "before";

    /// <summary>The phase of a reading taken after them.</summary>
    public const string After = "after";

    /// <summary>The runtime of a reading of the .NET kernel on every core.</summary>
    public const string DotNet = "dotnet";

    /// <summary>The runtime of a reading of the .NET kernel on one thread (older runs have none).</summary>
    public const string DotNetThread = "dotnet-thread";

    /// <summary>The runtime of a reading of CPython's kernel, in a driver of its own.</summary>
    public const string CPython = "cpython";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>How the report names the canary of <paramref name="runtime"/>.</summary>
    public static string Describe(string runtime) => runtime switch
    {
        CPython => "CPython's kernel, one thread",
        DotNetThread => "the kernel on one thread",
        _ => "the kernel on every core",
    };

    /// <summary>The benchmark case it belongs to, as <see cref="BenchmarkResult.Key"/> names it (every launch of it).</summary>
    [JsonIgnore]
    public string CaseKey => BenchmarkResult.KeyOf(Namespace, Type, Method, BenchmarkResult.ParseParameters(Parameters), BenchmarkResult.LaunchOf(Job).Job);

    /// <summary>Which launch of its case it was read around (1 for most cases).</summary>
    [JsonIgnore]
    public int Launch => BenchmarkResult.LaunchOf(Job).Launch;

    /// <summary>
    /// Appends <paramref name="reading"/> to <paramref name="path"/> as one line. One write of one short line in append
    /// mode: a run that is killed loses at most the reading it was writing, never an earlier one.
    /// </summary>
    public static void Append(string path, CanaryReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        byte[] line = JsonSerializer.SerializeToUtf8Bytes(reading, Json);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write([.. line, (byte)'\n']);
    }

    /// <summary>
    /// The readings of a results folder (or of the folder of a JSON file), in time order; empty when it has none, as a
    /// run from before the canary has not. A line that does not parse (the last one of a killed run) is skipped.
    /// </summary>
    public static IReadOnlyList<CanaryReading> Load(string path)
    {
        string folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        string file = Path.Combine(folder, FileName);
        if (!File.Exists(file))
        {
            return [];
        }

        var readings = new List<CanaryReading>();
        foreach (string line in File.ReadLines(file))
        {
            try
            {
                if (line.Length > 0 && JsonSerializer.Deserialize<CanaryReading>(line, Json) is { Type: not null } reading
                    && double.IsFinite(reading.NanosecondsPerIteration) && reading.NanosecondsPerIteration > 0)
                {
                    readings.Add(reading);
                }
            }
            catch (JsonException)
            {
                // A torn last line: the reading it held is lost, the others stand.
            }
        }

        return [.. readings.OrderBy(r => r.Time)];
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Time:HH:mm:ss} {Runtime} {Phase} {Type}.{Method} {NanosecondsPerIteration:0.###} ns");
}
