using Study.Kernel;

namespace Study.Tests.Kernel;

public sealed class SumKernelTests
{
    [Theory]
    [InlineData(-5)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(SumKernel.BlockSize - 1)]
    [InlineData(SumKernel.BlockSize)]
    [InlineData(SumKernel.BlockSize + 1)]
    [InlineData(3 * SumKernel.BlockSize + 7)]
    [InlineData(1_000_000)]
    [InlineData(100_000_000)]
    public void SumEqualsTheClosedForm(long n) => Assert.Equal(SumKernel.ClosedForm(n), SumKernel.Sum(n));

    [Fact]
    public void ClosedFormIsExactPastInt64() =>
        Assert.Equal(Int128.Parse("50000000005000000000", System.Globalization.CultureInfo.InvariantCulture), SumKernel.ClosedForm(10_000_000_000));

    [Fact(Timeout = 120_000)]
    public async Task SumIsExactForTheArticlesLargestItem() => await OnThread.Run(() =>
    {
        // 1e10 sums to 5e19, past long.MaxValue: the accumulator must be wider than 64 bits. About 5 s.
        const long n = 10_000_000_000;
        Assert.True(SumKernel.ClosedForm(n) > long.MaxValue);
        Assert.Equal(SumKernel.ClosedForm(n), SumKernel.Sum(n));
    });

    [Fact]
    public void SumRefusesAnNItsCounterCannotPass() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SumKernel.Sum(long.MaxValue));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(SumKernel.BlockSize, 1)]
    [InlineData(SumKernel.BlockSize + 1, 2)]
    [InlineData(10 * SumKernel.BlockSize, 10)]
    public void TheCheckpointIsPolledOnceABlock(long n, int polls)
    {
        var counter = new CountingCheckpoint();
        var previous = SumKernel.SetCheckpoint(counter);
        try
        {
            Assert.Equal(SumKernel.ClosedForm(n), SumKernel.Sum(n));
        }
        finally
        {
            SumKernel.SetCheckpoint(previous);
        }

        Assert.Equal(polls, counter.Polls);
    }

    [Fact]
    public void TheCheckpointBelongsToOneThread()
    {
        var counter = new CountingCheckpoint();
        var previous = SumKernel.SetCheckpoint(counter);
        try
        {
            var other = new Thread(() => SumKernel.Sum(4 * SumKernel.BlockSize));
            other.Start();
            other.Join();
        }
        finally
        {
            SumKernel.SetCheckpoint(previous);
        }

        Assert.Equal(0, counter.Polls);
    }

    private sealed class CountingCheckpoint : IKernelCheckpoint
    {
        public int Polls { get; private set; }

        public void Poll() => Polls++;
    }
}
