namespace Study.Futures;

/// <summary>
/// Finds the worker program of a build: an explicit path, an environment variable, or next to the program (a clone's
/// build puts worker-jit/Study.Worker and worker-aot/Study.Worker there; the Study.Futures package, worker-jit/Study.Worker.dll).
/// </summary>
internal static class WorkerLocator
{
    public static string Find(WorkerBuild build, string? explicitPath)
    {
        string? path = explicitPath ?? Environment.GetEnvironmentVariable(build == WorkerBuild.Jit ? "STUDY_WORKER_JIT" : "STUDY_WORKER_AOT");
        if (path is not null)
        {
            return File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException($"The worker program {path} does not exist.", path);
        }

        string executable = OperatingSystem.IsWindows() ? "Study.Worker.exe" : "Study.Worker";
        string[] candidates = build == WorkerBuild.Jit
            ? [
                Path.Combine(AppContext.BaseDirectory, "worker-jit", executable),
                // The package's portable build has no executable of its own: the pool starts it with `dotnet`.
                Path.Combine(AppContext.BaseDirectory, "worker-jit", "Study.Worker.dll"),
                Path.Combine(AppContext.BaseDirectory, executable),
            ]
            : [Path.Combine(AppContext.BaseDirectory, "worker-aot", executable)];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"The {build} worker is not next to the program (looked for {string.Join(", ", candidates)}); "
                + "reference src/Study.Worker through build/Study.Worker.targets and build again.", candidates[0]);
    }
}
