using System.Collections.Immutable;

namespace Study.Kernel;

/// <summary>
/// Work lists the grid does not measure, to check <c>study advise</c> against measurements it was not built from:
/// other counts, sizes, skews and orders than <see cref="WorkShape"/>'s, run with <see cref="HeldOutWorkloads.Workers"/>
/// workers, a count the grid does not use. Each but <see cref="Burst"/> holds half the article's total work.
/// </summary>
public enum HeldOutWorkload
{
    /// <summary>40 items, 36 small and 4 twenty times larger, every tenth a large one.</summary>
    Bimodal,

    /// <summary>12 items doubling in size, in a shuffled order: the largest holds half the work.</summary>
    Geometric,

    /// <summary>7 equal items: the last round of a pool of 2 or 3 runs part-empty.</summary>
    Odd,

    /// <summary>
    /// Items of 2 000 iterations (about 1.3 µs in .NET, 40 µs in CPython): dispatch-bound; 5 000 of them at .NET's
    /// scale, fewer below it (100 at CPython's), as <see cref="WorkShape.Tiny"/> scales.
    /// </summary>
    Burst,
}

/// <summary>The held-out workloads' lists.</summary>
public static class HeldOutWorkloads
{
    /// <summary>The workers every held-out case runs with.</summary>
    public const int Workers = 3;

    /// <summary>The iterations of a <see cref="HeldOutWorkload.Burst"/> item.</summary>
    public const long BurstItemIterations = 2_000;

    // A fixed shuffle of 0..11, so the doubling items come in no order a schedule could exploit.
    private static readonly int[] GeometricOrder = [5, 11, 0, 8, 2, 10, 3, 7, 1, 9, 4, 6];

    /// <summary>The items of <paramref name="workload"/> at <paramref name="scale"/> (the run's scale of the article's list).</summary>
    public static ImmutableArray<long> Items(HeldOutWorkload workload, double scale)
    {
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be a positive finite number.");
        }

        double total = WorkList.ArticleItems.Sum(n => (double)n) * scale / 2;
        IEnumerable<double> items = workload switch
        {
            HeldOutWorkload.Bimodal => Enumerable.Range(0, 40).Select(i => total * (i % 10 == 9 ? 20 : 1) / ((36 * 1) + (4 * 20))),
            HeldOutWorkload.Geometric => GeometricOrder.Select(k => total * Math.Pow(2, k) / 4095),
            HeldOutWorkload.Odd => Enumerable.Repeat(total / 7, 7),
            HeldOutWorkload.Burst => Enumerable.Repeat((double)BurstItemIterations, (int)Math.Max(10, Math.Round(5_000 * Math.Min(1, scale / StudyScale.DotNet)))),
            _ => throw new ArgumentOutOfRangeException(nameof(workload), workload, "Unknown held-out workload."),
        };
        return [.. items.Select(n => Math.Max(1, (long)Math.Round(n)))];
    }
}
