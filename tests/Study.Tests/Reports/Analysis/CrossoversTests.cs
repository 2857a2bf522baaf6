using Study.Reports.Analysis;
using Study.Reports.Statistics;

namespace Study.Tests.Reports.Analysis;

public sealed class CrossoversTests
{
    [Fact]
    public void TheCrossoverIsWhereTheRatioFallsThroughOneInLogLog()
    {
        // Processes 4× the threads' time at 10³ iterations a task, a quarter at 10⁵: log(ratio) falls linearly in
        // log(size) through 0 at 10⁴.
        var run = new InMemoryRun().CPythonKernel(20)
            .Sweep(Runtime.CPython, ExecutorKind.Threads, 1_000, 1e6).Sweep(Runtime.CPython, ExecutorKind.Threads, 100_000, 1e8)
            .Sweep(Runtime.CPython, ExecutorKind.Processes, 1_000, 4e6, StartMethod.Fork).Sweep(Runtime.CPython, ExecutorKind.Processes, 100_000, 2.5e7, StartMethod.Fork);
        var cases = run.Cases();

        var (crossovers, inputs) = Crossovers.Find(cases, new Costs(cases), Judgement.Default);

        var crossover = Assert.Single(crossovers);
        Assert.Equal(new ExecutorId(Runtime.CPython, ExecutorKind.Processes, StartMethod.Fork), crossover.Processes);
        Assert.Equal(ExecutorId.GilBoundThreads(Runtime.CPython), crossover.Threads);
        Assert.InRange(crossover.Iterations!.Value, 0.95e4, 1.05e4);
        Assert.InRange(crossover.Microseconds!.Value, 0.95 * 200, 1.05 * 200); // 10⁴ iterations at 20 ns
        Assert.Contains(inputs, i => i.Key == new CostKey(CostKind.Kernel, Runtime.CPython) && i.Cost is not null);
    }

    [Fact]
    public void ProcessesThatNeverWinHaveNoCrossover()
    {
        var cases = new InMemoryRun().DotNetKernel(1)
            .Sweep(Runtime.DotNet, ExecutorKind.Gil, 1_000, 1e6).Sweep(Runtime.DotNet, ExecutorKind.Gil, 100_000, 1e8)
            .Sweep(Runtime.DotNet, ExecutorKind.ProcessesJit, 1_000, 4e6).Sweep(Runtime.DotNet, ExecutorKind.ProcessesJit, 100_000, 2e8).Cases();

        var (crossovers, _) = Crossovers.Find(cases, new Costs(cases), Judgement.Default);

        var crossover = Assert.Single(crossovers);
        Assert.Null(crossover.Iterations);
        Assert.Equal(ExecutorKind.Gil, crossover.Threads.Kind);
    }
}
