using Study.Reports.Results;

namespace Study.Reports.Analysis;

/// <summary>
/// The report's first stage after reading a run: how fast the machine was for each grid case's work when it ran,
/// against its speed when the kernel benchmark the model reads ran, from the canaries.
/// </summary>
internal static class SpeedCorrection
{
    /// <summary>
    /// The machine's speed for <paramref name="gridCase"/>'s work when it ran, against its speed when the kernel
    /// benchmark the model reads ran (above 1: slower); 1 without canaries.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Two things slow a case down, and they reach different work. The clock (turbo, thermal limits, a host that
    /// steals time) slows every thread: the one-thread canary (CPython's own in CPython's cases) reads it. Another
    /// program on a core slows only work that needs that core: a sequential case or GIL-bound threads still find a
    /// free one, while workers that fill the cores share them; the every-core canary over the one-thread canary
    /// (<see cref="Steadiness.Load"/>) reads that. The kernel benchmarks run on one thread, so only the clock moves
    /// them. A case's speed is its clock, times its load in the share of the cores beyond the first that its busy
    /// threads fill, over the kernel benchmark's clock. A case's factors within the steadiness tolerance count as 1:
    /// the report treats such readings as noise everywhere else. The kernel benchmark's clock is always read, from its
    /// own two readings (not smoothed with its neighbours' and never rounded to 1): every compute term of the run
    /// hangs on that one measurement of a second or two. With the kernel's fastest iteration (<see cref="Costs"/>),
    /// which a stall shorter than the benchmark cannot move, it covers a slowdown that lasts through it. The report states
    /// the model's error with and without this correction, so a run shows what it did.
    /// </para>
    /// <para>
    /// The sampler's readings (<see cref="MachineModes"/>) were tried as the clock instead (the machine's
    /// speed through the case's iterations over its speed through the kernel benchmark's): on three quick runs of 12-03
    /// they made .NET's error 31, 28 and 36 % against 14, 26 and 12 % without any correction, so the clock stays the
    /// canaries', and the report applies even that only where it helps.
    /// </para>
    /// <para>
    /// Runs from before the one-thread canary have only the every-core one, which moves with both: for them the case's
    /// reading over the kernel benchmark's, each 1 unless its case is unsteady (a load on one core then reads as the
    /// whole machine slowing, which is why the newer runs read both canaries).
    /// </para>
    /// </remarks>
    public static double Of(GridCase gridCase, Costs costs, Steadiness steadiness, int cores)
    {
        var kernel = costs.KernelBenchmark(gridCase.Executor);
        if (kernel is null)
        {
            return 1;
        }

        bool cpython = gridCase.Executor.Runtime == Runtime.CPython;
        int busy = gridCase.Executor.IsSequential || gridCase.Executor.IsGilBound ? 1 : Math.Min(gridCase.Workers, cores);
        double share = cores > 1 ? (busy - 1) / (double)(cores - 1) : 0;
        if (!steadiness.Has(CanaryReading.DotNetThread))
        {
            string runtime = cpython ? CanaryReading.CPython : CanaryReading.DotNet;
            return Unsteady(gridCase.Result, runtime) / Unsteady(kernel, runtime);
        }

        string clock = cpython ? CanaryReading.CPython : CanaryReading.DotNetThread;
        double load = 1 + (share * (Noise(steadiness.Load(gridCase.Result)) - 1));
        return Noise(steadiness.Slowdown(gridCase.Result, clock)) * load / KernelClock(kernel, clock);

        double Unsteady(BenchmarkResult benchmark, string runtime) => steadiness.IsUnsteady(benchmark) ? steadiness.Slowdown(benchmark, runtime) : 1;
        double Noise(double factor) => Math.Abs(Math.Log(factor)) <= Math.Log(1 + steadiness.Tolerance) ? 1 : factor;
        double KernelClock(BenchmarkResult benchmark, string runtime) =>
            steadiness.CanaryAt(benchmark, runtime) is { } reading && steadiness.Medians.TryGetValue(runtime, out double median) ? reading / median : 1;
    }
}
