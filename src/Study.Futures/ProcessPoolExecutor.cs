using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Study.Futures.Protocol;

namespace Study.Futures;

/// <summary>
/// Python's <c>ProcessPoolExecutor</c> over real worker processes (<c>Study.Worker</c>) that speak
/// <see cref="WorkerProtocol"/> on their standard input and output.
/// </summary>
/// <remarks>
/// <para>
/// A function travels by name, as pickle sends a qualified name, so it must be a static method; a lambda or an
/// instance method is refused at submit, and so is a parameter or result type that cannot travel. Workers start on
/// demand, one per submit while none is idle, up to <see cref="MaxWorkers"/>, as CPython 3.11 does for its
/// non-fork start methods. A call's future is running once it has been written to a worker, as CPython's is once it
/// enters the call queue. A worker's exception comes back with its type, message and remote stack trace
/// (<see cref="RemoteException"/>). A worker that dies, breaks the protocol or fails its initializer breaks the
/// pool: every pending future fails with <see cref="BrokenProcessPoolException"/>, the other workers are killed, and
/// submit refuses new work. Workers exit when the pool closes their pipe or when the parent process dies.
/// </para>
/// <para>
/// Dispatch. Workers do not share a queue, so the pool decides which worker gets each call. It keeps a call queued
/// in the parent until a worker has credit, and sends it to the worker with the fewest calls in flight. A worker's
/// credit is the number of calls that fits in <see cref="QueueBudget"/> of its own measured compute time, between 1
/// and <see cref="MaxCredit"/>: long calls go out one at a time, so a late large item still reaches the first free
/// worker (greedy scheduling, as a shared queue gives), while microsecond calls are pipelined, so the pipe's latency
/// is paid once per batch rather than once per call. A worker's unread calls are also kept under
/// <see cref="MaxInFlightBytes"/>, less than a pipe holds, so a write to a worker never blocks on a full pipe
/// while that worker is blocked writing its results.
/// </para>
/// </remarks>
public sealed partial class ProcessPoolExecutor : Executor
{
    /// <summary>The compute time a worker may have queued ahead of it.</summary>
    public static readonly TimeSpan QueueBudget = TimeSpan.FromMicroseconds(200);

    /// <summary>The most calls in flight to one worker.</summary>
    public const int MaxCredit = 64;

    /// <summary>The most bytes of calls in flight to one worker, unless it has none.</summary>
    public const int MaxInFlightBytes = 32 * 1024;

    private const string BrokenMessage = "A child process terminated abruptly, the process pool is not usable anymore";

    private readonly object _gate = new();
    private readonly Queue<IWorkItem> _queue = new();
    private readonly List<WorkerProcess> _workers = [];
    private readonly List<Thread> _readers = [];
    private readonly ConcurrentDictionary<MethodInfo, FunctionDefinition> _functions = new();
    private readonly ProcessPoolOptions _options;
    private readonly FunctionDefinition? _initializer;
    private readonly string _workerPath;
    private long _nextCallId;
    private int _lastFunctionId;
    private int _nextWorkerId;
    private string? _broken;
    private bool _shutdown;

    /// <summary>Creates a pool of at most <paramref name="maxWorkers"/> processes of <paramref name="build"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWorkers"/> is not positive.</exception>
    /// <exception cref="FileNotFoundException">The worker program is not where the build puts it.</exception>
    public ProcessPoolExecutor(int? maxWorkers = null, WorkerBuild build = WorkerBuild.Jit)
        : this(new ProcessPoolOptions { MaxWorkers = maxWorkers, Build = build })
    {
    }

    /// <summary>Creates a pool as <paramref name="options"/> say.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive.</exception>
    /// <exception cref="ArgumentException">The initializer is not a static method of transferable parameters.</exception>
    /// <exception cref="FileNotFoundException">The worker program is not where the build puts it.</exception>
    public ProcessPoolExecutor(ProcessPoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int workers = options.MaxWorkers ?? Environment.ProcessorCount;
        if (workers <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxWorkers, "max_workers must be greater than 0");
        }

        if (options.MaxTasksPerChild is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxTasksPerChild, "max_tasks_per_child must be >= 1");
        }

        MaxWorkers = workers;
        _options = options;
        _workerPath = WorkerLocator.Find(options.Build, options.WorkerPath);
        if (options.Initializer is { } initializer)
        {
            _initializer = Define(initializer.Function, initializer.ArgumentTypes, resultType: null);
        }
    }

    /// <inheritdoc />
    public override int MaxWorkers { get; }

    /// <summary>The worker program this pool starts.</summary>
    public string WorkerPath => _workerPath;

    /// <summary>The ids of the worker processes alive now.</summary>
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

    /// <inheritdoc />
    public override void Shutdown(bool wait = true, bool cancelFutures = false)
    {
        Dispatched dispatched;
        lock (_gate)
        {
            _shutdown = true;
            if (cancelFutures)
            {
                var kept = _queue.Where(item => !item.Future.Cancel()).ToList();
                _queue.Clear();
                kept.ForEach(_queue.Enqueue);
            }

            dispatched = Dispatch();
        }

        Finish(dispatched);
        if (!wait)
        {
            return;
        }

        Thread[] readers;
        lock (_gate)
        {
            while (_workers.Count > 0)
            {
                Monitor.Wait(_gate);
            }

            readers = [.. _readers];
        }

        foreach (var reader in readers.Where(r => r != Thread.CurrentThread))
        {
            reader.Join();
        }
    }

    private protected override Future<TResult> Schedule<TResult>(WorkItem<TResult> item)
    {
        var definition = Define(item.Function, item.ArgumentTypes, item.WireResultType);
        item.Definition = definition;
        Dispatched dispatched;
        lock (_gate)
        {
            if (_broken is { } broken)
            {
                throw new BrokenProcessPoolException(broken);
            }

            if (_shutdown)
            {
                throw new InvalidOperationException(ShutdownMessage);
            }

            _queue.Enqueue(item);
            dispatched = Dispatch();
        }

        Finish(dispatched);
        return dispatched.Broken is { } brokenNow ? throw brokenNow : item;
    }

    /// <summary>CPython's <c>ProcessPoolExecutor.map</c>: items go to workers in chunks of <paramref name="chunksize"/>.</summary>
    private protected override IEnumerable<TResult> MapCore<T, TResult>(
        Func<T, TResult> function, IEnumerable<T> items, int chunksize, long deadline)
    {
        var chunks = items.Chunk(chunksize).Select(chunk => Schedule(new ChunkCall<T, TResult>(function, chunk))).ToList();
        return Results(chunks, deadline).SelectMany(results => results);
    }

    /// <summary>
    /// Checks that <paramref name="function"/> can travel by name and gives it an id. Throws on submit, as the issue
    /// and CPython's users expect of a lambda, rather than failing the future later.
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
