using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Study.Benchmarks.Overhead;

/// <summary>
/// The floor under a process pool's start: start a program and wait for it to exit. <c>true</c> is the operating
/// system's cost (on Windows, which has no <c>true</c>, <c>cmd.exe /d /c exit 0</c>: the nearest program that does
/// nothing, with the command interpreter's own start in it); the two worker builds add their runtime's start-up (each
/// serves an empty input and exits).
/// </summary>
[ColdJob]
[BenchmarkCategory(Categories.Floor)]
public class ProcessStartFloorBenchmarks
{
    /// <summary>The program to start.</summary>
    [Params("true", "worker-jit", "worker-aot")]
    public string Program { get; set; } = "true";

    /// <summary>Start, wait for exit.</summary>
    [Benchmark]
    public int StartAndExit()
    {
        var start = Program switch
        {
            "worker-jit" => Worker("STUDY_WORKER_JIT"),
            "worker-aot" => Worker("STUDY_WORKER_AOT"),
            _ when OperatingSystem.IsWindows() => new ProcessStartInfo("cmd.exe", "/d /c exit 0") { UseShellExecute = false },
            _ => new ProcessStartInfo(Program) { UseShellExecute = false },
        };
        using var process = Process.Start(start)!;
        if (start.RedirectStandardInput)
        {
            process.StandardInput.Close();
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    private static ProcessStartInfo Worker(string variable)
    {
        string path = Environment.GetEnvironmentVariable(variable)
            ?? throw new InvalidOperationException($"{variable} is not set; run through Study.Benchmarks' Program.");
        var start = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add("--parent");
        start.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return start;
    }
}
