using System.Text.RegularExpressions;

namespace Study.Reports.Results;

/// <summary>Where runs live: <c>results/&lt;machine-id&gt;/&lt;yyyyMMdd-HHmmss&gt;/</c> under the repository's root.</summary>
public static partial class ResultsFolders
{
    /// <summary>
    /// The newest complete run of this machine: the latest stamped folder (an interrupted run's <c>.partial</c> folder
    /// is never one) that holds BenchmarkDotNet's full JSON, under the repository that holds <paramref name="start"/>.
    /// </summary>
    /// <exception cref="ResultsException">No repository or no complete run.</exception>
    public static string NewestRun(string start)
    {
        string root = RepositoryRoot(start)
            ?? throw new ResultsException($"{start}: not inside the study's repository (no Study.sln above it); name a results folder");
        string machine = Path.Combine(root, "results", MachineId.Current);
        var runs = Directory.Exists(machine)
            ? Directory.EnumerateDirectories(machine)
                .Where(d => StampRegex().IsMatch(Path.GetFileName(d)))
                .Where(d => Directory.EnumerateFiles(d, "*-report-full.json", SearchOption.AllDirectories).Any())
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        return runs.Count > 0 ? runs[^1] : throw new ResultsException($"{machine}: no complete run of this machine; run ./run.sh first, or name a results folder");
    }

    /// <summary>The folder holding <c>Study.sln</c> at or above <paramref name="start"/>, or null.</summary>
    public static string? RepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Study.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^\d{8}-\d{6}$")]
    private static partial Regex StampRegex();
}
