using System.Globalization;
using System.Text.RegularExpressions;
using Study.Reports.Results;

namespace Study.Reports.Advising;

/// <summary>
/// One size of task a reader describes: kernel iterations, or a duration on one thread of the runtime (converted to
/// iterations with the run's own kernel speed), and how many tasks of it.
/// </summary>
public readonly record struct TaskSize(double Value, bool IsDuration, long Count)
{
    /// <summary>The size as the reader wrote it back: "40 µs" or "1e6 iterations".</summary>
    public override string ToString() => IsDuration
        ? Output.Format.Time(Value)
        : $"{Output.Format.Scientific(Value)} iterations";
}

/// <summary>
/// What the reader can run: a runtime, and for CPython optionally one way of running processes (a start method or the
/// interpreter pool); null for every way the run measured.
/// </summary>
public sealed record RuntimeChoice(Runtime Runtime, ExecutorKind? Kind = null, StartMethod StartMethod = StartMethod.None)
{
    /// <summary>The names <see cref="Parse"/> takes.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["cpython", "cpython:fork", "cpython:spawn", "cpython:forkserver", "cpython:interpreters", "dotnet"];

    /// <summary>Parses a runtime's name (case-insensitive; ".net" for dotnet).</summary>
    /// <exception cref="ResultsException">An unknown name.</exception>
    public static RuntimeChoice Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "cpython" or "python" => new(Runtime.CPython),
            "cpython:fork" => new(Runtime.CPython, ExecutorKind.Processes, StartMethod.Fork),
            "cpython:spawn" => new(Runtime.CPython, ExecutorKind.Processes, StartMethod.Spawn),
            "cpython:forkserver" => new(Runtime.CPython, ExecutorKind.Processes, StartMethod.Forkserver),
            "cpython:interpreters" => new(Runtime.CPython, ExecutorKind.Interpreters),
            "dotnet" or ".net" => new(Runtime.DotNet),
            _ => throw new ResultsException($"--runtime {text}: unknown runtime (use {string.Join(", ", Names)})"),
        };
    }

    /// <summary>The name, as <see cref="Parse"/> takes it.</summary>
    public override string ToString() => (Runtime, Kind, StartMethod) switch
    {
        (Runtime.DotNet, _, _) => "dotnet",
        (_, ExecutorKind.Interpreters, _) => "cpython:interpreters",
        (_, ExecutorKind.Processes, var method) => $"cpython:{method.ToString().ToLowerInvariant()}",
        _ => "cpython",
    };
}

/// <summary>
/// A reader's workload: its tasks, the pool's workers, whether the pool already runs (warm) or is created for the job
/// (cold), what the reader can run, and the chunk size a process pool's map sends.
/// </summary>
public sealed record WorkloadSpec(IReadOnlyList<TaskSize> Tasks, int Workers, bool Warm, RuntimeChoice Runtime, int Chunksize = 1)
{
    /// <summary>The most tasks a workload may have: the model schedules each one.</summary>
    public const long MaxTasks = 10_000_000;

    /// <summary>How many tasks in all.</summary>
    public long TaskCount => Tasks.Sum(t => t.Count);

    /// <summary>Checks the workload's numbers.</summary>
    /// <exception cref="ResultsException">No tasks, too many, a size or count not positive, no worker, a chunk size below 1.</exception>
    public WorkloadSpec Validated()
    {
        if (Tasks.Count == 0)
        {
            throw new ResultsException("no task size given (use --size SIZE [--count N], or --sizes FILE)");
        }

        if (Workers < 1)
        {
            throw new ResultsException($"--workers {Workers}: a pool needs at least one worker");
        }

        if (Chunksize < 1)
        {
            throw new ResultsException($"--chunksize {Chunksize}: a chunk holds at least one task");
        }

        if (Tasks.Where(t => t.Count < 1).Select(t => (TaskSize?)t).FirstOrDefault() is { } none)
        {
            throw new ResultsException($"a count of {none.Count} tasks of {none}: a count must be 1 or more");
        }

        if (TaskCount > MaxTasks)
        {
            throw new ResultsException(string.Create(CultureInfo.InvariantCulture, $"{TaskCount} tasks: at most {MaxTasks} (describe the work as fewer, larger tasks)"));
        }

        return this;
    }
}

/// <summary>Reads task sizes: a size as written on the command line, and a file of sizes or of sizes and counts.</summary>
public static partial class TaskSizes
{
    /// <summary>
    /// A size: a duration with its unit (ns, us or µs, ms, s: "40us", "2.5 ms") or kernel iterations (a plain number,
    /// "1e6"), positive and finite.
    /// </summary>
    /// <exception cref="ResultsException">Not a size.</exception>
    public static TaskSize Parse(string text, long count = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = SizeRegex().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw new ResultsException($"'{text}' is not a task size: give a duration with its unit (40us, 2.5ms, 1s) or kernel iterations (1e6)");
        }

        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ResultsException($"'{text}': a task size must be positive");
        }

        double scale = match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "" => 0,
            "ns" => 1,
            "us" or "µs" => 1e3,
            "ms" => 1e6,
            _ => 1e9,
        };
        if (scale == 0 && value < 1)
        {
            throw new ResultsException($"'{text}': a task runs at least one iteration of the kernel");
        }

        return scale == 0 ? new TaskSize(Math.Round(value), false, count) : new TaskSize(value * scale, true, count);
    }

    /// <summary>
    /// The sizes given on the command line: one size and its count, or several sizes of one task each (the article's
    /// list: <c>--size 1e8 --size 1e6 …</c>).
    /// </summary>
    /// <exception cref="ResultsException">A bad size, or a count with several sizes.</exception>
    public static IReadOnlyList<TaskSize> FromArguments(IReadOnlyList<string> sizes, long count)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count > 1 && count != 1)
        {
            throw new ResultsException("--count goes with one --size; for several sizes with counts, give a file with --sizes");
        }

        return [.. sizes.Select(s => Parse(s, count))];
    }

    /// <summary>
    /// A file of task sizes, one a line: a size, or a size and how many tasks have it (a histogram), separated by
    /// spaces, a tab or a comma; blank lines and lines starting with # are skipped.
    /// </summary>
    /// <exception cref="ResultsException">A missing file, a line that is not a size, or no size at all.</exception>
    public static IReadOnlyList<TaskSize> ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ResultsException($"--sizes {path}: no such file");
        }

        var sizes = new List<TaskSize>();
        int number = 0;
        foreach (string raw in File.ReadLines(path))
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] fields = line.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
            // "40 us" is one size whose unit is a field of its own.
            if (fields.Length >= 2 && UnitRegex().IsMatch(fields[1]))
            {
                fields = [fields[0] + fields[1], .. fields[2..]];
            }

            try
            {
                long count = 1;
                if (fields.Length > 2 || (fields.Length == 2 && !long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out count)))
                {
                    throw new ResultsException($"'{line}' is not a size, or a size and a whole count");
                }

                sizes.Add(Parse(fields[0], count));
            }
            catch (ResultsException e)
            {
                throw new ResultsException($"{path}:{number}: {e.Message}");
            }
        }

        return sizes.Count > 0 ? sizes : throw new ResultsException($"--sizes {path}: no task size in the file");
    }

    [GeneratedRegex(@"^(?<number>[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)\s*(?<unit>ns|us|µs|ms|s)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SizeRegex();

    [GeneratedRegex(@"^(ns|us|µs|ms|s)$", RegexOptions.IgnoreCase)]
    private static partial Regex UnitRegex();
}
