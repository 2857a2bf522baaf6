using System.Globalization;
using BenchmarkDotNet.Running;
using Study.Benchmarks;

// BenchmarkDotNet runs each benchmark in a process of its own, built elsewhere; tell those processes where the worker
// builds are (they inherit the environment), unless the caller already chose.
foreach (var (variable, path) in new[]
{
    ("STUDY_WORKER_JIT", Path.Combine(AppContext.BaseDirectory, "worker-jit", OperatingSystem.IsWindows() ? "Study.Worker.exe" : "Study.Worker")),
    ("STUDY_WORKER_AOT", Path.Combine(AppContext.BaseDirectory, "worker-aot", OperatingSystem.IsWindows() ? "Study.Worker.exe" : "Study.Worker")),
})
{
    if (Environment.GetEnvironmentVariable(variable) is null && File.Exists(path))
    {
        Environment.SetEnvironmentVariable(variable, path);
    }
}

// With no filter and no terminal BenchmarkSwitcher prints its menu and runs nothing: default to the whole suite.
var arguments = args.ToList();
if (!arguments.Any(a => a is "--filter" or "-f" or "--list" or "--help" or "-h" or "--version" or "--info"))
{
    arguments.AddRange(["--filter", "*"]);
}

// Every run writes to results/<machine-id>/<timestamp>/ unless told otherwise.
if (!arguments.Contains("--artifacts"))
{
    string stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
    arguments.AddRange(["--artifacts", Path.Combine(RepoRoot(), "results", MachineId.Current, stamp)]);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(StudyConfig).Assembly).Run([.. arguments], StudyConfig.Create());
if (summaries.FirstOrDefault() is { } first)
{
    Console.WriteLine($"Results: {first.ResultsDirectoryPath}");
}

return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;

static string RepoRoot()
{
    for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Study.sln")))
        {
            return directory.FullName;
        }
    }

    return Environment.CurrentDirectory;
}
