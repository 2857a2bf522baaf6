using System.Text.Json;
using System.Text.Json.Serialization;
using Study.Reports.Comparison;

namespace Study.Reports.Output;

/// <summary>Writes a <see cref="ComparisonReport"/> as JSON: every figure it states, machine-readable.</summary>
public static class ComparisonJson
{
    /// <summary>
    /// How every JSON output of the study is written: indented, camel case, enums as words, NaN as "NaN" (a figure
    /// that could not be computed stays visible rather than vanishing).
    /// </summary>
    internal static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new ExecutorLabelJsonConverter() },
    };

    /// <summary>The report as JSON.</summary>
    public static string Write(ComparisonReport report) => JsonSerializer.Serialize(report, Options);
}
