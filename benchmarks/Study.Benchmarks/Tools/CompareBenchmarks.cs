using BenchmarkDotNet.Attributes;
using Study.Reports.Comparison;
using Study.Reports.Results;

namespace Study.Benchmarks.Tools;

/// <summary>
/// How long <c>study compare</c> takes on two runs of 1 000 benchmarks of 15 iterations each: reading both folders'
/// JSON and comparing them (statistics, gaps, model terms), without writing the output. Issue 11's target: ≤ 2 s.
/// </summary>
[ColdJob]
[BenchmarkCategory(Categories.Tools)]
public class CompareBenchmarks
{
    private string _base = string.Empty;
    private string _diff = string.Empty;

    /// <summary>Writes the two synthetic runs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        int count = Profiles.Current == Profile.Dry ? 10 : 1_000;
        var random = new Random(11);
        _base = SyntheticResults.Folder(Enumerable.Range(0, count).Select(i => Case(random, i, 1.0)));
        _diff = SyntheticResults.Folder(Enumerable.Range(0, count).Select(i => Case(random, i, i % 10 == 0 ? 1.2 : 1.0)));
    }

    /// <summary>Removes the two runs.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        Directory.Delete(_base, recursive: true);
        Directory.Delete(_diff, recursive: true);
    }

    /// <summary>Load both runs and compare them.</summary>
    [Benchmark]
    public int LoadAndCompare() => Comparer.Compare(ResultSet.Load(_base), ResultSet.Load(_diff), new ComparisonSettings()).Benchmarks.Count;

    private static SyntheticResults.Entry Case(Random random, int i, double factor) => new(
        "Synthetic", SyntheticResults.Name(i), $"Executor={(i % 2 == 0 ? "Threads" : "Processes")}&Size={i / 2}", "Job",
        SyntheticResults.Lognormal(random, 1000 * (1 + (i % 50)) * factor, 0.03, 15));
}
