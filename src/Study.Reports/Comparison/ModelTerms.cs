using Study.Reports.Results;

namespace Study.Reports.Comparison;

/// <summary>
/// Why two machines differ: the costs the study's model is built from (kernel speed, start-up per worker count,
/// dispatch, round trip, shutdown), side by side, where both runs measured them.
/// </summary>
public static class ModelTerms
{
    /// <summary>The terms found in both runs, by name.</summary>
    public static List<ModelTerm> Compare(ResultSet baseline, ResultSet diff)
    {
        var b = Terms(baseline);
        var d = Terms(diff);
        return [.. b.Keys.Where(d.ContainsKey).Order(StringComparer.Ordinal).Select(term => new ModelTerm(term, b[term], d[term], d[term] / b[term]))];
    }

    private static Dictionary<string, double> Terms(ResultSet results)
    {
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var benchmark in results.Benchmarks)
        {
            string? name = (benchmark.Type, benchmark.Method) switch
            {
                ("KernelBenchmarks", "Sum1E7") => $"kernel, ns/iteration, {benchmark.Parameter("Site")}",
                ("CPythonHarnessBenchmarks", "Kernel1E6") => "kernel, ns/iteration, CPython",
                ("CPythonHarnessBenchmarks", "Ping") => "harness round trip, CPython driver",
                ("PoolLifecycleBenchmarks", "StartAll") => $"start {benchmark.Parameter("Workers")} workers, {benchmark.Parameter("Executor")}",
                ("PoolLifecycleBenchmarks", "Shutdown") => $"shut down {benchmark.Parameter("Workers")} workers, {benchmark.Parameter("Executor")}",
                ("CPythonLifecycleBenchmarks", "StartAll") => $"start {benchmark.Parameter("Workers")} workers, CPython {Python(benchmark)}",
                ("DispatchBenchmarks", "Batch") => $"dispatch per call in a batch, {benchmark.Parameter("Executor")}",
                ("DispatchBenchmarks", "RoundTrip") => $"round trip, {benchmark.Parameter("Executor")}",
                ("CPythonOverheadBenchmarks", "Batch") => $"dispatch per call in a batch, CPython {Python(benchmark)}",
                ("CPythonOverheadBenchmarks", "RoundTrip") => $"round trip, CPython {Python(benchmark)}",
                ("ProcessStartFloorBenchmarks", "StartAndExit") => $"process start and exit, {benchmark.Parameter("Program")}",
                _ => null,
            };
            if (name is not null)
            {
                terms.TryAdd(name, benchmark.Median);
            }
        }

        return terms;
    }

    private static string Python(BenchmarkResult benchmark) =>
        benchmark.Parameter("StartMethod") is { } method && method != "None"
            ? $"{benchmark.Parameter("Executor")?.ToLowerInvariant()} ({method.ToLowerInvariant()})"
            : benchmark.Parameter("Executor")?.ToLowerInvariant() ?? string.Empty;
}
