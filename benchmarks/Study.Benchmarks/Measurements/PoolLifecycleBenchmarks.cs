using BenchmarkDotNet.Attributes;
using Study.Futures;

namespace Study.Benchmarks.Measurements;

/// <summary>
/// Start-up and shutdown as functions of the worker count k: what the grid's cold cases pay on top of the work.
/// <see cref="StartAll"/> creates a pool and returns once all k workers have answered a call; <see cref="Shutdown"/>
/// shuts down a pool whose k workers are all started (started outside the measurement). On a machine with fewer cores
/// than k, starting competes for the cores, as it does in the grid.
/// </summary>
/// <remarks>
/// How "all k ready" is made sure of: a process pool starts a worker for each call while none is idle, so k calls of
/// <see cref="WorkerProbes.Sleep"/>(0) reach k new workers, one each; a thread pool's k calls meet at a barrier, so
/// none returns before k threads run. <see cref="DotNetThreadPoolExecutor"/> owns no threads: its k calls run on .NET's
/// warm shared pool, which on this machine has fewer threads than k, so a barrier would measure .NET's thread
/// injection (about one thread a second); its figure is k dispatches, not k starts. Every iteration checks that the
/// pool holds k workers, so a pool that started fewer voids the measurement.
/// </remarks>
[LifecycleJob]
[BenchmarkCategory(Categories.Startup)]
public class PoolLifecycleBenchmarks
{
    private Executor? _executor;

    /// <summary>Every executor that has workers.</summary>
    [ParamsSource(nameof(PooledExecutors))]
    public ExecutorKind Executor { get; set; }

    /// <summary>1, 2 and 4; 5, the article's; 8, oversubscribed on two cores.</summary>
    [Params(1, 2, 4, 5, 8)]
    public int Workers { get; set; }

    /// <summary>The executors of <see cref="Executor"/>: all but the sequential one.</summary>
    public static IEnumerable<ExecutorKind> PooledExecutors => Enum.GetValues<ExecutorKind>().Where(k => k != ExecutorKind.Sequential);

    /// <summary>Create the pool and wait until all k workers have answered.</summary>
    [Benchmark]
    public int StartAll()
    {
        _executor = ExecutorFactory.Create(Executor, Workers);
        return StartWorkers(_executor);
    }

    /// <summary>Checks the pool that <see cref="StartAll"/> made and shuts it down, outside the measurement.</summary>
    [IterationCleanup(Target = nameof(StartAll))]
    public void AfterStartAll()
    {
        Verify();
        _executor?.Dispose();
        _executor = null;
    }

    /// <summary>Starts a pool and all its workers, outside the measurement.</summary>
    [IterationSetup(Target = nameof(Shutdown))]
    public void BeforeShutdown()
    {
        _executor = ExecutorFactory.Create(Executor, Workers);
        StartWorkers(_executor);
        Verify();
    }

    /// <summary>Shut down, with wait, a pool whose k workers are started and idle.</summary>
    [Benchmark]
    public int Shutdown()
    {
        _executor!.Shutdown(wait: true);
        _executor = null;
        return Workers;
    }

    private int StartWorkers(Executor executor)
    {
        Future<int>[] calls;
        if (Executor is ExecutorKind.Threads or ExecutorKind.Gil)
        {
            Rendezvous.Expect(Workers);
            calls = [.. Enumerable.Range(0, Workers).Select(_ => executor.Submit(Rendezvous.Meet, 0))];
        }
        else
        {
            calls = [.. Enumerable.Range(0, Workers).Select(_ => executor.Submit(WorkerProbes.Sleep, 0))];
        }

        int answered = 0;
        foreach (var call in calls)
        {
            answered += call.GetResult() >= 0 ? 1 : 0;
        }

        return answered;
    }

    private void Verify()
    {
        int workers = _executor switch
        {
            ProcessPoolExecutor processes => processes.WorkerProcessIds.Count,
            ThreadPoolExecutor threads => threads.ThreadCount,
            _ => Workers,
        };
        if (workers != Workers)
        {
            throw new InvalidOperationException($"{Executor} started {workers} workers, not {Workers}: the measurement is void.");
        }
    }

    /// <summary>A barrier for k thread-pool calls; it releases the GIL model's lock while it waits, as a blocking call does.</summary>
    private static class Rendezvous
    {
        private static Barrier? s_barrier;

        public static void Expect(int parties)
        {
            s_barrier?.Dispose();
            s_barrier = new Barrier(parties);
        }

        public static int Meet(int ignored)
        {
            using (GlobalInterpreterLock.AllowThreads())
            {
                return s_barrier!.SignalAndWait(TimeSpan.FromSeconds(30)) ? 0 : throw new TimeoutException("The pool did not start all its workers.");
            }
        }
    }
}
