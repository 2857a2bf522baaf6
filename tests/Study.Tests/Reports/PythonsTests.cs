using System.Text.Json.Nodes;
using Study.Reports.Analysis;
using Study.Reports.Output;
using Study.Reports.Results;

namespace Study.Tests.Reports;

/// <summary>
/// A run of several interpreters (<c>./run.sh --python</c>): its own interpreter's cases read as a run of one's, the
/// others' as the run that interpreter saw (<c>folder@3.14</c>), and the report names each one's default pool against
/// its threads and writes each other interpreter's report beside its own.
/// </summary>
public sealed class PythonsTests
{
    [Fact]
    public void TheRunsOwnInterpretersCasesReadAsARunOfOnesAndTheOthersAsTheirOwnRun()
    {
        using var fixture = new ReportFixture();
        var before = ResultSet.Load(fixture.Folder);
        int added = AddInterpreter(fixture, "3.14", "spawn", factor: 1.3);

        var results = ResultSet.Load(fixture.Folder);
        var other = results.ForPython("3.14");

        Assert.Equal(["3.14"], results.OtherPythons);
        Assert.Equal(before.Benchmarks.Select(b => b.Key), results.Benchmarks.Select(b => b.Key)); // as a run of one: no Python parameter
        Assert.Equal(added, other.Benchmarks.Count(b => b.Namespace.EndsWith(".CPython", StringComparison.Ordinal)));
        Assert.Equal(before.Benchmarks.Count(b => !b.Namespace.EndsWith(".CPython", StringComparison.Ordinal)), other.Benchmarks.Count - added);
        Assert.DoesNotContain(other.Benchmarks, b => b.Parameter(ResultSet.PythonParameter) is not null);
        Assert.Equal("3.14.2", other.Environment["pythonVersion"]);
        Assert.Equal("spawn", other.Environment["pythonDefaultStartMethod"]);
        Assert.Equal("3.14", other.Environment["pythonId"]);
        var spawn = other.Benchmarks.First(b => b.Type == "CPythonWorkListBenchmarks" && b.Parameter("StartMethod") == "Spawn");
        var ownSpawn = results.Benchmarks.Single(b => b.Key == spawn.Key);
        Assert.Equal(1.3 * ownSpawn.Median, spawn.Median, 6);

        var read = ResultSet.Load(fixture.Folder + "@3.14");
        Assert.Equal(other.Benchmarks.Select(b => b.Key), read.Benchmarks.Select(b => b.Key));
        Assert.Equal(results.Benchmarks.Select(b => b.Key), ResultSet.Load(fixture.Folder + "@3.11").Benchmarks.Select(b => b.Key));
        var problem = Assert.Throws<ResultsException>(() => ResultSet.Load(fixture.Folder + "@2.7"));
        Assert.Contains("no interpreter '2.7' (it has 3.14)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheReportNamesEachInterpretersDefaultPoolAndWritesTheOthersReportBeside()
    {
        using var fixture = new ReportFixture();
        AddInterpreter(fixture, "3.14", "spawn", factor: 1.3);

        var report = ReportWriter.Write(fixture.Folder);

        Assert.Equal(["3.11", "3.14"], report.Pythons.Select(p => p.Id));
        var mine = report.Pythons[0];
        Assert.True(mine.Own);
        Assert.Equal("fork", mine.DefaultStartMethod);
        Assert.NotNull(mine.DefaultPool);
        var other = report.Pythons[1];
        Assert.Equal("spawn", other.DefaultPool!.Executor.StartMethod.ToString().ToLowerInvariant());
        string markdown = File.ReadAllText(Path.Combine(fixture.Folder, "report.md"));
        Assert.Contains("**Each Python measured** (the article's case, 5 workers, against its own threads): 3.11: its default pool, fork,", markdown, StringComparison.Ordinal);
        Assert.Contains("3.14: its default pool, spawn,", markdown, StringComparison.Ordinal);
        Assert.Contains("Their reports: [3.14](python-3.14/report.md).", markdown, StringComparison.Ordinal);
        Assert.Contains("in CPython 3.11,", markdown, StringComparison.Ordinal);
        Assert.Contains("href=\"python-3.14/report.html\"", File.ReadAllText(Path.Combine(fixture.Folder, "report.html")), StringComparison.Ordinal);
        string theirs = File.ReadAllText(Path.Combine(fixture.Folder, PythonAnswer.FolderOf("3.14"), "report.md"));
        Assert.Contains("This is the run as **CPython 3.14** saw it", theirs, StringComparison.Ordinal);
        Assert.Contains("in CPython 3.14,", theirs, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Folder, PythonAnswer.FolderOf("3.14"), "report.html")));
    }

    /// <summary>A free-threaded interpreter beside the run's own: labelled so on the first screen and in its own report's facts, its ratios as measured.</summary>
    [Fact]
    public void AFreeThreadedInterpretersThreadsAreLabelledSo()
    {
        using var fixture = new ReportFixture();
        AddInterpreter(fixture, "3.14t", "forkserver", factor: 0.8, freeThreaded: true);

        var report = ReportWriter.Write(fixture.Folder);

        var free = Assert.Single(report.Pythons, p => p.Id == "3.14t");
        Assert.True(free.FreeThreaded);
        Assert.Contains("3.14t (free-threaded; its threads run without a GIL):", File.ReadAllText(Path.Combine(fixture.Folder, "report.md")), StringComparison.Ordinal);
        Assert.Equal("true", ResultSet.Load(fixture.Folder + "@3.14t").Environment["pythonFreeThreaded"], ignoreCase: true);
    }

    [Fact]
    public void ARunOfOneInterpreterHasNoPythonsAndNoFolderForThem()
    {
        using var fixture = new ReportFixture();

        var report = ReportWriter.Write(fixture.Folder);

        Assert.Empty(report.Pythons);
        Assert.Empty(Directory.GetDirectories(fixture.Folder, "python-*"));
        Assert.DoesNotContain("Each Python measured", File.ReadAllText(Path.Combine(fixture.Folder, "report.md")), StringComparison.Ordinal);
    }

    /// <summary>
    /// Makes the fixture a run of two interpreters, as the suite writes one: its CPython cases named 3.11 (the run's
    /// own), a copy of each named <paramref name="id"/> at <paramref name="factor"/> times their times, and env.json's
    /// facts of both; returns the cases added.
    /// </summary>
    internal static int AddInterpreter(ReportFixture fixture, string id, string defaultStartMethod, double factor, bool freeThreaded = false)
    {
        var root = JsonNode.Parse(File.ReadAllText(fixture.JsonFile))!;
        var benchmarks = root["Benchmarks"]!.AsArray();
        var added = new List<JsonNode>();
        foreach (var benchmark in benchmarks.Where(b => ((string?)b!["Namespace"])!.EndsWith(".CPython", StringComparison.Ordinal)).ToList())
        {
            string parameters = (string?)benchmark!["Parameters"] ?? string.Empty;
            var copy = benchmark.DeepClone();
            benchmark["Parameters"] = Join(parameters, "Python=3.11");
            copy["Parameters"] = Join(parameters, $"Python={id}");
            foreach (var measurement in copy["Measurements"]!.AsArray())
            {
                measurement!["Nanoseconds"] = measurement["Nanoseconds"]!.GetValue<double>() * factor;
            }

            added.Add(copy);
        }

        foreach (var copy in added)
        {
            benchmarks.Add(copy);
        }

        File.WriteAllText(fixture.JsonFile, root.ToJsonString());
        string env = Path.Combine(fixture.Folder, "env.json");
        var environment = JsonNode.Parse(File.ReadAllText(env))!.AsObject();
        environment["pythonId"] = "3.11";
        environment["pythonDefaultStartMethod"] = "fork";
        environment["pythons"] = new JsonObject
        {
            ["3.11"] = new JsonObject { ["pythonVersion"] = "3.11.7", ["pythonDefaultStartMethod"] = "fork" },
            [id] = new JsonObject { ["pythonVersion"] = "3.14.2", ["pythonDefaultStartMethod"] = defaultStartMethod, ["pythonFreeThreaded"] = freeThreaded, ["pythonGilEnabled"] = !freeThreaded },
        };
        File.WriteAllText(env, environment.ToJsonString());
        return added.Count;

        static string Join(string parameters, string python) => parameters.Length == 0 ? python : $"{parameters}&{python}";
    }
}
