using Study.Futures;
using Study.Kernel;

namespace Study.Tests;

public sealed class SmokeTests
{
    [Theory(Timeout = 30_000)]
    [InlineData(WorkerBuild.Jit)]
    [InlineData(WorkerBuild.NativeAot)]
    public async Task ProcessPoolMapsTheKernel(WorkerBuild build) => await Task.Run(() =>
    {
        using var pool = new ProcessPoolExecutor(2, build);
        var items = new long[] { 1, 10, 100, 1000, 100_000 };
        var results = pool.Map(SumKernel.Sum, items).ToList();
        Assert.Equal(items.Select(SumKernel.ClosedForm), results);
    });
}
