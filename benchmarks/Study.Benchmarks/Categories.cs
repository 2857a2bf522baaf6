namespace Study.Benchmarks;

/// <summary>Benchmark categories, for <c>--anyCategories</c>. Never rename one: results are compared by them.</summary>
public static class Categories
{
    /// <summary>What one call costs an executor beyond the call itself.</summary>
    public const string Overhead = "Overhead";

    /// <summary>The cost of creating a pool, up to its first result.</summary>
    public const string Startup = "Startup";

    /// <summary>What the platform itself costs: the floors under the executors' overheads.</summary>
    public const string Floor = "Floor";

    /// <summary>The study itself: work lists through executors, as the article runs them.</summary>
    public const string Study = "Study";
}
