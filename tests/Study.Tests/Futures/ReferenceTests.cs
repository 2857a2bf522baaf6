using System.Runtime.CompilerServices;
using Study.Futures;

namespace Study.Tests.Futures;

/// <summary>
/// CPython's reference behaviours, ported: <c>map</c> and <c>as_completed</c> keep nothing they have yielded
/// (<c>test_free_reference</c>, <c>test_free_reference_yielded_future</c>), and a dropped thread pool's threads exit.
/// Each checks, inside the loop as CPython's tests do, that what the caller dropped can be collected.
/// </summary>
public sealed class ReferenceTests
{
    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.All), MemberType = typeof(Executors))]
    public async Task MapKeepsNoResultItHasYielded(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = Executors.Create(name);
        int checkedCount = 0;
        using var results = pool.Map(TestProbes.Bytes, Enumerable.Repeat(4096, 10)).GetEnumerator();
        while (results.MoveNext())
        {
            var yielded = Weakly(results);
            Assert.False(Collection.IsAliveAfterCollection(yielded), $"map kept result {checkedCount} after yielding it");
            checkedCount++;
        }

        Assert.Equal(10, checkedCount);
    });

    [Theory(Timeout = 60_000)]
    [InlineData(ExecutorKind.ProcessesJit, 3)]
    [InlineData(ExecutorKind.ProcessesAot, 4)]
    public async Task AChunkedMapKeepsNoResultItHasYielded(ExecutorKind name, int chunksize) => await OnThread.Run(() =>
    {
        using var pool = Executors.Create(name);
        using var results = pool.Map(TestProbes.Bytes, Enumerable.Repeat(4096, 10), chunksize: chunksize).GetEnumerator();
        while (results.MoveNext())
        {
            Assert.False(Collection.IsAliveAfterCollection(Weakly(results)), "a chunked map kept a result it had yielded");
        }
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.All), MemberType = typeof(Executors))]
    public async Task MapKeepsNothingOnceItEnds(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = Executors.Create(name);
        var (enumerator, last) = RunToTheEnd(pool);
        Assert.False(Collection.IsAliveAfterCollection(last), "map kept its last result after it ended");
        GC.KeepAlive(enumerator);
    });

    [Fact(Timeout = 60_000)]
    public async Task AsCompletedKeepsNoFutureItHasYielded() => await OnThread.Run(() =>
    {
        // test_free_reference_yielded_future: pending futures, one cancelled and one finished; each yielded future, once
        // dropped by the caller, is collectable while the iteration goes on.
        var all = PendingCancelledAndFinished();
        using var iteration = Future.AsCompleted(all).GetEnumerator();
        int yielded = 0;
        while (Next(iteration, all))
        {
            var reference = Weakly(iteration, all);
            Assert.False(Collection.IsAliveAfterCollection(reference), $"as_completed kept future {yielded} after yielding it");
            yielded++;
            FinishTheFirst(all);
        }

        Assert.Equal(10, yielded);
    });

    [Fact(Timeout = 60_000)]
    public async Task AsCompletedKeepsNoFutureItHasYieldedAcrossATimedOutIteration() => await OnThread.Run(() =>
    {
        // test_free_reference_yielded_future as CPython writes it: a first iteration with timeout 0 yields the cancelled
        // and the finished future and times out; a second one over the eight left finishes each next future as it goes.
        var all = PendingCancelledAndFinished();
        int yielded = 0;
        Assert.Throws<TimeoutException>(() =>
        {
            using var timed = Future.AsCompleted(all, TimeSpan.Zero).GetEnumerator();
            while (Next(timed, all))
            {
                Assert.False(Collection.IsAliveAfterCollection(Weakly(timed, all)), $"as_completed kept future {yielded} after yielding it");
                yielded++;
            }
        });
        Assert.Equal(2, yielded);

        FinishTheFirst(all);
        using var iteration = Future.AsCompleted(all).GetEnumerator();
        while (Next(iteration, all))
        {
            Assert.False(Collection.IsAliveAfterCollection(Weakly(iteration, all)), $"as_completed kept future {yielded} after yielding it");
            yielded++;
            FinishTheFirst(all);
        }

        Assert.Equal(10, yielded);
        Assert.Empty(all);
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Concurrent), MemberType = typeof(Executors))]
    public async Task AsCompletedKeepsNoFutureOfAPoolItHasYielded(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = Executors.Create(name);
        var all = SubmitTen(pool);
        using var iteration = Future.AsCompleted(all).GetEnumerator();
        int yielded = 0;
        while (Next(iteration, all))
        {
            Assert.False(Collection.IsAliveAfterCollection(Weakly(iteration, all)), $"as_completed kept future {yielded} after yielding it");
            yielded++;
        }

        Assert.Equal(10, yielded);
    });

    [Theory(Timeout = 60_000)]
    [InlineData(ExecutorKind.Threads, null)]
    [InlineData(ExecutorKind.Gil, null)]
    [InlineData(ExecutorKind.Threads, 2)]
    [InlineData(ExecutorKind.Gil, 2)]
    public async Task ADroppedPoolsThreadsExitWhileItsMapResultsAreHeld(ExecutorKind name, int? buffersize) => await OnThread.Run(() =>
    {
        // test_del_shutdown with the map's results kept: the results hold the futures, not the executor, so the executor
        // is collected, shuts down without waiting, and its threads exit once they have run what was submitted.
        var (results, threads, executor) = MapKeepingResultsAndDrop(name, buffersize);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var read = results.ToList();
        if (buffersize is null)
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 2), read);
        }
        else
        {
            // With a buffer, CPython's map submits no more once its executor is gone: what was submitted, in order.
            Assert.Equal(Enumerable.Range(0, read.Count).Select(i => i * 2), read);
            Assert.InRange(read.Count, buffersize.Value, 10);
        }

        Assert.True(ExitWithin(TimeSpan.FromSeconds(5), executor, threads), "the dropped executor or its threads outlived it");
        GC.KeepAlive(results);
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task ADroppedProcessPoolIsCollectedWhileItsMapResultsAreHeld(ExecutorKind name) => await OnThread.Run(() =>
    {
        var (results, executor) = MapKeepingResultsAndDrop(name);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(Enumerable.Repeat(64, 10), results.Select(bytes => bytes.Length));
        Assert.True(ExitWithin(TimeSpan.FromSeconds(5), executor, []), "the dropped process pool was never collected");
        GC.KeepAlive(results);
    });

    [Theory(Timeout = 60_000)]
    [InlineData(ExecutorKind.Threads)]
    [InlineData(ExecutorKind.Gil)]
    public async Task ADroppedPoolsThreadsExitAfterAMap(ExecutorKind name) => await OnThread.Run(() =>
    {
        var (threads, executor) = MapAndDrop(name);
        for (int i = 0; i < 100 && (executor.IsAlive || threads.Any(t => t.IsAlive)); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Thread.Sleep(50);
        }

        Assert.False(executor.IsAlive, "the dropped executor was never collected");
        Assert.All(threads, t => Assert.False(t.IsAlive, $"{t.Name} outlived its dropped executor"));
    });

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Weakly<T>(IEnumerator<T> results) => new(results.Current);

    /// <summary>Collects until the executor is gone and every thread has exited, or the time is up.</summary>
    private static bool ExitWithin(TimeSpan time, WeakReference executor, List<Thread> threads)
    {
        var deadline = DateTime.UtcNow + time;
        while (executor.IsAlive || threads.Any(t => t.IsAlive))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            threads.FirstOrDefault(t => t.IsAlive)?.Join(50);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (IEnumerable<int> Results, List<Thread> Threads, WeakReference Executor) MapKeepingResultsAndDrop(ExecutorKind name, int? buffersize)
    {
        var pool = Executors.Create(name, workers: 2);
        var threads = new System.Collections.Concurrent.ConcurrentBag<Thread>();
        var results = pool.Map(i => { threads.Add(Thread.CurrentThread); return i * 2; }, Enumerable.Range(0, 10), buffersize: buffersize);
        pool.Submit(() => 0).GetResult(); // at least one thread has started
        return (results, [.. threads.Distinct()], new WeakReference(pool));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (IEnumerable<byte[]> Results, WeakReference Executor) MapKeepingResultsAndDrop(ExecutorKind name)
    {
        var pool = Executors.Create(name, workers: 2);
        return (pool.Map(TestProbes.Bytes, Enumerable.Repeat(64, 10)), new WeakReference(pool));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<Future<byte[]>> SubmitTen(Executor pool) =>
        [.. Enumerable.Range(0, 10).Select(i => pool.Submit(TestProbes.Bytes, 100 + i))];

    // Helpers of their own, so that no temporary of the test's frame (a debug build keeps them) holds a future.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<Future<object>> PendingCancelledAndFinished()
    {
        var all = Enumerable.Range(0, 8).Select(_ => new Future<object>()).ToList();
        var cancelled = new Future<object>();
        cancelled.Cancel();
        cancelled.SetRunningOrNotifyCancel();
        var finished = new Future<object>();
        finished.SetResult(42);
        all.Add(cancelled);
        all.Add(finished);
        return all;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FinishTheFirst(List<Future<object>> all)
    {
        if (all.Count > 0 && !all[0].IsDone)
        {
            all[0].SetResult("test");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Next<TFuture>(IEnumerator<TFuture> iteration, List<TFuture> all) => iteration.MoveNext();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Weakly<TFuture>(IEnumerator<TFuture> iteration, List<TFuture> all)
    {
        var future = iteration.Current;
        all.Remove(future);
        return new WeakReference(future);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (IEnumerator<byte[]> Enumerator, WeakReference Last) RunToTheEnd(Executor pool)
    {
        var enumerator = pool.Map(TestProbes.Bytes, [4096, 4096, 4096]).GetEnumerator();
        WeakReference? last = null;
        while (enumerator.MoveNext())
        {
            last = Weakly(enumerator);
        }

        return (enumerator, last!);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (List<Thread> Threads, WeakReference Executor) MapAndDrop(ExecutorKind name)
    {
        var pool = Executors.Create(name, workers: 2);
        var threads = pool.Map(_ => { Thread.Sleep(5); return Thread.CurrentThread; }, Enumerable.Range(0, 10)).Distinct().ToList();
        return (threads, new WeakReference(pool));
    }
}
