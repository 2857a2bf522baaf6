using System.Text.Json;

namespace Study.Benchmarks.CPython;

/// <summary>
/// The interpreters a run measures, by id ("3.11", "3.14", "3.14t" for a free-threaded build): the first is the run's
/// own (<c>python3</c>, or <c>STUDY_PYTHON</c>), which measures every CPython case of the profile; the others
/// (<c>--python</c>, <c>STUDY_PYTHONS</c>) measure the cases that say how an interpreter changes the answer
/// (<see cref="CPythonCases.IsInForAnother"/>). Every CPython case carries its interpreter's id as its <c>Python</c>
/// parameter.
/// </summary>
/// <remarks>
/// The host process probes each interpreter once and tells BenchmarkDotNet's benchmark processes the ids and paths
/// through <see cref="Variable"/> (JSON: an object of id to path, in order), which they inherit; a process started
/// without it (a test, a benchmark run by hand) has the run's own interpreter alone, as <see cref="Default"/>.
/// </remarks>
public static class Pythons
{
    /// <summary>The environment variable with the run's interpreters, id to path, in order.</summary>
    public const string Variable = "STUDY_PYTHON_IDS";

    /// <summary>The environment variable a user names more interpreters in, separated as PATH is.</summary>
    public const string ListVariable = "STUDY_PYTHONS";

    /// <summary>The id of the run's own interpreter where no probe named it.</summary>
    public const string Default = "default";

    private static List<KeyValuePair<string, string>>? _all;

    /// <summary>The run's interpreters, id to path, the run's own first (read once, when first asked).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All => _all ??= Read();

    /// <summary>The ids, for the CPython classes' <c>Python</c> parameter.</summary>
    public static IEnumerable<string> Ids => All.Select(p => p.Key);

    /// <summary>The id of the run's own interpreter.</summary>
    public static string Primary => All[0].Key;

    /// <summary>The path of the interpreter <paramref name="id"/>.</summary>
    public static string PathOf(string id) =>
        All.FirstOrDefault(p => p.Key == id).Value ?? throw new CPythonException($"no interpreter '{id}' in this run");

    /// <summary>The variable's value for <paramref name="interpreters"/>.</summary>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> interpreters) =>
        JsonSerializer.Serialize(interpreters.ToDictionary(p => p.Key, p => p.Value));

    /// <summary>
    /// An interpreter's id from its facts: major.minor, "t" for a free-threaded build; a second interpreter of one id
    /// gets "-2", and so on.
    /// </summary>
    public static string IdOf(CPythonInstallation python, IEnumerable<string> taken)
    {
        ArgumentNullException.ThrowIfNull(python);
        string id = System.Version.TryParse(python.Version, out var v) ? $"{v.Major}.{v.Minor}" : python.Version;
        id += python.Facts.FreeThreaded == true ? "t" : string.Empty;
        var used = taken.ToHashSet(StringComparer.Ordinal);
        string unique = id;
        for (int n = 2; used.Contains(unique); n++)
        {
            unique = $"{id}-{n}";
        }

        return unique;
    }

    /// <summary>
    /// The file <paramref name="interpreter"/> runs, links followed (a bare name looked up on the PATH), so that
    /// <c>--python python3</c> or <c>--python /usr/bin/python3.11</c> is known as the run's own interpreter and not
    /// measured twice; the name itself when no such file is found. A launcher script is a file of its own.
    /// </summary>
    public static string FileOf(string interpreter)
    {
        ArgumentNullException.ThrowIfNull(interpreter);
        string? path = interpreter.Contains('/') || interpreter.Contains(Path.DirectorySeparatorChar)
            ? Path.GetFullPath(interpreter)
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(folder => Path.Combine(folder, interpreter)).FirstOrDefault(File.Exists);
        if (path is null || !File.Exists(path))
        {
            return interpreter;
        }

        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static List<KeyValuePair<string, string>> Read()
    {
        string? json = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(json) && JsonSerializer.Deserialize<Dictionary<string, string>>(json) is { Count: > 0 } map)
        {
            // System.Text.Json keeps an object's order.
            return [.. map];
        }

        return [new(Default, CPythonDriver.Interpreter)];
    }
}
