using System.Diagnostics;
using Study.Kernel;

namespace Study.Benchmarks.Stability;

/// <summary>
/// The machine's speed at one moment: a fixed piece of the study's kernel, run on every core at once, in ns per
/// iteration. It is slow when the clock drops (turbo, thermal limits) and when another program takes a core, which a
/// canary on one thread would miss on a machine whose other core is free.
/// </summary>
/// <remarks>
/// One reading is <see cref="Rounds"/> rounds of <see cref="IterationsPerRound"/> iterations on each of the
/// machine's cores, about 2 ms a round here: about 10 ms in all. A round's figure is its wall time (the slowest
/// thread's) per iteration; the reading is the median of the rounds, so one preemption does not move it.
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

    /// <summary>One reading, in ns per iteration on each core.</summary>
    public double Read()
    {
        var rounds = new double[Rounds];
        for (int round = 0; round < Rounds; round++)
        {
            rounds[round] = Round();
        }

        Array.Sort(rounds);
        return rounds[Rounds / 2];
    }

    private double Round()
    {
        using var start = new Barrier(_threads + 1);
        var threads = new Thread[_threads];
        Int128 sum = 0;
        for (int i = 0; i < _threads; i++)
        {
            threads[i] = new Thread(() =>
            {
                start.SignalAndWait();
                var result = SumKernel.Sum(IterationsPerRound);
                Interlocked.MemoryBarrier();
                lock (threads)
                {
                    sum += result;
                }
            })
            { IsBackground = true, Name = "canary" };
            threads[i].Start();
        }

        // Every thread exists and waits; the clock starts when they are released together.
        start.SignalAndWait();
        long began = Stopwatch.GetTimestamp();
        foreach (var thread in threads)
        {
            thread.Join();
        }

        double nanoseconds = Stopwatch.GetElapsedTime(began).TotalNanoseconds;
        if (sum != SumKernel.ClosedForm(IterationsPerRound) * _threads)
        {
            throw new InvalidOperationException("the canary's kernel returned a wrong sum");
        }

        return nanoseconds / IterationsPerRound;
    }
}
