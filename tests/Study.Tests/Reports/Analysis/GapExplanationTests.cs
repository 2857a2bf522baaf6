using Study.Reports.Analysis;
using Study.Reports.Statistics;

namespace Study.Tests.Reports.Analysis;

public sealed class GapExplanationTests
{
    private static readonly ExecutorId Fork = new(Runtime.CPython, ExecutorKind.Processes, StartMethod.Fork);
    private static readonly ExecutorId Threads = new(Runtime.CPython, ExecutorKind.Threads);

    [Fact]
    public void EachTermIsThePoolsCostLessTheThreads()
    {
        var article = new ArticleAnswer(5,
        [
            Time(Threads, 100, null),
            Time(Fork, 200, new Versus(2, 1.9, 2.1, Verdict.Slower)),
        ], []);
        var decomposition = new List<Decomposition>
        {
            new(Threads, Runtime.CPython, new Prediction(StartUp: 10, Dispatch: 5, Transfer: 0, Compute: 40, Skew: 0, Gil: 30, Shutdown: 5, Harness: 1), 100),
            new(Fork, Runtime.CPython, new Prediction(StartUp: 70, Dispatch: 15, Transfer: 0, Compute: 50, Skew: 10, Gil: 0, Shutdown: 25, Harness: 1), 200),
        };

        var explanation = Assert.Single(GapExplanation.Explain(article, decomposition));

        Assert.Equal(Fork, explanation.Pool);
        Assert.Equal(Threads, explanation.Threads);
        Assert.Equal(StartMethod.Fork, explanation.StartMethod);
        Assert.Equal(100, explanation.MeasuredGap);
        Assert.Equal(["Linux before Python 3.14"], explanation.Platforms);
        var terms = explanation.Terms.ToDictionary(t => t.Term, t => t.Nanoseconds);
        Assert.Equal(60, terms["start-up"]);
        Assert.Equal(20, terms["shutdown"]);
        Assert.Equal(10, terms["dispatch and IPC"]);
        Assert.Equal(10, terms["compute"]);
        Assert.Equal(10, terms["idle cores (skew)"]);
        Assert.Equal(-30, terms["the GIL"]);
    }

    [Fact]
    public void TheGapIsTheRatiosOwnDifferenceSoTheyAgreeInSign()
    {
        // Medians say the pool is faster (95 against 100); the Hodges–Lehmann ratio says 1.05× slower.
        var article = new ArticleAnswer(5,
        [
            Time(Threads, 100, null),
            Time(Fork, 95, new Versus(1.05, 1.01, 1.09, Verdict.Slower)),
        ], []);

        var explanation = Assert.Single(GapExplanation.Explain(article, []));

        Assert.Equal(5, explanation.MeasuredGap, 9);
    }

    [Fact]
    public void APoolWithoutItsRuntimesThreadsIsNotExplained()
    {
        var article = new ArticleAnswer(5, [Time(Fork, 200, new Versus(2, 1.9, 2.1, Verdict.Slower))], []);

        Assert.Empty(GapExplanation.Explain(article, []));
    }

    private static ExecutorTime Time(ExecutorId executor, double median, Versus? versusThreads) =>
        new(executor, executor.Runtime, new Timing(median, median, median, 5), versusThreads, null, null);
}
