using Perfolizer.Mathematics.Multimodality;
using Study.Reports.Results;

namespace Study.Reports.Analysis;

/// <summary>One of the machine's discrete speeds: its location and range in ns an iteration, and its share of the run.</summary>
public sealed record SpeedMode(double Nanoseconds, double Lower, double Upper, double Share);

/// <summary>
/// The machine's discrete speeds through a run and the speed each measured iteration ran at: Perfolizer's
/// <see cref="LowlandModalityDetector"/> (what BenchmarkDotNet's "bimodal" warning uses) on the sampler's readings
/// (<see cref="SpeedSample"/>), and each iteration placed in time between its case's canary readings.
/// </summary>
/// <remarks>
/// <para>
/// Modes, not a median: this machine runs its one-thread kernel at 0.57–0.66 or 0.83–0.90 ns an iteration and nothing
/// between, so "20 % off the run's median" marks one of the two speeds, whichever the median did not land in. What makes
/// two rivals' figures unfair is that they ran at different speeds, which <see cref="Differ"/> says.
/// </para>
/// <para>
/// An iteration's time: BenchmarkDotNet records no timestamps, but a case's measured iterations run one after another
/// between its two canary readings, each for a time proportional to its value (a launch runs the same operations in
/// every iteration), so the window is cut in those proportions. An iteration's speed is the mode most readings within
/// it fall in, or the nearest reading's within a second for an iteration shorter than the sampling period.
/// </para>
/// </remarks>
public sealed class MachineModes
{
    /// <summary>Fewer readings than this (about 10 s of sampling) say nothing of modes.</summary>
    public const int MinimumReadings = 40;

    /// <summary>Two modes whose readings' medians are closer than this ratio are one speed.</summary>
    public const double SameSpeed = 1.05;

    /// <summary>Rivals ran in different conditions when more than half of one side's iterations would have to change speed to match the other's.</summary>
    public const double DifferentConditions = 0.5;

    private readonly IReadOnlyList<SpeedSample> _samples;
    private readonly Dictionary<string, int[]> _iterations;

    private readonly List<double> _cuts;

    private MachineModes(IReadOnlyList<SpeedMode> modes, List<double> cuts, IReadOnlyList<SpeedSample> samples, ResultSet results)
    {
        Modes = modes;
        _cuts = cuts;
        _samples = samples;
        Readings = samples.Count;
        _iterations = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var windows = results.Canaries.GroupBy(r => (r.CaseKey, r.Launch)).ToDictionary(
            g => g.Key,
            g => (Start: g.Where(r => r.Phase == CanaryReading.Before).Select(r => (DateTimeOffset?)r.Time).Max(),
                End: g.Where(r => r.Phase == CanaryReading.After).Select(r => (DateTimeOffset?)r.Time).Min()));
        foreach (var benchmark in results.Benchmarks)
        {
            var modesOf = new List<int>();
            for (int launch = 0; launch < benchmark.Launches.Count; launch++)
            {
                var values = benchmark.Launches[launch];
                if (windows.TryGetValue((benchmark.Key, launch + 1), out var window) && window is { Start: { } start, End: { } end } && end > start)
                {
                    modesOf.AddRange(Place(values, start, end));
                }
                else
                {
                    modesOf.AddRange(values.Select(_ => -1));
                }
            }

            if (modesOf.Any(m => m >= 0))
            {
                _iterations[benchmark.Key] = [.. modesOf];
            }
        }
    }

    /// <summary>The speeds, fastest first (the fewest ns an iteration).</summary>
    public IReadOnlyList<SpeedMode> Modes { get; }

    /// <summary>How many readings the modes stand on.</summary>
    public int Readings { get; }

    /// <summary>The machine's modes in <paramref name="results"/>' run, or null when it has too few readings.</summary>
    public static MachineModes? Of(ResultSet results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var samples = results.Speed;
        if (samples.Count < MinimumReadings)
        {
            return null;
        }

        var detected = LowlandModalityDetector.Instance.DetectModes([.. samples.Select(s => s.NanosecondsPerIteration)]);
        // The detector's ranges cut the readings; each mode is then told by its own readings: their median (the
        // detector's location is the density's peak, which for a mode spread over a range is its fast edge), their
        // range, and their share of the run (readings are evenly spaced in time).
        var bounds = detected.Modes.OrderBy(m => m.Location).Select(m => m.Right).ToList();
        var members = bounds.Select(_ => new List<double>()).ToList();
        foreach (var sample in samples)
        {
            members[IndexOf(bounds, sample.NanosecondsPerIteration)].Add(sample.NanosecondsPerIteration);
        }

        // Neighbouring modes whose readings' medians lie within 5 % of each other are one speed: the detector splits
        // a mode whose fast edge is a wall of identical readings (the sampler's fastest of three hits the same floor).
        for (int i = bounds.Count - 1; i > 0; i--)
        {
            if (members[i].Count > 0 && members[i - 1].Count > 0
                && Statistics.Estimates.Median(members[i]) < Statistics.Estimates.Median(members[i - 1]) * SameSpeed)
            {
                members[i - 1].AddRange(members[i]);
                members.RemoveAt(i);
                bounds.RemoveAt(i - 1);
            }
        }

        var kept = Enumerable.Range(0, bounds.Count).Where(i => members[i].Count > 0).ToList();
        var modes = kept.Select(i => members[i])
            .Select(m => new SpeedMode(Statistics.Estimates.Median(m), m.Min(), m.Max(), (double)m.Count / samples.Count))
            .ToList();
        return new MachineModes(modes, [.. kept.Select(i => bounds[i])], samples, results);
    }

    /// <summary>Which mode a reading of <paramref name="nanoseconds"/> belongs to: the detector cuts the scale in the lowlands between modes.</summary>
    public int ModeOf(double nanoseconds) => IndexOf(_cuts, nanoseconds);

    /// <summary>The mode of each of <paramref name="benchmark"/>'s iterations, in <see cref="BenchmarkResult.Nanoseconds"/>' order (−1: unknown); null when none is known.</summary>
    public IReadOnlyList<int>? IterationModes(BenchmarkResult benchmark)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        return _iterations.GetValueOrDefault(benchmark.Key);
    }

    /// <summary>The share of <paramref name="benchmark"/>'s iterations (of those placed) in each mode; null when none was placed.</summary>
    public double[]? Mix(BenchmarkResult benchmark)
    {
        if (IterationModes(benchmark) is not { } modes)
        {
            return null;
        }

        var known = modes.Where(m => m >= 0).ToList();
        return [.. Enumerable.Range(0, Modes.Count).Select(i => (double)known.Count(m => m == i) / known.Count)];
    }

    /// <summary>
    /// Whether two cases ran at different speeds: the total variation distance between their iterations' mixes of
    /// modes is above <see cref="DifferentConditions"/> (their majorities ran in different modes). False when either
    /// is unknown or the machine had one speed.
    /// </summary>
    public bool Differ(BenchmarkResult a, BenchmarkResult b) =>
        Modes.Count > 1 && Mix(a) is { } x && Mix(b) is { } y && x.Zip(y, (p, q) => Math.Abs(p - q)).Sum() / 2 > DifferentConditions;

    private static int IndexOf(List<double> uppers, double nanoseconds)
    {
        for (int i = 0; i < uppers.Count - 1; i++)
        {
            if (nanoseconds <= uppers[i])
            {
                return i;
            }
        }

        return uppers.Count - 1;
    }

    private IEnumerable<int> Place(IReadOnlyList<double> values, DateTimeOffset start, DateTimeOffset end)
    {
        double total = values.Sum(), width = (end - start).TotalMilliseconds, done = 0;
        foreach (double value in values)
        {
            var from = start.AddMilliseconds(width * done / total);
            done += value;
            var to = start.AddMilliseconds(width * done / total);
            yield return ModeBetween(from, to);
        }
    }

    private int ModeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        int first = FirstAtOrAfter(from);
        var within = new List<int>();
        for (int i = first; i < _samples.Count && _samples[i].Time <= to; i++)
        {
            within.Add(ModeOf(_samples[i].NanosecondsPerIteration));
        }

        if (within.Count > 0)
        {
            return within.GroupBy(m => m).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        }

        var middle = from + ((to - from) / 2);
        var nearest = new[] { first - 1, first }.Where(i => i >= 0 && i < _samples.Count).Select(i => _samples[i])
            .MinBy(s => Math.Abs((s.Time - middle).TotalMilliseconds));
        return nearest is not null && Math.Abs((nearest.Time - middle).TotalSeconds) <= 1 ? ModeOf(nearest.NanosecondsPerIteration) : -1;
    }

    private int FirstAtOrAfter(DateTimeOffset time)
    {
        int low = 0, high = _samples.Count;
        while (low < high)
        {
            int middle = (low + high) / 2;
            (low, high) = _samples[middle].Time < time ? (middle + 1, high) : (low, middle);
        }

        return low;
    }
}
