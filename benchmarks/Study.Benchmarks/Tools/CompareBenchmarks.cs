using BenchmarkDotNet.Attributes;
using Study.Reports.Comparison;
using Study.Reports.Results;

namespace Study.Benchmarks.Tools;

/// <summary>
/// How long <c>study compare</c> takes on runs of 1 000 benchmarks of 15 iterations each: reading the folders' JSON
/// and comparing them (statistics, gaps, model terms), without writing the output; two runs, and three at once (the
/// matrix). The targets: ≤ 2 s each.
/// </summary>
[ColdJob]
[BenchmarkCategory(Categories.Tools)]
public class CompareBenchmarks
{
    private string _base = string.Empty;
    private string _diff = string.Empty;
    private string _third = string.Empty;

    /// <summary>Writes the two synthetic runs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        int count = Profiles.Current == Profile.Dry ? 10 : 1_000;
        var random = new Random(11);
        _base = SyntheticResults.Folder(Enumerable.Range(0, count).Select(i => Case(random, i, 1.0)));
        _diff = SyntheticResults.Folder(Enumerable.Range(0, count).Select(i => Case(random, i, i % 10 == 0 ? 1.2 : 1.0)));
        _third = SyntheticResults.Folder(Enumerable.Range(0, count).Select(i => Case(random, i, i % 7 == 0 ? 0.8 : 1.0)));
    }

    /// <summary>Removes the two runs.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        Directory.Delete(_base, recursive: true);
        Directory.Delete(_diff, recursive: true);
        Directory.Delete(_third, recursive: true);
    }

    /// <summary>Load both runs and compare them.</summary>
    [Benchmark]
    public int LoadAndCompare() => Comparer.Compare(ResultSet.Load(_base), ResultSet.Load(_diff), new ComparisonSettings()).Benchmarks.Count;

    /// <summary>Load three runs and compare the later two with the first: the matrix and the gap matrix.</summary>
    [Benchmark]
    public int LoadAndCompareThree() =>
        RunMatrix.Compare([ResultSet.Load(_base), ResultSet.Load(_diff), ResultSet.Load(_third)], new ComparisonSettings()).Benchmarks.Count;

    private static SyntheticResults.Entry Case(Random random, int i, double factor) => new(
        "Synthetic", SyntheticResults.Name(i), $"Executor={(i % 2 == 0 ? "Threads" : "Processes")}&Size={i / 2}", "Job",
        SyntheticResults.Lognormal(random, 1000 * (1 + (i % 50)) * factor, 0.03, 15));
}
