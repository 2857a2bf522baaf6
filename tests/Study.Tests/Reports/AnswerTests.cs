using Study.Reports.Output;

namespace Study.Tests.Reports;

/// <summary>*In short* as an answer: sentences computed from the run, which follow the figures when they change.</summary>
public sealed class AnswerTests
{
    private static readonly Func<System.Text.Json.Nodes.JsonNode, bool> ForkArticleCase =
        ReportFixture.Case("CPythonWorkListBenchmarks", "Executor=Processes", "StartMethod=Fork", "Shape=Article", "Lifetime=Cold", "Workers=5");

    [Fact]
    public void TheAnswerSaysWhichPoolReproducesTheArticleWhatItsGapIsAndWhichPlatformItFits()
    {
        using var fixture = new ReportFixture();

        var sentences = Answer.Sentences(ReportWriter.Write(fixture.Folder));

        // The fixture's run: spawn slower than threads, fork not.
        Assert.Contains(sentences, s => s.StartsWith("**CPython's process pool is slower than its threads on the article's list** (5 workers) with spawn", StringComparison.Ordinal)
            && s.Contains("With fork it is not", StringComparison.Ordinal));
        Assert.Contains(sentences, s => s.StartsWith("**The fastest way to run the article's case here** (5 workers, sequential code included): in CPython, processes (fork), 0.971×", StringComparison.Ordinal));
        Assert.Contains(sentences, s => s.StartsWith("**Why**, in CPython", StringComparison.Ordinal)
            && s.Contains("processes (spawn) +283 ms measured, +211 ms traced, mostly start-up +", StringComparison.Ordinal));
        Assert.DoesNotContain(sentences, s => s.StartsWith("The spawn pool takes", StringComparison.Ordinal)); // the model's terms give way to the traced calls
        Assert.Contains(sentences, s => s.StartsWith("No executor can beat **1.11×**", StringComparison.Ordinal));
        Assert.Contains(sentences, s => s.StartsWith("As printed, the list is 1.11·10¹⁰ iterations", StringComparison.Ordinal));
        Assert.Contains(sentences, s => s.Contains("spawn is the default on macOS from Python 3.8 and Windows", StringComparison.Ordinal)
            && s.Contains("fork is the default on Linux before Python 3.14", StringComparison.Ordinal)
            && s.Contains("The article's ordering fits spawn best", StringComparison.Ordinal));
    }

    [Fact]
    public void WhenTheForkPoolBecomesSlowerThanThreadsTheSentencesChange()
    {
        using var fixture = new ReportFixture();
        var before = Answer.Sentences(ReportWriter.Write(fixture.Folder));
        Assert.Equal(1, fixture.Scale(ForkArticleCase, 3));

        var after = Answer.Sentences(ReportWriter.Write(fixture.Folder));

        Assert.NotEqual(before, after);
        Assert.Contains(after, s => s.StartsWith("**CPython's process pool is slower than its threads on the article's list** (5 workers) with fork and spawn", StringComparison.Ordinal));
        Assert.DoesNotContain(after, s => s.Contains("it is not:", StringComparison.Ordinal));
        // The fork pool's traced call (a few ms over threads') does not show its new, scaled gap: it explains nothing.
        Assert.DoesNotContain(after, s => s.StartsWith("**Why**, in CPython", StringComparison.Ordinal) && s.Contains("processes (fork)", StringComparison.Ordinal));
        Assert.Contains(after, s => s.Contains("in CPython, threads", StringComparison.Ordinal));
        Assert.Contains(after, s => s.Contains("The article's ordering fits fork best", StringComparison.Ordinal));
    }

    [Fact]
    public void ARunWithoutTimelinesNamesTheModelsTermsAsNoSharesOfTheGap()
    {
        using var fixture = new ReportFixture();
        Directory.Delete(Path.Combine(fixture.Folder, "timelines"), recursive: true);

        var sentences = Answer.Sentences(ReportWriter.Write(fixture.Folder));

        Assert.DoesNotContain(sentences, s => s.StartsWith("**Why**", StringComparison.Ordinal));
        var spawn = Assert.Single(sentences, s => s.StartsWith("The spawn pool takes", StringComparison.Ordinal));
        Assert.Contains("need not sum to the gap", spawn, StringComparison.Ordinal);
        Assert.DoesNotContain("%", spawn, StringComparison.Ordinal);
        Assert.Contains(sentences, s => s.StartsWith("The fork pool takes", StringComparison.Ordinal) && s.Contains("less than threads", StringComparison.Ordinal));
    }

    [Fact]
    public void WhenNoPoolIsSlowerTheAnswerSaysTheArticlesOrderingDoesNotHold()
    {
        using var fixture = new ReportFixture();
        fixture.Scale(ReportFixture.Case("CPythonWorkListBenchmarks", "Executor=Processes", "Shape=Article", "Lifetime=Cold", "Workers=5"), 0.5);

        var sentences = Answer.Sentences(ReportWriter.Write(fixture.Folder));

        Assert.Contains(sentences, s => s.StartsWith("**Here the article's ordering does not hold**", StringComparison.Ordinal));
        Assert.Contains(sentences, s => s.Contains("No start method reproduces the article's ordering", StringComparison.Ordinal));
    }
}
