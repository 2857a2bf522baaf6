using BenchmarkDotNet.Attributes;

namespace Study.Benchmarks.Overhead;

/// <summary>The floor under every thread executor: .NET's own work-item queue, with nothing on top.</summary>
[OverheadJob]
[BenchmarkCategory(Categories.Floor)]
public class ThreadPoolFloorBenchmarks
{
    private const int Calls = 1000;

    private readonly Countdown _countdown = new();

    /// <summary>Queue 1 000 empty work items with <c>ThreadPool.UnsafeQueueUserWorkItem</c> and wait for all.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public int UnsafeQueueUserWorkItem()
    {
        _countdown.Reset(Calls);
        for (int i = 0; i < Calls; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_countdown, preferLocal: false);
        }

        _countdown.Wait();
        return Calls;
    }

    private sealed class Countdown : IThreadPoolWorkItem
    {
        private readonly ManualResetEventSlim _done = new();
        private int _left;

        public void Reset(int count)
        {
            _left = count;
            _done.Reset();
        }

        public void Execute()
        {
            if (Interlocked.Decrement(ref _left) == 0)
            {
                _done.Set();
            }
        }

        public void Wait() => _done.Wait();
    }
}
