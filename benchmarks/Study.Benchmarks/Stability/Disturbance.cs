using System.Diagnostics;
using System.Globalization;

namespace Study.Benchmarks.Stability;

/// <summary>
/// A disturbance on purpose, to see what a busy machine does to a run: after <see cref="Delay"/>, keeps
/// <see cref="Cores"/> cores busy for <see cref="Duration"/>, then stops. Threads of the benchmark program itself,
/// so the load ends with it, whatever ends it.
/// </summary>
public sealed record Disturbance(TimeSpan Delay, TimeSpan Duration, int Cores)
{
    /// <summary>How <c>env.json</c> and the console describe it.</summary>
    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"{Cores} core{(Cores == 1 ? string.Empty : "s")} loaded for {Duration.TotalSeconds:0} s from {Delay.TotalSeconds:0} s into the run");

    /// <summary>Starts the load's threads and returns them; they wait, spin, and end on their own.</summary>
    public IReadOnlyList<Thread> Start()
    {
        var threads = Enumerable.Range(0, Cores).Select(_ => new Thread(Spin) { IsBackground = true, Name = "disturbance" }).ToList();
        threads.ForEach(t => t.Start());
        return threads;
    }

    private void Spin()
    {
        Thread.Sleep(Delay);
        var clock = Stopwatch.StartNew();
        long spins = 0;
        while (clock.Elapsed < Duration)
        {
            // Busy, as a compiler or a browser tab is: the work itself does not matter, only that a core is taken.
            spins = unchecked((spins * 6364136223846793005) + 1442695040888963407);
        }

        GC.KeepAlive(spins);
    }
}
