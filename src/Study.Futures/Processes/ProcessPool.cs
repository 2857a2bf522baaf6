using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Study.Futures.Protocol;

namespace Study.Futures;

/// <summary>
/// What a <see cref="ProcessPoolExecutor"/> runs on: the queue, the workers and their reader threads. The reader
/// threads hold this, never the executor, so that a dropped executor can be collected and shut its pool down.
/// Fields marked "pool lock" change only under <see cref="_gate"/>; no user code (callbacks) runs under it.
/// </summary>
internal sealed partial class ProcessPool : IExitJoinable
{
    private const string BrokenMessage = "A child process terminated abruptly, the process pool is not usable anymore";

    /// <summary>The fewest calls a worker may have in flight: the running one and one behind it.</summary>
    private const int MinimumDepth = 2;

    /// <summary>The most: half the claim table, so that slots still held by withdrawn calls never run short.</summary>
    private const int MaximumDepth = ClaimTable.Slots / 2;

    /// <summary>About how much work may wait behind a worker's running call: 1 ms, some thirty pipe round trips.</summary>
    private static readonly TimeSpan SendAheadBudget = TimeSpan.FromMilliseconds(1);

    [ThreadStatic]
    private static ProcessPool? t_readingFor;

    private readonly object _gate = new();
    private readonly Queue<IWorkItem> _queue = new(); // pool lock: pending calls
    private readonly List<WorkerProcess> _workers = []; // pool lock
    private readonly List<Thread> _readers = []; // pool lock
    private readonly ConcurrentDictionary<MethodInfo, FunctionDefinition> _functions = new();
    private readonly ProcessPoolOptions _options;
    private readonly FunctionDefinition? _initializer;
    // Pool lock. From 1: a claim table's word holds 0 when its slot is empty or withdrawn, so a call numbered 0 could be
    // "withdrawn" by a compare-and-swap that changed nothing and then claimed by its worker all the same (the soak found
    // it, seed 6000293: the first call of a pool, cancelled at once, ran).
    private long _nextCallId = 1;
    private int _lastFunctionId;
    private int _nextWorkerId; // pool lock
    private long _computeCalls; // pool lock
    private long _computeNanoseconds; // pool lock
    private double _meanCallNanoseconds; // pool lock: a moving mean of the workers' compute time a call
    private string? _broken; // pool lock
    private bool _shutdown; // pool lock
    private bool _registered; // pool lock: with ExitJoin

    public ProcessPool(int maxWorkers, ProcessPoolOptions options, string workerPath)
    {
        MaxWorkers = maxWorkers;
        _options = options;
        WorkerPath = workerPath;
        if (options.Initializer is { } initializer)
        {
            _initializer = Define(initializer.Function, initializer.ArgumentTypes, resultType: null);
            for (int i = 0; i < initializer.Arguments.Length; i++)
            {
                if (initializer.Arguments[i] is { } argument && !WireTypes.IsSupported(argument.GetType()))
                {
                    throw new ArgumentException(
                        $"The initializer's argument of type {argument.GetType()} cannot be sent to a worker process; only {WireTypes.Names} can.",
                        nameof(options));
                }
            }
        }

        // Files a killed parent of this user left behind (it could not delete their names): the next pool removes them.
        _ = SharedFiles.RemoveOrphans();
    }

    public int MaxWorkers { get; }

    public string WorkerPath { get; }

    public IReadOnlyList<int> WorkerProcessIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _workers.Select(w => w.ProcessId)];
            }
        }
    }

    public (long Calls, long Nanoseconds) ComputeTime
    {
        get
        {
            lock (_gate)
            {
                return (_computeCalls, _computeNanoseconds);
            }
        }
    }

    /// <summary>
    /// Queues the calls and sends what it can at once: a map's chunks go out together, one write per worker. Refuses
    /// them all if the pool is broken or shut down.
    /// </summary>
    public void Schedule(params ReadOnlySpan<IWorkItem> items)
    {
        foreach (var item in items)
        {
            item.Definition = Define(item.Function, item.ArgumentTypes, item.WireResultType);
        }

        Dispatched dispatched;
        lock (_gate)
        {
            if (_broken is { } broken)
            {
                throw new BrokenProcessPoolException(broken);
            }

            if (_shutdown)
            {
                throw new InvalidOperationException(Executor.ShutdownMessage);
            }

            if (ExitJoin.IsExiting || (!_registered && !(_registered = ExitJoin.Register(this))))
            {
                throw new InvalidOperationException(Executor.ExitMessage);
            }

            foreach (var item in items)
            {
                _queue.Enqueue(item);
            }

            dispatched = Dispatch();
        }

        Finish(dispatched);
        if (dispatched.Broken is not null)
        {
            throw new BrokenProcessPoolException(dispatched.Broken, dispatched.Cause!);
        }
    }

    /// <summary>
    /// Refuses new calls; cancels the pending ones if asked (those sent ahead that no worker has started too; outside the
    /// lock, waiters told); with <paramref name="wait"/>, returns once every worker has exited, unless called from one of
    /// this pool's reader threads (a done callback), which cannot wait for itself: there it returns at once and the
    /// workers finish on their own.
    /// </summary>
    public void Shutdown(bool wait, bool cancelFutures)
    {
        Dispatched dispatched;
        List<IWorkItem> cancelled = [];
        lock (_gate)
        {
            _shutdown = true;
            if (cancelFutures)
            {
                cancelled = TakeBackAllButCallQueue();
            }

            dispatched = Dispatch();
        }

        foreach (var item in cancelled)
        {
            item.Future.Cancel();
            item.Future.SetRunningOrNotifyCancel();
        }

        Finish(dispatched);
        UnregisterIfFinished();
        if (!wait || t_readingFor == this)
        {
            return;
        }

        Thread[] readers;
        using (GlobalInterpreterLock.AllowThreads())
        {
            lock (_gate)
            {
                while (_workers.Count > 0)
                {
                    Monitor.Wait(_gate);
                }

                readers = [.. _readers];
            }

            foreach (var reader in readers)
            {
                reader.Join();
            }
        }
    }

    /// <inheritdoc />
    public void JoinAtExit() => Shutdown(wait: true, cancelFutures: false);

    /// <summary>CPython's <c>_force_shutdown</c>: shut down, cancel what is pending, end every worker.</summary>
    public void ForceShutdown(bool kill)
    {
        Shutdown(wait: false, cancelFutures: true);
        WorkerProcess[] workers;
        lock (_gate)
        {
            workers = [.. _workers];
        }

        foreach (var worker in workers)
        {
            worker.Signal(kill);
        }
    }

    /// <summary>
    /// For a shutdown that cancels: CPython has moved up to <see cref="MaxWorkers"/> + 1 calls, the running ones included,
    /// to its call queue and marked them running; it cancels the rest. So the oldest calls not started, as many as that
    /// leaves beside the running ones, are pinned (running from now on: they will run and cannot be cancelled), and every
    /// later one is taken back and returned to cancel. Those a cancel withdrew already are dropped, their cancellation
    /// seen. Pool lock.
    /// </summary>
    private List<IWorkItem> TakeBackAllButCallQueue()
    {
        int running = _workers.Sum(w => w.Claimed());
        int keep = Math.Max(0, MaxWorkers + 1 - running);
        var unstarted = _workers.SelectMany(w => w.Unstarted()).OrderBy(call => call.CallId).ToList();
        var taken = new List<IWorkItem>();
        foreach (var call in unstarted.Skip(keep))
        {
            if (call.Worker.TryTakeBack(call) is { } item)
            {
                taken.Add(item);
            }
        }

        foreach (var call in unstarted.Take(keep))
        {
            call.Item.Future.Pin();
        }

        var kept = _queue.Take(Math.Max(0, keep - unstarted.Count)).ToList();
        taken.AddRange(_queue.Skip(kept.Count));
        _queue.Clear();
        foreach (var item in kept)
        {
            item.Future.Pin();
            _queue.Enqueue(item);
        }

        return taken;
    }

    /// <summary>A cancel withdrew a call sent ahead to <paramref name="worker"/>: forget it, tell its waiters, send more.</summary>
    private void OnCancelled(WorkerProcess worker, InFlightCall call)
    {
        Dispatched dispatched;
        lock (_gate)
        {
            worker.DropCancelled(call);
            dispatched = Dispatch();
        }

        Finish(dispatched);
    }

    /// <summary>Leaves <see cref="ExitJoin"/> once shut down (or broken) with every worker gone.</summary>
    private void UnregisterIfFinished()
    {
        lock (_gate)
        {
            if (!_registered || !(_shutdown || _broken is not null) || _workers.Count > 0)
            {
                return;
            }

            _registered = false;
        }

        ExitJoin.Unregister(this);
    }

    /// <summary>
    /// Checks that <paramref name="function"/> can travel by name and gives it an id. Throws on submit, as CPython's
    /// users expect of a lambda, rather than failing the future later.
    /// </summary>
    private FunctionDefinition Define(Delegate function, Type[] argumentTypes, Type? resultType)
    {
        var method = function.Method;
        if (function.Target is null && _functions.TryGetValue(method, out var known))
        {
            return known;
        }

        if (function.Target is not null || !method.IsStatic || method.DeclaringType is not { } type
            || type.IsDefined(typeof(CompilerGeneratedAttribute)) || method.IsDefined(typeof(CompilerGeneratedAttribute)))
        {
            throw new ArgumentException(
                $"ProcessPoolExecutor sends a function to its workers by name, so it must be a named static method; "
                + $"'{method.Name}' is a lambda, a local function or an instance method, which may capture state that cannot travel.",
                nameof(function));
        }

        if (method.IsGenericMethod)
        {
            throw new ArgumentException($"'{type.FullName}.{method.Name}' is generic; a worker can only call non-generic methods.", nameof(function));
        }

        foreach (var argumentType in argumentTypes)
        {
            ThrowIfCannotTravel(argumentType, "argument");
        }

        if (resultType is not null)
        {
            ThrowIfCannotTravel(resultType, "result");
        }

        return _functions.GetOrAdd(method, m => new FunctionDefinition(Interlocked.Increment(ref _lastFunctionId), m));

        static void ThrowIfCannotTravel(Type type, string what)
        {
            if (!WireTypes.IsSupported(type) && type != typeof(object))
            {
                throw new ArgumentException(
                    $"A {what} of type {type} cannot be sent to or from a worker process; only {WireTypes.Names} can.",
                    nameof(function));
            }
        }
    }
}
