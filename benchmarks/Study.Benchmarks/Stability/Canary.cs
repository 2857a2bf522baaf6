using System.Diagnostics;
using Study.Kernel;

namespace Study.Benchmarks.Stability;

/// <summary>
/// The machine's speed at one moment: a fixed piece of the study's kernel, run on every core at once and then on one
/// thread, in ns per iteration. The one-thread reading is slow when the clock drops (turbo, thermal limits) or the
/// host steals time from every core; the every-core reading is slow then too, and also when another program takes a
/// core, which the one thread on a machine with a free core does not see. Work that fills the cores moves with the
/// first, a single thread with the second, and the report needs both (on this 2-core machine a load on one core made
/// the every-core reading 1.5–2× slower while sequential cases ran at their quiet speed).
/// </summary>
/// <remarks>
/// One reading is <see cref="Rounds"/> rounds of <see cref="IterationsPerRound"/> iterations on each thread, about
/// 2 ms a round here: about 10 ms for each of the two. A round's figure is the mean of its threads' own times per
/// iteration, each thread reading the clock itself around its share: what the cores delivered, which is what work
/// spread over them gets (a foreign program that takes a core half the time slows one thread of two by half, the
/// round by a quarter). The reading is the median of the rounds, so one preemption does not move it. A round is not
/// timed by the thread that releases the others: on one core that thread can miss the whole round while it waits to be
/// scheduled again, and read 0 ns.
/// </remarks>
public sealed class Canary
{
    /// <summary>Rounds a reading.</summary>
    public const int Rounds = 5;

    /// <summary>Kernel iterations a thread runs in one round: about 2 ms at 0.46 ns an iteration.</summary>
    public const long IterationsPerRound = 4_000_000;

    private readonly int _threads;

    /// <summary>Creates a canary for <paramref name="threads"/> cores.</summary>
    public Canary(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _threads = threads;
    }

    /// <summary>
    /// Reads until the kernel has reached its final tier: tiered compilation moves the loop up only after its call
    /// counting, which a busy program delays; here the first readings of a new process ran 1.2 ns an iteration for
    /// 1.5 s, then 0.62. Done when five readings in a row are within 5 % of the best, after at least 1 s; 10 s at most.
    /// </summary>
    public void WarmUp()
    {
        var clock = Stopwatch.StartNew();
        double best = double.MaxValue;
        int steady = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(10) && (clock.Elapsed < TimeSpan.FromSeconds(1) || steady < 5))
        {
            double reading = Read();
            steady = reading <= best * 1.05 ? steady + 1 : 0;
            best = Math.Min(best, reading);
        }
    }

    /// <summary>One reading on every core, in ns per iteration on each.</summary>
    public double Read() => Read(_threads);

    /// <summary>One reading on one thread, in ns per iteration.</summary>
    public double ReadOneThread() => Read(1);

    private static double Read(int threads)
    {
        var rounds = new double[Rounds];
        for (int round = 0; round < Rounds; round++)
        {
            rounds[round] = Round(threads);
        }

        Array.Sort(rounds);
        return rounds[Rounds / 2];
    }

    private static double Round(int count)
    {
        using var start = new Barrier(count);
        var threads = new Thread[count];
        var began = new long[count];
        var ended = new long[count];
        var sums = new Int128[count];
        for (int i = 0; i < count; i++)
        {
            int index = i;
            threads[i] = new Thread(() =>
            {
                start.SignalAndWait();
                began[index] = Stopwatch.GetTimestamp();
                sums[index] = SumKernel.Sum(IterationsPerRound);
                ended[index] = Stopwatch.GetTimestamp();
            })
            { IsBackground = true, Name = "canary" };
            threads[i].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        if (sums.Any(sum => sum != SumKernel.ClosedForm(IterationsPerRound)))
        {
            throw new InvalidOperationException("the canary's kernel returned a wrong sum");
        }

        return Enumerable.Range(0, count).Average(i => Stopwatch.GetElapsedTime(began[i], ended[i]).TotalNanoseconds) / IterationsPerRound;
    }
}
