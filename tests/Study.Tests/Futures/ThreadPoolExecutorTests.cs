using Study.Futures;

namespace Study.Tests.Futures;

/// <summary>CPython's ThreadPoolExecutor tests that concern threads: reuse, naming, initializers.</summary>
public sealed class ThreadPoolExecutorTests
{
    [Fact(Timeout = 30_000)]
    public async Task IdleThreadsAreReused() => await OnThread.Run(() =>
    {
        using var executor = new ThreadPoolExecutor(8);
        for (int i = 0; i < 20; i++)
        {
            executor.Submit(WorkerProbes.Sleep, 0).GetResult();
            Thread.Sleep(1);
        }

        Assert.InRange(executor.ThreadCount, 1, 2);
    });

    [Fact(Timeout = 30_000)]
    public async Task ThreadsStartOnDemandUpToMaxWorkers() => await OnThread.Run(() =>
    {
        using var executor = new ThreadPoolExecutor(3);
        Assert.Equal(0, executor.ThreadCount);
        var futures = Enumerable.Range(0, 10).Select(_ => executor.Submit(WorkerProbes.Sleep, 20)).ToList();
        Future.Wait(futures);
        Assert.Equal(3, executor.ThreadCount);
    });

    [Fact(Timeout = 30_000)]
    public async Task ThreadsAreNamedAfterThePrefix() => await OnThread.Run(() =>
    {
        using var executor = new ThreadPoolExecutor(1, threadNamePrefix: "kernel");
        Assert.Equal("kernel_0", executor.Submit(() => Thread.CurrentThread.Name).GetResult());
    });

    [Fact(Timeout = 30_000)]
    public async Task TheInitializerRunsOnEveryWorkerThread() => await OnThread.Run(() =>
    {
        var initialized = new System.Collections.Concurrent.ConcurrentBag<int>();
        using var executor = new ThreadPoolExecutor(2, initializer: () => initialized.Add(Environment.CurrentManagedThreadId));
        var ids = Enumerable.Range(0, 4).Select(_ => executor.Submit(() =>
        {
            Thread.Sleep(50);
            return Environment.CurrentManagedThreadId;
        })).ToList().Select(f => f.GetResult()).ToHashSet();
        Assert.Subset(initialized.ToHashSet(), ids);
    });

    [Fact(Timeout = 30_000)]
    public async Task AFailingInitializerBreaksThePool() => await OnThread.Run(() =>
    {
        using var executor = new ThreadPoolExecutor(2, initializer: () => throw new InvalidOperationException("init"));
        var future = executor.Submit(WorkerProbes.Sleep, 1);
        Assert.Throws<BrokenThreadPoolException>(() => future.GetResult(TimeSpan.FromSeconds(5)));

        var error = Assert.Throws<BrokenThreadPoolException>(() => executor.Submit(WorkerProbes.Sleep, 1));
        Assert.Contains("initializer failed", error.Message, StringComparison.Ordinal);
    });

    [Fact(Timeout = 60_000)]
    public async Task NoCallIsLeftBehindASleepingWorker() => await OnThread.Run(() =>
    {
        // Four submitters, pauses that let workers fall asleep between bursts: a lost wake-up would time out here.
        using var executor = new ThreadPoolExecutor(3);
        var submitters = Enumerable.Range(0, 4).Select(seed => new Thread(() =>
        {
            var random = new Random(seed);
            for (int round = 0; round < 300; round++)
            {
                var burst = Enumerable.Range(0, random.Next(1, 8)).Select(_ => executor.Submit(Study.Kernel.SumKernel.Sum, 100L)).ToList();
                Assert.All(burst, f => Assert.Equal(5050, f.GetResult(TimeSpan.FromSeconds(10))));
                if (random.Next(4) == 0)
                {
                    Thread.Sleep(1);
                }
            }
        })).ToList();
        submitters.ForEach(t => t.Start());
        submitters.ForEach(t => t.Join());
    });

    [Fact(Timeout = 30_000)]
    public async Task ShutdownFromAWorkerDoesNotDeadlock() => await OnThread.Run(() =>
    {
        var executor = new ThreadPoolExecutor(1);
        var future = executor.Submit(() =>
        {
            executor.Shutdown(wait: true);
            return true;
        });
        Assert.True(future.GetResult(TimeSpan.FromSeconds(10)));
    });
}
