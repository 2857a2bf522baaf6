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

    /// <summary>The kernel's speed, in this process and inside each worker build.</summary>
    public const string Kernel = "Kernel";

    /// <summary>Equal tasks from about 1 µs to 100 ms each: where processes start to beat threads.</summary>
    public const string Sweep = "Sweep";

    /// <summary>Calls that block, as I/O does, with a little kernel work: the article's claim that threads suit I/O.</summary>
    public const string Io = "Io";

    /// <summary>CPython itself, through the driver: the article's own program beside the .NET reproduction.</summary>
    public const string CPython = "CPython";

    /// <summary>The study's own tools: how fast a comparison of two runs is.</summary>
    public const string Tools = "Tools";

    /// <summary>The study itself: work lists through executors, as the article runs them.</summary>
    public const string Study = "Study";
}
