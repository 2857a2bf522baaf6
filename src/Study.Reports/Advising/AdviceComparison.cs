using System.Globalization;
using Study.Reports.Analysis;
using Study.Reports.Output;

namespace Study.Reports.Advising;

/// <summary>
/// One workload advised from several runs (machines, or a machine on two days): whether the advice is the same, and
/// when it is not, which parts of the time moved between the runs to change it.
/// </summary>
public static class AdviceComparison
{
    /// <summary>A part counts as moved when it changed by this share of the executor's larger total or more.</summary>
    public const double Moved = 0.05;

    /// <summary>A line for each run after the first, set against the first.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<Advice> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count < 2)
        {
            return [];
        }

        var first = runs[0];
        return [.. runs.Skip(1).Select(other => Difference(first, other))];
    }

    private static string Difference(Advice a, Advice b)
    {
        string where = Invariant($"`{a.Source}` ({a.Cores} cores) and `{b.Source}` ({b.Cores} cores)");
        if (a.Best.Executor == b.Best.Executor)
        {
            return Invariant($"{where} give the same advice, {a.Best.Name}: {Format.Time(a.Best.Time)} against {Format.Time(b.Best.Time)}.");
        }

        // What changed the choice: the parts of the two winners that moved between the runs.
        var moves = new[] { a.Best.Executor, b.Best.Executor }
            .Select(e => (Executor: e, Here: a.Executors.FirstOrDefault(x => x.Executor == e), There: b.Executors.FirstOrDefault(x => x.Executor == e)))
            .Where(m => m.Here is not null && m.There is not null)
            .Select(m => Moves(m.Here!, m.There!))
            .Where(text => text.Length > 0)
            .ToList();
        string cores = a.Cores != b.Cores ? Invariant($" The first has {a.Cores} cores and the second {b.Cores}, which sets how much compute runs at once.") : string.Empty;
        string why = moves.Count == 0 ? " No part moved by 5 % or more: the two were close in both runs." : " What moved: " + string.Join("; ", moves) + ".";
        return Invariant($"{where} advise differently: {a.Best.Name} ({Format.Time(a.Best.Time)}) in the first, {b.Best.Name} ({Format.Time(b.Best.Time)}) in the second.{cores}{why}");
    }

    private static string Moves(ExecutorAdvice here, ExecutorAdvice there)
    {
        Prediction p = here.Predicted, q = there.Predicted;
        double scale = Math.Max(p.Total, q.Total);
        var parts = new (string Name, double Here, double There)[]
        {
            ("start-up", p.StartUp, q.StartUp), ("dispatch", p.Dispatch + p.Transfer, q.Dispatch + q.Transfer), ("compute", p.Compute, q.Compute),
            ("idle cores", p.Skew, q.Skew), ("the GIL", p.Gil, q.Gil), ("shutdown", p.Shutdown, q.Shutdown),
        };
        var moved = parts.Where(t => Math.Abs(t.There - t.Here) >= Moved * scale)
            .OrderByDescending(t => Math.Abs(t.There - t.Here))
            .Select(t => Invariant($"{t.Name} {Format.Time(t.Here)} → {Format.Time(t.There)}"))
            .ToList();
        return moved.Count == 0 ? string.Empty : $"{here.Name}'s {string.Join(", ", moved)}";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
