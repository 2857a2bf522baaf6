using Study.Kernel;

namespace Study.Benchmarks.Study;

/// <summary>
/// Which combinations of <see cref="WorkListBenchmarks"/>' parameters a profile runs. The full cartesian product
/// (over 2 000 cases) holds many that measure nothing new: the sequential executor ignores workers, lifetime and chunks;
/// only a process pool uses a chunk size. Every profile keeps the article's own case: map, cold, five workers.
/// </summary>
public sealed record GridCase(ExecutorKind Executor, int Workers, WorkShape Shape, Lifetime Lifetime, Api Api, int Chunksize)
{
    private static readonly int Cores = Environment.ProcessorCount;

    /// <summary>Whether <paramref name="profile"/> runs this case.</summary>
    public bool IsIn(Profile profile)
    {
        bool processes = Executor.IsProcessPool();
        if (Executor == ExecutorKind.Sequential)
        {
            return Workers == 1 && Lifetime == Lifetime.Cold && Api == Api.Map && Chunksize == 1
                && (profile != Profile.Dry || Shape == WorkShape.Article);
        }

        if (Chunksize != 1 && (!processes || Api != Api.Map))
        {
            return false;
        }

        return profile switch
        {
            Profile.Dry => Shape == WorkShape.Article && Workers == 2 && Chunksize == 1
                && (Lifetime, Api) is (Lifetime.Cold, Api.Map) or (Lifetime.Warm, Api.Map) or (Lifetime.Cold, Api.Submit),
            // Chunks where dispatch dominates: the tiny shape, through each process pool.
            Profile.Quick when Chunksize != 1 => Shape == WorkShape.Tiny && Workers == Cores && Lifetime == Lifetime.Cold,
            Profile.Quick => Chunksize == 1 && (
                // Every executor on every shape, on this machine's cores.
                (Workers == Cores && Lifetime == Lifetime.Cold && Api == Api.Map)
                // The article's list on one worker and on the article's five (the full profile adds 4 and 8: their
                // minute buys the headline cases' launches, see Launches).
                || (Shape == WorkShape.Article && Workers is 1 or 5 && Lifetime == Lifetime.Cold && Api == Api.Map)
                // The article's list warm, on this machine's cores.
                || (Shape == WorkShape.Article && Workers == Cores && Lifetime == Lifetime.Warm && Api == Api.Map)),
            _ => Full(processes),
        };
    }

    private bool Full(bool processes)
    {
        bool cores = Workers == Cores;
        return (Lifetime, Api, Chunksize) switch
        {
            // Every executor and shape as the article runs it: the article's list at every worker count, the other
            // shapes on this machine's cores and oversubscribed (8).
            (Lifetime.Cold, Api.Map, 1) => Shape == WorkShape.Article || cores || Workers == 8,
            // Without the pool's start-up and shutdown, on this machine's cores.
            (Lifetime.Warm, Api.Map, 1) => cores,
            // submit-then-result, on the shapes whose order matters.
            (Lifetime.Cold, Api.Submit, 1) => cores && Shape is WorkShape.Article or WorkShape.Ascending or WorkShape.Descending,
            // Chunks, where there are many small items to batch.
            (Lifetime.Cold, Api.Map, _) => processes && cores && Shape is WorkShape.ManySmall or WorkShape.HeavyTailed or WorkShape.Tiny,
            _ => false,
        };
    }
}
