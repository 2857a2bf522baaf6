using Study.Kernel;
using Study.Reports.Comparison;
using Study.Reports.Output;
using Study.Reports.Results;
using Study.Tests.Reports.Analysis;

namespace Study.Tests.Reports;

public sealed class ReproducibilityTests
{
    [Fact]
    public void TwoRunsThatAgreeReproduceEveryHeadlineAnswer()
    {
        var reproducibility = Reproducibility.Of(Run(processes: 200e6), Run(processes: 202e6));

        Assert.NotNull(reproducibility);
        var answer = Assert.Single(reproducibility.Answers);
        Assert.Equal(HeadlineKind.ArticleCase, answer.Kind);
        Assert.Equal(new ExecutorId(Runtime.DotNet, ExecutorKind.ProcessesJit), answer.Executor);
        Assert.True(answer.Reproduced);
        Assert.Equal("1 of 1 headline answers reproduced (intervals overlap, and no verdict is faster in one run and slower in the other).", Narrative.Reproducibility(reproducibility));
    }

    [Fact]
    public void AnAnswerThatMovedBeyondItsIntervalIsNamed()
    {
        var reproducibility = Reproducibility.Of(Run(processes: 200e6), Run(processes: 120e6))!;

        Assert.Equal(0, reproducibility.Reproduced);
        string line = Narrative.Reproducibility(reproducibility);
        Assert.Contains("not reproduced: .NET processes (JIT worker) against threads, the article's case", line, StringComparison.Ordinal);
        Assert.Contains("(the intervals are apart)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAnswerMeasuredInOneRunOnlyDidNotReproduce()
    {
        var reproducibility = Reproducibility.Of(Run(processes: 200e6), Run(processes: null))!;

        var answer = Assert.Single(reproducibility.Answers);
        Assert.False(answer.Reproduced);
        Assert.Contains("in one run only", Narrative.Reproducibility(reproducibility), StringComparison.Ordinal);
    }

    [Fact]
    public void RunsOfAnotherSuiteHaveNoHeadlineAnswers()
    {
        var foreign = ResultSet.InMemory([new BenchmarkResult("Other.Suite", "Serializer", "Write", new Dictionary<string, string>(), "Job", [1, 2, 3], 0, 3)], new Dictionary<string, string>());

        Assert.Null(Reproducibility.Of(foreign, foreign));
    }

    /// <summary>The article's case in .NET: threads at 100 ms, the JIT pool at <paramref name="processes"/> (null: not run).</summary>
    private static ResultSet Run(double? processes)
    {
        var run = new InMemoryRun().Grid(Runtime.DotNet, ExecutorKind.Threads, 5, WorkShape.Article, 100e6);
        if (processes is { } time)
        {
            run.Grid(Runtime.DotNet, ExecutorKind.ProcessesJit, 5, WorkShape.Article, time);
        }

        return run.Build();
    }
}
