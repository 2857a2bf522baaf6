using System.Text.Json.Nodes;
using Study.Reports.Results;

namespace Study.Tests.Reports;

/// <summary>
/// The committed fixture: a small results folder cut from a real quick run of this suite (every kind of case the report
/// reads, five iterations each), copied to a fresh folder per test so that tests can change it and write into it.
/// </summary>
internal sealed class ReportFixture : IDisposable
{
    public static readonly string Source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "quick-run");

    public ReportFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), $"study-report-{Guid.NewGuid():N}");
        Copy(Source, Folder);
    }

    public string Folder { get; }

    public string JsonFile => Directory.EnumerateFiles(Folder, "*-report-full.json", SearchOption.AllDirectories).Single();

    /// <summary>Multiplies every measurement of the cases that <paramref name="match"/> selects by <paramref name="factor"/>.</summary>
    public int Scale(Func<JsonNode, bool> match, double factor)
    {
        var root = JsonNode.Parse(File.ReadAllText(JsonFile))!;
        int changed = 0;
        foreach (var benchmark in root["Benchmarks"]!.AsArray().Where(b => match(b!)))
        {
            foreach (var measurement in benchmark!["Measurements"]!.AsArray())
            {
                measurement!["Nanoseconds"] = measurement["Nanoseconds"]!.GetValue<double>() * factor;
            }

            changed++;
        }

        File.WriteAllText(JsonFile, root.ToJsonString());
        return changed;
    }

    /// <summary>Whether a benchmark entry is of <paramref name="type"/> with every one of <paramref name="parameters"/>.</summary>
    public static Func<JsonNode, bool> Case(string type, params string[] parameters) => b =>
        (string?)b["Type"] == type && parameters.All(p => ((string?)b["Parameters"] ?? string.Empty).Split('&').Contains(p));

    /// <summary>
    /// Writes canary readings as a run would: two a case (before and after), every case three seconds after the one
    /// before it in file order, at a steady speed (0.6 ns an iteration on every core; 22 ns for CPython's kernel in
    /// CPython's cases), and <paramref name="factor"/> times slower for the cases <paramref name="slow"/> selects. With
    /// <paramref name="oneThread"/>, the one-thread canary too (0.58 ns, slowed by <paramref name="factor"/> alike), and
    /// the every-core canary alone <paramref name="load"/> times slower for the cases <paramref name="loaded"/> selects
    /// (another program on a core).
    /// </summary>
    public void WriteCanaries(Func<JsonNode, bool>? slow = null, double factor = 1, bool oneThread = false, Func<JsonNode, bool>? loaded = null, double load = 1)
    {
        string path = Path.Combine(Folder, CanaryReading.FileName);
        File.Delete(path);
        var root = JsonNode.Parse(File.ReadAllText(JsonFile))!;
        var time = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        foreach (var benchmark in root["Benchmarks"]!.AsArray())
        {
            double scale = slow?.Invoke(benchmark!) == true ? factor : 1;
            double busy = loaded?.Invoke(benchmark!) == true ? load : 1;
            string ns = (string)benchmark!["Namespace"]!;
            foreach (string phase in new[] { CanaryReading.Before, CanaryReading.After })
            {
                time = time.AddSeconds(1.5);
                Write(CanaryReading.DotNet, 0.6 * busy);
                if (oneThread)
                {
                    Write(CanaryReading.DotNetThread, 0.58);
                }

                if (ns.EndsWith(".CPython", StringComparison.Ordinal))
                {
                    Write(CanaryReading.CPython, 22);
                }

                void Write(string runtime, double nanoseconds) => CanaryReading.Append(path, new CanaryReading(
                    time, ns, (string)benchmark["Type"]!, (string)benchmark["Method"]!, (string?)benchmark["Parameters"] ?? string.Empty,
                    BenchmarkResult.JobOf((string)benchmark["DisplayInfo"]!), phase, runtime, nanoseconds * scale));
            }
        }
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string directory in Directory.EnumerateDirectories(from))
        {
            Copy(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
