using System.Security.Cryptography;
using System.Text;

namespace Study.Reports.Comparison;

/// <summary>
/// What makes two runs' raw times comparable: the machine and software that set the speed, and what was run (CPU
/// model, the cores the run could use and any <c>--cpus</c> limit, architecture, OS and kernel, .NET runtime and GC
/// mode, Python's version and build, profile and scale). Volatile readings (the clock, the machine's load, the canary)
/// are not in it: they are shown beside it. Two runs with one fingerprint ran on the same machine set up the same way.
/// </summary>
/// <param name="Id">A short hash of <paramref name="Fields"/>, to tell fingerprints apart at a glance.</param>
/// <param name="Fields">Each fingerprint field the run recorded, by name.</param>
public sealed record Fingerprint(string Id, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>The fields, as env.json names them (BenchmarkDotNet's own host fields for a foreign run).</summary>
    public static IReadOnlyList<string> FieldNames { get; } =
    [
        "cpuModel", "cores", "cpuLimit", "architecture", "os", "runtime", "gcMode",
        "pythonImplementation", "pythonVersion", "pythonFreeThreaded", "pythonGilEnabled", "profile", "dotNetScale", "pythonScale",
    ];

    /// <summary>The fingerprint of a run's environment: the fields it records with a value (an empty or null one is none).</summary>
    public static Fingerprint Of(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var fields = FieldNames.Where(name => environment.TryGetValue(name, out var value) && value is { Length: > 0 } && value != "null")
            .ToDictionary(name => name, name => environment[name], StringComparer.Ordinal);
        string text = string.Join('\n', fields.Select(field => $"{field.Key}={field.Value}"));
        return new Fingerprint(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12], fields);
    }

    /// <summary>
    /// The fields whose values differ from <paramref name="other"/>'s. A field only one run records is not counted: a
    /// run written before env.json had it, or a run without a <c>--cpus</c> limit, says nothing of it. The cores the
    /// runs could use are always recorded, so a limit that changed them shows there.
    /// </summary>
    public IReadOnlyList<string> DifferencesFrom(Fingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return [.. FieldNames.Where(name => Fields.TryGetValue(name, out var mine) && other.Fields.TryGetValue(name, out var theirs) && mine != theirs)];
    }
}
