using Study.Reports.Statistics;

namespace Study.Reports.Analysis;

/// <summary>
/// The task size above which the process pool beats threads under a GIL, with its interval (where the ratio's interval
/// bounds cross 1), in kernel iterations of this runtime, in µs of work, and in iterations of the other runtime;
/// <see cref="Summary"/> is the narrative's sentence on it.
/// </summary>
public sealed record Crossover(
    Runtime Runtime,
    ExecutorId Threads,
    ExecutorId Processes,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))] Lifetime Lifetime,
    IReadOnlyList<CrossoverPoint> Points,
    double? Iterations,
    double? IterationsLower,
    double? IterationsUpper,
    double? Microseconds,
    double? MicrosecondsLower,
    double? MicrosecondsUpper,
    double? OtherRuntimeIterations,
    string Summary)
{
    /// <summary>This runtime's kernel, ns an iteration, that turns iterations into time; null when not measured.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double? KernelNanoseconds { get; init; }
}

/// <summary>A task size of a sweep: the process pool's time against the GIL-bound threads'.</summary>
public sealed record CrossoverPoint(long Iterations, double WorkMicroseconds, Versus ProcessesVersusThreads);
