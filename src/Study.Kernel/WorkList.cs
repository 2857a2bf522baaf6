using System.Collections.Immutable;

namespace Study.Kernel;

/// <summary>
/// A deterministic list of kernel arguments. <see cref="TotalWork"/> is the number of kernel iterations in all;
/// <see cref="CriticalPath"/> is the largest item, which no schedule can split, so with w workers the best possible
/// wall time is max(CriticalPath, TotalWork / w) iterations and <see cref="BestSpeedup"/> follows.
/// </summary>
public sealed record WorkList(WorkShape Shape, double Scale, ImmutableArray<long> Items)
{
    /// <summary>Iterations of one item of <see cref="WorkShape.Tiny"/>: about 60 ns of work.</summary>
    public const long TinyItemIterations = 128;

    /// <summary>Items of <see cref="WorkShape.Tiny"/> at the study's scale (0.05) and above.</summary>
    public const int TinyItems = 100_000;

    /// <summary>The article's <c>WORK_LIST</c>.</summary>
    public static ImmutableArray<long> ArticleItems { get; } = [100_000_000, 1_000_000, 1_000_000, 1_000_000_000, 10_000_000_000];

    /// <summary>Kernel iterations in all: the sum of the items.</summary>
    public long TotalWork { get; } = Sum(Items);

    /// <summary>The largest item: the longest chain no worker count can shorten.</summary>
    public long CriticalPath { get; } = Items.IsEmpty ? 0 : Items.Max();

    /// <summary>The speed-up over one worker that a perfect schedule with no overhead would reach.</summary>
    public double BestSpeedup(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        double bound = Math.Max(CriticalPath, TotalWork / (double)workers);
        return bound == 0 ? 1 : TotalWork / bound;
    }

    /// <summary>
    /// Builds the list of <paramref name="shape"/> whose total work is the article's total times
    /// <paramref name="scale"/> (<see cref="WorkShape.Tiny"/>: see there). Every item is at least 1.
    /// </summary>
    public static WorkList Create(WorkShape shape, double scale = 1)
    {
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be a positive finite number.");
        }

        double total = Sum(ArticleItems) * scale;
        var items = shape switch
        {
            WorkShape.Article => ArticleItems.Select(n => n * scale),
            WorkShape.Uniform => Enumerable.Repeat(total / 20, 20),
            WorkShape.ManySmall => Enumerable.Repeat(total / 1000, 1000),
            WorkShape.FewLarge => Enumerable.Repeat(total / 2, 2),
            WorkShape.HeavyTailed => Zipf(total, count: 50, exponent: 1.5),
            WorkShape.Ascending => ArticleItems.Order().Select(n => n * scale),
            WorkShape.Descending => ArticleItems.OrderDescending().Select(n => n * scale),
            WorkShape.Tiny => Enumerable.Repeat((double)TinyItemIterations, (int)Math.Max(10, Math.Round(TinyItems * Math.Min(1, scale / 0.05)))),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown work shape."),
        };
        return new WorkList(shape, scale, [.. items.Select(ToItem)]);
    }

    private static IEnumerable<double> Zipf(double total, int count, double exponent)
    {
        var weights = Enumerable.Range(1, count).Select(k => 1 / Math.Pow(k, exponent)).ToArray();
        double sum = weights.Sum();
        return weights.Select(w => total * w / sum);
    }

    private static long ToItem(double n) =>
        n >= SumKernel.MaxN ? throw new ArgumentOutOfRangeException(nameof(n), n, "A work item is too large for the kernel.")
        : Math.Max(1, (long)Math.Round(n));

    private static long Sum(ImmutableArray<long> items)
    {
        long sum = 0;
        foreach (long n in items)
        {
            sum = checked(sum + n);
        }

        return sum;
    }
}
