using System.Text.Json.Serialization;
using Study.Kernel;
using Study.Reports.Statistics;

namespace Study.Reports.Analysis;

/// <summary>One setting of the grid (runtime, shape, workers, lifetime, API, chunks), every executor measured in it.</summary>
public sealed record CaseRow(
    Runtime Runtime,
    string Shape,
    int Workers,
    [property: JsonConverter(typeof(JsonStringEnumConverter))] Lifetime Lifetime,
    [property: JsonConverter(typeof(JsonStringEnumConverter))] Api Api,
    int Chunksize,
    IReadOnlyList<ExecutorTime> Executors)
{
    /// <summary>Whether this is the article's setting: its list, mapped, cold, one item a call.</summary>
    [JsonIgnore]
    public bool IsArticleSetting => Enum.TryParse<WorkShape>(Shape, out var shape) && GridCase.IsArticleSetting(shape, Lifetime, Api, Chunksize);
}

/// <summary>One executor's time in a case, against the same runtime's thread pool and sequential code.</summary>
public sealed record ExecutorTime(ExecutorId Executor, Runtime Runtime, Timing Time, Versus? VersusThreads, Versus? VersusSequential, double? Predicted);
