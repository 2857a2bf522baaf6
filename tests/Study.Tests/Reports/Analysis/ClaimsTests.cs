using Study.Reports.Analysis;
using Study.Reports.Output;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Tests.Reports.Analysis;

public sealed class ClaimsTests
{
    private const int Io = 5; // the claim that threads suit I/O-bound work, last of the six

    [Fact]
    public void ThreadsSuitIoIsConfirmedWhenThreadsBeatSequentialCodeAndNoPoolBeatsThreads()
    {
        var cases = new InMemoryRun()
            .Add(Suite.Types.IoBound, Suite.Methods.Run, 80e6, (Suite.Parameters.Executor, ExecutorKind.Sequential), (Suite.Parameters.Workers, 1))
            .Add(Suite.Types.IoBound, Suite.Methods.Run, 10e6, (Suite.Parameters.Executor, ExecutorKind.Threads), (Suite.Parameters.Workers, 8))
            .Add(Suite.Types.IoBound, Suite.Methods.Run, 30e6, (Suite.Parameters.Executor, ExecutorKind.ProcessesJit), (Suite.Parameters.Workers, 8)).Cases();

        var claims = ClaimEvidence.Write(Claims.Check(cases, new Dictionary<GridCase, Prediction?>(), [], Judgement.Default, 5));

        Assert.Equal(6, claims.Count);
        Assert.Equal(ClaimVerdict.Confirmed, claims[Io].Verdict);
        Assert.Contains(".NET processes (JIT worker)", claims[Io].Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void AClaimWithoutItsMeasurementIsNotMeasured()
    {
        var cases = new InMemoryRun().DotNetKernel(1).Cases();

        var claims = Claims.Check(cases, new Dictionary<GridCase, Prediction?>(), [], Judgement.Default, 5);

        Assert.All(claims, c => Assert.Equal(ClaimVerdict.NotMeasured, c.Verdict));
        Assert.All(claims, c => Assert.Null(c.Facts));
    }
}
