using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Analysis;

/// <summary>
/// The crossover, read from the task-size sweeps: for each task size, the process pool's time against the GIL-bound
/// threads' (CPython's real GIL, .NET's model), and the size where that ratio falls through 1.
/// </summary>
/// <remarks>
/// Between the last size where processes are slower and the first where they are faster, the ratio is interpolated
/// linearly in log(ratio) against log(size). The interval does the same with the bounds of the ratio's interval (at the judgement's level): the
/// lower bound crosses first (the earliest size processes may win), the upper bound last.
/// </remarks>
internal static class Crossovers
{
    /// <summary>Every crossover the sweeps of <paramref name="cases"/> can show, and the kernel costs it read.</summary>
    public static (List<Crossover> Crossovers, List<CostInput> Inputs) Find(StudyCases cases, Costs costs, Judgement judgement)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(judgement);
        var found = new List<Crossover>();
        var inputs = new List<CostInput>();
        foreach (var group in cases.Sweep.GroupBy(p => (p.Executor.Runtime, p.Lifetime, p.Workers)).OrderBy(g => g.Key.Runtime).ThenBy(g => g.Key.Lifetime))
        {
            var (runtime, lifetime, _) = group.Key;
            var gilBound = ExecutorId.GilBoundThreads(runtime);
            var threads = group.Where(p => p.Executor.Kind == gilBound.Kind).ToDictionary(p => p.Iterations);
            if (threads.Count == 0)
            {
                continue;
            }

            foreach (var processes in group.Where(p => p.Executor.IsProcesses).GroupBy(p => p.Executor).OrderBy(g => g.Key.Order))
            {
                var executor = processes.Key;
                var kernelInput = costs.KernelPerIteration(gilBound);
                inputs.Add(kernelInput);
                var kernel = kernelInput.Cost;
                var points = processes.Where(p => threads.ContainsKey(p.Iterations)).OrderBy(p => p.Iterations)
                    .Select(p => new CrossoverPoint(p.Iterations, p.Iterations * (kernel?.Nanoseconds ?? double.NaN) / 1e3,
                        judgement.Compare(p.Result, threads[p.Iterations].Result)))
                    .ToList();
                if (points.Count < 2)
                {
                    continue;
                }

                double? at = Cross(points, p => p.ProcessesVersusThreads.Ratio);
                double? lower = Cross(points, p => p.ProcessesVersusThreads.Lower);
                double? upper = Cross(points, p => p.ProcessesVersusThreads.Upper);
                var other = new ExecutorId(runtime == Runtime.DotNet ? Runtime.CPython : Runtime.DotNet, ExecutorKind.Threads);
                double? otherKernel = null;
                if (cases.Get(runtime == Runtime.DotNet ? Suite.Types.CPythonHarness : Suite.Types.Kernel, runtime == Runtime.DotNet ? Suite.Methods.CPythonKernel : Suite.Methods.Kernel).Count > 0)
                {
                    var otherInput = costs.KernelPerIteration(other);
                    inputs.Add(otherInput);
                    otherKernel = otherInput.Cost?.Nanoseconds;
                }
                double? us = at * kernel?.Nanoseconds / 1e3;
                found.Add(new Crossover(
                    runtime, gilBound, executor, lifetime, points, at, lower, upper,
                    us, lower * kernel?.Nanoseconds / 1e3, upper * kernel?.Nanoseconds / 1e3,
                    us * 1e3 / otherKernel,
                    Summary: string.Empty) { KernelNanoseconds = kernel?.Nanoseconds });
            }
        }

        return (found, inputs);
    }

    /// <summary>Where <paramref name="ratio"/> first falls through 1 going up in size; null if it never does.</summary>
    private static double? Cross(List<CrossoverPoint> points, Func<CrossoverPoint, double> ratio)
    {
        if (points.Any(p => !double.IsFinite(ratio(p)) || ratio(p) <= 0))
        {
            return null;
        }

        if (ratio(points[0]) <= 1)
        {
            return points[0].Iterations; // processes already win at the smallest size: at most that
        }

        for (int i = 1; i < points.Count; i++)
        {
            double before = Math.Log(ratio(points[i - 1])), after = Math.Log(ratio(points[i]));
            if (after <= 0)
            {
                double fraction = before / (before - after);
                double logSize = Math.Log(points[i - 1].Iterations) + (fraction * (Math.Log(points[i].Iterations) - Math.Log(points[i - 1].Iterations)));
                return Math.Exp(logSize);
            }
        }

        return null;
    }
}
