using Study.Futures;
using Study.Kernel;

namespace Study.Tests.Futures;

/// <summary>What every executor must do, from CPython's test_executor.py, test_shutdown.py and test_map.</summary>
public sealed class ExecutorContractTests
{
    public static TheoryData<ExecutorKind, WorkShape> ExecutorsAndShapes
    {
        get
        {
            var data = new TheoryData<ExecutorKind, WorkShape>();
            foreach (var executor in ExecutorKinds.DotNet)
            {
                foreach (var shape in Enum.GetValues<WorkShape>())
                {
                    data.Add(executor, shape);
                }
            }

            return data;
        }
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(ExecutorsAndShapes))]
    public async Task MapReturnsWhatSequentialReturnsForEveryShape(ExecutorKind name, WorkShape shape) => await OnThread.Run(() =>
    {
        var items = WorkList.Create(shape, scale: 1e-4).Items;
        using var sequential = new SequentialExecutor();
        var expected = sequential.Map(SumKernel.Sum, items).ToList();
        Assert.Equal(items.Select(SumKernel.ClosedForm), expected);

        using var executor = Executors.Create(name);
        Assert.Equal(expected, executor.Map(SumKernel.Sum, items).ToList());
        Assert.Equal(expected, executor.Map(SumKernel.Sum, items, chunksize: 3).ToList());
        Assert.Equal(expected, items.Select(n => executor.Submit(SumKernel.Sum, n)).ToList().Select(f => f.GetResult()));
    });

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.All), MemberType = typeof(Executors))]
    public async Task SubmitReturnsTheResult(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var executor = Executors.Create(name);
        Assert.Equal(SumKernel.ClosedForm(1000), executor.Submit(SumKernel.Sum, 1000L).GetResult());
        Assert.Equal(5, executor.Submit(WorkerProbes.Sleep, 5).GetResult());
        Assert.Equal(7L, executor.Submit(TestProbes.Divide, 21L, 3L).GetResult());
    });

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.All), MemberType = typeof(Executors))]
    public async Task AnExceptionInTheCallComesBackWithItsTypeAndMessage(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var executor = Executors.Create(name);
        var future = executor.Submit(TestProbes.Fail, "boom");
        var error = Assert.Throws<InvalidOperationException>(() => future.GetResult());
        Assert.Equal("boom", error.Message);
        Assert.IsType<InvalidOperationException>(future.GetException());
    });

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.All), MemberType = typeof(Executors))]
    public async Task MapRethrowsWhenTheFailingResultIsReached(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var executor = Executors.Create(name);
        using var results = executor.Map(TestProbes.Reciprocal, [1, 0, 2]).GetEnumerator();
        Assert.True(results.MoveNext());
        Assert.Equal(1000, results.Current);
        Assert.Throws<DivideByZeroException>(() => results.MoveNext());
    });

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.All), MemberType = typeof(Executors))]
    public async Task SubmitAfterShutdownIsRefused(ExecutorKind name) => await OnThread.Run(() =>
    {
        var executor = Executors.Create(name);
        executor.Shutdown();
        var error = Assert.Throws<InvalidOperationException>(() => executor.Submit(SumKernel.Sum, 1L));
        Assert.Equal("cannot schedule new futures after shutdown", error.Message);
        executor.Shutdown();
        executor.Dispose();
    });

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.All), MemberType = typeof(Executors))]
    public async Task ChunksizeMustBePositive(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var executor = Executors.Create(name);
        Assert.Throws<ArgumentOutOfRangeException>(() => executor.Map(SumKernel.Sum, [1L], chunksize: 0));
    });

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.Concurrent), MemberType = typeof(Executors))]
    public async Task MapTimesOut(ExecutorKind name) => await OnThread.Run(() =>
    {
        // A warm pool, and a second call that cannot end before the test lets it: the deadline alone decides.
        using var executor = Executors.Create(name, workers: 2);
        executor.Submit(WorkerProbes.Sleep, 0).GetResult();
        using var gate = new TemporaryFolder();
        string open = gate.Open("first"), shut = Path.Combine(gate.Path, "second");
        var results = executor.Map(WorkerProbes.WaitForFile, [open, shut], TimeSpan.FromSeconds(1));
        using var enumerator = results.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.Throws<TimeoutException>(() => enumerator.MoveNext());
        gate.Open("second");
        executor.Shutdown(wait: true); // the call has seen its file before the folder goes
    });

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.Concurrent), MemberType = typeof(Executors))]
    public async Task ShutdownWithCancelFuturesCancelsThePendingCalls(ExecutorKind name) => await OnThread.Run(() =>
    {
        var executor = Executors.Create(name, workers: 1);
        var running = executor.Submit(WorkerProbes.Sleep, 300);
        var pending = Enumerable.Range(0, 20).Select(_ => executor.Submit(WorkerProbes.Sleep, 100)).ToList();
        Assert.True(SpinWait.SpinUntil(() => running.IsRunning, TimeSpan.FromSeconds(10)));
        executor.Shutdown(wait: true, cancelFutures: true);
        Assert.Equal(300, running.GetResult());
        Assert.True(pending.Count(f => f.IsCancelled) >= 15, $"{pending.Count(f => f.IsCancelled)} of 20 cancelled");
        Assert.All(pending, f => Assert.True(f.IsDone));
    });

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.Concurrent), MemberType = typeof(Executors))]
    public async Task ShutdownWithWaitFinishesEveryPendingCall(ExecutorKind name) => await OnThread.Run(() =>
    {
        var executor = Executors.Create(name, workers: 2);
        var futures = Enumerable.Range(0, 6).Select(_ => executor.Submit(WorkerProbes.Sleep, 20)).ToList();
        executor.Shutdown(wait: true);
        Assert.All(futures, f => Assert.Equal(20, f.GetResult(TimeSpan.Zero)));
    });

    [Theory(Timeout = 30_000)]
    [InlineData(ExecutorKind.Threads)]
    [InlineData(ExecutorKind.Gil)]
    [InlineData(ExecutorKind.DotNet)]
    public async Task LeavingAMapEarlyCancelsTheCallsNotStarted(ExecutorKind name) => await OnThread.Run(() =>
    {
        int started = 0;
        var executor = Executors.Create(name, workers: 1);
        var results = executor.Map(
            n =>
            {
                Interlocked.Increment(ref started);
                return WorkerProbes.Sleep(n);
            },
            Enumerable.Repeat(30, 10));
        Assert.Equal(30, results.First());
        executor.Shutdown(wait: true);
        Assert.InRange(started, 1, 3);
    });

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.Concurrent), MemberType = typeof(Executors))]
    public async Task WaitAndAsCompletedWorkOnAnExecutorsFutures(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var executor = Executors.Create(name);
        var slow = executor.Submit(WorkerProbes.Sleep, 500);
        var fast = executor.Submit(WorkerProbes.Sleep, 1);
        var first = Future.Wait([slow, fast], TimeSpan.FromSeconds(10), ReturnWhen.FirstCompleted);
        Assert.Contains(fast, first.Done);
        Assert.Contains(slow, first.NotDone);
        Assert.Equal([fast, slow], Future.AsCompleted([slow, fast], TimeSpan.FromSeconds(10)));
    });

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.Concurrent), MemberType = typeof(Executors))]
    public async Task ConcurrentCallsRunAtTheSameTime(ExecutorKind name) => await OnThread.Run(() =>
    {
        // Two calls that return only once both are inside (a rendezvous, which waits without the GIL model's lock):
        // they finish only if two workers run them at the same time.
        using var executor = Executors.Create(name, workers: 2);
        using var rendezvous = new TemporaryFolder();
        var futures = new[] { executor.Submit(WorkerProbes.Rendezvous, rendezvous.Path, 2), executor.Submit(WorkerProbes.Rendezvous, rendezvous.Path, 2) };
        Assert.Empty(Future.Wait(futures, TimeSpan.FromSeconds(25)).NotDone);
        Assert.All(futures, f => Assert.Equal(2, f.GetResult()));
    });

    [Fact]
    public void MaxWorkersMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadPoolExecutor(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GilThreadPoolExecutor(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DotNetThreadPoolExecutor(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProcessPoolExecutor(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProcessPoolExecutor(new ProcessPoolOptions { MaxTasksPerChild = 0 }));
    }

    [Fact]
    public void DefaultMaxWorkersFollowCPython()
    {
        using var threads = new ThreadPoolExecutor();
        using var processes = new ProcessPoolExecutor();
        Assert.Equal(Math.Min(32, Environment.ProcessorCount + 4), threads.MaxWorkers);
        Assert.Equal(Environment.ProcessorCount, processes.MaxWorkers);
    }
}
