using System.Globalization;
using Study.Reports.Analysis;
using Study.Reports.Statistics;
using static Study.Reports.Output.Format;

namespace Study.Reports.Output;

/// <summary>
/// The study's answer in sentences, each computed from the report's own figures: which pool reproduces the article's
/// ordering here and by how much, what its gap is made of, the bound the list sets, the article's arithmetic, and which
/// platform and Python each row stands for. Where the figures disagree with the article, the sentence says so.
/// </summary>
public static class Answer
{
    /// <summary>The sentences, in the order <em>In short</em> gives them; none where the run lacks what one needs.</summary>
    public static List<string> Sentences(StudyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sentences = new List<string>();
        var pools = report.Explanations.Where(e => e.Runtime == Runtime.CPython).ToList();
        if (pools.Count > 0)
        {
            sentences.Add(Ordering(pools, report.Article.Workers));
            sentences.AddRange(pools.Where(p => p.Terms.Count > 0).Select(Gap));
        }

        var a = report.Arithmetic;
        sentences.Add(Invariant($"No executor can beat **{a.BestSpeedup:0.00}×** over sequential code on the article's list, with any number of workers: its largest item is {a.LargestShare * 100:0} % of the work."));
        if (a.CPythonSequentialSeconds is { } seconds && a.ScaleForArticleThreads is { } scale)
        {
            sentences.Add(Invariant($"As printed, the list is {Scientific(a.TotalIterations)} iterations: **{seconds:0} s** of CPython here ({a.CPythonNanosecondsPerIteration:0.0} ns an iteration), not the article's 0.20 s, which fits a list about {Scientific(1 / scale)} times smaller."));
        }

        if (pools.Count > 0)
        {
            sentences.Add(Platforms(pools, report.Run.Environment));
        }

        return sentences;
    }

    private static string Ordering(List<GapExplanation> pools, int workers)
    {
        var slower = pools.Where(p => p.Verdict.IsSlower()).ToList();
        var others = pools.Except(slower).ToList();
        string article = Invariant($"the article reports {Ratio(GapExplanation.ArticleRatio)}");
        if (slower.Count == 0)
        {
            return Invariant($"**Here the article's ordering does not hold**: on its list ({workers} workers), no CPython process pool is slower than threads — ") + Join(others) + $" ({article}).";
        }

        string text = Invariant($"**CPython's process pool is slower than its threads on the article's list** ({workers} workers) with {Methods(slower)}: ") + Join(slower) + $"; {article}";
        return others.Count == 0 ? text + "." : text + $". With {Methods(others)} it is not: " + Join(others) + ".";
    }

    private static string Gap(GapExplanation pool)
    {
        var terms = pool.Terms.Where(t => Math.Abs(t.Nanoseconds) >= 0.005 * Math.Abs(pool.MeasuredGap) || t.Term is "start-up" or "shutdown" or "dispatch and IPC")
            .Select(t => Invariant($"{t.Term} {Signed(t.Nanoseconds)}{(double.IsFinite(t.Share) ? $" ({(t.Share < 0 ? "−" : string.Empty)}{Math.Abs(t.Share) * 100:0} %)" : string.Empty)}"));
        string direction = pool.MeasuredGap >= 0 ? "more" : "less";
        return Invariant($"{Capital(Name(pool))} takes {Time(Math.Abs(pool.MeasuredGap))} {direction} than threads; measured apart, what it pays beyond them is: ") + string.Join(", ", terms)
            + ". (Start-up and shutdown are those of the workers the list starts; a negative GIL term is what threads lose to the lock and processes do not.)";
    }

    private static string Platforms(List<GapExplanation> pools, IReadOnlyDictionary<string, string> environment)
    {
        var rows = pools.Where(p => p.Platforms.Count > 0).Select(p => $"{p.StartMethod} is the default on {string.Join(" and ", p.Platforms)}").ToList();
        string text = rows.Count == 0 ? string.Empty : $"Which row is yours: {string.Join("; ", rows)}.";
        var slower = pools.Where(p => p.Verdict.IsSlower()).ToList();
        if (slower.Count > 0)
        {
            var nearest = slower.MinBy(p => Math.Abs(Math.Log(p.Ratio / GapExplanation.ArticleRatio)))!;
            text += Invariant($" The article's ordering fits {nearest.StartMethod} best ({Ratio(nearest.Ratio)} here)")
                + (nearest.Platforms.Count > 0 ? $", that is {string.Join(" or ", nearest.Platforms)}." : ".");
        }
        else
        {
            text += " No start method reproduces the article's ordering on this machine.";
        }

        if (environment.TryGetValue("pythonVersion", out var version) && environment.TryGetValue("pythonDefaultStartMethod", out var method) && method.Length > 0)
        {
            bool freeThreaded = environment.GetValueOrDefault("pythonFreeThreaded") is "true" or "True";
            text += $" This run's Python {version}{(freeThreaded ? " (free-threaded)" : string.Empty)} starts a pool with {method} unless told otherwise.";
        }

        return text.Trim();
    }

    private static string Join(List<GapExplanation> pools) => pools.Count == 1
        ? Invariant($"{Ratio(pools[0].Ratio)} the threads' time ({pools[0].Verdict.Word()})")
        : string.Join(", ", pools.Select(p => Invariant($"{p.StartMethod ?? p.Pool} {Ratio(p.Ratio)} the threads' time ({p.Verdict.Word()})")));

    private static string Methods(List<GapExplanation> pools)
    {
        var names = pools.Select(p => p.StartMethod ?? p.Pool).ToList();
        return names.Count <= 2 ? string.Join(" and ", names) : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";
    }

    private static string Name(GapExplanation pool) => pool.StartMethod is null ? pool.Pool : $"the {pool.StartMethod} pool";

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Signed(double nanoseconds) => (nanoseconds < 0 ? "−" : "+") + Time(Math.Abs(nanoseconds));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
