using System.Globalization;
using System.Text.RegularExpressions;

namespace Study.Reports.Results;

/// <summary>
/// Where runs live: <c>results/&lt;machine-id&gt;/&lt;yyyyMMdd-HHmmss&gt;/</c> under the repository's root, the
/// committed reference runs among them; dry runs (CI's) go to <c>artifacts/results/</c>, which git ignores, and
/// <see cref="RootVariable"/> moves every run elsewhere. The benchmark program writes this layout and the report
/// reads it; both take it from here.
/// </summary>
public static partial class ResultsFolders
{
    /// <summary>The folder under the repository's root that holds every machine's runs.</summary>
    public const string Root = "results";

    /// <summary>An environment variable naming another folder to write and read runs in (CI points it at a temporary one).</summary>
    public const string RootVariable = "STUDY_RESULTS";

    /// <summary>What a run's folder is called until the run is complete.</summary>
    public const string PartialSuffix = ".partial";

    /// <summary>The file an unfinished run's folder holds, saying so.</summary>
    public const string IncompleteMarker = "INCOMPLETE";

    private const string StampFormat = "yyyyMMdd-HHmmss";

    /// <summary>A run folder's name: the UTC time the run started.</summary>
    public static string Stamp(DateTimeOffset started) => started.UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="name"/> is a complete run's folder name (a stamp, not a partial run's).</summary>
    public static bool IsRunName(string name) => StampRegex().IsMatch(name);

    /// <summary>
    /// The folder of a run of <paramref name="machine"/> started at <paramref name="started"/>: under
    /// <see cref="RootVariable"/> if set, else <c>artifacts/results/</c> for a dry run and <c>results/</c> for the others.
    /// </summary>
    public static string RunFolder(string repositoryRoot, string machine, DateTimeOffset started, bool dry) =>
        Path.Combine(Roots(repositoryRoot)[dry ? 1 : 0], machine, Stamp(started));

    /// <summary>Where runs are written and looked for: the chosen root alone, or the committed one and the dry runs' one.</summary>
    private static string[] Roots(string repositoryRoot) =>
        Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } chosen
            ? [Path.GetFullPath(chosen), Path.GetFullPath(chosen)]
            : [Path.Combine(repositoryRoot, Root), Path.Combine(repositoryRoot, "artifacts", Root)];

    /// <summary>
    /// The newest complete run of this machine: the latest stamped folder (an interrupted run's <c>.partial</c> folder
    /// is never one) that holds BenchmarkDotNet's full JSON, in any of the roots (a dry run's included) of the
    /// repository that holds <paramref name="start"/>.
    /// </summary>
    /// <exception cref="ResultsException">No repository or no complete run.</exception>
    public static string NewestRun(string start)
    {
        string root = RepositoryRoot(start)
            ?? throw new ResultsException($"{start}: not inside the study's repository (no Study.sln above it); name a results folder");
        var machines = Roots(root).Distinct().Select(r => Path.Combine(r, MachineId.Current)).ToList();
        var runs = machines.Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Where(d => IsRunName(Path.GetFileName(d)))
            .Where(d => Directory.EnumerateFiles(d, "*-report-full.json", SearchOption.AllDirectories).Any())
            .OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .ToList();
        return runs.Count > 0 ? runs[^1] : throw new ResultsException($"{machines[0]}: no complete run of this machine; run ./run.sh first, or name a results folder");
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
