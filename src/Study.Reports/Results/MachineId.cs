using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Study.Reports.Results;

/// <summary>
/// A stable, readable name for this machine: CPU model, core count, OS, e.g. <c>amd-epyc-2c-linux</c>.
/// Results of one machine go under <c>results/&lt;machine-id&gt;/</c>.
/// </summary>
public static partial class MachineId
{
    /// <summary>The id of the machine this runs on.</summary>
    public static string Current { get; } = Create(CpuModel(), Environment.ProcessorCount, Os());

    /// <summary>Builds an id from its parts.</summary>
    public static string Create(string cpuModel, int cores, string os) =>
        string.Create(CultureInfo.InvariantCulture, $"{Slug(cpuModel)}-{cores}c-{os}");

    /// <summary>The CPU's model name, or "cpu" where the OS does not say.</summary>
    public static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            string? line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        return Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") ?? "cpu";
    }

    private static string Os() =>
        OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos"
        : RuntimeInformation.OSDescription.Split(' ')[0].ToLowerInvariant();

    /// <summary>Keeps the words that name the model: no vendor marks, clock speeds or "processor".</summary>
    private static string Slug(string model)
    {
        string text = NoiseRegex().Replace(model.ToLowerInvariant(), " ");
        var words = WordRegex().Matches(text).Select(m => m.Value).Take(4);
        string slug = string.Join('-', words);
        return slug.Length == 0 ? "cpu" : slug;
    }

    [GeneratedRegex(@"\((r|tm)\)|\bcpu\b|\bprocessor\b|\b\d+(\.\d+)?\s*ghz\b|@|\bwith\b.*$|\b\d+-core\b")]
    private static partial Regex NoiseRegex();

    [GeneratedRegex("[a-z0-9]+")]
    private static partial Regex WordRegex();
}
