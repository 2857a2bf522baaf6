using Study.Reports.Analysis;
using Study.Reports.Output;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Advising;

/// <summary>One executor's predicted time for a workload, its parts, and how far it may move.</summary>
/// <param name="Executor">The executor.</param>
/// <param name="Predicted">The model's parts at the costs' medians (the kernel's fastest iteration where the report reads it).</param>
/// <param name="Low">The prediction at every cost's low end (<see cref="Costs.RangeTail"/>).</param>
/// <param name="High">The prediction at every cost's high end.</param>
/// <param name="Lower">The interval's low end: <see cref="Low"/> times the model's smallest ratio of measured to predicted on this run's grid.</param>
/// <param name="Upper">The interval's high end: <see cref="High"/> times the model's largest such ratio.</param>
public sealed record ExecutorAdvice(ExecutorId Executor, Prediction Predicted, double Low, double High, double Lower, double Upper)
{
    /// <summary>The predicted time, in nanoseconds.</summary>
    public double Time => Predicted.Total;

    /// <summary>The executor's name, as the report writes it.</summary>
    public string Name => Executor.Label();
}

/// <summary>A part of the prediction that tells the best executor from the next: its name and each one's value.</summary>
public sealed record DecidingTerm(string Term, double Best, double Next);

/// <summary>
/// The advice for a workload: each executor's predicted time with its interval, the best, what it gains over the next
/// best and over sequential code, and the terms that decide it.
/// </summary>
public sealed record Advice(
    WorkloadSpec Workload,
    string Source,
    int Cores,
    long Tasks,
    double Iterations,
    IReadOnlyList<ExecutorAdvice> Executors,
    IReadOnlyList<string> NotPredicted,
    double ModelLowRatio,
    double ModelHighRatio,
    int ModelCases)
{
    /// <summary>The executor with the shortest predicted time.</summary>
    public ExecutorAdvice Best => Executors[0];

    /// <summary>The next best, or null when one executor alone was predicted.</summary>
    public ExecutorAdvice? Next => Executors.Count > 1 ? Executors[1] : null;

    /// <summary>Sequential code's prediction, or null.</summary>
    public ExecutorAdvice? Sequential => Executors.FirstOrDefault(e => e.Executor.IsSequential);

    /// <summary>Whether the best's interval lies wholly below the next best's: the choice holds whichever way the run moves.</summary>
    public bool Decided => Next is null || Best.Upper < Next.Lower;

    /// <summary>The parts of the prediction that differ most between the best and the next best, largest first.</summary>
    public IReadOnlyList<DecidingTerm> Deciding => Next is null ? [] : Advisor.Deciding(Best.Predicted, Next.Predicted);
}

/// <summary>
/// <c>study advise</c>: the report's model (<see cref="Model"/>, every term from the run's microbenchmarks) applied to a
/// workload the reader describes, for every executor the reader can run.
/// </summary>
/// <remarks>
/// The interval: the model is monotone in every cost (each term grows with its cost), so the prediction at every cost's
/// low end and at every cost's high end bound the predictions of any costs within their ranges; the range of a cost is
/// its benchmark's 10th to 90th percentile over iterations and launches, how far it moved within the run. That leaves
/// what the model does not know (terms that overlap or compete for cores, the machine's other speed); the run's own grid
/// measures it, as the ratios of measured to predicted time of that runtime's grid cases, and the interval is widened
/// by their 5th and 95th percentiles. So the interval says where the workload's time falls on a machine that behaves as
/// it did during the run, for tasks of the kind the study measures: pure compute with small arguments and results.
/// </remarks>
public static class Advisor
{
    /// <summary>The share of the grid's ratios each end of the model's widening leaves out.</summary>
    public const double ModelTail = 0.05;

    /// <summary>Advises on <paramref name="spec"/> from the run <paramref name="results"/>.</summary>
    /// <exception cref="ResultsException">A bad workload, or a run without what any of its executors' predictions needs.</exception>
    public static Advice Advise(ResultSet results, WorkloadSpec spec)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(spec);
        return Advise(new Predictor(results), spec);
    }

    /// <summary>Advises on <paramref name="spec"/> with a run's costs already read.</summary>
    internal static Advice Advise(Predictor predictor, WorkloadSpec spec)
    {
        spec = spec.Validated();
        var cases = predictor.Cases;
        var runtime = spec.Runtime.Runtime;
        var sequential = new ExecutorId(runtime, ExecutorKind.Sequential);
        if (predictor.Point.KernelPerIteration(sequential).Cost is not { } kernel)
        {
            throw new ResultsException($"{cases.Results.Source}: the run has no measurement of {runtime.Name()}'s kernel speed, which every prediction needs (was {runtime.Name()} measured?)");
        }

        // A duration is the task's time on one thread: iterations at the runtime's own kernel speed.
        var items = new List<long>((int)Math.Min(spec.TaskCount, int.MaxValue));
        foreach (var task in spec.Tasks)
        {
            long iterations = task.IsDuration ? Math.Max(1, (long)Math.Round(task.Value / kernel.Nanoseconds)) : (long)task.Value;
            for (long i = 0; i < task.Count; i++)
            {
                items.Add(iterations);
            }
        }

        var spread = predictor.Spread(runtime);
        var predicted = new List<ExecutorAdvice>();
        var missing = new List<string>();
        foreach (var executor in Candidates(cases, spec.Runtime))
        {
            var workload = new Workload(executor, spec.Workers, items, IsCold: !spec.Warm, Api.Map, spec.Chunksize, InHarness: false);
            var (advice, lacking) = predictor.Predict(workload);
            if (advice is null)
            {
                missing.Add($"{executor.Label()}: the run lacks {string.Join("; ", lacking.DefaultIfEmpty("a cost"))}");
                continue;
            }

            predicted.Add(advice);
        }

        if (predicted.Count == 0)
        {
            throw new ResultsException($"{cases.Results.Source}: no executor of {spec.Runtime} can be predicted: {string.Join(" | ", missing)}");
        }

        return new Advice(spec, cases.Results.Source, cases.Cores, items.Count, items.Sum(i => (double)i),
            [.. predicted.OrderBy(p => p.Time)], missing, spread.Low, spread.High, spread.Cases);
    }

    /// <summary>The executors of <paramref name="choice"/> that a run can have measured.</summary>
    /// <exception cref="ResultsException">The reader named a way of running processes the run did not measure.</exception>
    private static IEnumerable<ExecutorId> Candidates(StudyCases cases, RuntimeChoice choice)
    {
        if (choice.Runtime == Runtime.DotNet)
        {
            // The GIL model is the study's stand-in for CPython's threads, not a way to run .NET work.
            return ExecutorKinds.DotNet.Where(k => k != ExecutorKind.Gil).Select(k => new ExecutorId(Runtime.DotNet, k));
        }

        var measured = cases.Get(Suite.Types.CPythonLifecycle, Suite.Methods.StartAll)
            .Select(b => StudyCases.ExecutorOf(b, Runtime.CPython))
            .OfType<ExecutorId>()
            .Where(e => e.IsProcesses || e.Kind == ExecutorKind.Interpreters)
            .Distinct()
            .Where(e => choice.Kind is null || (e.Kind == choice.Kind && (e.Kind != ExecutorKind.Processes || e.StartMethod == choice.StartMethod)))
            .ToList();
        if (choice.Kind is not null && measured.Count == 0)
        {
            throw new ResultsException(choice.Kind == ExecutorKind.Interpreters
                ? "--runtime cpython:interpreters: the run did not measure InterpreterPoolExecutor's start-up (it needs Python 3.14 or newer: give that interpreter's view of a run, FOLDER@3.14)"
                : $"--runtime {choice}: the run did not measure a process pool started with {choice.StartMethod.ToString().ToLowerInvariant()} (CPythonLifecycleBenchmarks)");
        }

        // A free-threaded build's threads are not GIL-bound; its other executors are what they are.
        return [new ExecutorId(Runtime.CPython, ExecutorKind.Sequential),
            new ExecutorId(Runtime.CPython, ExecutorKind.Threads, GilOff: cases.GilOff),
            .. measured.OrderBy(e => e.Order)];
    }

    /// <summary>The parts that differ by 5 % of the best's time or more, largest difference first.</summary>
    internal static IReadOnlyList<DecidingTerm> Deciding(Prediction best, Prediction next)
    {
        var terms = new (string Term, double Best, double Next)[]
        {
            ("start-up", best.StartUp, next.StartUp),
            ("dispatch", best.Dispatch + best.Transfer, next.Dispatch + next.Transfer),
            ("compute", best.Compute, next.Compute),
            ("idle cores (skew)", best.Skew, next.Skew),
            ("the GIL", best.Gil, next.Gil),
            ("shutdown", best.Shutdown, next.Shutdown),
        };
        return [.. terms.Where(t => Math.Abs(t.Next - t.Best) >= 0.05 * best.Total)
            .OrderByDescending(t => Math.Abs(t.Next - t.Best))
            .Select(t => new DecidingTerm(t.Term, t.Best, t.Next))];
    }
}

/// <summary>
/// A run's costs read once at their three bounds, and the model's error on the run's grid by runtime: what every
/// prediction with an interval reads, the reader's workloads' and the held-out cases' alike.
/// </summary>
internal sealed class Predictor
{
    private readonly Costs _low;
    private readonly Costs _high;
    private readonly Steadiness _steadiness;
    private readonly Dictionary<Runtime, (double Low, double High, int Cases)> _spread = [];

    /// <summary>Reads <paramref name="results"/>' costs.</summary>
    public Predictor(ResultSet results)
    {
        _steadiness = Steadiness.Of(results);
        Cases = new StudyCases(results);
        bool fastest = _steadiness.Has(CanaryReading.DotNetThread);
        Point = new Costs(Cases, fastest);
        _low = new Costs(Cases, fastest, CostBound.Low);
        _high = new Costs(Cases, fastest, CostBound.High);
    }

    /// <summary>The run's cases.</summary>
    public StudyCases Cases { get; }

    /// <summary>The costs at their medians, as the report reads them.</summary>
    public Costs Point { get; }

    /// <summary>
    /// <paramref name="workload"/>'s prediction with its interval, or null and the costs the run lacks for it.
    /// </summary>
    public (ExecutorAdvice? Advice, IReadOnlyList<string> Lacking) Predict(Workload workload)
    {
        var inputs = Model.Inputs(workload, Point);
        var at = Model.Predict(workload, inputs, Cases.Cores);
        var atLow = Model.Predict(workload, Model.Inputs(workload, _low), Cases.Cores);
        var atHigh = Model.Predict(workload, Model.Inputs(workload, _high), Cases.Cores);
        if (at is null || atLow is null || atHigh is null)
        {
            return (null, [.. inputs.All.Where(i => i.Cost is null && i.Key is not null).Select(i => Narrative.Name(i.Key!))]);
        }

        // The ends may cross the point where a benchmark's median lies outside its 10–90 % range (a skewed one).
        var (lowRatio, highRatio, _) = Spread(workload.Executor.Runtime);
        double lo = Math.Min(atLow.Total, at.Total), hi = Math.Max(atHigh.Total, at.Total);
        return (new ExecutorAdvice(workload.Executor, at, lo, hi, lo * Math.Min(1, lowRatio), hi * Math.Max(1, highRatio)), []);
    }

    /// <summary>
    /// The 5th and 95th percentiles of measured over predicted time among <paramref name="runtime"/>'s grid cases of the
    /// run, predicted as the report predicts them; 1 and 1 when the run has fewer than three.
    /// </summary>
    public (double Low, double High, int Cases) Spread(Runtime runtime)
    {
        if (_spread.TryGetValue(runtime, out var known))
        {
            return known;
        }

        var predictions = ModelPredictions.Of(Cases, Point, c => SpeedCorrection.Of(c, Point, _steadiness, Cases.Cores));
        var ratios = predictions.Used
            .Where(p => p.Key.Executor.Runtime == runtime && p.Value is { Total: > 0 })
            .Select(p => p.Key.Result.Median / p.Value!.Total)
            .ToArray();
        var spread = ratios.Length < 3
            ? (1, 1, ratios.Length)
            : (Estimates.Quantile(ratios, Advisor.ModelTail), Estimates.Quantile(ratios, 1 - Advisor.ModelTail), ratios.Length);
        _spread[runtime] = spread;
        return spread;
    }
}
