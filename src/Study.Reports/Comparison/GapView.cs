using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Comparison;

/// <summary>
/// The gap, compared: within each machine, each executor's time relative to the thread pool and to sequential code
/// for the same case (every other parameter equal; sequential code has no workers or lifetime, so its one case per
/// shape serves), then those ratios compared across machines. A faster machine leaves a gap unchanged; a change in
/// concurrency overhead moves it. Applies to any benchmark with an <c>Executor</c> parameter whose values include
/// <c>Threads</c> or <c>Sequential</c>: the .NET grid and CPython's alike.
/// </summary>
internal static class GapView
{
    /// <summary>The executors a gap is taken against, as any suite's <c>Executor</c> parameter names them.</summary>
    private static readonly string[] Baselines = [nameof(ExecutorKind.Threads), nameof(ExecutorKind.Sequential)];

    /// <summary>
    /// The gaps of every case found in both runs: matched by every parameter, and then, for the cases left over, by role:
    /// a case run at "the machine's cores" workers (env.json's cores) meets its counterpart at the other machine's core
    /// count, so a 1-core and a 2-core run compare their shapes at 1 and at 2 workers. Such a match says so.
    /// </summary>
    public static List<GapComparison> Compare(ResultSet baseline, ResultSet diff, ComparisonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(settings);
        var baseGaps = Gaps(baseline);
        var diffGaps = Gaps(diff);
        var diffByKey = diffGaps.ToDictionary(g => (g.Benchmark.Title, g.Against));
        var matched = new HashSet<(string, string)>();
        var result = new List<GapComparison>();
        var leftOver = new List<Gap>();
        foreach (var b in baseGaps)
        {
            if (diffByKey.TryGetValue((b.Benchmark.Title, b.Against), out var d))
            {
                matched.Add((d.Benchmark.Title, d.Against));
                result.Add(Changed(b.Benchmark.Title, b, d, settings, role: null));
            }
            else
            {
                leftOver.Add(b);
            }
        }

        if (Cores(baseline) is int baseCores && Cores(diff) is int diffCores && baseCores != diffCores)
        {
            var candidates = diffGaps.Where(d => !matched.Contains((d.Benchmark.Title, d.Against)) && Workers(d.Benchmark) == diffCores).ToList();
            foreach (var b in leftOver.Where(b => Workers(b.Benchmark) == baseCores))
            {
                if (candidates.FirstOrDefault(d => d.Against == b.Against && SameButWorkers(b.Benchmark, d.Benchmark)) is { } d)
                {
                    candidates.Remove(d);
                    result.Add(Changed(b.Benchmark.Title, b, d, settings, role: $"workers = the machine's cores: {baseCores} in base, {diffCores} in diff"));
                }
            }
        }

        return result;
    }

    private static GapComparison Changed(string title, Gap b, Gap d, ComparisonSettings settings, string? role)
    {
        // The change of the gap, with an interval from both gaps' intervals (independent runs: half-widths of the
        // logs add in quadrature).
        double change = d.Ratio.Ratio / b.Ratio.Ratio;
        double spread = Math.Sqrt(Square(HalfWidth(b.Ratio)) + Square(HalfWidth(d.Ratio)));
        double lower = change * Math.Exp(-spread), upper = change * Math.Exp(spread);
        // The report's reading of an interval against the threshold, so that no verdict contradicts its interval.
        var verdict = double.IsFinite(spread) ? new Judgement(settings.Threshold, settings.Alpha).Read(lower, upper) : Verdict.Unknown;
        return new GapComparison(title, b.Against, b.Ratio.Ratio, d.Ratio.Ratio, change, lower, upper, verdict)
        {
            BaseLower = b.Ratio.Lower, BaseUpper = b.Ratio.Upper, DiffLower = d.Ratio.Lower, DiffUpper = d.Ratio.Upper, MatchedByRole = role,
            Parameters = b.Benchmark.Parameters,
        };

        static double HalfWidth(RatioInterval interval) => (Math.Log(interval.Upper) - Math.Log(interval.Lower)) / 2;

        static double Square(double x) => x * x;
    }

    private static int? Cores(ResultSet results) =>
        results.Environment.TryGetValue("cores", out var text) && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out int cores) ? cores : null;

    private static int? Workers(BenchmarkResult benchmark) =>
        int.TryParse(benchmark.Parameter(Suite.Parameters.Workers), System.Globalization.CultureInfo.InvariantCulture, out int workers) ? workers : null;

    private static bool SameButWorkers(BenchmarkResult a, BenchmarkResult b) =>
        a.Namespace == b.Namespace && a.Type == b.Type && a.Method == b.Method && a.Job == b.Job
        && a.Parameters.Count == b.Parameters.Count
        && a.Parameters.All(p => p.Key == Suite.Parameters.Workers || b.Parameter(p.Key) == p.Value);

    /// <summary>One case's gap within one run: the benchmark, what it is against, and the ratio with its interval.</summary>
    private sealed record Gap(BenchmarkResult Benchmark, string Against, RatioInterval Ratio);

    private static List<Gap> Gaps(ResultSet results)
    {
        var gaps = new List<Gap>();
        var withExecutor = results.Benchmarks.Where(b => b.Parameter(Suite.Parameters.Executor) is not null).ToList();
        foreach (var against in Baselines)
        {
            var references = withExecutor.Where(b => b.Parameter(Suite.Parameters.Executor) == against).ToList();
            foreach (var benchmark in withExecutor.Where(b => b.Parameter(Suite.Parameters.Executor) != against))
            {
                var reference = references.FirstOrDefault(r => SameCase(r, benchmark, against == nameof(ExecutorKind.Sequential)));
                if (reference is not null)
                {
                    gaps.Add(new Gap(benchmark, against, Estimates.Ratio(benchmark.Nanoseconds, reference.Nanoseconds)));
                }
            }
        }

        return gaps;
    }

    private static bool SameCase(BenchmarkResult reference, BenchmarkResult benchmark, bool sequential)
    {
        if (reference.Namespace != benchmark.Namespace || reference.Type != benchmark.Type || reference.Method != benchmark.Method || reference.Job != benchmark.Job)
        {
            return false;
        }

        string[] free = sequential ? ["Executor", "Workers", "Lifetime", "Api", "Chunksize", "StartMethod"] : ["Executor", "StartMethod"];
        return benchmark.Parameters.Where(p => !free.Contains(p.Key)).All(p => reference.Parameter(p.Key) == p.Value)
            && (!sequential || reference.Parameter("Workers") is null or "1");
    }
}
