using Study.Reports.Analysis;
using Study.Reports.Output;
using Study.Reports.Results;

namespace Study.Tests.Reports.Analysis;

public sealed class CostsTests
{
    private static readonly ExecutorId Threads = new(Runtime.DotNet, ExecutorKind.Threads);

    [Fact]
    public void StartUpIsLinearInTheWorkerCountBetweenMeasuredCounts()
    {
        var costs = new Costs(new InMemoryRun()
            .Lifecycle(Runtime.DotNet, ExecutorKind.Threads, Suite.Methods.StartAll, 2, 200)
            .Lifecycle(Runtime.DotNet, ExecutorKind.Threads, Suite.Methods.StartAll, 8, 800).Cases());

        var five = costs.StartUp(Threads, 5);

        Assert.Equal(500, five.Cost!.Nanoseconds, 6);
        Assert.StartsWith("interpolated at 5 workers between 2 and 8", five.Cost.Source, StringComparison.Ordinal);
        Assert.Equal(200, costs.StartUp(Threads, 2).Cost!.Nanoseconds, 6);
        Assert.Equal(0, costs.StartUp(Threads, 0).Cost!.Nanoseconds);
        Assert.Null(costs.StartUp(Threads, 0).Key);
    }

    [Fact]
    public void TheGilModelStartsAsTheThreadPoolDoesAndSaysSo()
    {
        var costs = new Costs(new InMemoryRun().Lifecycle(Runtime.DotNet, ExecutorKind.Threads, Suite.Methods.StartAll, 2, 200).Cases());

        var gil = costs.StartUp(new ExecutorId(Runtime.DotNet, ExecutorKind.Gil), 2);

        Assert.Equal(200, gil.Cost!.Nanoseconds, 6);
        Assert.Equal(new ExecutorId(Runtime.DotNet, ExecutorKind.Gil), gil.Cost.StandsInFor);
        Assert.EndsWith("standing in for .NET threads + GIL model", Narrative.Source(gil.Cost), StringComparison.Ordinal);
    }

    [Fact]
    public void LookingACostUpChangesNothingAndTheLedgerGathersWhatWasRead()
    {
        var costs = new Costs(new InMemoryRun().Lifecycle(Runtime.DotNet, ExecutorKind.Threads, Suite.Methods.StartAll, 2, 200).Cases());

        var first = costs.StartUp(Threads, 2);
        var again = costs.StartUp(Threads, 2);
        var missing = costs.Shutdown(Threads, 2);
        var ledger = new CostLedger().Record([first, again, missing]);

        Assert.Equal(first, again);
        Assert.Equal(["start-up, .NET threads, 2 workers"], ledger.Used.Keys.Select(Narrative.Name));
        Assert.Equal(["shutdown, .NET threads, 2 workers"], Narrative.Names(ledger.Missing));
    }

    [Fact]
    public void AChunkedMapCostsAMessageAndAnItem()
    {
        var processes = new ExecutorId(Runtime.DotNet, ExecutorKind.ProcessesAot);
        var costs = new Costs(new InMemoryRun()
            .Dispatch(Runtime.DotNet, ExecutorKind.ProcessesAot, Suite.Methods.MapChunk1, 100)
            .Dispatch(Runtime.DotNet, ExecutorKind.ProcessesAot, Suite.Methods.MapChunk100, 10).Cases());

        // m₁ = chunk + item = 100, m₁₀₀ = chunk / 100 + item = 10: chunk = 9000 / 99, item = 100 − chunk.
        double chunk = 90 * 100 / 99.0, item = 100 - chunk;

        Assert.Equal((chunk / 10) + item, costs.DispatchPerItem(processes, Api.Map, 10).Cost!.Nanoseconds, 6);
        Assert.Equal(100, costs.DispatchPerItem(processes, Api.Map, 1).Cost!.Nanoseconds, 6);
    }

    [Fact]
    public void CPythonsSpawnPoolDispatchesAsItsForkPoolOnceStarted()
    {
        var costs = new Costs(new InMemoryRun().Dispatch(Runtime.CPython, ExecutorKind.Processes, Suite.Methods.MapChunk1, 300, StartMethod.Fork).Cases());

        var spawn = costs.DispatchPerItem(new ExecutorId(Runtime.CPython, ExecutorKind.Processes, StartMethod.Spawn), Api.Map, 1);

        Assert.Equal(300, spawn.Cost!.Nanoseconds, 6);
        Assert.EndsWith("standing in for CPython processes (spawn)", Narrative.Source(spawn.Cost), StringComparison.Ordinal);
    }
}
