using Study.Futures;
using Study.Kernel;

namespace Study.Tests.Futures;

public sealed class GilThreadPoolExecutorTests
{
    [Fact(Timeout = 30_000)]
    public async Task CallsRunHoldingTheGil() => await OnThread.Run(() =>
    {
        using var executor = new GilThreadPoolExecutor(2);
        Assert.True(executor.Submit(() => executor.Gil.IsHeldByCurrentThread).GetResult());
        Assert.False(executor.Gil.IsHeldByCurrentThread);
    });

    [Fact(Timeout = 60_000)]
    public async Task TwoKernelsTakeTurnsOnTheSwitchInterval() => await OnThread.Run(() =>
    {
        // Four calls of about 50 ms of kernel time on two threads, with a 1 ms interval: while both threads have work,
        // the waiting one must force handovers, however busy the machine is.
        using var executor = new GilThreadPoolExecutor(2, new GlobalInterpreterLock(TimeSpan.FromMilliseconds(1)));
        var futures = Enumerable.Range(0, 4).Select(_ => executor.Submit(SumKernel.Sum, 100_000_000L)).ToList();
        Assert.All(futures, f => Assert.Equal(SumKernel.ClosedForm(100_000_000), f.GetResult()));
        Assert.True(executor.Gil.ForcedSwitches >= 1, $"{executor.Gil.ForcedSwitches} forced switches");
    });

    [Fact(Timeout = 60_000)]
    public async Task NoTwoThreadsEverRunKernelBlocksAtOnce() => await OnThread.Run(() =>
    {
        var gil = new GlobalInterpreterLock(TimeSpan.FromMilliseconds(1));
        int inside = 0;
        int worst = 0;
        using var executor = new GilThreadPoolExecutor(3, gil);
        var futures = Enumerable.Range(0, 6).Select(_ => executor.Submit(() =>
        {
            int now = Interlocked.Increment(ref inside);
            InterlockedMax(ref worst, now);
            Thread.SpinWait(10_000);
            Interlocked.Decrement(ref inside);
            return SumKernel.Sum(5_000_000);
        })).ToList();
        Assert.All(futures, f => Assert.Equal(SumKernel.ClosedForm(5_000_000), f.GetResult()));
        Assert.Equal(1, worst);
    });

    [Fact]
    public void ReleasingAGilYouDoNotHoldThrows()
    {
        var gil = new GlobalInterpreterLock();
        Assert.Throws<SynchronizationLockException>(gil.Release);
    }

    [Fact]
    public void TheSwitchIntervalDefaultsToCPythons() =>
        Assert.Equal(TimeSpan.FromMilliseconds(5), new GlobalInterpreterLock().SwitchInterval);

    [Fact(Timeout = 10_000)]
    public async Task EnterIsReentrant() => await OnThread.Run(() =>
    {
        var gil = new GlobalInterpreterLock();
        using (gil.Enter())
        {
            using (gil.Enter())
            {
                Assert.True(gil.IsHeldByCurrentThread);
            }

            Assert.True(gil.IsHeldByCurrentThread);
        }

        Assert.False(gil.IsHeldByCurrentThread);
    });

    private static void InterlockedMax(ref int target, int value)
    {
        int seen = Volatile.Read(ref target);
        while (value > seen)
        {
            int previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
