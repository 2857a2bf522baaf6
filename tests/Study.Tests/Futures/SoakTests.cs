using System.Collections.Concurrent;
using Study.Futures;
using Study.Kernel;

namespace Study.Tests.Futures;

/// <summary>
/// A randomized soak of every executor: random sequences of submit, map (with and without chunks and timeouts), cancel,
/// wait and as-completed with timeouts, done callbacks that submit or wait, shutdown with every flag, and, for process
/// pools, a worker killed mid-call. After each sequence: every future done in exactly one way, its callbacks run once,
/// no call run after its cancel succeeded, every result right, nothing hung, no worker or claim file left. A failure
/// names its seed, and <c>STUDY_SOAK_SEED</c> replays it.
/// </summary>
/// <remarks>
/// The short form runs in <c>dotnet test</c>: a few sequences an executor. The long form:
/// <c>STUDY_SOAK_SEQUENCES=400 dotnet test tests/Study.Tests --filter FullyQualifiedName~SoakTests</c>, which prints
/// its figures (sequences, operations, kills, hangs, lost or doubled calls, leaks) as each executor's test ends.
/// </remarks>
public sealed class SoakTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly int Sequences = int.TryParse(Environment.GetEnvironmentVariable("STUDY_SOAK_SEQUENCES"), out int n) ? n : 20;
    private static readonly int? ReplaySeed = int.TryParse(Environment.GetEnvironmentVariable("STUDY_SOAK_SEED"), out int s) ? s : null;

    [Theory(Timeout = 900_000)]
    [MemberData(nameof(Executors.All), MemberType = typeof(Executors))]
    public async Task RandomSequencesKeepEveryInvariant(ExecutorKind name) => await OnThread.Run(() =>
    {
        var totals = new Soak.Figures();
        // Seeds from the executor's place in the list, not a string hash (randomized per process): the same every run.
        int executorIndex = ExecutorKinds.DotNet.ToList().IndexOf(name);
        var seeds = ReplaySeed is { } seed ? [seed] : Enumerable.Range(0, Sequences).Select(i => ((executorIndex + 1) * 1_000_000) + i).ToArray();
        foreach (int sequenceSeed in seeds)
        {
            var figures = new Soak(name, sequenceSeed).Run();
            totals.Add(figures);
        }

        output.WriteLine($"soak {name}: {totals}");
    });
}

/// <summary>One random sequence on one executor, and the invariants checked after it.</summary>
internal sealed class Soak(ExecutorKind executor, int seed)
{
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(60);
    private readonly Random _random = new(seed);
    private readonly List<(Future<Int128> Future, long N)> _calls = [];
    private readonly ConcurrentDictionary<Future, int> _callbacks = new(ReferenceEqualityComparer.Instance);
    private readonly List<(Future<string> Future, string Path)> _touches = [];
    private readonly HashSet<Future> _cancelled = new(ReferenceEqualityComparer.Instance);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"study-soak-{seed}-{Guid.NewGuid():N}");
    private readonly HashSet<string> _claims = [];
    private readonly List<string> _trace = [];
    private int _kills;

    private bool IsProcessPool => executor.IsProcessPool();

    /// <summary>Runs the sequence; throws, naming the seed, when an invariant breaks.</summary>
    public Figures Run()
    {
        Directory.CreateDirectory(_folder);
        var claimsBefore = ClaimFiles();
        var pool = Executors.Create(executor, workers: 1 + _random.Next(3));
        var pids = new HashSet<int>();
        int operations = 0;
        try
        {
            var task = Task.Factory.StartNew(() =>
            {
                int count = 20 + _random.Next(40);
                for (; operations < count; operations++)
                {
                    if (pool is ProcessPoolExecutor processes)
                    {
                        pids.UnionWith(processes.WorkerProcessIds);
                        _claims.UnionWith(ClaimFiles().Except(claimsBefore));
                    }

                    Step(pool);
                }

                bool wait = _random.Next(4) > 0, cancel = _random.Next(2) == 0;
                pool.Shutdown(wait, cancel);
                pool.Shutdown(wait: true);
            }, TaskCreationOptions.LongRunning);
            if (!task.Wait(Watchdog))
            {
                throw new SoakException(seed, executor, $"a sequence hung after {operations} operations (watchdog {Watchdog.TotalSeconds:0} s)");
            }

            Check(pids);
            return new Figures(1, operations, _kills);
        }
        catch (AggregateException e) when (e.InnerException is not SoakException)
        {
            throw new SoakException(seed, executor, $"an operation threw {e.InnerException?.GetType().Name}: {e.InnerException?.Message}");
        }
        finally
        {
            pool.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private void Step(Executor pool)
    {
        try
        {
            switch (_random.Next(IsProcessPool ? 10 : 9))
            {
                case 0 or 1 or 2:
                    long argument = N();
                    Track(pool.Submit(SumKernel.Sum, argument), argument);
                    break;
                case 3:
                    var touched = Path.Combine(_folder, $"{_touches.Count}");
                    var future = pool.Submit(TestProbes.Touch, touched);
                    _trace.Add($"touch {_touches.Count} submitted");
                    _touches.Add((future, touched));
                    Count(future);
                    break;
                case 4:
                    var items = Enumerable.Range(0, 1 + _random.Next(20)).Select(_ => N()).ToList();
                    var timeout = _random.Next(3) == 0 ? TimeSpan.FromMilliseconds(_random.Next(5)) : (TimeSpan?)null;
                    try
                    {
                        var results = pool.Map(SumKernel.Sum, items, timeout, chunksize: 1 + _random.Next(4)).Take(_random.Next(items.Count + 1)).ToList();
                        for (int i = 0; i < results.Count; i++)
                        {
                            Expect(results[i] == SumKernel.ClosedForm(items[i]), $"map returned a wrong result for {items[i]}");
                        }
                    }
                    catch (TimeoutException)
                    {
                    }

                    break;
                case 5:
                    if (_calls.Count > 0 && _calls[_random.Next(_calls.Count)].Future is var victim && victim.Cancel())
                    {
                        _cancelled.Add(victim);
                    }

                    int which = _touches.Count > 0 ? _random.Next(_touches.Count) : -1;
                    if (which >= 0 && _touches[which].Future is var touch && touch.Cancel())
                    {
                        _trace.Add($"touch {which} cancelled");
                        _cancelled.Add(touch);
                    }

                    break;
                case 6:
                    var some = _calls.Select(c => (Future)c.Future).OrderBy(_ => _random.Next()).Take(5).ToList();
                    _ = Future.Wait(some, TimeSpan.FromMilliseconds(_random.Next(20)), (ReturnWhen)_random.Next(3));
                    break;
                case 7:
                    try
                    {
                        foreach (var done in Future.AsCompleted(_calls.Select(c => c.Future).TakeLast(5), TimeSpan.FromMilliseconds(_random.Next(20))))
                        {
                            Expect(done.IsDone, "as_completed yielded a future that is not done");
                        }
                    }
                    catch (TimeoutException)
                    {
                    }

                    break;
                case 8:
                    // A done callback that submits more, or waits on another future: neither may deadlock the pool.
                    long parentArgument = N();
                    var parent = pool.Submit(SumKernel.Sum, parentArgument);
                    Track(parent, parentArgument);
                    bool submits = _random.Next(2) == 0;
                    long n = N();
                    parent.AddDoneCallback(finished =>
                    {
                        try
                        {
                            if (submits)
                            {
                                _ = pool.Submit(SumKernel.Sum, n);
                            }
                            else if (_calls.Count > 0)
                            {
                                _ = Future.Wait([_calls[0].Future], TimeSpan.FromMilliseconds(5));
                            }
                        }
                        catch (Exception e) when (e is InvalidOperationException or BrokenExecutorException)
                        {
                            // Shut down or broken meanwhile: refused, as CPython refuses.
                        }
                    });
                    break;
                default:
                    // A worker killed in the middle of a call: the pool breaks, every call still pending fails.
                    var running = pool.Submit(WorkerProbes.Sleep, 50);
                    Count(running);
                    if (pool is ProcessPoolExecutor processes && processes.WorkerProcessIds is [var pid, ..])
                    {
                        try
                        {
                            System.Diagnostics.Process.GetProcessById(pid).Kill();
                            _trace.Add($"worker {pid} killed");
                            _kills++;
                        }
                        catch (ArgumentException)
                        {
                            // Gone already.
                        }
                    }

                    break;
            }
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("cannot schedule new futures", StringComparison.Ordinal))
        {
        }
        catch (BrokenExecutorException)
        {
            // A killed worker broke the pool: later submits are refused, as CPython refuses them.
        }
    }

    private long N() => _random.Next(4) == 0 ? 200_000 + _random.Next(800_000) : _random.Next(1_000);

    private void Track(Future<Int128> future, long n)
    {
        _calls.Add((future, n));
        Count(future);
    }

    private void Count(Future future) => future.AddDoneCallback(f => _callbacks.AddOrUpdate(f, 1, (_, c) => c + 1));

    private void Check(HashSet<int> pids)
    {
        foreach (var (future, n) in _calls)
        {
            Done(future);
            if (!future.IsCancelled && future.GetException(TimeSpan.Zero) is null)
            {
                Expect(future.GetResult(TimeSpan.Zero) == SumKernel.ClosedForm(n), $"a wrong result for {n}");
            }
        }

        foreach (var (future, path) in _touches)
        {
            Done(future);
            if (_cancelled.Contains(future))
            {
                Expect(!File.Exists(path), $"a call ran after its cancel succeeded (touch {_touches.FindIndex(t => t.Future == future)})");
            }
            else if (!future.IsCancelled && future.GetException(TimeSpan.Zero) is null)
            {
                Expect(File.Exists(path), "a call reported done but did not run");
            }
        }

        foreach (var (future, count) in _callbacks)
        {
            Expect(count == 1, $"a done callback ran {count} times");
        }

        foreach (int pid in pids)
        {
            Expect(!ProcessProbe.IsAlive(pid), $"worker {pid} outlived the shutdown");
        }

        // Claim files this sequence saw appear (other tests' pools may be running beside it) must all be gone: each is
        // removed as soon as both sides have it open, so a few milliseconds suffice unless one leaked.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (_claims.Any(File.Exists) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        Expect(!_claims.Any(File.Exists), "a claim file was left behind");
    }

    private void Done(Future future)
    {
        Expect(future.IsDone, "a future is not done after shutdown with wait");
        int ways = (future.IsCancelled ? 1 : 0) + (!future.IsCancelled && future.GetException(TimeSpan.Zero) is not null ? 1 : 0)
            + (!future.IsCancelled && future.GetException(TimeSpan.Zero) is null ? 1 : 0);
        Expect(ways == 1, "a future ended in more than one way");
        Expect(_callbacks.TryGetValue(future, out int calls) && calls == 1, "a future's done callback did not run exactly once");
    }

    private void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new SoakException(seed, executor, $"{what}; the last steps: {string.Join(", ", _trace.TakeLast(12))}");
        }
    }

    private static HashSet<string> ClaimFiles()
    {
        string folder = OperatingSystem.IsLinux() && Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        return [.. Directory.EnumerateFiles(folder, $"study-*-{Environment.ProcessId}-*")];
    }

    /// <summary>
    /// What the soak did: sequences, operations and worker kills. Hangs, lost or doubled calls and leaks are not counted
    /// but fail the sequence at once, so a soak that ends has none.
    /// </summary>
    internal sealed class Figures(int sequences = 0, int operations = 0, int kills = 0)
    {
        public int Sequences { get; private set; } = sequences;

        public int Operations { get; private set; } = operations;

        public int Kills { get; private set; } = kills;

        public void Add(Figures other)
        {
            Sequences += other.Sequences;
            Operations += other.Operations;
            Kills += other.Kills;
        }

        public override string ToString() =>
            $"{Sequences} sequences, {Operations} operations, {Kills} worker kills; 0 hangs, 0 lost or doubled calls, 0 leaks (any would have failed it)";
    }
}

/// <summary>An invariant broke: the message names the seed that replays it.</summary>
internal sealed class SoakException(int seed, ExecutorKind executor, string what)
    : Exception($"soak of {executor}, seed {seed} (replay: STUDY_SOAK_SEED={seed}): {what}");
