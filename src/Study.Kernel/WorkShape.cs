namespace Study.Kernel;

/// <summary>
/// How a work list distributes its total work over items. Every shape but <see cref="Tiny"/> has the article's total
/// work, so that shapes compare at equal work; <see cref="Tiny"/> is about dispatch, not work.
/// </summary>
public enum WorkShape
{
    /// <summary>The article's list <c>[1e8, 1e6, 1e6, 1e9, 1e10]</c>, in its order.</summary>
    Article,

    /// <summary>20 equal items: the easy case for any pool.</summary>
    Uniform,

    /// <summary>1 000 equal items, still long enough (0.3 ms each at the study's scale) that compute dominates.</summary>
    ManySmall,

    /// <summary>2 equal items: parallelism is capped at two.</summary>
    FewLarge,

    /// <summary>50 items with Zipf weights 1/k^1.5: one large item and a long tail of small ones.</summary>
    HeavyTailed,

    /// <summary>The article's items, smallest first: the largest item starts last.</summary>
    Ascending,

    /// <summary>The article's items, largest first: the schedule that greedy dispatch handles best.</summary>
    Descending,

    /// <summary>
    /// 100 000 items of 128 iterations (about 60 ns each): dispatch-bound, where chunking matters. Its total work is
    /// its own (fewer items below the study's scale of 0.05, for dry runs), not the article's.
    /// </summary>
    Tiny,
}
