using Study.Kernel;
using Study.Reports.Analysis;
using Study.Reports.Output;
using Study.Reports.Results;

namespace Study.Tests.Reports.Analysis;

public sealed class ModelTests
{
    [Fact]
    public void SequentialCodeIsTheKernelTimesTheListsWork()
    {
        var cases = new InMemoryRun().DotNetKernel(0.5).Grid(Runtime.DotNet, ExecutorKind.Sequential, 1, WorkShape.Article, 1e9).Cases();
        var gridCase = Assert.Single(cases.Grid);

        var prediction = Model.Predict(gridCase, new Costs(cases), cases.Cores);

        Assert.NotNull(prediction);
        Assert.Equal(0.5 * WorkList.Create(WorkShape.Article).TotalWork, prediction.Compute, 6);
        Assert.Equal(prediction.Compute, prediction.Total, 6);
    }

    [Fact]
    public void GilBoundThreadsComputeTheWholeListOneAtATime()
    {
        var cases = new InMemoryRun().DotNetKernel(1)
            .Lifecycle(Runtime.DotNet, ExecutorKind.Threads, Suite.Methods.StartAll, 2, 1000)
            .Lifecycle(Runtime.DotNet, ExecutorKind.Threads, Suite.Methods.Shutdown, 2, 500)
            .Dispatch(Runtime.DotNet, ExecutorKind.Gil, Suite.Methods.MapChunk1, 10)
            .Grid(Runtime.DotNet, ExecutorKind.Gil, 2, WorkShape.Uniform, 1e9).Cases();
        var gridCase = Assert.Single(cases.Grid);
        double work = WorkList.Create(WorkShape.Uniform).TotalWork;

        var prediction = Model.Predict(gridCase, new Costs(cases), cases.Cores)!;

        Assert.Equal(work / 2, prediction.Compute, 3);
        Assert.Equal(work, prediction.Compute + prediction.Skew + prediction.Gil, 3);
        Assert.Equal(1000, prediction.StartUp);
        Assert.Equal(500, prediction.Shutdown);
        Assert.Equal(10.0 * gridCase.List.Items.Length, prediction.Dispatch, 6);
    }

    [Fact]
    public void TheMachinesSpeedScalesComputeAndNothingElse()
    {
        var cases = new InMemoryRun().DotNetKernel(1)
            .Lifecycle(Runtime.DotNet, ExecutorKind.Threads, Suite.Methods.StartAll, 2, 1000)
            .Lifecycle(Runtime.DotNet, ExecutorKind.Threads, Suite.Methods.Shutdown, 2, 500)
            .Dispatch(Runtime.DotNet, ExecutorKind.Threads, Suite.Methods.MapChunk1, 10)
            .Grid(Runtime.DotNet, ExecutorKind.Threads, 2, WorkShape.Article, 1e9).Cases();
        var gridCase = Assert.Single(cases.Grid);
        var inputs = Model.Inputs(gridCase, new Costs(cases));

        var normal = Model.Predict(gridCase, inputs, cases.Cores)!;
        var slow = Model.Predict(gridCase, inputs, cases.Cores, speed: 2)!;

        Assert.Equal(2 * (normal.Compute + normal.Skew + normal.Gil), slow.Compute + slow.Skew + slow.Gil, 3);
        Assert.Equal(normal.StartUp + normal.Dispatch + normal.Shutdown, slow.StartUp + slow.Dispatch + slow.Shutdown);
    }

    [Fact]
    public void ACaseWithoutAMeasuredCostIsNotPredictedAndTheCostIsNamed()
    {
        var cases = new InMemoryRun().Grid(Runtime.DotNet, ExecutorKind.Sequential, 1, WorkShape.Article, 1e9).Cases();
        var gridCase = Assert.Single(cases.Grid);

        var inputs = Model.Inputs(gridCase, new Costs(cases));

        Assert.Null(Model.Predict(gridCase, inputs, cases.Cores));
        Assert.Equal("kernel, .NET InProcess", Narrative.Name(inputs.Kernel.Key!));
        Assert.Null(inputs.Kernel.Cost);
        Assert.Contains(inputs.Kernel.Key!, new CostLedger().Record(inputs.All).Missing);
    }

    [Theory]
    [InlineData(2, 2, 4)] // the 4 on one worker while the other runs both 1s
    [InlineData(2, 1, 6)] // two workers share one core: all the work, one core
    [InlineData(3, 2, 4.5)] // three items on two cores: 1.5 each until the 1s end, then the 4's last 2.5 alone
    public void TheMakespanSchedulesInOrderOnTheFirstFreeWorker(int workers, int cores, double expected) =>
        Assert.Equal(expected, Model.Makespan([4, 1, 1], workers, cores), 9);
}
