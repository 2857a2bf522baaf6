using System.Diagnostics;

namespace Study.Futures;

/// <summary>Turns Python-style timeouts (null: forever; negative: zero) into monotonic deadlines.</summary>
internal static class Deadline
{
    public const long Never = long.MaxValue;

    public static long From(TimeSpan? timeout)
    {
        if (timeout is not { } span || span == Timeout.InfiniteTimeSpan)
        {
            return Never;
        }

        if (span <= TimeSpan.Zero)
        {
            return Stopwatch.GetTimestamp();
        }

        // Saturates: a timeout too long to count in ticks (TimeSpan.MaxValue, say) is as good as forever.
        long now = Stopwatch.GetTimestamp();
        double ticks = span.TotalSeconds * Stopwatch.Frequency;
        return ticks >= Never - now ? Never : now + (long)ticks;
    }

    /// <summary>Milliseconds left, rounded up so that a wait never ends early; -1 for forever; 0 when passed.</summary>
    public static int RemainingMilliseconds(long deadline)
    {
        if (deadline == Never)
        {
            return Timeout.Infinite;
        }

        long left = deadline - Stopwatch.GetTimestamp();
        if (left <= 0)
        {
            return 0;
        }

        // In double: ticks times 1000 overflows a long for deadlines a few months away.
        return (int)Math.Min(int.MaxValue, Math.Ceiling(left * 1000.0 / Stopwatch.Frequency));
    }

    public static TimeSpan? Remaining(long deadline) =>
        deadline == Never ? null : Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
}
