using Study.Reports.Analysis;
using Study.Reports.Results;

namespace Study.Reports.Advising;

/// <summary>A workload put to <c>study advise</c> in a report: what it is, the command, and what it answered.</summary>
public sealed record WorkedExample(string Title, string Command, string Verdict, string? Why);

/// <summary>
/// The report's worked examples: a workload of tiny tasks, one of mid-sized tasks, and the article's own list as the
/// article runs it (unscaled), each advised from the run itself, in the article's runtime when the run measured it.
/// </summary>
public static class WorkedExamples
{
    /// <summary>The examples: a title, and the workload on a machine of so many cores.</summary>
    public static IReadOnlyList<(string Title, Func<int, RuntimeChoice, WorkloadSpec> Workload)> Workloads { get; } =
    [
        ("Tiny tasks", (cores, runtime) => new([TaskSizes.Parse("20us", 20_000)], cores, Warm: false, runtime)),
        ("Mid-sized tasks", (cores, runtime) => new([TaskSizes.Parse("2ms", 500)], cores, Warm: false, runtime)),
        ("The article's list, unscaled", (_, runtime) => new([.. Study.Kernel.WorkList.ArticleItems.Select(n => new TaskSize(n, false, 1))], 5, Warm: false, runtime)),
    ];

    /// <summary>
    /// Each example advised from <paramref name="results"/>; an example the run cannot predict (a dry run without a
    /// cost) is left out.
    /// </summary>
    public static IReadOnlyList<WorkedExample> Of(ResultSet results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var cases = new StudyCases(results);
        var runtime = new RuntimeChoice(cases.Get(Suite.Types.CPythonHarness, Suite.Methods.CPythonKernel).Count > 0 ? Runtime.CPython : Runtime.DotNet);
        string folder = FolderArgument(results.Source);
        var examples = new List<WorkedExample>();
        foreach (var (title, workload) in Workloads)
        {
            var spec = workload(cases.Cores, runtime);
            try
            {
                var advice = Advisor.Advise(results, spec);
                examples.Add(new WorkedExample(
                    $"{title}: {AdviceText.Describe(advice.Workload)}",
                    $"./run.sh advise {folder} {string.Join(' ', AdviceText.Arguments(spec))}",
                    AdviceText.Verdict(advice),
                    AdviceText.Why(advice)));
            }
            catch (ResultsException)
            {
                // A run without the costs this example needs: the report says nothing of it.
            }
        }

        return examples;
    }

    /// <summary>A run's source as <c>study advise</c> takes it: <c>results/m/stamp</c>, <c>results/m/stamp@3.14</c>.</summary>
    internal static string FolderArgument(string source) => source.Replace("/@", "@", StringComparison.Ordinal).TrimEnd('/');
}
