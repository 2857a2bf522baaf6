using Study.Futures;

namespace Study.Tests.Futures;

/// <summary>CPython's test_wait.py and test_as_completed.py, on hand-made futures.</summary>
public sealed class WaitTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 10_000)]
    public async Task FirstCompletedReturnsWhenOneFinishes()
    {
        var slow = new Future<int>();
        var fast = new Future<int>();
        var waiting = Blocked.Run(() => Future.Wait([slow, fast], Long, ReturnWhen.FirstCompleted));
        fast.SetResult(1);
        var (done, notDone) = await waiting;
        Assert.Equal([fast], done);
        Assert.Equal([slow], notDone);
    }

    [Fact]
    public void FirstCompletedReturnsAtOnceIfOneIsDone()
    {
        var done = FutureTests.Finished(1);
        var pending = new Future<int>();
        var result = Future.Wait([done, pending], TimeSpan.Zero, ReturnWhen.FirstCompleted);
        Assert.Equal([done], result.Done);
        Assert.Equal([pending], result.NotDone);
    }

    [Fact(Timeout = 10_000)]
    public async Task FirstExceptionReturnsAtTheFirstException()
    {
        var ok = FutureTests.Finished(1);
        var failing = new Future<int>();
        var pending = new Future<int>();
        var waiting = Blocked.Run(() => Future.Wait([ok, failing, pending], Long, ReturnWhen.FirstException));
        failing.SetException(new FormatException());
        var result = await waiting;
        Assert.Equal(new HashSet<Future> { ok, failing }, result.Done);
        Assert.Equal([pending], result.NotDone);
    }

    [Fact(Timeout = 10_000)]
    public async Task FirstExceptionWithoutExceptionsWaitsForAll()
    {
        var first = new Future<int>();
        var second = new Future<int>();
        first.SetResult(1);
        var waiting = Blocked.Run(() => Future.Wait([first, second], Long, ReturnWhen.FirstException));
        second.SetResult(2);
        var result = await waiting;
        Assert.Equal(2, result.Done.Count);
        Assert.Empty(result.NotDone);
    }

    [Fact(Timeout = 10_000)]
    public async Task AllCompletedWaitsForEveryFuture()
    {
        var futures = Enumerable.Range(0, 5).Select(_ => new Future<int>()).ToList();
        var waiting = Blocked.Run(() => Future.Wait(futures, Long));
        foreach (var future in futures)
        {
            future.SetResult(1);
        }

        var result = await waiting;
        Assert.Equal(5, result.Done.Count);
        Assert.Empty(result.NotDone);
    }

    [Fact]
    public void WaitReturnsOnTimeoutWithoutThrowing()
    {
        var pending = new Future<int>();
        var result = Future.Wait([pending, FutureTests.Finished(1)], TimeSpan.FromMilliseconds(30));
        Assert.Single(result.Done);
        Assert.Equal([pending], result.NotDone);
    }

    [Fact]
    public void ACancelledFutureIsDoneOnlyOnceTheCancellationIsSeen()
    {
        // As in CPython: cancel() alone does not notify waiters; set_running_or_notify_cancel() does.
        var cancelled = new Future<int>();
        cancelled.Cancel();
        Assert.Equal([cancelled], Future.Wait([cancelled], TimeSpan.Zero).NotDone);
        cancelled.SetRunningOrNotifyCancel();
        Assert.Equal([cancelled], Future.Wait([cancelled], TimeSpan.Zero).Done);
    }

    [Fact(Timeout = 10_000)]
    public async Task ANotifiedCancellationWakesAWaiter()
    {
        var future = new Future<int>();
        var waiting = Blocked.Run(() => Future.Wait([future], Long, ReturnWhen.FirstCompleted));
        future.Cancel();
        future.SetRunningOrNotifyCancel();
        var result = await waiting;
        Assert.Equal([future], result.Done);
    }

    [Fact]
    public void WaitCountsADuplicateOnce()
    {
        var future = FutureTests.Finished(1);
        Assert.Single(Future.Wait([future, future]).Done);
    }

    [Fact(Timeout = 10_000)]
    public async Task AsCompletedYieldsTheDoneFirstThenInFinishingOrder()
    {
        // Each future finishes while the iterator waits for it (another thread sets it once the iterator has yielded
        // the one before), never two at once: finishing order is then the only order there is.
        var done = FutureTests.Finished(0);
        var late = new Future<int>();
        var early = new Future<int>();
        var order = await OnThread.Run(() =>
        {
            var yielded = new List<Future>();
            foreach (var future in Future.AsCompleted([late, early, done], Long))
            {
                yielded.Add(future);
                var next = yielded.Count switch { 1 => early, 2 => late, _ => null };
                if (next is not null)
                {
                    int value = yielded.Count;
                    _ = Task.Run(() => next.SetResult(value));
                }
            }

            return yielded;
        });
        Assert.Equal([done, early, late], order);
    }

    [Fact]
    public void AsCompletedYieldsADuplicateOnce()
    {
        var future = FutureTests.Finished(1);
        Assert.Single(Future.AsCompleted([future, future, future]));
    }

    [Fact(Timeout = 10_000)]
    public async Task AsCompletedTimesOutWithTheUnfinishedCount()
    {
        var pending = new Future<int>();
        var done = FutureTests.Finished(1);
        var yielded = new List<Future<int>>();
        var error = await OnThread.Run(() => Assert.Throws<TimeoutException>(() =>
        {
            foreach (var future in Future.AsCompleted([pending, done], TimeSpan.FromMilliseconds(50)))
            {
                yielded.Add(future);
            }
        }));
        Assert.Equal([done], yielded);
        Assert.Equal("1 (of 2) futures unfinished", error.Message);
    }

    [Fact]
    public void AsCompletedOfNothingYieldsNothing() => Assert.Empty(Future.AsCompleted(Array.Empty<Future<int>>()));
}
