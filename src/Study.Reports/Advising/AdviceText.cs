using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Study.Reports.Output;

namespace Study.Reports.Advising;

/// <summary><c>study advise</c>'s output: Markdown, and JSON with every figure.</summary>
public static class AdviceText
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>A duration as every output of the study prints it.</summary>
    public static string Time(double nanoseconds) => Format.Time(nanoseconds);

    /// <summary>The workload in words: "20000 tasks of 40 µs, 8 workers, a pool created for the job, cpython".</summary>
    public static string Describe(WorkloadSpec workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        string tasks = workload.Tasks.Count == 1
            ? Invariant($"{workload.TaskCount} task{(workload.TaskCount == 1 ? "" : "s")} of {workload.Tasks[0]}")
            : Invariant($"{workload.TaskCount} tasks of {workload.Tasks.Count} sizes");
        string pool = workload.Warm ? "a pool already running" : "a pool created for the job";
        string chunks = workload.Chunksize > 1 ? Invariant($", chunks of {workload.Chunksize}") : string.Empty;
        return Invariant($"{tasks}, {workload.Workers} worker{(workload.Workers == 1 ? "" : "s")}, {pool}{chunks}, {workload.Runtime}");
    }

    /// <summary>
    /// <paramref name="workload"/> as <c>study advise</c>'s arguments (a list of sizes with counts other than one
    /// needs a file, and is refused).
    /// </summary>
    public static IReadOnlyList<string> Arguments(WorkloadSpec workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var arguments = new List<string>();
        if (workload.Tasks.Count == 1)
        {
            arguments.AddRange(["--size", Argument(workload.Tasks[0])]);
            if (workload.Tasks[0].Count != 1)
            {
                arguments.AddRange(["--count", workload.Tasks[0].Count.ToString(CultureInfo.InvariantCulture)]);
            }
        }
        else if (workload.Tasks.All(t => t.Count == 1))
        {
            arguments.AddRange(workload.Tasks.SelectMany(t => new[] { "--size", Argument(t) }));
        }
        else
        {
            throw new ArgumentException("sizes with counts are given in a file (--sizes)", nameof(workload));
        }

        arguments.AddRange(["--workers", workload.Workers.ToString(CultureInfo.InvariantCulture)]);
        if (workload.Warm)
        {
            arguments.Add("--warm");
        }

        if (workload.Runtime != new RuntimeChoice(Runtime.CPython))
        {
            arguments.AddRange(["--runtime", workload.Runtime.ToString()]);
        }

        if (workload.Chunksize != 1)
        {
            arguments.AddRange(["--chunksize", workload.Chunksize.ToString(CultureInfo.InvariantCulture)]);
        }

        return arguments;
    }

    /// <summary>A size as <see cref="TaskSizes.Parse"/> reads it: "20us", "2ms", "1e8".</summary>
    public static string Argument(TaskSize size)
    {
        if (!size.IsDuration)
        {
            return size.Value.ToString("0.###e0", CultureInfo.InvariantCulture);
        }

        var (unit, scale) = size.Value switch
        {
            >= 1e9 when size.Value % 1e9 == 0 => ("s", 1e9),
            >= 1e6 when size.Value % 1e6 == 0 => ("ms", 1e6),
            >= 1e3 when size.Value % 1e3 == 0 => ("us", 1e3),
            _ => ("ns", 1),
        };
        return (size.Value / scale).ToString("0.###", CultureInfo.InvariantCulture) + unit;
    }

    /// <summary>The verdict in one line: the best executor, its interval, and its gain over the next best and over sequential code.</summary>
    public static string Verdict(Advice advice)
    {
        ArgumentNullException.ThrowIfNull(advice);
        var best = advice.Best;
        var text = new StringBuilder(Invariant($"Best: {best.Name}, {Format.Time(best.Time)} [{Format.Time(best.Lower)}, {Format.Time(best.Upper)}]"));
        if (advice.Next is { } next)
        {
            text.Append(Invariant($"; the next best, {next.Name}, takes {next.Time / best.Time:0.00}× as long ({Format.Time(next.Time)} [{Format.Time(next.Lower)}, {Format.Time(next.Upper)}])"));
            text.Append(advice.Decided ? ", and the intervals do not meet" : ": the intervals overlap, so on a run like this one either may win");
        }

        if (advice.Sequential is { } sequential && !best.Executor.IsSequential)
        {
            text.Append(Invariant($"; sequential code takes {sequential.Time / best.Time:0.00}× as long"));
        }
        else if (best.Executor.IsSequential)
        {
            text.Append("; no pool pays for itself here");
        }

        return text.Append('.').ToString();
    }

    /// <summary>What decides the choice, in one line, or null when one executor alone was predicted.</summary>
    public static string? Why(Advice advice)
    {
        ArgumentNullException.ThrowIfNull(advice);
        if (advice.Next is not { } next)
        {
            return null;
        }

        var terms = advice.Deciding;
        if (terms.Count == 0)
        {
            return Invariant($"What decides it: no single part; {advice.Best.Name} and {next.Name} differ by less than 5 % in each.");
        }

        return "What decides it: " + string.Join("; ", terms.Select(t => Invariant($"{t.Term} {Format.Time(t.Best)} against {Format.Time(t.Next)}"))) + ".";
    }

    /// <summary>The advice as Markdown.</summary>
    public static string Markdown(Advice advice)
    {
        ArgumentNullException.ThrowIfNull(advice);
        var md = new StringBuilder();
        md.AppendLine(Invariant($"# Advice: {Describe(advice.Workload)}")).AppendLine();
        md.AppendLine(Invariant($"From `{advice.Source}` ({advice.Cores} cores): {advice.Tasks} tasks, {Format.Scientific(advice.Iterations)} kernel iterations in all.")).AppendLine();
        md.AppendLine("**" + Verdict(advice) + "**").AppendLine();
        if (Why(advice) is { } why)
        {
            md.AppendLine(why).AppendLine();
        }

        md.AppendLine("| executor | predicted | interval | start-up | dispatch | compute | idle cores | GIL | shutdown |");
        md.AppendLine("| :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var e in advice.Executors)
        {
            var p = e.Predicted;
            md.AppendLine(Invariant($"| {e.Name} | {Format.Time(e.Time)} | {Format.Time(e.Lower)} – {Format.Time(e.Upper)} | {Format.Time(p.StartUp)} | {Format.Time(p.Dispatch + p.Transfer)} | {Format.Time(p.Compute)} | {Format.Time(p.Skew)} | {Format.Time(p.Gil)} | {Format.Time(p.Shutdown)} |"));
        }

        md.AppendLine();
        foreach (string missing in advice.NotPredicted)
        {
            md.AppendLine(Invariant($"- Not predicted: {missing}."));
        }

        md.AppendLine(Invariant($"- {Reading(advice)}"));
        return md.ToString();
    }

    /// <summary>How the interval is made, with this run's figures.</summary>
    public static string Reading(Advice advice)
    {
        ArgumentNullException.ThrowIfNull(advice);
        string widening = advice.ModelCases >= 3
            ? Invariant($"widened by the model's own error on this run's {advice.ModelCases} grid cases of {advice.Workload.Runtime.Runtime.Name()} (measured over predicted, 5th to 95th percentile: {advice.ModelLowRatio:0.00} to {advice.ModelHighRatio:0.00})")
            : "not widened by the model's error: the run has no grid of this runtime to measure it on";
        return "Each time is the report's model (section 3: start-up + dispatch + compute makespan + shutdown, from the run's microbenchmarks); " +
            $"the interval takes every cost at the low and at the high end of its benchmark's 10th–90th percentiles, {widening}. " +
            "It holds for tasks like the study's: pure compute, small arguments and results, on a machine that behaves as it did during the run.";
    }

    /// <summary>The advice as JSON: the workload, every executor's parts and interval, the verdict and its terms.</summary>
    public static string Json(Advice advice) => JsonSerializer.Serialize(Document(advice), JsonOptions) + Environment.NewLine;

    /// <summary>Several runs' advice on one workload as JSON: each run's, and what differs between them.</summary>
    public static string Json(IReadOnlyList<Advice> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var document = new { runs = runs.Select(Document), differences = AdviceComparison.Differences(runs) };
        return JsonSerializer.Serialize(document, JsonOptions) + Environment.NewLine;
    }

    /// <summary>Several runs' advice on one workload as Markdown: each run's, then what differs between them.</summary>
    public static string Markdown(IReadOnlyList<Advice> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var md = new StringBuilder();
        foreach (var advice in runs)
        {
            md.AppendLine(Markdown(advice));
        }

        md.AppendLine("## Between the runs").AppendLine();
        foreach (string line in AdviceComparison.Differences(runs))
        {
            md.AppendLine($"- {line}");
        }

        return md.ToString();
    }

    private static object Document(Advice advice)
    {
        ArgumentNullException.ThrowIfNull(advice);
        return new
        {
            workload = new
            {
                description = Describe(advice.Workload),
                tasks = advice.Workload.Tasks.Select(t => new { size = t.Value, unit = t.IsDuration ? "ns" : "iterations", count = t.Count }),
                workers = advice.Workload.Workers,
                warm = advice.Workload.Warm,
                runtime = advice.Workload.Runtime.ToString(),
                chunksize = advice.Workload.Chunksize,
            },
            source = advice.Source,
            cores = advice.Cores,
            taskCount = advice.Tasks,
            iterations = advice.Iterations,
            best = advice.Best.Name,
            next = advice.Next?.Name,
            decided = advice.Decided,
            gainOverNext = advice.Next is { } n ? n.Time / advice.Best.Time : (double?)null,
            gainOverSequential = advice.Sequential is { } s ? s.Time / advice.Best.Time : (double?)null,
            verdict = Verdict(advice),
            deciding = advice.Deciding,
            executors = advice.Executors.Select(e => new
            {
                executor = e.Name,
                runtime = e.Executor.Runtime,
                kind = e.Executor.Kind,
                startMethod = e.Executor.StartMethod,
                nanoseconds = e.Time,
                lower = e.Lower,
                upper = e.Upper,
                atCostsLow = e.Low,
                atCostsHigh = e.High,
                parts = e.Predicted,
            }),
            notPredicted = advice.NotPredicted,
            model = new { lowRatio = advice.ModelLowRatio, highRatio = advice.ModelHighRatio, cases = advice.ModelCases, reading = Reading(advice) },
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
