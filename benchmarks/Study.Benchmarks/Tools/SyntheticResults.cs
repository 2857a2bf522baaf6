using System.Globalization;
using System.Text.Json;

namespace Study.Benchmarks.Tools;

/// <summary>
/// BenchmarkDotNet full JSON files made up from chosen distributions, no benchmark run: for the comparison's tests, whose
/// truth must be known, and for <see cref="CompareBenchmarks"/>.
/// </summary>
public static class SyntheticResults
{
    /// <summary>A benchmark of the made-up run: its name, parameters, job and values in nanoseconds.</summary>
    public sealed record Entry(string Type, string Method, string Parameters, string Job, double[] Values);

    /// <summary>Values of a lognormal distribution around <paramref name="median"/> with a relative spread <paramref name="cv"/>.</summary>
    public static double[] Lognormal(Random random, double median, double cv, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => median * Math.Exp(cv * Gaussian(random)))];

    /// <summary>Writes a results folder holding one full JSON file (and <c>env.json</c> if given); returns the folder.</summary>
    public static string Folder(IEnumerable<Entry> cases, Dictionary<string, object>? environment = null)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"study-results-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(folder, "results"));
        File.WriteAllText(Path.Combine(folder, "results", "BenchmarkRun-report-full.json"), Json(cases));
        if (environment is not null)
        {
            File.WriteAllText(Path.Combine(folder, "env.json"), JsonSerializer.Serialize(environment));
        }

        return folder;
    }

    /// <summary>The full JSON of <paramref name="cases"/>.</summary>
    public static string Json(IEnumerable<Entry> cases) => JsonSerializer.Serialize(new
    {
        Title = "synthetic",
        HostEnvironmentInfo = new { ProcessorName = "Test CPU", LogicalCoreCount = 2, OsVersion = "Linux", RuntimeVersion = ".NET 10.0", Architecture = "X64", BenchmarkDotNetVersion = "0.15.8" },
        Benchmarks = cases.Select(c => new
        {
            DisplayInfo = $"{c.Type}.{c.Method}: {c.Job}(IterationCount={c.Values.Length}) [{c.Parameters.Replace('&', ',')}]",
            Namespace = "Synthetic",
            c.Type,
            c.Method,
            MethodTitle = c.Method,
            c.Parameters,
            FullName = $"Synthetic.{c.Type}.{c.Method}({c.Parameters})",
            Measurements = c.Values.Select((v, i) => new
            {
                IterationMode = "Workload",
                IterationStage = "Result",
                LaunchIndex = 1,
                IterationIndex = i + 1,
                Operations = 1,
                Nanoseconds = v,
            }),
        }),
    });

    /// <summary>A benchmark name for index <paramref name="i"/>.</summary>
    public static string Name(int i) => "B" + i.ToString("D4", CultureInfo.InvariantCulture);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
