using Study.Reports.Statistics;

namespace Study.Reports.Analysis;

/// <summary>
/// The stage that compares rivals: the grid's cases grouped by setting, each executor's time against the same runtime's
/// threads and sequential code in that setting, beside the model's prediction.
/// </summary>
internal static class CaseRows
{
    /// <summary>The rows of <paramref name="cases"/>' grid, in table order (runtime, shape, lifetime, API, chunks, workers).</summary>
    public static List<CaseRow> Of(StudyCases cases, Judgement judgement, IReadOnlyDictionary<GridCase, Prediction?> predictions)
    {
        var rows = new List<CaseRow>();
        foreach (var group in cases.Grid.GroupBy(c => (c.Executor.Runtime, c.Shape, c.Workers, c.Lifetime, c.Api, c.Chunksize))
            .OrderBy(g => g.Key.Runtime).ThenBy(g => g.Key.Shape).ThenBy(g => g.Key.Lifetime)
            .ThenBy(g => g.Key.Api).ThenBy(g => g.Key.Chunksize).ThenBy(g => g.Key.Workers))
        {
            var key = group.Key;
            var threads = group.FirstOrDefault(c => c.Executor.IsThreads);
            // Sequential code has one case a shape: cold, mapped, one worker; it serves every row of that shape.
            var sequential = cases.Grid.FirstOrDefault(c => c.Executor.Runtime == key.Runtime && c.Executor.IsSequential && c.Shape == key.Shape);
            var executors = group.OrderBy(c => c.Executor.Order).Select(c => new ExecutorTime(
                c.Executor,
                c.Executor.Runtime,
                Judgement.Time(c.Result.Nanoseconds),
                threads is null || threads == c ? null : judgement.Compare(c.Result, threads.Result),
                sequential is null || sequential == c ? null : judgement.Compare(c.Result, sequential.Result),
                predictions[c]?.Total)).ToList();
            rows.Add(new CaseRow(key.Runtime, key.Shape.ToString(), key.Workers, key.Lifetime, key.Api, key.Chunksize, executors));
        }

        return rows;
    }
}
