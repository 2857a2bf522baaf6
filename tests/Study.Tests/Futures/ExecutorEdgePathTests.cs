using System.Runtime.CompilerServices;
using Study.Futures;
using Study.Kernel;

namespace Study.Tests.Futures;

/// <summary>
/// The edge paths where a port can hang or leak and CPython does not: waits inside calls, shutdown from callbacks,
/// cancellation, dropped pools, memory held after a call, and CPython 3.14's map(buffersize).
/// </summary>
public sealed class ExecutorEdgePathTests
{
    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task ShutdownWithWaitFromADoneCallbackReturns(ExecutorKind name) => await OnThread.Run(() =>
    {
        var pool = Executors.Create(name, workers: 1);
        using var returned = new ManualResetEventSlim();
        var future = pool.Submit(WorkerProbes.Sleep, 10);
        future.AddDoneCallback(_ =>
        {
            pool.Shutdown(wait: true);
            returned.Set();
        });
        Assert.True(returned.Wait(TimeSpan.FromSeconds(10)));
        pool.Shutdown(wait: true);
    });

    [Theory(Timeout = 30_000)]
    [InlineData(ExecutorKind.Threads)]
    [InlineData(ExecutorKind.Gil)]
    [InlineData(ExecutorKind.DotNet)]
    public async Task ShutdownWithWaitFromInsideACallReturns(ExecutorKind name) => await OnThread.Run(() =>
    {
        var pool = Executors.Create(name, workers: 2);
        var future = pool.Submit(() =>
        {
            pool.Shutdown(wait: true);
            return 1;
        });
        Assert.Equal(1, future.GetResult(TimeSpan.FromSeconds(10)));
        pool.Shutdown(wait: true);
    });

    [Fact(Timeout = 30_000)]
    public async Task AGilCallMayWaitForAnotherCallOfItsPool() => await OnThread.Run(() =>
    {
        using var pool = new GilThreadPoolExecutor(2);
        var outer = pool.Submit(() => pool.Submit(SumKernel.Sum, 100_000L).GetResult());
        Assert.Equal(SumKernel.ClosedForm(100_000), outer.GetResult(TimeSpan.FromSeconds(20)));
        var viaWait = pool.Submit(() => Future.Wait([pool.Submit(SumKernel.Sum, 1000L)]).Done.Count);
        Assert.Equal(1, viaWait.GetResult(TimeSpan.FromSeconds(20)));
    });

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.Concurrent), MemberType = typeof(Executors))]
    public async Task ShutdownWithCancelFuturesWakesWaiters(ExecutorKind name) => await OnThread.Run(() =>
    {
        var pool = Executors.Create(name, workers: 1);
        var busy = pool.Submit(WorkerProbes.Sleep, 500);
        // Running before the shutdown, or cancel_futures cancels it too: a pool that had not yet picked it up (the
        // shared thread pool on a loaded machine) failed this test once.
        Assert.True(SpinWait.SpinUntil(() => busy.IsRunning, TimeSpan.FromSeconds(10)), "the busy call did not start");
        var queued = Enumerable.Range(0, 10).Select(_ => pool.Submit(WorkerProbes.Sleep, 1)).ToList();
        var waiting = Blocked.Run(() => Future.Wait(queued));
        var completing = Blocked.Run(() => Future.AsCompleted(queued).Count());
        pool.Shutdown(wait: false, cancelFutures: true);

        Assert.True(waiting.Wait(TimeSpan.FromSeconds(10)), "wait() did not return");
        Assert.True(completing.Wait(TimeSpan.FromSeconds(10)), "as_completed() did not finish");
        Assert.Equal(10, completing.Result);
        pool.Shutdown(wait: true);
        Assert.Equal(500, busy.GetResult());
    });

    [Fact(Timeout = 30_000)]
    public async Task AnInitializerThatFailsAfterShutdownBeganDoesNotSwallowTheSentinel() => await OnThread.Run(() =>
    {
        int started = 0;
        var pool = new ThreadPoolExecutor(2, initializer: () =>
        {
            if (Interlocked.Increment(ref started) == 1)
            {
                Thread.Sleep(300);
                return;
            }

            Thread.Sleep(100);
            throw new InvalidOperationException("second thread");
        });
        var futures = Enumerable.Range(0, 2).Select(_ => pool.Submit(WorkerProbes.Sleep, 1)).ToList();
        var disposing = Task.Run(pool.Dispose);
        Assert.True(disposing.Wait(TimeSpan.FromSeconds(10)), "Dispose did not return");
        Assert.All(futures, f => Assert.True(f.IsDone));
    });

    [Fact(Timeout = 30_000)]
    public async Task ACallbackOfACancelledFutureMayWaitForACallThatSubmits() => await OnThread.Run(() =>
    {
        var pool = new ThreadPoolExecutor(1);
        using var started = new ManualResetEventSlim();
        using var queuedAndShuttingDown = new ManualResetEventSlim();
        var running = pool.Submit(() =>
        {
            started.Set();
            queuedAndShuttingDown.Wait();
            try
            {
                pool.Submit(WorkerProbes.Sleep, 1);
            }
            catch (InvalidOperationException)
            {
                // Shut down meanwhile, as expected.
            }

            return 1;
        });
        started.Wait();
        var queued = pool.Submit(WorkerProbes.Sleep, 1);
        queued.AddDoneCallback(_ => running.GetResult());
        var shutdown = Blocked.Run(() =>
        {
            pool.Shutdown(wait: true, cancelFutures: true);
            return true;
        });
        queuedAndShuttingDown.Set();
        Assert.True(shutdown.Wait(TimeSpan.FromSeconds(10)), "a callback under the pool's lock deadlocked");
        Assert.True(queued.IsCancelled);
    });

    [Fact(Timeout = 30_000)]
    public async Task VeryLongTimeoutsWaitInsteadOfFailing() => await OnThread.Run(() =>
    {
        foreach (var timeout in new[] { TimeSpan.FromDays(200), TimeSpan.MaxValue })
        {
            var future = new Future<int>();
            var waiting = Blocked.Run(() => future.GetResult(timeout));
            future.SetResult(3);
            Assert.True(waiting.Wait(TimeSpan.FromSeconds(10)), "the wait did not return");
            Assert.Equal(3, waiting.Result);
        }
    });

    [Fact(Timeout = 60_000)]
    public async Task NoSubmitRacingShutdownRunsAfterShutdownReturned() => await OnThread.Run(() =>
    {
        int late = 0;
        for (int round = 0; round < 300; round++)
        {
            var pool = new DotNetThreadPoolExecutor(2);
            bool returned = false;
            var submitter = new Thread(() =>
            {
                try
                {
                    while (true)
                    {
                        pool.Submit(() => Volatile.Read(ref returned) ? Interlocked.Increment(ref late) : 0);
                    }
                }
                catch (InvalidOperationException)
                {
                    // Shut down.
                }
            });
            submitter.Start();
            Thread.SpinWait(2000);
            pool.Shutdown(wait: true);
            Volatile.Write(ref returned, true);
            submitter.Join();
        }

        Thread.Sleep(100);
        Assert.Equal(0, Volatile.Read(ref late));
    });

    [Theory(Timeout = 30_000)]
    [InlineData(ExecutorKind.Sequential)]
    [InlineData(ExecutorKind.Threads)]
    [InlineData(ExecutorKind.Gil)]
    [InlineData(ExecutorKind.DotNet)]
    public async Task AFinishedFutureDoesNotKeepItsArgumentAlive(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = Executors.Create(name);
        var (future, argument) = SubmitWithTrackedArgument(pool);
        future.GetResult();
        Thread.Sleep(50);
        Assert.False(Collection.IsAliveAfterCollection(argument), "the argument outlived its call");
        GC.KeepAlive(future);
    });

    [Theory(Timeout = 30_000)]
    [InlineData(ExecutorKind.Threads)]
    [InlineData(ExecutorKind.DotNet)]
    public async Task MapDoesNotKeepTheResultsItHasYielded(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = Executors.Create(name);
        using var results = pool.Map(Box, [1, 2, 3]).GetEnumerator();
        var first = TakeWeakly(results);
        Assert.True(results.MoveNext());
        Assert.False(Collection.IsAliveAfterCollection(first), "map kept a result it had yielded");
    });

    [Fact(Timeout = 30_000)]
    public async Task AsCompletedDoesNotKeepTheFuturesItHasYielded() => await OnThread.Run(() =>
    {
        using var pool = new ThreadPoolExecutor(2);
        var (enumerator, yielded) = StartAsCompleted(pool);
        using (enumerator)
        {
            Assert.True(enumerator.MoveNext());
            Assert.False(Collection.IsAliveAfterCollection(yielded), "as_completed kept a future it had yielded");
        }
    });

    [Fact(Timeout = 30_000)]
    public async Task ADroppedThreadPoolLetsItsThreadsExit() => await OnThread.Run(() =>
    {
        var threads = StartAndDropThreadPool();
        for (int i = 0; i < 50 && threads.Any(t => t.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Thread.Sleep(100);
        }

        Assert.All(threads, t => Assert.False(t.IsAlive));
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task ADroppedProcessPoolLetsItsWorkersExit(ExecutorKind name) => await OnThread.Run(() =>
    {
        var pids = StartAndDropProcessPool(name);
        for (int i = 0; i < 100 && pids.Any(ProcessProbe.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Thread.Sleep(100);
        }

        Assert.All(pids, pid => Assert.False(ProcessProbe.IsAlive(pid)));
    });

    [Fact(Timeout = 30_000)]
    public async Task DefaultThreadNamesAreUniqueAcrossPools() => await OnThread.Run(() =>
    {
        using var first = new ThreadPoolExecutor(1);
        using var second = new ThreadPoolExecutor(1);
        string? a = first.Submit(() => Thread.CurrentThread.Name).GetResult();
        string? b = second.Submit(() => Thread.CurrentThread.Name).GetResult();
        Assert.NotEqual(a, b);
        Assert.StartsWith("ThreadPoolExecutor-", a, StringComparison.Ordinal);
        Assert.EndsWith("_0", a, StringComparison.Ordinal);
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.All), MemberType = typeof(Executors))]
    public async Task MapWithABufferSubmitsOnlyAsResultsAreTaken(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = Executors.Create(name);
        int pulled = 0;
        IEnumerable<long> Items()
        {
            for (long n = 1; n <= 20; n++)
            {
                Interlocked.Increment(ref pulled);
                yield return n;
            }
        }

        var results = pool.Map(SumKernel.Sum, Items(), buffersize: 3);
        Assert.Equal(3, Volatile.Read(ref pulled));
        using var enumerator = results.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.Equal(SumKernel.ClosedForm(1), enumerator.Current);
        Assert.Equal(4, Volatile.Read(ref pulled));
        var rest = new List<Int128>();
        while (enumerator.MoveNext())
        {
            rest.Add(enumerator.Current);
        }

        Assert.Equal(Enumerable.Range(2, 19).Select(n => SumKernel.ClosedForm(n)), rest);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Map(SumKernel.Sum, Items(), buffersize: 0));
    });

    [Fact(Timeout = 60_000)]
    public async Task WorkSubmittedWithoutShutdownRunsBeforeTheProgramEnds() => await OnThread.Run(() =>
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Study.Tests.PoolHost"))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exit-join");
        using var host = System.Diagnostics.Process.Start(start)!;
        string output = host.StandardOutput.ReadToEnd();
        Assert.True(host.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, host.ExitCode);
        Assert.Contains("threads done", output, StringComparison.Ordinal);
        Assert.Contains("processes done", output, StringComparison.Ordinal);
        Assert.Contains("refused after exit", output, StringComparison.Ordinal);
    });

    [Theory(Timeout = 60_000)]
    [InlineData("threads")]
    [InlineData("gil")]
    [InlineData("dotnet")]
    [InlineData("processes")]
    public async Task ASubmitFromTheProgramsOwnExitHookIsRefused(string kind) => await OnThread.Run(() =>
    {
        // CPython joins its pools before atexit hooks run: the hook's submit raises "cannot schedule new futures after
        // interpreter shutdown", although the pool was created, and the hook registered, before anything was submitted.
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Study.Tests.PoolHost"))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exit-hook");
        start.ArgumentList.Add(kind);
        using var host = System.Diagnostics.Process.Start(start)!;
        string output = host.StandardOutput.ReadToEnd();
        Assert.True(host.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal("refused: cannot schedule new futures after interpreter shutdown", output.Trim());
    });

    private static Int128 Box(int n) => n;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Future<int> Future, WeakReference Argument) SubmitWithTrackedArgument(Executor pool)
    {
        var argument = new byte[1024];
        return (pool.Submit(Length, argument), new WeakReference(argument));
    }

    private static int Length(byte[] value) => value.Length;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference TakeWeakly<T>(IEnumerator<T> results)
    {
        Assert.True(results.MoveNext());
        return new WeakReference(results.Current);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (IEnumerator<Future<int>> Enumerator, WeakReference Yielded) StartAsCompleted(Executor pool)
    {
        // Futures made here, not by the pool, so that no worker thread ever touched them.
        var first = new Future<int>();
        var second = new Future<int>();
        first.SetResult(1);
        second.SetResult(2);
        var third = pool.Submit(WorkerProbes.Sleep, 300);
        var enumerator = Future.AsCompleted([first, second, third]).GetEnumerator();
        Assert.True(enumerator.MoveNext());
        return (enumerator, new WeakReference(enumerator.Current));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<Thread> StartAndDropThreadPool()
    {
        var pool = new ThreadPoolExecutor(2);
        var first = pool.Submit(() => Thread.CurrentThread);
        var second = pool.Submit(() => { Thread.Sleep(20); return Thread.CurrentThread; });
        return [first.GetResult(), second.GetResult()];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<int> StartAndDropProcessPool(ExecutorKind name)
    {
        var pool = (ProcessPoolExecutor)Executors.Create(name, workers: 2);
        Assert.Equal(2, pool.Map(WorkerProbes.Sleep, [50, 50]).Count());
        return [.. pool.WorkerProcessIds];
    }

}
