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
    public async Task MapKeepsNoResultItHasYielded(string name) => await OnThread.Run(() =>
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
    [InlineData(Executors.ProcessesJit, 3)]
    [InlineData(Executors.ProcessesAot, 4)]
    public async Task AChunkedMapKeepsNoResultItHasYielded(string name, int chunksize) => await OnThread.Run(() =>
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
    public async Task MapKeepsNothingOnceItEnds(string name) => await OnThread.Run(() =>
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

    [Theory(Timeout = 60_000)]
    [InlineData(Executors.Threads)]
    [InlineData(Executors.Gil)]
    public async Task ADroppedPoolsThreadsExitAfterAMap(string name) => await OnThread.Run(() =>
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
    private static bool Next(IEnumerator<Future<object>> iteration, List<Future<object>> all) => iteration.MoveNext();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Weakly(IEnumerator<Future<object>> iteration, List<Future<object>> all)
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
    private static (List<Thread> Threads, WeakReference Executor) MapAndDrop(string name)
    {
        var pool = Executors.Create(name, workers: 2);
        var threads = pool.Map(_ => { Thread.Sleep(5); return Thread.CurrentThread; }, Enumerable.Range(0, 10)).Distinct().ToList();
        return (threads, new WeakReference(pool));
    }
}
