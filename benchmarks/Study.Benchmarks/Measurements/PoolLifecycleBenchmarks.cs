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
/// How "all k ready" is made sure of: k calls of <see cref="WorkerProbes.Rendezvous"/> meet (each polls a folder for
/// the others' files every millisecond), so none returns before k threads or processes run them; a pool starts a
/// worker for each call while none is idle. <see cref="DotNetThreadPoolExecutor"/> owns no threads: its k calls run on .NET's
/// warm shared pool, which on this machine has fewer threads than k, so a barrier would measure .NET's thread
/// injection (about one thread a second); its figure is k dispatches, not k starts. Every iteration checks that the
/// pool holds k workers, so a pool that started fewer voids the measurement.
/// </remarks>
[LifecycleJob]
[BenchmarkCategory(Categories.Startup)]
public class PoolLifecycleBenchmarks
{
    private Executor? _executor;
    private string _meeting = string.Empty;

    /// <summary>Every executor that has workers.</summary>
    [ParamsSource(nameof(PooledExecutors))]
    public ExecutorKind Executor { get; set; }

    /// <summary>1, 2 and 4; 5, the article's; 8, oversubscribed on two cores.</summary>
    [Params(1, 2, 4, 5, 8)]
    public int Workers { get; set; }

    /// <summary>The executors of <see cref="Executor"/>: all but the sequential one.</summary>
    public static IEnumerable<ExecutorKind> PooledExecutors => ExecutorKinds.DotNet.Where(k => k != ExecutorKind.Sequential);

    /// <summary>Prepares an empty meeting folder for the iteration's calls, outside the measurement.</summary>
    [IterationSetup(Target = nameof(StartAll))]
    public void BeforeStartAll() => _meeting = NewMeeting();

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
        Directory.Delete(_meeting, recursive: true);
    }

    /// <summary>Starts a pool and all its workers, outside the measurement.</summary>
    [IterationSetup(Target = nameof(Shutdown))]
    public void BeforeShutdown()
    {
        _meeting = NewMeeting();
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
        Future<int>[] calls = Executor == ExecutorKind.DotNet
            ? [.. Enumerable.Range(0, Workers).Select(_ => executor.Submit(WorkerProbes.Sleep, 0))]
            : [.. Enumerable.Range(0, Workers).Select(_ => executor.Submit(WorkerProbes.Rendezvous, _meeting, Workers))];

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

    private static string NewMeeting()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"study-meeting-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
