using System.Text.Json;
using System.Text.Json.Serialization;

namespace Study.Reports.Output;

/// <summary>Writes an executor into the JSON outputs as the report names it: one label a reader and a script both read.</summary>
internal sealed class ExecutorLabelJsonConverter : JsonConverter<ExecutorId>
{
    public override ExecutorId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("The study writes executors into its JSON outputs; it does not read them back.");

    public override void Write(Utf8JsonWriter writer, ExecutorId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Label());
}
