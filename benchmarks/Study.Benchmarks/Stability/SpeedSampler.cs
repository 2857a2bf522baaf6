using System.Diagnostics;
using System.Globalization;
using System.Text;
using Study.Kernel;
using Study.Reports.Results;

namespace Study.Benchmarks.Stability;

/// <summary>
/// The machine's speed through the whole run, close to every measured iteration: every <see cref="Period"/>, a short
/// reading of the study's kernel on one thread of this (the host) process, appended to the results folder's
/// <see cref="SpeedSample.FileName"/>. The report finds the machine's discrete speeds in them (Perfolizer's
/// <c>LowlandModalityDetector</c>) and which speed each iteration ran at.
/// </summary>
/// <remarks>
/// <para>
/// Why a sampler and not the canary around each case: this machine switches between two speeds within a second
/// (CPython's kernel 19–23 or 35–39 ns an iteration, nothing between), so a case's five iterations over two seconds
/// can run at either, and readings before and after it cannot say which. BenchmarkDotNet signals its host only
/// around a case's measured iterations, not around each, so the host reads the machine on its own clock, and the
/// report places the iterations in time between the case's two canary readings.
/// </para>
/// <para>
/// A reading is the fastest of <see cref="Repeats"/> runs of <see cref="Iterations"/> kernel iterations (about 0.3 ms
/// each): a reading that the scheduler interrupts is slow for a reason that is not the machine's speed, and the
/// fastest of three is rarely interrupted. About 1 ms of one core every 250 ms: 0.4 % of a core, in the host process,
/// which otherwise only waits for the benchmark processes.
/// </para>
/// </remarks>
public sealed class SpeedSampler : IDisposable
{
    /// <summary>How often the machine is read.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    /// <summary>Kernel iterations a run: about 0.3 ms at 0.6 ns an iteration.</summary>
    public const long Iterations = 500_000;

    /// <summary>Runs a reading, the fastest kept.</summary>
    public const int Repeats = 3;

    private readonly string _path;
    private readonly Task _warm;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    /// <summary>Starts sampling into <paramref name="path"/> once <paramref name="warm"/> (the canary's warm-up, which brings the kernel to its final tier) is done.</summary>
    public SpeedSampler(string path, Task warm)
    {
        _path = path;
        _warm = warm;
        _thread = new Thread(Sample) { IsBackground = true, Name = "speed sampler" };
        _thread.Start();
    }

    /// <summary>Stops sampling and writes what is left.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }

    /// <summary>One reading: the fastest of <see cref="Repeats"/> runs, in ns an iteration.</summary>
    public static double Read()
    {
        double best = double.MaxValue;
        for (int i = 0; i < Repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            var sum = SumKernel.Sum(Iterations);
            double nanoseconds = Stopwatch.GetElapsedTime(start).TotalNanoseconds;
            if (sum != SumKernel.ClosedForm(Iterations))
            {
                throw new InvalidOperationException("the speed sampler's kernel returned a wrong sum");
            }

            best = Math.Min(best, nanoseconds / Iterations);
        }

        return best;
    }

    private void Sample()
    {
        try
        {
            _warm.Wait(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var lines = new StringBuilder();
        if (!File.Exists(_path))
        {
            lines.Append(SpeedSample.Header).Append('\n');
        }

        var flushed = Stopwatch.StartNew();
        while (!_stop.Token.WaitHandle.WaitOne(Period))
        {
            lines.Append(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},{Read():0.####}\n");
            // Appended every few seconds: an interrupted run keeps all but the last few readings.
            if (flushed.Elapsed > TimeSpan.FromSeconds(5))
            {
                Flush(lines);
                flushed.Restart();
            }
        }

        Flush(lines);
    }

    private void Flush(StringBuilder lines)
    {
        if (lines.Length > 0)
        {
            File.AppendAllText(_path, lines.ToString());
            lines.Clear();
        }
    }
}
