using System.Text.Json.Nodes;

namespace Study.Tests.Reports;

/// <summary>
/// A results root of two machines built from the committed fixture run: <c>machine-a</c> with two runs (in the second,
/// CPython's fork pool takes twice as long on every case, so its ratio to threads moves beyond any interval) and
/// <c>machine-b</c> with one (a 4-core machine, by its env.json). Each run's env.json says when it started.
/// </summary>
internal sealed class SiteFixture : IDisposable
{
    public SiteFixture()
    {
        Directory.CreateDirectory(Root);
        Add("machine-a", "20261201-120000", slowFork: false, cores: 2);
        Add("machine-a", "20261201-130000", slowFork: true, cores: 2);
        Add("machine-b", "20261201-140000", slowFork: false, cores: 4);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"study-site-{Guid.NewGuid():N}");

    public string Root => Path.Combine(Folder, "results");

    public string Site => Path.Combine(Folder, "site");

    /// <summary>Adds a run made from the fixture: <paramref name="machine"/>/<paramref name="stamp"/>, of two interpreters with <paramref name="otherPython"/>.</summary>
    public string Add(string machine, string stamp, bool slowFork, int cores, string? otherPython = null)
    {
        using var run = new ReportFixture();
        if (otherPython is not null)
        {
            PythonsTests.AddInterpreter(run, otherPython, "spawn", factor: 1.3);
        }

        if (slowFork)
        {
            run.Scale(b => (string?)b["Type"] == "CPythonWorkListBenchmarks" && ((string?)b["Parameters"] ?? string.Empty).Contains("StartMethod=Fork", StringComparison.Ordinal), 2);
        }

        string envFile = Path.Combine(run.Folder, "env.json");
        var env = JsonNode.Parse(File.ReadAllText(envFile))!;
        env["machineId"] = machine;
        env["cores"] = cores;
        env["started"] = DateTimeOffset.ParseExact(stamp, "yyyyMMdd-HHmmss", null, System.Globalization.DateTimeStyles.AssumeUniversal).ToString("o");
        File.WriteAllText(envFile, env.ToJsonString());
        string folder = Path.Combine(Root, machine, stamp);
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        Directory.Move(run.Folder, folder);
        Directory.CreateDirectory(run.Folder); // for the fixture's own clean-up
        return folder;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
