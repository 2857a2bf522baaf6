using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Study.Benchmarks.Overhead;

/// <summary>
/// The floor under a process pool's round trip: one byte to a child process and back through pipes, with
/// <c>cat</c> as the child, so that no .NET code runs on the far side.
/// </summary>
[OverheadJob]
[BenchmarkCategory(Categories.Floor)]
public class PipeFloorBenchmarks
{
    /// <summary>Why the floor cannot run here, when it cannot.</summary>
    public const string Unsupported = "Windows has no cat to echo a byte through; the rest of the suite runs";

    private readonly byte[] _byte = [42];

    /// <summary>Whether this platform has <c>cat</c> (every Unix; not Windows).</summary>
    public static bool IsSupported => !OperatingSystem.IsWindows();
    private Process _child = null!;
    private Stream _toChild = null!;
    private Stream _fromChild = null!;

    /// <summary>Starts <c>cat</c>.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _child = Process.Start(new ProcessStartInfo("cat")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        _toChild = _child.StandardInput.BaseStream;
        _fromChild = _child.StandardOutput.BaseStream;
    }

    /// <summary>Stops <c>cat</c>.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _toChild.Dispose();
        _child.WaitForExit();
        _child.Dispose();
    }

    /// <summary>Write one byte, read it back.</summary>
    [Benchmark]
    public int PingPong()
    {
        _toChild.Write(_byte);
        _toChild.Flush();
        return _fromChild.Read(_byte);
    }
}
