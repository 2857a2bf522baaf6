using Study.Reports.Output;
using Study.Reports.Statistics;

namespace Study.Reports.Analysis;

/// <summary>The stage that answers the article's question: its case at its worker count, every executor of both runtimes.</summary>
internal static class ArticleCase
{
    /// <summary>The article's case from <paramref name="rows"/>; what it lacks goes to <paramref name="missing"/>.</summary>
    public static ArticleAnswer Answer(List<CaseRow> rows, Judgement judgement, List<string> missing)
    {
        var articleRows = rows.Where(r => r.IsArticleSetting).ToList();
        int workers = articleRows.Any(r => r.Workers == ReportBuilder.ArticleWorkers) ? ReportBuilder.ArticleWorkers
            : articleRows.Select(r => r.Workers).DefaultIfEmpty(0).Max();
        var executors = new List<ExecutorTime>();
        var findings = new List<string>();
        foreach (var row in articleRows.Where(r => r.Workers == workers))
        {
            executors.AddRange(row.Executors);
        }

        // Sequential code runs with one worker only: add it beside the others.
        if (workers != 1)
        {
            var sequential = articleRows.Where(r => r.Workers == 1).SelectMany(r => r.Executors)
                .Where(e => e.Executor.IsSequential).ToList();
            executors.InsertRange(0, sequential);
        }

        if (executors.Count == 0)
        {
            missing.Add("the article's case (the article's list, mapped, cold): its question is not answered");
            return new ArticleAnswer(workers, executors, findings);
        }

        foreach (var runtime in Enum.GetValues<Runtime>())
        {
            var own = executors.Where(e => e.Runtime == runtime).ToList();
            var threads = own.FirstOrDefault(e => e.Executor.IsThreads);
            if (threads is null || own.Count < 2)
            {
                continue;
            }

            var fastest = own.OrderBy(e => e.Time.Median).First();
            var against = own.Where(e => e.VersusThreads is not null).Select(e =>
                $"{e.Executor.Label()} takes {Output.Format.Ratio(e.VersusThreads!.Ratio)} the threads' time, {Output.Format.Interval(e.VersusThreads.Lower, e.VersusThreads.Upper)}: {e.VersusThreads.Word()}");
            findings.Add($"{runtime.Name()}: the fastest is {fastest.Executor.Label()} ({Output.Format.Time(fastest.Time.Median)}); {string.Join("; ", against)}.");
        }

        return new ArticleAnswer(workers, executors, findings);
    }
}
