using System.CommandLine;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Study.Benchmarks;
using Study.Benchmarks.CPython;
using Study.Benchmarks.Stability;
using Study.Reports.Results;

var profileOption = new Option<Profile>("--profile")
{
    Description = "quick (every executor and shape, minutes), full (the whole grid, ≥ 10 iterations) or dry (seconds, for CI)",
    DefaultValueFactory = _ => Profile.Quick,
};
var disturbOption = new Option<int>("--disturb")
{
    Description = "load a core for this many seconds during the run, to see what a busy machine does to it (see --disturb-after)",
};
var disturbAfterOption = new Option<int>("--disturb-after")
{
    Description = "seconds into the run at which --disturb starts (default 60)",
    DefaultValueFactory = _ => 60,
};
var disturbCoresOption = new Option<int>("--disturb-cores")
{
    Description = "how many cores --disturb loads (default 1)",
    DefaultValueFactory = _ => 1,
};
var pythonOption = new Option<string[]>("--python")
{
    Description = "another interpreter to measure beside python3 (repeatable; also STUDY_PYTHONS, separated as PATH is): "
        + "the article's case, the overheads, start-up, shutdown and the sweep",
    Arity = ArgumentArity.ZeroOrMore,
};
var root = new RootCommand("Runs the study's BenchmarkDotNet suite into results/<machine-id>/<timestamp>/. "
    + "Arguments it does not know (--filter, --list, ...) go to BenchmarkDotNet.")
{
    profileOption,
    disturbOption,
    disturbAfterOption,
    disturbCoresOption,
    pythonOption,
};
root.TreatUnmatchedTokensAsErrors = false;
root.SetAction(parse =>
{
    int seconds = parse.GetValue(disturbOption), after = parse.GetValue(disturbAfterOption), cores = parse.GetValue(disturbCoresOption);
    string? problem = seconds < 0 || after < 0 ? "--disturb and --disturb-after take a number of seconds, 0 or more"
        : cores < 1 || cores > Environment.ProcessorCount ? $"--disturb-cores takes 1 to {Environment.ProcessorCount}, the cores of this machine"
        : null;
    if (problem is not null)
    {
        Console.Error.WriteLine($"study: {problem} (see --help)");
        return 2;
    }

    var disturbance = seconds > 0 ? new Disturbance(TimeSpan.FromSeconds(after), TimeSpan.FromSeconds(seconds), cores) : null;
    var others = (parse.GetValue(pythonOption) ?? []).Concat(
        (Environment.GetEnvironmentVariable(Pythons.ListVariable) ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    return Run(parse.GetValue(profileOption), disturbance, [.. others], parse.UnmatchedTokens);
});
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"study: {parsed.Errors[0].Message.ReplaceLineEndings(" ")} (see --help)");
    return 2;
}

return parsed.Invoke();

static int Run(Profile profile, Disturbance? disturbance, IReadOnlyList<string> otherPythons, IReadOnlyList<string> passThrough)
{
    // BenchmarkDotNet's benchmark processes inherit this process's environment: the profile, and where the worker
    // builds are (they run from a folder of their own), unless the caller already chose.
    Environment.SetEnvironmentVariable(Profiles.Variable, profile.ToString());
    SetIfUnset("STUDY_WORKER_JIT", Path.Combine(AppContext.BaseDirectory, "worker-jit", Executable("Study.Worker")));
    SetIfUnset("STUDY_WORKER_AOT", Path.Combine(AppContext.BaseDirectory, "worker-aot", Executable("Study.Worker")));
    SetIfUnset(CPythonDriver.DriverVariable, Path.Combine(AppContext.BaseDirectory, "cpython", "driver.py"));

    // CPython's cases run only where an interpreter can: the run's own (python3) missing, they are skipped with one
    // line and env.json says so; an interpreter named with --python that cannot run is bad input.
    var skipped = new List<string>();
    var pythons = new List<(string Id, string Path, CPythonInstallation Facts)>();
    var python = CPythonInstallation.Probe();
    if (python.Usable)
    {
        pythons.Add((Pythons.IdOf(python, []), CPythonDriver.Interpreter, python));
    }

    // A path is made absolute (BenchmarkDotNet's processes run elsewhere); a bare name is looked up on the PATH.
    foreach (string path in otherPythons.Select(p => p.Contains('/') || p.Contains(Path.DirectorySeparatorChar) ? Path.GetFullPath(p) : p).Distinct(StringComparer.Ordinal))
    {
        if (pythons.FirstOrDefault(p => Pythons.FileOf(p.Path) == Pythons.FileOf(path)) is { Id: not null } same)
        {
            Console.WriteLine($"--python {path}: already measured as {same.Id} ({Pythons.FileOf(path)}), once.");
            continue;
        }

        var other = CPythonInstallation.Probe(path);
        if (!other.Usable)
        {
            Console.Error.WriteLine($"study: --python {path}: {other.Problem}; nothing was run");
            return 2;
        }

        pythons.Add((Pythons.IdOf(other, pythons.Select(p => p.Id)), path, other));
    }

    if (pythons.Count == 0)
    {
        skipped.Add($"every CPython case: {python.Problem}");
    }
    else
    {
        if (!python.Usable)
        {
            // No python3 here: the first --python is the run's own.
            skipped.Add($"{CPythonDriver.Interpreter} as the run's own interpreter: {python.Problem}; {pythons[0].Path} is the run's own instead");
            python = pythons[0].Facts;
            Environment.SetEnvironmentVariable(CPythonDriver.InterpreterVariable, pythons[0].Path);
        }

        foreach (var (id, _, facts) in pythons)
        {
            string who = pythons.Count == 1 ? "CPython's" : $"CPython {id}'s";
            skipped.AddRange(Enum.GetValues<StartMethod>().Where(m => !facts.Has(m))
                .Select(m => $"{who} {m.ToString().ToLowerInvariant()} start method: this platform does not have it"));
            if (!facts.Has(ExecutorKind.Interpreters))
            {
                skipped.Add($"{who} InterpreterPoolExecutor: Python {facts.Version} does not have it (3.14+)");
            }
        }

        // The benchmark processes learn the interpreters from here (Pythons), as they inherit this environment.
        Environment.SetEnvironmentVariable(Pythons.Variable, Pythons.Encode(pythons.Select(p => new KeyValuePair<string, string>(p.Id, p.Path))));
    }

    if (!Study.Benchmarks.Overhead.PipeFloorBenchmarks.IsSupported)
    {
        skipped.Add($"the pipe floor (PipeFloorBenchmarks): {Study.Benchmarks.Overhead.PipeFloorBenchmarks.Unsupported}");
    }

    foreach (string reason in skipped)
    {
        Console.WriteLine($"Skipped: {reason}.");
    }

    // With no filter and no terminal BenchmarkSwitcher prints its menu and runs nothing: default to the whole suite.
    var arguments = passThrough.ToList();
    if (!arguments.Any(a => a is "--filter" or "-f" or "--list" or "--help" or "-h" or "--version" or "--info" or "--allCategories" or "--anyCategories"))
    {
        arguments.AddRange(["--filter", "*"]);
    }

    string repoRoot = RepoRoot();
    var started = DateTimeOffset.UtcNow;
    string? finalFolder = null;
    string? folder = ArtifactsArgument(arguments);
    if (folder is null)
    {
        // A run writes into <stamp>.partial/ and becomes <stamp>/ only once it is complete, so an interrupted run
        // never looks finished and never touches an earlier one.
        finalFolder = ResultsFolders.RunFolder(repoRoot, MachineId.Current, started, dry: profile == Profile.Dry);
        folder = finalFolder + ResultsFolders.PartialSuffix;
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ResultsFolders.IncompleteMarker), "This run did not finish; its results are partial.\n");
        arguments.AddRange(["--artifacts", folder]);
    }

    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Interrupted(folder, exitCode: 130));
    using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Interrupted(folder, exitCode: 143));

    // The article's case of every executor leaves a traced call here (TracedCalls), after its measured iterations.
    Environment.SetEnvironmentVariable(TracedCall.FolderVariable, Path.Combine(folder, TracedCall.FolderName));

    // The machine's speed around every case (Stability/), and rivals run side by side in time (RivalOrderer).
    using var canary = new CanaryDiagnoser(Path.Combine(folder, CanaryReading.FileName), python.Usable);
    var sampler = new SpeedSampler(Path.Combine(folder, SpeedSample.FileName), canary.WarmedUp);
    var config = StudyConfig.Create().AddFilter(new ProfileFilter(profile, pythons.ToDictionary(p => p.Id, p => p.Facts))).AddDiagnoser(canary);
    if (disturbance is not null)
    {
        Console.WriteLine($"Disturbance: {disturbance.Description}.");
        disturbance.Start();
    }

    var summaries = BenchmarkSwitcher.FromAssembly(typeof(StudyConfig).Assembly).Run([.. arguments], config).ToList();
    sampler.Dispose();
    if (!summaries.Any(s => s.Reports.Length > 0))
    {
        // --list, --help, or a filter that matched nothing: no measurement, so no results folder.
        if (finalFolder is not null)
        {
            Directory.Delete(folder, recursive: true);
        }

        if (arguments.Any(a => a is "--list" or "--help" or "-h" or "--version" or "--info"))
        {
            return 0;
        }

        Console.Error.WriteLine("study: no benchmark matched; nothing was measured and no results folder was written");
        return 2;
    }

    bool failed = summaries.Count == 0 || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));

    Directory.CreateDirectory(folder);
    (RunEnvironment.Capture(profile, started, [.. Environment.GetCommandLineArgs().Skip(1)], repoRoot, python, skipped, disturbance)
        with
        {
            HostCharacter = RunEnvironment.HostCharacterOf(folder),
            PythonId = pythons.Count > 0 ? pythons[0].Id : null,
            Pythons = pythons.Count > 1 ? pythons.ToDictionary(p => p.Id, p => RunEnvironment.PythonFields(p.Path, p.Facts)) : null,
        }).WriteTo(folder);
    if (finalFolder is not null)
    {
        File.Delete(Path.Combine(folder, ResultsFolders.IncompleteMarker));
        Directory.Move(folder, finalFolder);
        folder = finalFolder;
    }

    Console.WriteLine();
    Console.WriteLine(failed ? $"Some benchmarks failed; see the log above. Results: {folder}" : $"Results: {folder}");
    WriteReport(folder);
    return failed ? 1 : 0;
}

// BenchmarkDotNet cancels Ctrl-C for its own clean-up and would carry on with the next benchmark; a person who
// presses Ctrl-C wants the run to stop, so end the benchmark processes (their workers follow) and exit.
static void Interrupted(string folder, int exitCode)
{
    ChildProcesses.KillAll();
    Console.Error.WriteLine($"Interrupted: the partial results in {folder} are marked {ResultsFolders.IncompleteMarker}; earlier runs are untouched.");
    Environment.Exit(exitCode);
}

// Every run ends with its report (the study's report library, also behind `./run.sh report`); a report that cannot be
// written says why in one line and leaves the results as they are.
static void WriteReport(string folder)
{
    try
    {
        var report = Study.Reports.Output.ReportWriter.Write(folder);
        Console.WriteLine($"Report: {Path.Combine(folder, "report.html")}; {report.Model.Summary}");
    }
    catch (Exception e)
    {
        // The results are complete and in place whatever the report does: say why it is missing, in one line.
        string what = e is ResultsException or IOException or UnauthorizedAccessException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        Console.Error.WriteLine($"study: no report for {folder}: {what.ReplaceLineEndings(" ")} (./run.sh report {folder} tries again)");
    }
}

static void SetIfUnset(string variable, string path)
{
    if (Environment.GetEnvironmentVariable(variable) is null && File.Exists(path))
    {
        Environment.SetEnvironmentVariable(variable, path);
    }
}

static string Executable(string name) => OperatingSystem.IsWindows() ? name + ".exe" : name;

static string? ArtifactsArgument(List<string> arguments)
{
    int index = arguments.IndexOf("--artifacts");
    return index >= 0 && index + 1 < arguments.Count ? Path.GetFullPath(arguments[index + 1]) : null;
}

static string RepoRoot() => ResultsFolders.RepositoryRoot(Environment.CurrentDirectory) ?? Environment.CurrentDirectory;
