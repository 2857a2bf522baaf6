namespace Study.Reports.Analysis;

/// <summary>
/// What the measured kernel speeds imply about the article's own figures: its list, the best speed-up any executor
/// could reach on it, how long it takes as written, and what list size would give its 0.20 s.
/// </summary>
public sealed record ArticleArithmetic(
    long TotalIterations,
    double LargestShare,
    double BestSpeedup,
    double? CPythonNanosecondsPerIteration,
    double? CPythonSequentialSeconds,
    double? ScaleForArticleThreads,
    double? DotNetNanosecondsPerIteration,
    double? DotNetSequentialSeconds);
