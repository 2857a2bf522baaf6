namespace Study.Kernel;

/// <summary>
/// The article's kernel, <c>sum_generator(n) = sum(range(1, n + 1))</c>, as a real loop over 1..n.
/// The result is exact for every n the study uses: 1e10 sums to about 5e19, past <see cref="long.MaxValue"/>,
/// so the accumulator is an <see cref="Int128"/>. <see cref="ClosedForm"/> is n(n+1)/2, for checking only.
/// </summary>
/// <remarks>
/// This is the one kernel of the study: every executor, the worker process, the benchmarks and the tests call
/// <see cref="Sum"/>. The loop runs in blocks of <see cref="BlockSize"/> iterations and calls the current thread's
/// <see cref="IKernelCheckpoint"/> between blocks, if one is installed; without one, the checkpoint is an empty
/// struct call that the JIT removes.
/// </remarks>
public static class SumKernel
{
    /// <summary>
    /// Iterations between checkpoints: 16 384, about 8 µs at 0.46 ns an iteration. Small against CPython's 5 ms
    /// switch interval, large enough that polling costs nothing measurable.
    /// </summary>
    public const int BlockSize = 1 << 14;

    /// <summary>The largest n the kernel accepts; the loop counter must be able to pass n.</summary>
    public const long MaxN = long.MaxValue - 1;

    [ThreadStatic]
    private static IKernelCheckpoint? t_checkpoint;

    /// <summary>Returns 1 + 2 + ... + n by adding the terms one by one; 0 for n ≤ 0, like Python's empty range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is greater than <see cref="MaxN"/>.</exception>
    public static Int128 Sum(long n)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, MaxN);
        var checkpoint = t_checkpoint;
        return checkpoint is null ? Run(n, default(NoCheckpoint)) : Run(n, checkpoint);
    }

    /// <summary>n(n+1)/2 (0 for n ≤ 0): what <see cref="Sum"/> must return. Never used in place of it.</summary>
    public static Int128 ClosedForm(long n) => n <= 0 ? Int128.Zero : (Int128)n * (n + 1) / 2;

    /// <summary>
    /// Installs <paramref name="checkpoint"/> on the current thread (null removes it) and returns the one it replaces.
    /// </summary>
    public static IKernelCheckpoint? SetCheckpoint(IKernelCheckpoint? checkpoint)
    {
        var previous = t_checkpoint;
        t_checkpoint = checkpoint;
        return previous;
    }

    private static Int128 Run<TCheckpoint>(long n, TCheckpoint checkpoint)
        where TCheckpoint : IKernelCheckpoint
    {
        Int128 sum = Int128.Zero;
        long i = 1;
        while (i <= n)
        {
            long end = n - i < BlockSize ? n : i + (BlockSize - 1);
            for (; i <= end; i++)
            {
                sum += i;
            }

            checkpoint.Poll();
        }

        return sum;
    }

    private readonly struct NoCheckpoint : IKernelCheckpoint
    {
        public void Poll()
        {
        }
    }
}
