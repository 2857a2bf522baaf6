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
public static class GapView
{
    private static readonly string[] Baselines = ["Threads", "Sequential"];

    /// <summary>The gaps of every case found in both runs.</summary>
    public static List<GapComparison> Compare(ResultSet baseline, ResultSet diff, ComparisonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var baseGaps = Gaps(baseline);
        var diffGaps = Gaps(diff);
        var result = new List<GapComparison>();
        foreach (var (key, b) in baseGaps)
        {
            if (!diffGaps.TryGetValue(key, out var d))
            {
                continue;
            }

            // The change of the gap, with an interval from both gaps' intervals (independent runs: half-widths of the
            // logs add in quadrature).
            double change = d.Ratio / b.Ratio;
            double spread = Math.Sqrt(Square(HalfWidth(b)) + Square(HalfWidth(d)));
            double lower = change * Math.Exp(-spread), upper = change * Math.Exp(spread);
            // The report's reading of an interval against the threshold, so that no verdict contradicts its interval.
            var verdict = double.IsFinite(spread) ? new Judgement(settings.Threshold, settings.Alpha).Read(lower, upper) : Verdict.Unknown;
            result.Add(new GapComparison(key.Case, key.Against, b.Ratio, d.Ratio, change, lower, upper, verdict));
        }

        return result;

        static double HalfWidth(RatioInterval interval) => (Math.Log(interval.Upper) - Math.Log(interval.Lower)) / 2;

        static double Square(double x) => x * x;
    }

    private static Dictionary<(string Case, string Against), RatioInterval> Gaps(ResultSet results)
    {
        var gaps = new Dictionary<(string, string), RatioInterval>();
        var withExecutor = results.Benchmarks.Where(b => b.Parameter("Executor") is not null).ToList();
        foreach (var against in Baselines)
        {
            var references = withExecutor.Where(b => b.Parameter("Executor") == against).ToList();
            foreach (var benchmark in withExecutor.Where(b => b.Parameter("Executor") != against))
            {
                var reference = references.FirstOrDefault(r => SameCase(r, benchmark, against == "Sequential"));
                if (reference is not null)
                {
                    gaps[(benchmark.Title, against)] = Estimates.Ratio(benchmark.Nanoseconds, reference.Nanoseconds);
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
