using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Comparison;

/// <summary>
/// k runs compared at once (<c>study compare a b c …</c>): each later run against the first, through the pairwise
/// comparison (<see cref="Comparer"/>, so every rule, Holm's levels and the matching by role included, is the same),
/// gathered into a matrix. Across machines the useful view is the gap matrix: each run's own ratios (each executor
/// against threads and against sequential code) side by side with their intervals, and per question the number of
/// runs in which the answer holds.
/// </summary>
public static class RunMatrix
{
    /// <summary>
    /// Compares every run of <paramref name="runs"/> with the first; the answers count <paramref name="unit"/> ("runs",
    /// or "machines" when each run is a machine's).
    /// </summary>
    /// <exception cref="ResultsException">Fewer than two runs, or a run with no benchmark in common with the first.</exception>
    public static MatrixReport Compare(IReadOnlyList<ResultSet> runs, ComparisonSettings settings, string unit = "runs")
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(settings);
        if (runs.Count < 2)
        {
            throw new ResultsException("compare needs two runs or more");
        }

        var pairs = runs.Skip(1).Select(run => Comparer.Compare(runs[0], run, settings)).ToList();
        // Each pair already holds both fingerprints and their differences.
        List<Fingerprint> fingerprints = [pairs[0].BaseFingerprint, .. pairs.Select(p => p.DiffFingerprint)];
        var warnings = pairs.Select((p, i) => (Pair: p, Run: i + 2)).Where(x => !x.Pair.SameMachine)
            .Select(x => $"run {x.Run} differs from run 1 in {string.Join(", ", x.Pair.FingerprintDifferences)}: its raw times are another machine's; read the gaps")
            .ToList();

        var compared = pairs.Select(p => p.Benchmarks.ToDictionary(c => c.Key)).ToList();
        var benchmarks = runs[0].Benchmarks.DistinctBy(b => b.Key).Select(b =>
        {
            var cells = compared.Select(c => c.GetValueOrDefault(b.Key)).ToList();
            return new MatrixRow(b.Title, b.Median,
                [.. cells.Select((c, i) => c is null ? null : new MatrixCell(c.DiffMedian, c.Ratio, c.RatioLower, c.RatioUpper, pairs[i].SameMachine ? c.Verdict : null))]);
        }).Where(r => r.Cells.Any(c => c is not null)).ToList();

        var judgement = new Judgement(settings.Threshold, settings.Alpha);
        var gapsByPair = pairs.Select(p => p.Gaps.DistinctBy(g => (g.Case, g.Against)).ToDictionary(g => (g.Case, g.Against))).ToList();
        var gapKeys = pairs.SelectMany(p => p.Gaps).Select(g => (g.Case, g.Against)).Distinct().ToList();
        var gaps = gapKeys.Select(key =>
        {
            var found = gapsByPair.Select(p => p.GetValueOrDefault(key)).ToList();
            var any = found.First(g => g is not null)!;
            var cells = new List<GapCell?> { new(any.BaseGap, any.BaseLower, any.BaseUpper, judgement.Read(any.BaseLower, any.BaseUpper), null) };
            cells.AddRange(found.Select(g => g is null ? null : new GapCell(g.DiffGap, g.DiffLower, g.DiffUpper, judgement.Read(g.DiffLower, g.DiffUpper), g.MatchedByRole)));
            return new GapRow(key.Case, key.Against, any.Parameters, cells);
        }).ToList();

        return new MatrixReport(
            [.. runs.Select(r => r.Source)], fingerprints, settings, warnings, benchmarks, gaps, Answers(gaps, runs.Count, unit),
            [.. pairs.Select(p => p.Benchmarks.Count)]);
    }

    /// <summary>
    /// One sentence per question the study asks of a gap, for the article's case (its list, a pool made inside the
    /// measurement, mapped one item a call): in how many runs each pool is faster than threads, the same, or slower.
    /// </summary>
    private static List<string> Answers(List<GapRow> gaps, int runs, string unit)
    {
        var answers = new List<string>();
        foreach (var row in gaps.Where(g => g.Against == nameof(ExecutorKind.Threads) && IsArticleCase(g.Parameters)))
        {
            var read = row.Cells.Where(c => c is not null).Select(c => c!.Verdict).ToList();
            int faster = read.Count(v => v.IsFaster());
            int slower = read.Count(v => v.IsSlower());
            int same = read.Count(v => v == Verdict.Same);
            int undecided = read.Count - faster - slower - same;
            string executor = row.Parameters.GetValueOrDefault(Suite.Parameters.Executor, "?");
            string method = row.Parameters.GetValueOrDefault(Suite.Parameters.StartMethod) is { } m && m != nameof(StartMethod.None) ? $" ({m.ToLowerInvariant()})" : string.Empty;
            string workers = row.Parameters.GetValueOrDefault(Suite.Parameters.Workers, "?");
            string runtime = Suite.RuntimeOf(row.Case.Split('.')[0]) == Runtime.CPython ? "CPython's" : ".NET's";
            answers.Add($"{runtime} {executor}{method} against threads on the article's list, {workers} worker{(workers == "1" ? string.Empty : "s")}: faster on {faster} of {runs} {unit}, "
                + $"the same on {same}, slower on {slower}{(undecided > 0 ? $", too noisy to say on {undecided}" : string.Empty)}"
                + (read.Count < runs ? $" (measured on {read.Count})" : string.Empty) + ".");
        }

        return answers;
    }

    private static bool IsArticleCase(IReadOnlyDictionary<string, string> p) =>
        p.GetValueOrDefault(Suite.Parameters.Shape) == nameof(Kernel.WorkShape.Article)
        && p.GetValueOrDefault(Suite.Parameters.Lifetime, nameof(Lifetime.Cold)) == nameof(Lifetime.Cold)
        && p.GetValueOrDefault(Suite.Parameters.Api, nameof(Api.Map)) == nameof(Api.Map)
        && p.GetValueOrDefault(Suite.Parameters.Chunksize, "1") == "1";
}

/// <summary>Everything a comparison of k runs states.</summary>
/// <param name="Runs">Each run's source, the first being the one the others are compared with.</param>
/// <param name="Fingerprints">Each run's fingerprint.</param>
/// <param name="Settings">How the runs were compared.</param>
/// <param name="Warnings">What the reader must know first.</param>
/// <param name="Benchmarks">Each benchmark of the first run, and its median and ratio in each other run.</param>
/// <param name="Gaps">Each case's gap in every run, with its interval and what it says.</param>
/// <param name="Answers">Per question, in how many runs the answer holds.</param>
/// <param name="Compared">How many benchmarks each later run shares with the first.</param>
public sealed record MatrixReport(
    IReadOnlyList<string> Runs,
    IReadOnlyList<Fingerprint> Fingerprints,
    ComparisonSettings Settings,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<MatrixRow> Benchmarks,
    IReadOnlyList<GapRow> Gaps,
    IReadOnlyList<string> Answers,
    IReadOnlyList<int> Compared);

/// <summary>A benchmark of the first run, with a cell for each later run (null: not in that run).</summary>
public sealed record MatrixRow(string Title, double BaseMedian, IReadOnlyList<MatrixCell?> Cells);

/// <summary>
/// A benchmark in a later run: its median, its ratio to the first run with the interval, and the verdict (null when
/// the runs' fingerprints differ: raw times of different machines are not judged).
/// </summary>
public sealed record MatrixCell(double Median, double Ratio, double Lower, double Upper, Verdict? Verdict);

/// <summary>A case's gap in every run (null: not in that run), against threads or sequential code.</summary>
public sealed record GapRow(
    string Case, string Against, [property: System.Text.Json.Serialization.JsonIgnore] IReadOnlyDictionary<string, string> Parameters, IReadOnlyList<GapCell?> Cells);

/// <summary>One run's gap: the ratio to the reference with its interval, what it says, and how it was matched.</summary>
public sealed record GapCell(double Gap, double Lower, double Upper, Verdict Verdict, string? MatchedByRole);
