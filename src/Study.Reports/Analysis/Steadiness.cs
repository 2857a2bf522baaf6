using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Analysis;

/// <summary>
/// How steady the machine was through a run, from its canaries (<see cref="CanaryReading"/>): the machine's speed,
/// read just before and just after every case's measured iterations, against the run's median speed.
/// </summary>
/// <remarks>
/// <para>
/// A reading is smoothed with its neighbours in time (the median of five: the reading and two each side, about the
/// span of two or three cases), so that a single slow reading, such as the benchmark process's own background
/// compilation right after its warm-up, does not condemn a case, while a load that lasts longer than a few seconds
/// does. A case is <b>unsteady</b> when a smoothed reading at either end of it is off the run's median by more than
/// <see cref="Tolerance"/>, in either direction (a run slow for most of its length has a slow median, and then the
/// quiet cases stand out).
/// </para>
/// <para>
/// The default tolerance, 20 %, is about ten times the canary's own spread on this 2-core machine when quiet (the
/// median of five rounds varied by ±2 % over a minute), and well inside what one busy core does to it (2.0× slower).
/// </para>
/// </remarks>
internal sealed class Steadiness
{
    /// <summary>The default tolerance: a smoothed reading more than 20 % off the run's median makes a case unsteady.</summary>
    public const double DefaultTolerance = 0.20;

    private const int Window = 5;

    private readonly Dictionary<string, List<Smoothed>> _byCase;
    private readonly HashSet<string> _unsteady;
    private readonly Dictionary<string, double> _sustainedLoad;

    private Steadiness(IReadOnlyList<CanaryReading> readings, IReadOnlyDictionary<string, string> titles, double tolerance, MachineModes? modes)
    {
        Tolerance = tolerance;
        Modes = modes;
        var smoothed = new List<Smoothed>();
        var medians = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var runtime in readings.GroupBy(r => r.Runtime))
        {
            var series = runtime.OrderBy(r => r.Time).ToList();
            double median = Estimates.Median([.. series.Select(r => r.NanosecondsPerIteration)]);
            medians[runtime.Key] = median;
            for (int i = 0; i < series.Count; i++)
            {
                var window = series.Skip(Math.Max(0, i - (Window / 2))).Take(Math.Min(series.Count, i + (Window / 2) + 1) - Math.Max(0, i - (Window / 2)));
                double value = Estimates.Median([.. window.Select(r => r.NanosecondsPerIteration)]);
                smoothed.Add(new Smoothed(series[i], value / median, series[i].NanosecondsPerIteration / median));
            }
        }

        Medians = medians;
        _byCase = smoothed.GroupBy(s => s.Reading.CaseKey).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        QuietLoad = QuietLoadOf(readings);
        // With the machine's modes known, its own speeds are no longer "off": a case is unsteady only when another
        // program took cores from it (the every-core canary slow against the one-thread canary), and rivals that ran
        // at different speeds are told by Unfair. Without them (older runs), off the run's median as before.
        _sustainedLoad = ByLoad ? SustainedLoads(readings, QuietLoad!.Value) : [];
        _unsteady = _byCase.Where(kv => ByLoad ? _sustainedLoad.GetValueOrDefault(kv.Key, 1) > 1 + Tolerance : IsUnsteady(kv.Value))
            .Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
        var start = readings.Count > 0 ? readings.Min(r => r.Time) : default;
        string Title(CanaryReading r) => titles.GetValueOrDefault(r.CaseKey, $"{r.Type}.{r.Method}");
        Points = [.. smoothed.OrderBy(s => s.Reading.Time).Select(s => new StabilityPoint(
            (s.Reading.Time - start).TotalMinutes, s.Reading.Runtime, s.Reading.Phase, Title(s.Reading),
            s.Reading.NanosecondsPerIteration, s.Relative, _unsteady.Contains(s.Reading.CaseKey) && (IsOff(s.Relative) || IsOff(s.Raw))))];
        Unsteady = [.. _unsteady
            .Select(key => _byCase[key].SelectMany(s => new[] { (s.Reading, Relative: s.Relative), (s.Reading, Relative: s.Raw) })
                .Where(r => !ByLoad || r.Reading.Runtime == CanaryReading.DotNet)
                .MaxBy(r => Math.Abs(Math.Log(r.Relative))))
            .OrderBy(worst => worst.Reading.Time)
            .Select(worst => new UnsteadyCase(Title(worst.Reading), worst.Reading.CaseKey, worst.Reading.Runtime,
                ByLoad ? _sustainedLoad[worst.Reading.CaseKey] : worst.Relative, (worst.Reading.Time - start).TotalMinutes))];
        Start = readings.Count > 0 ? start : null;
        Readings = readings.Count;
        CasesRead = _byCase.Count;
    }

    /// <summary>The machine's discrete speeds and each iteration's, when the run has the sampler's readings.</summary>
    public MachineModes? Modes { get; }

    /// <summary>
    /// Whether a case was unsteady because another program took cores from it (<see cref="Load"/> above
    /// 1 + <see cref="Tolerance"/>), which is what <see cref="IsUnsteady(BenchmarkResult)"/> means once the machine's modes are known.
    /// </summary>
    public bool ByLoad => Modes is not null && QuietLoad is not null;

    /// <summary>How far off the run's median a smoothed reading may be before its case is unsteady.</summary>
    public double Tolerance { get; }

    /// <summary>Whether the run has canaries at all (runs from before them have none).</summary>
    public bool HasData => Readings > 0;

    /// <summary>How many readings the run has.</summary>
    public int Readings { get; }

    /// <summary>How many cases have readings.</summary>
    public int CasesRead { get; }

    /// <summary>When the first reading was taken.</summary>
    public DateTimeOffset? Start { get; }

    /// <summary>The run's median reading by runtime (<see cref="CanaryReading.DotNet"/>, <see cref="CanaryReading.CPython"/>), ns an iteration.</summary>
    public IReadOnlyDictionary<string, double> Medians { get; }

    /// <summary>Every reading, smoothed, in time order.</summary>
    public IReadOnlyList<StabilityPoint> Points { get; }

    /// <summary>The unsteady cases, in the order they ran.</summary>
    public IReadOnlyList<UnsteadyCase> Unsteady { get; }

    /// <summary>The steadiness of <paramref name="results"/>' run.</summary>
    public static Steadiness Of(ResultSet results, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tolerance);
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var benchmark in results.Benchmarks)
        {
            titles.TryAdd(benchmark.Key, benchmark.Title);
        }

        return new Steadiness(results.Canaries, titles, tolerance, MachineModes.Of(results));
    }

    /// <summary>
    /// Whether <paramref name="a"/> and <paramref name="b"/> ran in different conditions: either unsteady
    /// (<see cref="IsUnsteady(BenchmarkResult)"/>), or, with the machine's modes known, the two at different speeds (<see cref="MachineModes.Differ"/>).
    /// </summary>
    public bool Unfair(BenchmarkResult a, BenchmarkResult b) => IsUnsteady(a) || IsUnsteady(b) || (Modes?.Differ(a, b) ?? false);

    /// <summary>Whether <paramref name="benchmark"/> ran while the machine was off its median speed.</summary>
    public bool IsUnsteady(BenchmarkResult benchmark) => benchmark is not null && _unsteady.Contains(benchmark.Key);

    /// <summary>
    /// How slow the machine was while <paramref name="benchmark"/> ran, against the run's median, from the readings of
    /// <paramref name="runtime"/>'s kernel (the mean of its smoothed readings; above 1: slower); 1 without readings.
    /// </summary>
    public double Slowdown(BenchmarkResult benchmark, string runtime)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        return _byCase.TryGetValue(benchmark.Key, out var readings) && readings.Where(s => s.Reading.Runtime == runtime).ToList() is { Count: > 0 } own
            ? own.Average(s => s.Relative)
            : 1;
    }

    /// <summary>
    /// The machine's speed while <paramref name="benchmark"/> ran, in ns per iteration of <paramref name="runtime"/>'s
    /// canary (the mean of its raw readings at the case's ends); null without readings.
    /// </summary>
    public double? CanaryAt(BenchmarkResult benchmark, string runtime)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        return _byCase.TryGetValue(benchmark.Key, out var readings) && readings.Where(s => s.Reading.Runtime == runtime).ToList() is { Count: > 0 } own
            ? own.Average(s => s.Reading.NanosecondsPerIteration)
            : null;
    }

    /// <summary>Whether the run has readings of <paramref name="runtime"/>'s canary.</summary>
    public bool Has(string runtime) => Medians.ContainsKey(runtime);

    /// <summary>
    /// The every-core canary over the one-thread canary read at the same moment, on a quiet machine: the 10th
    /// percentile of that ratio over the run (the threads' own cost of sharing the cores; 1.0–1.1 here); null without
    /// one-thread readings.
    /// </summary>
    public double? QuietLoad { get; }

    /// <summary>
    /// How much of the cores other programs took while <paramref name="benchmark"/> ran: the every-core canary over the
    /// one-thread canary at the case's ends, against <see cref="QuietLoad"/> (1: the cores were the run's alone; 1.5:
    /// work that fills them took half as long again); 1 without one-thread readings.
    /// </summary>
    public double Load(BenchmarkResult benchmark)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        return QuietLoad is { } quiet && CanaryAt(benchmark, CanaryReading.DotNet) is { } all && CanaryAt(benchmark, CanaryReading.DotNetThread) is { } one
            ? Math.Max(1, all / one / quiet)
            : 1;
    }

    /// <summary>
    /// Each case's load as a lasting condition: the load at each end of each case (every-core over one-thread reading,
    /// over the quiet ratio), smoothed with its neighbours in time (the median of five, about two cases' span), the
    /// median of a case's ends. On this shared VM the every-core reading alone jumps 1.2–2× at single, scattered moments (25 of 201
    /// cases in a quiet quick run), while another program on a core lasts: a disturbance of two minutes slows forty
    /// cases in a row.
    /// </summary>
    private static Dictionary<string, double> SustainedLoads(IReadOnlyList<CanaryReading> readings, double quiet)
    {
        var ends = LoadEnds(readings).Select(e => (e.Key, Load: Math.Max(1, e.Ratio / quiet))).ToList();
        var byCase = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (int i = 0; i < ends.Count; i++)
        {
            int from = Math.Max(0, i - (Window / 2)), to = Math.Min(ends.Count, i + (Window / 2) + 1);
            double smoothed = Estimates.Median([.. ends.Skip(from).Take(to - from).Select(e => e.Load)]);
            (byCase.TryGetValue(ends[i].Key, out var list) ? list : byCase[ends[i].Key] = []).Add(smoothed);
        }

        // The median of a case's ends: a case measured in several launches is loaded when most of them were.
        return byCase.ToDictionary(kv => kv.Key, kv => Estimates.Median(kv.Value), StringComparer.Ordinal);
    }

    private static double? QuietLoadOf(IReadOnlyList<CanaryReading> readings)
    {
        var ratios = LoadEnds(readings).Select(e => e.Ratio).Order().ToList();
        return ratios.Count == 0 ? null : ratios[ratios.Count / 10];
    }

    /// <summary>
    /// The every-core over the one-thread reading at each end of each case, in time order. The diagnoser reads every
    /// core and then one thread: each one-thread reading pairs with the every-core reading just before it at the same
    /// end of the same case.
    /// </summary>
    private static List<(string Key, double Ratio)> LoadEnds(IReadOnlyList<CanaryReading> readings)
    {
        var ends = new List<(string Key, double Ratio)>();
        CanaryReading? all = null;
        foreach (var reading in readings.OrderBy(r => r.Time))
        {
            if (reading.Runtime == CanaryReading.DotNet)
            {
                all = reading;
            }
            else if (reading.Runtime == CanaryReading.DotNetThread && all is not null && all.CaseKey == reading.CaseKey && all.Phase == reading.Phase)
            {
                ends.Add((reading.CaseKey, all.NanosecondsPerIteration / reading.NanosecondsPerIteration));
                all = null;
            }
        }

        return ends;
    }

    /// <summary>A smoothed reading at either end off the median, or every raw reading of one canary off it.</summary>
    private bool IsUnsteady(List<Smoothed> readings) =>
        readings.Any(s => IsOff(s.Relative)) || readings.GroupBy(s => s.Reading.Runtime).Any(g => g.All(s => IsOff(s.Raw)));

    private bool IsOff(double relative) => relative > 1 + Tolerance || relative < 1 / (1 + Tolerance);

    /// <summary>A reading, its smoothed speed and its own speed, each against the run's median.</summary>
    private sealed record Smoothed(CanaryReading Reading, double Relative, double Raw);
}

/// <summary>A canary reading in the report: minutes into the run, its case, and its smoothed speed against the median.</summary>
public sealed record StabilityPoint(double Minutes, string Runtime, string Phase, string Case, double NanosecondsPerIteration, double Relative, bool Off);

/// <summary>A case measured while the machine was off its median speed: the worst smoothed reading at its ends.</summary>
public sealed record UnsteadyCase(string Case, string Key, string Runtime, double Relative, double Minutes);

/// <summary>What the report says of the machine's steadiness.</summary>
public sealed record MachineStability(
    bool HasData,
    double Tolerance,
    int Readings,
    int CasesRead,
    IReadOnlyDictionary<string, double> MedianNanoseconds,
    IReadOnlyDictionary<string, double> SpreadP5ToP95,
    IReadOnlyList<UnsteadyCase> Unsteady,
    IReadOnlyList<string> AtRisk,
    string Disturbance,
    IReadOnlyList<StabilityPoint> Points)
{
    /// <summary>The machine's discrete speeds from the sampler's readings (the kernel on one thread), fastest first; empty for a run without them.</summary>
    public IReadOnlyList<SpeedMode> Modes { get; init; } = [];

    /// <summary>How many sampler readings the modes stand on.</summary>
    public int SpeedReadings { get; init; }

    /// <summary>
    /// Whether unsteady means "another program took cores" (the run has the machine's modes; rivals at different
    /// speeds are marked by pair) rather than "off the run's median" (older runs).
    /// </summary>
    public bool ByLoad { get; init; }

    /// <summary>The most launches any case was measured in (1: every case in one).</summary>
    public int Launches { get; init; } = 1;
}
