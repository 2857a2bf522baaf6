using System.Globalization;
using System.Text.Json;

namespace Study.Reports.Results;

/// <summary>
/// The results of one run: every BenchmarkDotNet full JSON of a results folder (or one such file), and the folder's
/// <c>env.json</c> when present. Reads any BenchmarkDotNet full JSON, not only this suite's.
/// </summary>
public sealed class ResultSet
{
    private ResultSet(
        string source, IReadOnlyList<BenchmarkResult> benchmarks, IReadOnlyDictionary<string, string> environment, IReadOnlyList<CanaryReading> canaries,
        IReadOnlyList<SpeedSample> speed)
    {
        Source = source;
        Benchmarks = benchmarks;
        Environment = environment;
        Canaries = canaries;
        Speed = speed;
    }

    /// <summary>The folder or file read.</summary>
    public string Source { get; }

    /// <summary>The cases, in file order.</summary>
    public IReadOnlyList<BenchmarkResult> Benchmarks { get; }

    /// <summary>
    /// What describes the machine and the run: <c>env.json</c>'s fields, with BenchmarkDotNet's host information for
    /// what it lacks (cores, processor, OS, runtime, architecture).
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>
    /// The machine's speed through the run (<see cref="CanaryReading.FileName"/>), in time order; empty for a run from
    /// before the canary, or a JSON file read on its own.
    /// </summary>
    public IReadOnlyList<CanaryReading> Canaries { get; }

    /// <summary>
    /// The machine's speed through the run, read every quarter second (<see cref="SpeedSample.FileName"/>), in time
    /// order; empty for a run from before the sampler.
    /// </summary>
    public IReadOnlyList<SpeedSample> Speed { get; }

    /// <summary>The article's case traced once per executor (<see cref="TracedCall"/>); empty for a run from before the timelines.</summary>
    public IReadOnlyList<TracedCall> Traced { get; init; } = [];

    /// <summary>Why a traced call's file was left out, one line each.</summary>
    public IReadOnlyList<string> TracedProblems { get; init; } = [];

    /// <summary>The parameter a CPython case names its interpreter by, in a run of several (<c>--python</c>).</summary>
    public const string PythonParameter = "Python";

    /// <summary>
    /// The interpreters a run measured beside its own (<c>./run.sh --python</c>), by id ("3.14"), in the order it
    /// measured them; empty for a run of one. <see cref="Benchmarks"/> holds the run's own interpreter's CPython cases
    /// (and .NET's); <see cref="ForPython"/> gives the run as another interpreter saw it.
    /// </summary>
    public IReadOnlyList<string> OtherPythons => [.. _otherPythons.Select(b => b.Parameter(PythonParameter)!).Distinct(StringComparer.Ordinal)];

    private IReadOnlyList<BenchmarkResult> _otherPythons = [];

    /// <summary>
    /// The run as the interpreter <paramref name="python"/> (one of <see cref="OtherPythons"/>, or the run's own) saw it: its CPython
    /// cases in place of the run's own interpreter's, .NET's cases as they are, its facts as the environment's python
    /// fields, its traced calls; everything else of the run unchanged. Its source names the interpreter
    /// (<c>folder@3.14</c>), as <see cref="Load"/> reads it.
    /// </summary>
    /// <exception cref="ResultsException">The run measured no interpreter of that id.</exception>
    public ResultSet ForPython(string python)
    {
        if (Environment.GetValueOrDefault("pythonId") == python)
        {
            // The run's own, named as read.
            return new ResultSet($"{Source}@{python}", Benchmarks, Environment, Canaries, Speed)
            {
                Traced = Traced,
                TracedProblems = TracedProblems,
                _otherPythons = _otherPythons,
            };
        }

        if (!OtherPythons.Contains(python, StringComparer.Ordinal))
        {
            throw new ResultsException(OtherPythons.Count == 0
                ? $"{Source}: this run measured one interpreter, not '{python}' beside it"
                : $"{Source}: this run measured no interpreter '{python}' (it has {string.Join(", ", OtherPythons)})");
        }

        var cases = Benchmarks.Where(b => Suite.RuntimeOf(b.Type) != Runtime.CPython)
            .Concat(_otherPythons.Where(b => b.Parameter(PythonParameter) == python).Select(b => b.Without(PythonParameter)));
        var environment = new Dictionary<string, string>(Environment, StringComparer.Ordinal) { ["pythonId"] = python };
        string prefix = $"pythons.{python}.";
        foreach (var field in Environment.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            environment[field.Key[prefix.Length..]] = field.Value;
        }

        string folder = Directory.Exists(Source) ? Source : Path.GetDirectoryName(Path.GetFullPath(Source))!;
        var problems = new List<string>();
        var traced = Traced.Where(t => t.Executor.Runtime == Runtime.DotNet).Concat(TracedCall.Load(folder, problems, python)).ToList();
        return new ResultSet($"{Source}@{python}", [.. cases], environment, Canaries, Speed)
        {
            Traced = traced,
            TracedProblems = problems,
        };
    }

    /// <summary>A run held in memory, as the analysis' unit tests build one: no file is read.</summary>
    internal static ResultSet InMemory(
        IReadOnlyList<BenchmarkResult> benchmarks, IReadOnlyDictionary<string, string> environment, IReadOnlyList<CanaryReading>? canaries = null,
        IReadOnlyList<SpeedSample>? speed = null) =>
        new("in memory", MergeLaunches(benchmarks), environment, canaries ?? [], speed ?? []);

    /// <summary>Reads a results folder (searched for <c>*-report-full.json</c>) or a full JSON file.</summary>
    /// <exception cref="ResultsException">Missing, empty, truncated, malformed or foreign input.</exception>
    public static ResultSet Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // "folder@3.14": the run as its interpreter 3.14 saw it (ForPython).
        int at = path.LastIndexOf('@');
        if (at > 0 && !Path.Exists(path) && Path.Exists(path[..at]))
        {
            return Load(path[..at]).ForPython(path[(at + 1)..]);
        }

        var files = FindJson(path);
        var benchmarks = new List<BenchmarkResult>();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            ReadFile(file, benchmarks, environment);
        }

        string folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        // The run's folder: the one given, or for a JSON file the folder that holds env.json beside or above it.
        string? runFolder = Directory.Exists(path) ? path : null;
        foreach (string candidate in new[] { folder, Path.Combine(folder, "..") })
        {
            if (File.Exists(Path.Combine(candidate, "env.json")))
            {
                ReadEnvironment(Path.Combine(candidate, "env.json"), environment);
                runFolder = candidate;
                break;
            }
        }

        if (benchmarks.Count == 0)
        {
            throw new ResultsException($"{path}: the BenchmarkDotNet JSON holds no benchmark with measurements");
        }

        // A run of several interpreters: the run's own interpreter's cases lose the parameter (so they match those of a
        // run of one), the others' are kept aside for ForPython.
        var merged = MergeLaunches(benchmarks);
        string? own = environment.GetValueOrDefault("pythonId");
        var others = own is null ? [] : merged.Where(b => b.Parameter(PythonParameter) is { } id && id != own).ToList();
        var mine = merged.Except(others).Select(b => own is not null && b.Parameter(PythonParameter) == own ? b.Without(PythonParameter) : b).ToList();
        var problems = new List<string>();
        return new ResultSet(path, mine, environment, runFolder is null ? [] : CanaryReading.Load(runFolder),
            runFolder is null ? [] : SpeedSample.Load(runFolder))
        {
            Traced = runFolder is null ? [] : TracedCall.Load(runFolder, problems),
            TracedProblems = problems,
            _otherPythons = others,
        };
    }

    /// <summary>A case's launches (jobs <c>Quick</c>, <c>Quick-L2</c>, ...) as one result, where launch 1 was.</summary>
    internal static List<BenchmarkResult> MergeLaunches(IReadOnlyList<BenchmarkResult> benchmarks)
    {
        var launches = benchmarks
            .Select(b => (Result: b, Split: BenchmarkResult.LaunchOf(b.Job)))
            // A new record, not `with`: the key is computed once, from the job given to the constructor.
            .Select(b => (Result: b.Split.Launch == 1 ? b.Result : new BenchmarkResult(b.Result.Namespace, b.Result.Type, b.Result.Method,
                b.Result.Parameters, b.Split.Job, b.Result.Nanoseconds, b.Result.Skewness, b.Result.Kurtosis) { Memory = b.Result.Memory }, b.Split.Launch))
            .GroupBy(b => b.Result.Key, StringComparer.Ordinal)
            .ToList();
        return [.. launches.Select(g => BenchmarkResult.Merge([.. g]))];
    }

    private static List<string> FindJson(string path)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            throw new ResultsException($"{path}: no such folder or file");
        }

        var files = Directory.EnumerateFiles(path, "*-report-full.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        return files.Count > 0 ? files : throw new ResultsException($"{path}: no BenchmarkDotNet full JSON (*-report-full.json) in this folder");
    }

    private static void ReadFile(string file, List<BenchmarkResult> benchmarks, Dictionary<string, string> environment)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException e)
        {
            throw new ResultsException($"{file}: not valid JSON ({e.Message.Split('.')[0]}); a truncated or damaged file?");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(nameof(Benchmarks), out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new ResultsException($"{file}: not a BenchmarkDotNet full JSON report (no \"Benchmarks\" array)");
            }

            if (root.TryGetProperty("HostEnvironmentInfo", out var host) && host.ValueKind == JsonValueKind.Object)
            {
                ReadHost(host, environment);
            }

            foreach (var benchmark in list.EnumerateArray())
            {
                if (Read(benchmark) is { } result)
                {
                    benchmarks.Add(result);
                }
            }
        }
    }

    private static BenchmarkResult? Read(JsonElement benchmark)
    {
        string type = Text(benchmark, "Type");
        string method = Text(benchmark, "Method");
        if (type.Length == 0 || method.Length == 0)
        {
            throw new ResultsException("a benchmark entry has no Type or Method: not BenchmarkDotNet's full JSON schema");
        }

        var values = new List<double>();
        if (benchmark.TryGetProperty("Measurements", out var measurements) && measurements.ValueKind == JsonValueKind.Array)
        {
            foreach (var m in measurements.EnumerateArray())
            {
                if (Text(m, "IterationMode") == "Workload" && Text(m, "IterationStage") == "Result"
                    && m.TryGetProperty("Operations", out var ops) && m.TryGetProperty("Nanoseconds", out var ns) && ops.GetDouble() > 0)
                {
                    values.Add(ns.GetDouble() / ops.GetDouble());
                }
            }
        }

        if (values.Count == 0 && benchmark.TryGetProperty("Statistics", out var stats) && stats.ValueKind == JsonValueKind.Object
            && stats.TryGetProperty("OriginalValues", out var original) && original.ValueKind == JsonValueKind.Array)
        {
            values.AddRange(original.EnumerateArray().Select(v => v.GetDouble()));
        }

        if (values.Count == 0)
        {
            return null; // a failed case: nothing was measured
        }

        double skewness = double.NaN, kurtosis = double.NaN;
        if (benchmark.TryGetProperty("Statistics", out var statistics) && statistics.ValueKind == JsonValueKind.Object)
        {
            skewness = Number(statistics, "Skewness");
            kurtosis = Number(statistics, "Kurtosis");
        }

        return new BenchmarkResult(Text(benchmark, "Namespace"), type, method, BenchmarkResult.ParseParameters(Text(benchmark, "Parameters")),
            BenchmarkResult.JobOf(Text(benchmark, "DisplayInfo")), values, skewness, kurtosis)
        {
            Memory = Memory(benchmark),
        };
    }

    /// <summary>
    /// BenchmarkDotNet's <c>Memory</c> block (written with or without <c>[MemoryDiagnoser]</c>; without it every count
    /// is zero and there is nothing to show), per operation and per thousand operations.
    /// </summary>
    private static MemoryUse? Memory(JsonElement benchmark)
    {
        if (!benchmark.TryGetProperty("Memory", out var memory) || memory.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        double Count(string name) => Number(memory, name) is var value && double.IsFinite(value) ? value : 0;
        double operations = Count("TotalOperations"), bytes = Count("BytesAllocatedPerOperation");
        double gen0 = Count("Gen0Collections"), gen1 = Count("Gen1Collections"), gen2 = Count("Gen2Collections");
        if (operations <= 0 || (bytes == 0 && gen0 == 0 && gen1 == 0 && gen2 == 0))
        {
            return null;
        }

        return new MemoryUse(bytes, gen0 * 1000 / operations, gen1 * 1000 / operations, gen2 * 1000 / operations);
    }

    private static void ReadHost(JsonElement host, Dictionary<string, string> environment)
    {
        environment.TryAdd("cores", Number(host, "LogicalCoreCount").ToString(CultureInfo.InvariantCulture));
        environment.TryAdd("cpuModel", Text(host, "ProcessorName"));
        environment.TryAdd("os", Text(host, "OsVersion"));
        environment.TryAdd("runtime", Text(host, "RuntimeVersion"));
        environment.TryAdd("architecture", Text(host, "Architecture"));
        environment.TryAdd("benchmarkDotNetVersion", Text(host, "BenchmarkDotNetVersion"));
    }

    private static void ReadEnvironment(string file, Dictionary<string, string> environment)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            Add(string.Empty, document.RootElement);
        }
        catch (JsonException e)
        {
            throw new ResultsException($"{file}: not valid JSON ({e.Message.Split('.')[0]})");
        }

        // A group of fields becomes one field each, named by its path: "hostCharacter.wakeThreadNanoseconds",
        // "pythons.3.14.pythonVersion".
        void Add(string prefix, JsonElement element)
        {
            foreach (var property in element.EnumerateObject())
            {
                string name = prefix + property.Name;
                if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    Add(name + ".", property.Value);
                    continue;
                }

                environment[name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Array => string.Join(", ", property.Value.EnumerateArray().Select(v => v.ToString())),
                    _ => property.Value.ToString(),
                };
            }
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static double Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
}
