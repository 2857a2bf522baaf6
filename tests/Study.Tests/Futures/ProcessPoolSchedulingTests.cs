using Study.Futures;
using Study.Kernel;

namespace Study.Tests.Futures;

/// <summary>CPython's scheduling, which the study's numbers depend on: the first free worker, a bounded call queue.</summary>
public sealed class ProcessPoolSchedulingTests
{
    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task ACallDoesNotWaitBehindARunningCallWhileAWorkerIsIdle(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = Executors.Create(name, workers: 2);

        // Quick calls first, so that a pool that sizes its pipelining from measured call times pipelines deeply.
        Assert.Equal(40, pool.Map(SumKernel.Sum, Enumerable.Repeat(10L, 40)).Count());
        // The slow call cannot end before the test joins its rendezvous, so the quick ones finish while it runs or never.
        using var rendezvous = new TemporaryFolder();
        var slow = pool.Submit(WorkerProbes.Rendezvous, rendezvous.Path, 2);
        var quick = Enumerable.Range(0, 20).Select(_ => pool.Submit(WorkerProbes.Sleep, 1)).ToList();

        var done = Future.Wait(quick, TimeSpan.FromSeconds(25));
        Assert.Empty(done.NotDone);
        Assert.False(slow.IsDone);
        rendezvous.Join();
        Assert.Equal(2, slow.GetResult());
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task AtMostMaxWorkersPlusOneCallsAreRunningButNotStarted(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = Executors.Create(name, workers: 2);

        // Quick calls first: a pool that sizes its pipelining from measured call times would now send far ahead.
        Assert.Equal(40, pool.Map(SumKernel.Sum, Enumerable.Repeat(10L, 40)).Count());
        // Both workers stay busy until the test joins their rendezvous: however slow the machine, nothing else can run.
        using var rendezvous = new TemporaryFolder();
        var busy = Enumerable.Range(0, 2).Select(_ => pool.Submit(WorkerProbes.Rendezvous, rendezvous.Path, 3)).ToList();
        WaitUntil(() => busy.All(f => f.IsRunning));
        var queued = Enumerable.Range(0, 50).Select(_ => pool.Submit(WorkerProbes.Sleep, 1)).ToList();
        Thread.Sleep(300); // time for a pool that sent too much ahead to show it; the bound below holds at every moment

        Assert.InRange(queued.Count(f => f.IsRunning), 0, 3);
        Assert.False(queued[^1].IsRunning);
        Assert.True(queued[^1].Cancel());
        var shutdown = Task.Run(() => pool.Shutdown(wait: true, cancelFutures: true));
        WaitUntil(() => queued.Count(f => f.IsCancelled) >= 47);
        rendezvous.Join();
        shutdown.Wait();
        Assert.InRange(queued.Count(f => f.IsCancelled), 47, 50);
        Assert.All(busy, f => Assert.Equal(3, f.GetResult()));
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task ACallSentAheadStaysPendingAndACancelWithdrawsItBeforeItRuns(ExecutorKind name) => await OnThread.Run(() =>
    {
        string path = Path.Combine(Path.GetTempPath(), $"study-withdrawn-{Guid.NewGuid():N}");
        using var pool = Executors.Create(name, workers: 1);
        var busy = pool.Submit(WorkerProbes.Sleep, 500);
        WaitUntil(() => busy.IsRunning);
        var behind = pool.Submit(TestProbes.Touch, path);
        var after = pool.Submit(SumKernel.Sum, 10L);

        Assert.False(busy.Cancel());
        Assert.False(behind.IsRunning);
        Assert.True(behind.Cancel());
        Assert.Equal(SumKernel.ClosedForm(10), after.GetResult(TimeSpan.FromSeconds(10)));
        Assert.Equal(500, busy.GetResult());
        pool.Shutdown(wait: true);
        Assert.True(behind.IsCancelled);
        Assert.False(File.Exists(path), "a withdrawn call ran");
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task ShutdownWithCancelFuturesCancelsAllButCPythonsCallQueue(ExecutorKind name) => await OnThread.Run(() =>
    {
        // CPython's test_cancel_futures: of 50 calls, some are cancelled and the others (its call queue) finish.
        var pool = Executors.Create(name, workers: 2);
        var futures = Enumerable.Range(0, 50).Select(_ => pool.Submit(WorkerProbes.Sleep, 100)).ToList();
        pool.Shutdown(wait: true, cancelFutures: true);

        var cancelled = futures.Where(f => f.IsCancelled).ToList();
        var others = futures.Where(f => !f.IsCancelled).ToList();
        // At most the two running and the three CPython's call queue holds are left to finish.
        Assert.InRange(others.Count, 1, 5);
        Assert.Equal(50, cancelled.Count + others.Count);
        Assert.All(others, f => Assert.Null(f.GetException(TimeSpan.Zero)));
    });

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task SoakSeed6000293_ACallWhoseCancelSucceededNeverRuns(ExecutorKind name) => await OnThread.Run(() =>
    {
        // The soak's finding: a call submitted and cancelled at once, the cancel reporting success, ran all the same.
        string folder = Directory.CreateTempSubdirectory("study-cancelled-").FullName;
        var ran = new List<string>();
        for (int round = 0; round < 40; round++)
        {
            using var pool = Executors.Create(name, workers: 1 + (round % 3));
            var calls = Enumerable.Range(0, 10).Select(i => Path.Combine(folder, $"{round}-{i}"))
                .Select(path => (Future: pool.Submit(TestProbes.Touch, path), Path: path)).ToList();
            var cancelled = calls.Where(c => c.Future.Cancel()).ToList();
            pool.Shutdown(wait: true);
            ran.AddRange(cancelled.Where(c => File.Exists(c.Path)).Select(c => $"round {round}: {c.Future}"));
        }

        Directory.Delete(folder, recursive: true);
        Assert.Empty(ran);
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task AShutdownThatCancelsLeavesCPythonsCallQueueRunning(ExecutorKind name) => await OnThread.Run(() =>
    {
        // CPython, one worker busy and five calls queued: max_workers + 1 = 2 calls sit in its call queue, the running
        // one included, marked running; shutdown(cancel_futures=True) cancels the other four.
        using var pool = Executors.Create(name, workers: 1);
        var busy = pool.Submit(WorkerProbes.Sleep, 400);
        WaitUntil(() => busy.IsRunning);
        var queued = Enumerable.Range(0, 5).Select(_ => pool.Submit(SumKernel.Sum, 10L)).ToList();

        pool.Shutdown(wait: false, cancelFutures: true);

        var survivors = queued.Where(f => !f.IsCancelled).ToList();
        var survivor = Assert.Single(survivors);
        Assert.Same(queued[0], survivor);
        Assert.True(survivor.IsRunning || survivor.IsDone, "a call CPython's call queue holds is marked running");
        Assert.False(survivor.Cancel());
        Assert.Equal(SumKernel.ClosedForm(10), survivor.GetResult(TimeSpan.FromSeconds(20)));
        Assert.Equal(400, busy.GetResult(TimeSpan.FromSeconds(20)));
        Assert.Single(Future.Wait(queued, TimeSpan.FromSeconds(20)).Done, f => !f.IsCancelled);
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task WhatAWorkerPrintsDoesNotTouchTheProtocol(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = Executors.Create(name, workers: 1);
        Assert.Equal("7", pool.Submit(TestProbes.PrintLine, "7").GetResult(TimeSpan.FromSeconds(10)));
        Assert.Equal("done", pool.Submit(TestProbes.Print, "done").GetResult(TimeSpan.FromSeconds(10)));
        Assert.Equal("<end of input>", pool.Submit(TestProbes.ReadLine, 0).GetResult(TimeSpan.FromSeconds(10)));
        Assert.Equal(SumKernel.ClosedForm(100), pool.Submit(SumKernel.Sum, 100L).GetResult(TimeSpan.FromSeconds(10)));
    });

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task LargeArgumentsAndResultsBothWaysNeverDeadlock(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = Executors.Create(name, workers: 1);
        var tiny = Enumerable.Range(0, 40).Select(_ => pool.Submit(SumKernel.Sum, 10L)).ToList();
        var pairs = Enumerable.Range(0, 20)
            .Select(_ => (Big: pool.Submit(TestProbes.Bytes, 1_000_000), Length: pool.Submit(TestProbes.Length, new byte[100_000])))
            .ToList();

        var all = tiny.Cast<Future>().Concat(pairs.SelectMany(p => new Future[] { p.Big, p.Length })).ToList();
        Assert.Empty(Future.Wait(all, TimeSpan.FromSeconds(60)).NotDone);
        Assert.All(pairs, p => Assert.Equal(1_000_000, p.Big.GetResult().Length));
        Assert.All(pairs, p => Assert.Equal(100_000, p.Length.GetResult()));
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task ComputeTimeCountsWhatTheWorkersReport(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = (ProcessPoolExecutor)Executors.Create(name, workers: 2);
        Assert.Equal(3, pool.Map(WorkerProbes.Sleep, [20, 20, 20]).Count());
        var (calls, nanoseconds) = pool.ComputeTime;
        Assert.Equal(3, calls);
        Assert.InRange(nanoseconds, 3 * 19_000_000L, 3 * 2_000_000_000L);
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task TerminateWorkersFailsTheRunningCallsAndCancelsThePendingOnes(ExecutorKind name) => await OnThread.Run(() =>
    {
        var pool = (ProcessPoolExecutor)Executors.Create(name, workers: 1);
        var running = pool.Submit(WorkerProbes.Sleep, 30_000);
        var pending = Enumerable.Range(0, 10).Select(_ => pool.Submit(WorkerProbes.Sleep, 1)).ToList();
        while (pool.WorkerProcessIds.Count == 0)
        {
            Thread.Sleep(10);
        }

        int pid = pool.WorkerProcessIds[0];
        pool.TerminateWorkers();

        Assert.IsType<BrokenProcessPoolException>(running.GetException(TimeSpan.FromSeconds(10)));
        Assert.Empty(Future.Wait(pending, TimeSpan.FromSeconds(10)).NotDone);
        Assert.Contains(pending, f => f.IsCancelled);
        Assert.Throws<BrokenProcessPoolException>(() => pool.Submit(WorkerProbes.Sleep, 1));
        pool.Shutdown(wait: true);
        Assert.False(ProcessProbe.IsAlive(pid));
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task KillWorkersEndsThemWithSigkill(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = (ProcessPoolExecutor)Executors.Create(name, workers: 2);
        var running = Enumerable.Range(0, 2).Select(_ => pool.Submit(WorkerProbes.Sleep, 30_000)).ToList();
        while (pool.WorkerProcessIds.Count < 2)
        {
            Thread.Sleep(10);
        }

        pool.KillWorkers();
        Assert.All(running, f => Assert.IsType<BrokenProcessPoolException>(f.GetException(TimeSpan.FromSeconds(10))));
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task ABrokenPoolGivesEveryFutureItsOwnException(ExecutorKind name) => await OnThread.Run(() =>
    {
        // The worker exits only once every call is submitted (it waits for the test's gate first): one that exited
        // sooner broke the pool while the test still submitted.
        using var folder = new TemporaryFolder();
        using var pool = Executors.Create(name, workers: 1);
        pool.Submit(WorkerProbes.WaitForFile, Path.Combine(folder.Path, "gate"));
        var exit = pool.Submit(TestProbes.Exit, 9);
        var pending = Enumerable.Range(0, 5).Select(_ => pool.Submit(WorkerProbes.Sleep, 1)).ToList();
        folder.Open("gate");
        var errors = pending.Select(f => f.GetException(TimeSpan.FromSeconds(10))).Append(exit.GetException(TimeSpan.FromSeconds(10))).ToList();
        Assert.All(errors, e => Assert.IsType<BrokenProcessPoolException>(e));
        Assert.Equal(errors.Count, errors.Distinct(ReferenceEqualityComparer.Instance).Count());
    });

    [Fact(Timeout = 30_000)]
    public async Task ARemoteExceptionWithOnlyAMessageConstructorKeepsItsType() => await OnThread.Run(() =>
    {
        using var pool = new ProcessPoolExecutor(1, WorkerBuild.Jit);
        var error = Assert.IsType<MessageOnlyException>(pool.Submit(ThrowMessageOnly, "odd").GetException(TimeSpan.FromSeconds(10)));
        Assert.Equal("odd", error.Message);
        Assert.IsType<RemoteException>(error.Data["RemoteException"]);
    });

    [Fact]
    public void AnInitializerArgumentThatCannotTravelIsRefusedAtConstruction()
    {
        var error = Assert.Throws<ArgumentException>(() => new ProcessPoolExecutor(new ProcessPoolOptions
        {
            MaxWorkers = 1,
            Initializer = WorkerInitializer.Create<object>(TestProbes.Ignore, new List<int>()),
        }));
        Assert.Contains("cannot be sent", error.Message, StringComparison.Ordinal);
    }

    [UnixFact("a Python script run by its #! line as the worker", Timeout = 60_000)]
    public async Task AResultFrameThatDoesNotDecodeFailsItsFuture() => await OnThread.Run(() =>
    {
        string worker = FakeWorker.Write("""
            result = struct.pack('<qqi', call_id, 0, 1) + bytes([99])  # one value of an unknown tag
            send(66, result)
            """);
        using var pool = new ProcessPoolExecutor(new ProcessPoolOptions { MaxWorkers = 1, WorkerPath = worker });
        var future = pool.Submit(SumKernel.Sum, 10L);
        var error = Assert.IsType<BrokenProcessPoolException>(future.GetException(TimeSpan.FromSeconds(20)));
        Assert.Contains("protocol", error.Message, StringComparison.Ordinal);
    });

    private static int ThrowMessageOnly(string message) => throw new MessageOnlyException(message);

    public sealed class MessageOnlyException(string message) : Exception(message);

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            Thread.Sleep(5);
        }
    }
}
