using Study.Reports.Comparison;
using Study.Reports.Output;
using Study.Reports.Results;
using Study.Tests.Reports.Analysis;

namespace Study.Tests.Reports;

public sealed class HostCharacterTests
{
    [Fact]
    public void AHostWhoseWakeUpsGotFourTimesCheaperIsNotTheSameMachine()
    {
        var report = Comparer.Compare(Run(pipe: 24e3), Run(pipe: 6e3), new ComparisonSettings());

        var moved = Assert.Single(report.Host!.Changed);
        Assert.Equal(HostCost.WakeProcessByPipe, moved.Cost);
        Assert.False(report.SameMachine);
        Assert.Empty(report.FingerprintDifferences);
        string markdown = ComparisonDocument.Markdown(report);
        Assert.Contains("hosts of different character: waking another process through pipes cost 4.0× less in diff (24 µs → 6 µs)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void FloorsThatMoveLessThanTwofoldKeepOneMachine()
    {
        var report = Comparer.Compare(Run(pipe: 24e3), Run(pipe: 18e3), new ComparisonSettings());

        Assert.Empty(report.Host!.Changed);
        Assert.True(report.SameMachine);
        Assert.DoesNotContain("hosts of different character", ComparisonDocument.Markdown(report), StringComparison.Ordinal);
    }

    [Fact]
    public void RunsWithoutFloorsSayNothingOfTheHost()
    {
        var run = new InMemoryRun().DotNetKernel(1).Build();

        Assert.Null(Comparer.Compare(run, run, new ComparisonSettings()).Host);
    }

    /// <summary>A run with every floor: the pipes' at <paramref name="pipe"/> ns, the others fixed.</summary>
    private static ResultSet Run(double pipe) => new InMemoryRun()
        .Add(Suite.Types.PipeFloor, Suite.Methods.PingPong, pipe)
        .Add(Suite.Types.SharedMemoryFloor, Suite.Methods.PingPong, 20e3, (Suite.Parameters.Wait, Suite.Waits.Block))
        .Add(Suite.Types.ProcessStartFloor, Suite.Methods.StartAndExit, 1e6, (Suite.Parameters.Program, "true"))
        .Add(Suite.Types.ThreadPoolFloor, Suite.Methods.UnsafeQueueUserWorkItem, 300)
        .Build();
}
