
namespace Study.Reports.Analysis;

/// <summary>The stage that answers the article's question: its case at its worker count, every executor of both runtimes.</summary>
internal static class ArticleCase
{
    /// <summary>The article's worker count, <c>min(10, len(WORK_LIST))</c>.</summary>
    public const int Workers = 5;

    /// <summary>The article's case from <paramref name="rows"/>; no executor when the run lacks it. Its findings are the narrative's.</summary>
    public static ArticleAnswer Answer(List<CaseRow> rows)
    {
        var articleRows = rows.Where(r => r.IsArticleSetting).ToList();
        int workers = articleRows.Any(r => r.Workers == Workers) ? Workers
            : articleRows.Select(r => r.Workers).DefaultIfEmpty(0).Max();
        var executors = new List<ExecutorTime>();
        foreach (var row in articleRows.Where(r => r.Workers == workers))
        {
            executors.AddRange(row.Executors);
        }

        // Sequential code runs with one worker only: add it beside the others, set against the threads of this row
        // (the threads' own comparison with it, turned round), not against one-worker threads.
        if (workers != 1)
        {
            var sequential = articleRows.Where(r => r.Workers == 1).SelectMany(r => r.Executors)
                .Where(e => e.Executor.IsSequential)
                .Select(e => e with
                {
                    VersusThreads = executors.FirstOrDefault(t => t.Runtime == e.Runtime && t.Executor.IsThreads)?.VersusSequential?.Inverse(),
                })
                .ToList();
            executors.InsertRange(0, sequential);
        }

        return new ArticleAnswer(workers, executors, []);
    }
}
