using BenchmarkDotNet.Attributes;
using Study.Reports.Comparison;
using Study.Reports.Publishing;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Benchmarks.Tools;

/// <summary>
/// How long <c>study publish</c> takes over the repository's committed <c>results/</c>: reading every run, building
/// each report, the histories, the machines side by side and the comparisons, and writing the site into a temporary
/// folder. The target: ≤ 10 s.
/// </summary>
[ColdJob]
[BenchmarkCategory(Categories.Tools)]
public class PublishBenchmarks
{
    private string _root = string.Empty;
    private string _site = string.Empty;

    /// <summary>Finds the committed results.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string repository = ResultsFolders.RepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException($"no repository above {AppContext.BaseDirectory}");
        _root = Path.Combine(repository, ResultsFolders.Root);
        _site = Path.Combine(Path.GetTempPath(), $"study-publish-{Guid.NewGuid():N}");
    }

    /// <summary>Removes the site.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_site))
        {
            Directory.Delete(_site, recursive: true);
        }
    }

    /// <summary>Publish the committed results (the site is replaced whole each time, as a user's second publish does).</summary>
    [Benchmark]
    public int PublishCommittedResults() => SitePublisher.Publish(_root, _site, [], new ComparisonSettings(), Judgement.Default).Pages;
}
