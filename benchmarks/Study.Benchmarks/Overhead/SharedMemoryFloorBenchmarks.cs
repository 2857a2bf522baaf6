using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Study.Futures;
using Study.Futures.Protocol;

namespace Study.Benchmarks.Overhead;

/// <summary>
/// The floor under the shared-memory pool's round trip, beside <see cref="PipeFloorBenchmarks"/>: one word to the
/// NativeAOT worker (<c>--floor</c>) and back through a mapped file, with the rings' wake-up (the word, a waiting flag,
/// a futex only when the other side sleeps), blocking at once or spinning without ever sleeping.
/// </summary>
[OverheadJob]
[BenchmarkCategory(Categories.Floor)]
public class SharedMemoryFloorBenchmarks
{
    private SharedFloor _floor = null!;
    private Process _child = null!;

    /// <summary><see cref="SharedFloor.Block"/>: each side sleeps as soon as it waits; <see cref="SharedFloor.Spin"/>: neither ever sleeps.</summary>
    [Params(SharedFloor.Block, SharedFloor.Spin)]
    public string Wait { get; set; } = SharedFloor.Block;

    /// <summary>Maps the word and starts the worker on it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _floor = SharedFloor.Create(spin: Wait == SharedFloor.Spin);
        var start = new ProcessStartInfo(WorkerLocator.Find(WorkerBuild.NativeAot, explicitPath: null)) { UseShellExecute = false };
        foreach (string argument in new[] { "--floor", _floor.Path, Wait })
        {
            start.ArgumentList.Add(argument);
        }

        _child = Process.Start(start)!;
        _ = PingPong(); // returns once the worker has mapped the word
        _floor.Unlink();
    }

    /// <summary>Stops the worker.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _floor.Stop();
        if (!_child.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _child.Kill();
        }

        _child.Dispose();
        _floor.Dispose();
    }

    /// <summary>Hand the word over, wait for it back.</summary>
    [Benchmark]
    public int PingPong() => _floor.PingPong();
}
