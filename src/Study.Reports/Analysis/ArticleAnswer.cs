namespace Study.Reports.Analysis;

/// <summary>The article's question for this machine: its list, mapped, cold, with <see cref="Workers"/> workers.</summary>
public sealed record ArticleAnswer(int Workers, IReadOnlyList<ExecutorTime> Executors, IReadOnlyList<string> Findings);
