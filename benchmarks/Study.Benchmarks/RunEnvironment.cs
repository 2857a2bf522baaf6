using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;
using BenchmarkDotNet.Running;

namespace Study.Benchmarks;

/// <summary>
/// What <c>env.json</c> records beside a run's results, so that two runs can be compared knowingly, and what the
/// report must not guess: the scale each runtime's work lists ran at (the report rebuilds the lists from it), and the
/// cores the run was held to with <c>--cpus</c> (<c>CpuLimit</c>; <c>Cores</c> is what the run could use), and how the
/// shared-memory transport sleeps here (<c>SharedMemoryWait</c>: a futex, <c>os_sync_wait_on_address</c> or polling).
/// </summary>
public sealed record RunEnvironment(
    string MachineId,
    string CpuModel,
    int Cores,
    int? CpuLimit,
    long MemoryBytes,
    string Os,
    string Architecture,
    string Runtime,
    string GcMode,
    string BenchmarkDotNetVersion,
    string GitCommit,
    bool GitDirty,
    string Profile,
    double DotNetScale,
    double PythonScale,
    DateTimeOffset Started,
    IReadOnlyList<string> Arguments,
    string PythonImplementation,
    string PythonVersion,
    IReadOnlyList<string> PythonStartMethods,
    string? PythonDefaultStartMethod,
    bool? PythonFreeThreaded,
    bool? PythonGilEnabled,
    int? PythonCpuCount,
    int? PythonProcessCpuCount,
    double? PythonSwitchInterval,
    bool PythonInterpreterPool,
    IReadOnlyList<string> Skipped,
    string? Disturbance,
    string SharedMemoryWait)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>
    /// The host's character beside the fingerprint: what waking a thread, waking another process (pipes, a futex) and
    /// starting one cost in this run, in ns (medians of the floor benchmarks), which a CPU string cannot show.
    /// </summary>
    public IReadOnlyDictionary<string, double>? HostCharacter { get; init; }

    /// <summary>The id of the run's own interpreter ("3.11"), which every CPython case's <c>Python</c> parameter names; null without one.</summary>
    public string? PythonId { get; init; }

    /// <summary>
    /// Every interpreter of a run that measured more than one (<c>--python</c>), by id, the run's own first: each with
    /// the fields this record gives the run's own (<see cref="PythonFields"/>); null for a run of one.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>>? Pythons { get; init; }

    /// <summary>An interpreter's facts, named as the run's own interpreter's fields are (pythonVersion, …), and its path.</summary>
    public static IReadOnlyDictionary<string, object?> PythonFields(string path, CPython.CPythonInstallation python)
    {
        ArgumentNullException.ThrowIfNull(python);
        return new Dictionary<string, object?>
        {
            ["pythonPath"] = path,
            ["pythonImplementation"] = python.Implementation,
            ["pythonVersion"] = python.Version,
            ["pythonStartMethods"] = python.StartMethods,
            ["pythonDefaultStartMethod"] = python.Facts.DefaultStartMethod,
            ["pythonFreeThreaded"] = python.Facts.FreeThreaded,
            ["pythonGilEnabled"] = python.Facts.GilEnabled,
            ["pythonCpuCount"] = python.Facts.CpuCount,
            ["pythonProcessCpuCount"] = python.Facts.ProcessCpuCount,
            ["pythonSwitchInterval"] = python.Facts.SwitchInterval,
            ["pythonInterpreterPool"] = python.Facts.InterpreterPool,
        };
    }

    /// <summary>The host's character from the run's own floor benchmarks in <paramref name="folder"/>; null when it has none.</summary>
    public static IReadOnlyDictionary<string, double>? HostCharacterOf(string folder)
    {
        try
        {
            var floors = Reports.Comparison.HostCharacter.Floors(Reports.Results.ResultSet.Load(folder));
            return floors.Count == 0 ? null : floors.ToDictionary(f => JsonNamingPolicy.CamelCase.ConvertName(f.Cost.ToString()) + "Nanoseconds", f => Math.Round(f.Time.Median, 1));
        }
        catch (Reports.Results.ResultsException)
        {
            return null; // a filtered run without the floors, or no results at all
        }
    }

    /// <summary>Reads this machine and process.</summary>
    public static RunEnvironment Capture(
        Profile profile, DateTimeOffset started, IReadOnlyList<string> arguments, string repoRoot,
        CPython.CPythonInstallation python, IReadOnlyList<string> skipped, Stability.Disturbance? disturbance = null) => new(
        Reports.Results.MachineId.Current,
        Reports.Results.MachineId.CpuModel(),
        Environment.ProcessorCount,
        int.TryParse(Environment.GetEnvironmentVariable("STUDY_CPUS"), CultureInfo.InvariantCulture, out int limit) ? limit : null,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        RuntimeInformation.OSArchitecture.ToString(),
        RuntimeInformation.FrameworkDescription,
        $"{(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}",
        typeof(BenchmarkSwitcher).Assembly.GetName().Version?.ToString() ?? "unknown",
        Git(repoRoot, "rev-parse HEAD") ?? "unknown",
        // Results folders are the suite's own output, not changes to what it measures: a run started beside an
        // earlier run's results is not "dirty" for them.
        !string.IsNullOrWhiteSpace(Git(repoRoot, "status --porcelain -- . :(exclude)results :(exclude)artifacts")),
        profile.ToString().ToLowerInvariant(),
        Profiles.Scale(profile),
        CPython.PythonParameters.Scale(profile),
        started,
        arguments,
        python.Implementation,
        python.Version,
        python.StartMethods,
        python.Facts.DefaultStartMethod,
        python.Facts.FreeThreaded,
        python.Facts.GilEnabled,
        python.Facts.CpuCount,
        python.Facts.ProcessCpuCount,
        python.Facts.SwitchInterval,
        python.Facts.InterpreterPool,
        skipped,
        disturbance?.Description,
        Futures.Protocol.AddressWait.Description);

    /// <summary>Writes <c>env.json</c> into <paramref name="folder"/>, atomically.</summary>
    public void WriteTo(string folder)
    {
        string path = Path.Combine(folder, "env.json");
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    private static string? Git(string repoRoot, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = repoRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var git = Process.Start(start)!;
            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
