using System.Text.Json.Nodes;
using Study.Reports.Analysis;
using Study.Reports.Output;
using Study.Reports.Statistics;

namespace Study.Tests.Reports;

/// <summary>The report's transport comparison: pipes against shared memory, the same calls, read from the run.</summary>
public sealed class TransportTests
{
    [Fact]
    public void ARunWithoutTheSharedMemoryPoolHasNoTransportSectionOrSentence()
    {
        using var fixture = new ReportFixture();

        var report = ReportWriter.Write(fixture.Folder);

        Assert.Null(report.Transport);
        Assert.DoesNotContain(ReportDocument.InShortPoints(report), s => s.Contains("transport", StringComparison.Ordinal));
    }

    [Fact]
    public void TheTransportIsWhatTheSameCallsStopCostingThroughSharedMemory()
    {
        using var fixture = new ReportFixture();
        AddSharedMemoryPool(fixture, factor: 0.25);

        var report = ReportWriter.Write(fixture.Folder);

        var batch = Assert.IsType<TransportCall>(report.Transport?.Call(TransportComparison.Batch));
        Assert.Equal(0.75, batch.Share, 3);
        Assert.True(batch.SharedMemoryVersusPipes.Verdict.IsFaster());
        Assert.Contains(ReportDocument.InShortPoints(report), s => s.StartsWith("Of .NET's process pool's cost a call, the transport is **75 %** of a call in a batch", StringComparison.Ordinal)
            && s.Contains("and **75 %** of a round trip", StringComparison.Ordinal));
        string markdown = File.ReadAllText(Path.Combine(fixture.Folder, "report.md"));
        Assert.Contains("### The dispatch term, decomposed: the pool's work and the transport", markdown, StringComparison.Ordinal);
        Assert.Contains("| a call in a batch |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenSharedMemoryIsNoFasterTheSentenceSaysSoInsteadOfAShare()
    {
        using var fixture = new ReportFixture();
        AddSharedMemoryPool(fixture, factor: 1.5);

        var report = ReportWriter.Write(fixture.Folder);

        Assert.Contains(ReportDocument.InShortPoints(report), s => s.StartsWith("Of .NET's process pool's cost a call, the transport is none of a call in a batch (shared memory ", StringComparison.Ordinal)
            && s.Contains("and none of a round trip (", StringComparison.Ordinal) && s.Contains(": slower)", StringComparison.Ordinal));
    }

    /// <summary>Every dispatch case of the AOT pipe pool again, as the shared-memory pool's, <paramref name="factor"/> times its times.</summary>
    private static void AddSharedMemoryPool(ReportFixture fixture, double factor)
    {
        var root = JsonNode.Parse(File.ReadAllText(fixture.JsonFile))!;
        var benchmarks = root["Benchmarks"]!.AsArray();
        foreach (var pipes in benchmarks.Where(b => (string?)b!["Type"] == "DispatchBenchmarks" && (string?)b["Parameters"] == "Executor=ProcessesAot").ToList())
        {
            var shared = JsonNode.Parse(pipes!.ToJsonString().Replace("ProcessesAot", "ProcessesAotShm", StringComparison.Ordinal))!;
            foreach (var measurement in shared["Measurements"]!.AsArray())
            {
                measurement!["Nanoseconds"] = measurement["Nanoseconds"]!.GetValue<double>() * factor;
            }

            benchmarks.Add(shared);
        }

        File.WriteAllText(fixture.JsonFile, root.ToJsonString());
    }
}
