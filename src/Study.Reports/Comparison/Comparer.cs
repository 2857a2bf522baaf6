using Study.Reports.Analysis;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Comparison;

/// <summary>
/// Compares two runs: every benchmark found in both (matched by type, method, parameters and job), the ones found in
/// one only, the environments, the threads-versus-processes gap within each machine, and the model's costs.
/// </summary>
/// <remarks>
/// A benchmark's verdict is the report's rule (<see cref="Judgement"/>: the ratio's interval by inverting Perfolizer's
/// one-sided Mann–Whitney tests, the verdict read from it) at the level Holm's step-down gives it
/// (<see cref="Estimates.HolmLevels"/>) for the family-wise level over the benchmarks compared, so that comparing a
/// thousand benchmarks does not flag fifty by chance; a benchmark's level is never below Bonferroni's α / m. An
/// absolute difference of medians below the noise floor is "same" whatever the test.
/// </remarks>
public static class Comparer
{
    /// <summary>Compares <paramref name="diff"/> with <paramref name="baseline"/>.</summary>
    /// <exception cref="ResultsException">The runs have no benchmark in common.</exception>
    public static ComparisonReport Compare(ResultSet baseline, ResultSet diff, ComparisonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(settings);
        var baseByKey = Index(baseline);
        var diffByKey = Index(diff);
        var common = baseByKey.Keys.Where(diffByKey.ContainsKey).ToList();
        if (common.Count == 0)
        {
            throw new ResultsException($"{baseline.Source} and {diff.Source} have no benchmark in common (same type, method, parameters and job)");
        }

        var baseSteadiness = Steadiness.Of(baseline);
        var diffSteadiness = Steadiness.Of(diff);
        var canaries = Canaries(baseSteadiness, diffSteadiness);
        var samples = common.Select(key => (Key: key, Diff: DiffValues(baseByKey[key], diffByKey[key], settings, baseSteadiness, diffSteadiness))).ToList();
        var levels = Estimates.HolmLevels([.. samples.Select(s => Estimates.PValue(s.Diff.Values, baseByKey[s.Key].Nanoseconds))], settings.Alpha);
        var compared = samples.Select((s, i) => CompareOne(baseByKey[s.Key], diffByKey[s.Key], s.Diff, settings, levels[i], baseSteadiness, diffSteadiness)).ToList();
        double alpha = settings.Alpha / common.Count;
        var environment = CompareEnvironments(baseline.Environment, diff.Environment);
        var baseFingerprint = Fingerprint.Of(baseline.Environment);
        var diffFingerprint = Fingerprint.Of(diff.Environment);
        var warnings = new List<string>();

        if (baseFingerprint.DifferencesFrom(diffFingerprint) is { Count: > 0 } differing)
        {
            warnings.Add("the runs' fingerprints differ in " + string.Join(", ", differing.Select(f => $"{f} ({baseline.Environment.GetValueOrDefault(f, "—")} against {diff.Environment.GetValueOrDefault(f, "—")})"))
                + ": they ran on different machines, or one set up differently, so raw times are not comparable as they stand and their verdicts read \"different machines\"; the gap within each machine is the comparison to read");
        }

        if (!baseSteadiness.HasData || !diffSteadiness.HasData)
        {
            string which = baseSteadiness.HasData ? "the diff run has" : diffSteadiness.HasData ? "the base run has" : "both runs have";
            warnings.Add($"{which} no canary readings: whether the machine's speed moved cannot be told apart from a change"
                + (settings.ByCanary ? "; --by-canary corrects only the benchmarks with readings on both sides" : string.Empty));
        }
        else if (canaries.FirstOrDefault(c => c.Canary == CanaryReading.DotNet)?.Ratio is { } speed && Math.Abs(Math.Log(speed)) > Math.Log(1 + settings.Threshold))
        {
            warnings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the machine's speed itself moved: the diff run's canary reads {speed:0.00}× the base's{(settings.ByCanary ? "; ratios below are divided by it, case by case" : "; --by-canary divides it out")}"));
        }

        foreach (var (run, role) in new[] { (baseline, "base"), (diff, "diff") })
        {
            if (run.Environment.GetValueOrDefault("disturbance") is { Length: > 0 } disturbance && disturbance != "null")
            {
                warnings.Add($"the {role} run was disturbed on purpose ({disturbance}): its answers are a busy machine's, and an answer that reproduces against it held despite the load");
            }
        }

        if (compared.Count(c => c.Verdict == Verdict.Unknown) is > 0 and var unknown)
        {
            warnings.Add($"{unknown} benchmarks could not be decided: too few iterations for a test at α = {alpha:G2} (Holm's first level), or too noisy");
        }

        var summary = Summarize(compared);
        return new ComparisonReport(
            baseline.Source, diff.Source, settings, environment, warnings, compared,
            [.. baseByKey.Keys.Where(k => !diffByKey.ContainsKey(k)).Order(StringComparer.Ordinal)],
            [.. diffByKey.Keys.Where(k => !baseByKey.ContainsKey(k)).Order(StringComparer.Ordinal)],
            summary,
            [.. compared.Where(c => c.Verdict == Verdict.Slower).OrderByDescending(c => c.Ratio).Take(10)],
            [.. compared.Where(c => c.Verdict == Verdict.Faster).OrderBy(c => c.Ratio).Take(10)],
            GapView.Compare(baseline, diff, settings),
            ModelTerms.Compare(baseline, diff),
            canaries,
            baseFingerprint,
            diffFingerprint)
        {
            Reproducibility = Reproducibility.Of(baseline, diff),
            Host = HostCharacter.Of(baseline, diff, Judgement.Default),
        };
    }

    private static Dictionary<string, BenchmarkResult> Index(ResultSet results)
    {
        var index = new Dictionary<string, BenchmarkResult>(StringComparer.Ordinal);
        foreach (var benchmark in results.Benchmarks)
        {
            index.TryAdd(benchmark.Key, benchmark);
        }

        return index;
    }

    private static List<CanaryComparison> Canaries(Steadiness baseline, Steadiness diff) =>
        [.. baseline.Medians.Keys.Union(diff.Medians.Keys).Order(StringComparer.Ordinal).Select(canary =>
        {
            double? b = baseline.Medians.TryGetValue(canary, out double x) ? x : null, d = diff.Medians.TryGetValue(canary, out double y) ? y : null;
            return new CanaryComparison(canary, b, d, d / b, baseline.Unsteady.Count, baseline.CasesRead, diff.Unsteady.Count, diff.CasesRead);
        })];

    /// <summary>The diff's sample as compared: divided by the canary ratio at that case with --by-canary, where both have readings.</summary>
    private static (IReadOnlyList<double> Values, string? Note) DiffValues(
        BenchmarkResult baseline, BenchmarkResult diff, ComparisonSettings settings, Steadiness baseSteadiness, Steadiness diffSteadiness)
    {
        if (settings.ByCanary)
        {
            string canary = StudyCases.RuntimeOf(diff) == Runtime.CPython ? CanaryReading.CPython : CanaryReading.DotNet;
            if (diffSteadiness.CanaryAt(diff, canary) is { } d && baseSteadiness.CanaryAt(baseline, canary) is { } b)
            {
                return ([.. diff.Nanoseconds.Select(v => v * b / d)], string.Create(System.Globalization.CultureInfo.InvariantCulture, $"divided by the canary ratio {d / b:0.00}"));
            }
        }

        return (diff.Nanoseconds, null);
    }

    private static ComparedBenchmark CompareOne(
        BenchmarkResult baseline, BenchmarkResult diff, (IReadOnlyList<double> Values, string? Note) diffSample, ComparisonSettings settings, double alpha,
        Steadiness baseSteadiness, Steadiness diffSteadiness)
    {
        var warnings = new List<string>();

        if (diffSample.Note is { } note)
        {
            warnings.Add(note);
        }

        var versus = new Judgement(settings.Threshold, alpha).Compare(diffSample.Values, baseline.Nanoseconds);
        double baseMedian = baseline.Median, diffMedian = diff.Median;
        if (baseSteadiness.IsUnsteady(baseline) || diffSteadiness.IsUnsteady(diff))
        {
            warnings.Add($"unsteady in {(baseSteadiness.IsUnsteady(baseline) ? diffSteadiness.IsUnsteady(diff) ? "both runs" : "the base run" : "the diff run")}");
        }

        if (Math.Min(baseline.Nanoseconds.Count, diff.Nanoseconds.Count) < 5)
        {
            warnings.Add("fewer than 5 iterations on a side");
        }

        if (Estimates.LooksMultimodal(baseline.Skewness, baseline.Kurtosis, baseline.Nanoseconds.Count)
            || Estimates.LooksMultimodal(diff.Skewness, diff.Kurtosis, diff.Nanoseconds.Count))
        {
            warnings.Add("multimodal sample");
        }

        // The report's rule (Judgement), with the noise floor on top: a difference of medians below it is "same".
        var verdict = Math.Abs(diffMedian - baseMedian) < settings.NoiseNanoseconds ? Verdict.Same : versus.Verdict;
        return new ComparedBenchmark(baseline.Key, baseline.Title, baseMedian, diffMedian, versus.Ratio, versus.Lower, versus.Upper, verdict, warnings)
        {
            BaseMemory = baseline.Memory,
            DiffMemory = diff.Memory,
        };
    }

    private static ComparisonSummary Summarize(List<ComparedBenchmark> compared)
    {
        var mean = Estimates.GeometricMean([.. compared.Select(c => c.Ratio)]);
        return new ComparisonSummary(
            compared.Count(c => c.Verdict == Verdict.Slower),
            compared.Count(c => c.Verdict == Verdict.Faster),
            compared.Count(c => c.Verdict == Verdict.Same),
            compared.Count(c => c.Verdict == Verdict.Unknown),
            mean.Ratio, mean.Lower, mean.Upper,
            compared.Count(c => c.Verdict == Verdict.SlightlySlower),
            compared.Count(c => c.Verdict == Verdict.SlightlyFaster));
    }

    private static List<EnvironmentField> CompareEnvironments(IReadOnlyDictionary<string, string> baseline, IReadOnlyDictionary<string, string> diff)
    {
        string[] ignored = ["started", "arguments", "gitCommit", "gitDirty"];
        return [.. baseline.Keys.Union(diff.Keys).Where(k => !ignored.Contains(k)).Order(StringComparer.Ordinal).Select(name =>
        {
            string b = baseline.GetValueOrDefault(name, "—"), d = diff.GetValueOrDefault(name, "—");
            return new EnvironmentField(name, b, d, b != d, Fingerprint.FieldNames.Contains(name));
        })];
    }
}
