using Study.Reports.Results;

namespace Study.Reports.Comparison;

/// <summary>
/// Why two machines differ: the costs the study's model is built from (kernel speed, start-up per worker count,
/// dispatch, round trip, shutdown), side by side, where both runs measured them.
/// </summary>
internal static class ModelTerms
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
                (Suite.Types.Kernel, Suite.Methods.Kernel) => $"kernel, ns/iteration, {benchmark.Parameter(Suite.Parameters.Site)}",
                (Suite.Types.CPythonHarness, Suite.Methods.CPythonKernel) => "kernel, ns/iteration, CPython",
                (Suite.Types.CPythonHarness, Suite.Methods.Ping) => "harness round trip, CPython driver",
                (Suite.Types.Lifecycle, Suite.Methods.StartAll) => $"start {benchmark.Parameter(Suite.Parameters.Workers)} workers, {benchmark.Parameter(Suite.Parameters.Executor)}",
                (Suite.Types.Lifecycle, Suite.Methods.Shutdown) => $"shut down {benchmark.Parameter(Suite.Parameters.Workers)} workers, {benchmark.Parameter(Suite.Parameters.Executor)}",
                (Suite.Types.CPythonLifecycle, Suite.Methods.StartAll) => $"start {benchmark.Parameter(Suite.Parameters.Workers)} workers, CPython {Python(benchmark)}",
                (Suite.Types.Dispatch, Suite.Methods.Batch) => $"dispatch per call in a batch, {benchmark.Parameter(Suite.Parameters.Executor)}",
                (Suite.Types.Dispatch, Suite.Methods.RoundTrip) => $"round trip, {benchmark.Parameter(Suite.Parameters.Executor)}",
                (Suite.Types.CPythonOverhead, Suite.Methods.Batch) => $"dispatch per call in a batch, CPython {Python(benchmark)}",
                (Suite.Types.CPythonOverhead, Suite.Methods.RoundTrip) => $"round trip, CPython {Python(benchmark)}",
                (Suite.Types.ProcessStartFloor, Suite.Methods.StartAndExit) => $"process start and exit, {benchmark.Parameter(Suite.Parameters.Program)}",
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
        benchmark.Parameter(Suite.Parameters.StartMethod) is { } method && method != nameof(StartMethod.None)
            ? $"{benchmark.Parameter(Suite.Parameters.Executor)?.ToLowerInvariant()} ({method.ToLowerInvariant()})"
            : benchmark.Parameter(Suite.Parameters.Executor)?.ToLowerInvariant() ?? string.Empty;
}
