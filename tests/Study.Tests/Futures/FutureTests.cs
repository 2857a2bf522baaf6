using Study.Futures;

namespace Study.Tests.Futures;

/// <summary>CPython's test_future.py, ported where it makes sense in .NET.</summary>
public sealed class FutureTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    [Fact]
    public void APendingFutureIsNeitherRunningNorDone()
    {
        var future = new Future<int>();
        Assert.False(future.IsRunning);
        Assert.False(future.IsDone);
        Assert.False(future.IsCancelled);
    }

    [Fact]
    public void CancellingAPendingFutureSucceedsAndIsIdempotent()
    {
        var future = new Future<int>();
        Assert.True(future.Cancel());
        Assert.True(future.Cancel());
        Assert.True(future.IsCancelled);
        Assert.True(future.IsDone);
    }

    [Fact]
    public void ARunningFutureCannotBeCancelled()
    {
        var future = new Future<int>();
        Assert.True(future.SetRunningOrNotifyCancel());
        Assert.True(future.IsRunning);
        Assert.False(future.Cancel());
        Assert.False(future.IsCancelled);
    }

    [Fact]
    public void AFinishedFutureCannotBeCancelled()
    {
        var future = Finished(42);
        Assert.False(future.Cancel());
        Assert.Equal(42, future.GetResult());
    }

    [Fact]
    public void SetRunningOrNotifyCancelReportsACancellation()
    {
        var future = new Future<int>();
        future.Cancel();
        Assert.False(future.SetRunningOrNotifyCancel());
        Assert.True(future.IsCancelled);
    }

    [Fact]
    public void SetRunningOrNotifyCancelRefusesARunningFuture()
    {
        var future = new Future<int>();
        future.SetRunningOrNotifyCancel();
        Assert.Throws<InvalidOperationException>(() => future.SetRunningOrNotifyCancel());
    }

    [Fact]
    public void ResultOfACancelledFutureThrowsCancelled()
    {
        var future = new Future<int>();
        future.Cancel();
        Assert.Throws<FutureCancelledException>(() => future.GetResult());
        Assert.Throws<FutureCancelledException>(() => future.GetException());
    }

    [Fact]
    public void ResultTimesOutOnAPendingFuture()
    {
        var future = new Future<int>();
        Assert.Throws<TimeoutException>(() => future.GetResult(Short));
        Assert.Throws<TimeoutException>(() => future.GetException(TimeSpan.Zero));
    }

    [Fact]
    public void ResultRethrowsTheCallsExceptionWithItsType()
    {
        var future = new Future<int>();
        var error = new FormatException("bad");
        future.SetException(error);
        Assert.Same(error, Assert.Throws<FormatException>(() => future.GetResult()));
        Assert.Same(error, future.GetException());
    }

    [Fact]
    public void ExceptionOfASuccessfulFutureIsNull() => Assert.Null(Finished(1).GetException());

    [Fact]
    public void AFutureCanOnlyFinishOnce()
    {
        var future = Finished(1);
        Assert.Throws<InvalidStateException>(() => future.SetResult(2));
        Assert.Throws<InvalidStateException>(() => future.SetException(new FormatException()));
        Assert.Equal(1, future.GetResult());
    }

    [Fact]
    public void ACancelledFutureCannotFinish()
    {
        var future = new Future<int>();
        future.Cancel();
        Assert.Throws<InvalidStateException>(() => future.SetResult(1));
    }

    [Fact(Timeout = 10_000)]
    public async Task ResultWaitsForAnotherThread()
    {
        var future = new Future<string>();
        var waiting = Blocked.Run(() => future.GetResult(TimeSpan.FromSeconds(5)));
        future.SetResult("done");
        Assert.Equal("done", await waiting);
    }

    [Fact]
    public void DoneCallbacksRunOnCompletionInOrder()
    {
        var future = new Future<int>();
        var calls = new List<string>();
        future.AddDoneCallback(f => calls.Add($"a{f.GetResult()}"));
        future.AddDoneCallback(f => calls.Add($"b{f.GetResult()}"));
        Assert.Empty(calls);
        future.SetResult(7);
        Assert.Equal(["a7", "b7"], calls);
    }

    [Fact]
    public void ACallbackAddedToADoneFutureRunsAtOnce()
    {
        var future = Finished(3);
        int seen = 0;
        future.AddDoneCallback(f => seen = f.GetResult());
        Assert.Equal(3, seen);
    }

    [Fact]
    public void CallbacksRunOnCancel()
    {
        var future = new Future<int>();
        bool cancelled = false;
        future.AddDoneCallback(f => cancelled = f.IsCancelled);
        future.Cancel();
        Assert.True(cancelled);
    }

    [Fact]
    public void AFailingCallbackDoesNotStopTheOthers()
    {
        var future = new Future<int>();
        bool second = false;
        future.AddDoneCallback(_ => throw new InvalidOperationException("callback"));
        future.AddDoneCallback(_ => second = true);
        future.SetResult(1);
        Assert.True(second);
    }

    [Fact(Timeout = 10_000)]
    public async Task AFutureIsAwaitable()
    {
        var future = new Future<int>();
        _ = Task.Run(() => future.SetResult(5));
        Assert.Equal(5, await future);
    }

    [Fact(Timeout = 10_000)]
    public async Task AwaitingAFailedFutureThrowsItsException()
    {
        var future = new Future<int>();
        future.SetException(new FormatException("x"));
        await Assert.ThrowsAsync<FormatException>(async () => await future);
    }

    [Fact(Timeout = 10_000)]
    public async Task AwaitingACancelledFutureThrowsOperationCanceled()
    {
        var future = new Future<int>();
        future.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await future);
    }

    [Fact]
    public void ToStringNamesTheState()
    {
        var future = new Future<int>();
        Assert.Contains("state=pending", future.ToString(), StringComparison.Ordinal);
        future.SetException(new FormatException());
        Assert.Contains("raised FormatException", future.ToString(), StringComparison.Ordinal);
    }

    internal static Future<T> Finished<T>(T value)
    {
        var future = new Future<T>();
        future.SetResult(value);
        return future;
    }
}
