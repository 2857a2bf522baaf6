using System.Diagnostics;
using Study.Futures;
using Study.Futures.Protocol;

namespace Study.Tests.Futures;

/// <summary>Workers that die, parents that die, initializers that fail, and pipes that carry garbage.</summary>
public sealed class ProcessPoolFaultTests
{
    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task KillingAWorkerDuringAMapBreaksThePoolBeforeAnyOtherCallCouldFinish(ExecutorKind name) => await OnThread.Run(() =>
    {
        // Every call after the first sleeps a minute: a pool that waited for its calls instead of breaking at the kill
        // would take that long, so "well under a minute" tells the two apart on any machine, however loaded.
        using var pool = (ProcessPoolExecutor)Executors.Create(name);
        var results = pool.Map(WorkerProbes.Sleep, [0, .. Enumerable.Repeat(60_000, 19)]);
        using var enumerator = results.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        int victim = pool.WorkerProcessIds[0];

        var killed = Stopwatch.StartNew();
        Process.GetProcessById(victim).Kill();
        var error = Assert.Throws<BrokenProcessPoolException>(() =>
        {
            while (enumerator.MoveNext())
            {
            }
        });
        var elapsed = killed.Elapsed;

        Assert.True(elapsed < TimeSpan.FromSeconds(20), $"the pending futures failed {elapsed.TotalMilliseconds:F0} ms after the kill");
        Assert.Contains("terminated abruptly", error.Message, StringComparison.Ordinal);
        Assert.Contains("signal 9", error.Message, StringComparison.Ordinal);
        Assert.Throws<BrokenProcessPoolException>(() => pool.Submit(WorkerProbes.Sleep, 1));
    });

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task AWorkerThatExitsFailsEveryPendingFuture(ExecutorKind name) => await OnThread.Run(() =>
    {
        // The worker exits only once every call is submitted: it first waits for the test's gate (a worker that exited
        // sooner broke the pool while the test still submitted, and Submit itself threw).
        using var folder = new TemporaryFolder();
        string gate = Path.Combine(folder.Path, "gate");
        using var pool = Executors.Create(name, workers: 1);
        var waiting = pool.Submit(WorkerProbes.WaitForFile, gate);
        var exit = pool.Submit(TestProbes.Exit, 7);
        var pending = Enumerable.Range(0, 5).Select(_ => pool.Submit(WorkerProbes.Sleep, 1)).ToList();
        folder.Open("gate");
        Assert.Equal(0, waiting.GetResult(TimeSpan.FromSeconds(10)));
        var error = Assert.Throws<BrokenProcessPoolException>(() => exit.GetResult(TimeSpan.FromSeconds(10)));
        Assert.Contains("exit code 7", error.Message, StringComparison.Ordinal);
        Assert.All(pending, f => Assert.IsType<BrokenProcessPoolException>(f.GetException(TimeSpan.FromSeconds(10))));
    });

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task AFailingInitializerBreaksThePool(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = new ProcessPoolExecutor(new ProcessPoolOptions
        {
            MaxWorkers = 2,
            Build = Executors.Build(name),
            Transport = Executors.Transport(name),
            Initializer = WorkerInitializer.Create(TestProbes.FailInitializer, "no config"),
        });
        var future = pool.Submit(WorkerProbes.Sleep, 1);
        var error = Assert.IsType<BrokenProcessPoolException>(future.GetException(TimeSpan.FromSeconds(10)));
        Assert.Contains("initializer", error.Message, StringComparison.Ordinal);
        Assert.Contains("no config", error.InnerException!.Message, StringComparison.Ordinal);
        Assert.Throws<BrokenProcessPoolException>(() => pool.Submit(WorkerProbes.Sleep, 1));
    });

    [Theory(Timeout = 60_000)]
    [InlineData(WorkerBuild.Jit, WorkerTransport.Pipes)]
    [InlineData(WorkerBuild.NativeAot, WorkerTransport.Pipes)]
    [InlineData(WorkerBuild.NativeAot, WorkerTransport.SharedMemory)]
    public async Task KillingTheParentLeavesNoWorkerAliveTwoSecondsLater(WorkerBuild build, WorkerTransport transport) => await OnThread.Run(() =>
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Study.Tests.PoolHost"))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(build.ToString());
        start.ArgumentList.Add("3");
        start.ArgumentList.Add(transport.ToString());
        using var parent = Process.Start(start)!;
        int[] workers;
        try
        {
            string line = parent.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the pool host printed nothing");
            workers = [.. line.Split(' ').Select(int.Parse)];
            Assert.Equal(3, workers.Length);
            Assert.All(workers, pid => Assert.True(ProcessProbe.IsAlive(pid)));
        }
        finally
        {
            parent.Kill();
        }

        parent.WaitForExit();
        Assert.True(ProcessProbe.AllGone(workers, TimeSpan.FromSeconds(2)), "a worker outlived its parent by 2 s");
    });

    [UnixFact("a #!/bin/sh script as the worker", Timeout = 30_000)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task AWorkerThatSendsGarbageBreaksThePool() => await OnThread.Run(() =>
    {
        string fake = Path.Combine(Path.GetTempPath(), $"study-garbage-worker-{Guid.NewGuid():N}.sh");
        File.WriteAllText(fake, "#!/bin/sh\nprintf 'this is not a frame at all'\ncat > /dev/null\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            using var pool = new ProcessPoolExecutor(new ProcessPoolOptions { MaxWorkers = 1, WorkerPath = fake });
            var error = Assert.IsType<BrokenProcessPoolException>(pool.Submit(WorkerProbes.Sleep, 1).GetException(TimeSpan.FromSeconds(10)));
            Assert.Contains("broke the protocol", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(fake);
        }
    });

    [UnixFact("a file without the execute mode as the worker", Timeout = 30_000)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task AWorkerThatCannotStartBreaksThePoolAtSubmit() => await OnThread.Run(() =>
    {
        string notExecutable = Path.Combine(Path.GetTempPath(), $"study-not-executable-{Guid.NewGuid():N}");
        File.WriteAllText(notExecutable, "not a program");
        File.SetUnixFileMode(notExecutable, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            var pool = new ProcessPoolExecutor(new ProcessPoolOptions { MaxWorkers = 1, WorkerPath = notExecutable });
            var error = Assert.Throws<BrokenProcessPoolException>(() => pool.Submit(WorkerProbes.Sleep, 1));
            Assert.Contains("could not be started", error.Message, StringComparison.Ordinal);
            Assert.Throws<BrokenProcessPoolException>(() => pool.Submit(WorkerProbes.Sleep, 1));
            pool.Shutdown(wait: true);
        }
        finally
        {
            File.Delete(notExecutable);
        }
    });

    [UnixFact("a #!/bin/sh script as the worker", Timeout = 30_000)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task AReplacementWorkerThatCannotStartBreaksThePool() => await OnThread.Run(() =>
    {
        // The first start works and makes the program unexecutable, so the replacement after one task cannot start:
        // that start happens on a reader thread, which must break the pool rather than crash the process.
        string once = Path.Combine(Path.GetTempPath(), $"study-worker-once-{Guid.NewGuid():N}.sh");
        string worker = Path.Combine(AppContext.BaseDirectory, "worker-aot", "Study.Worker");
        // Written by cp, not by this process: a process started by a parallel test between its fork and its exec
        // holds every descriptor this one has open, and one open for writing on the script makes exec fail with
        // "Text file busy".
        string text = once + ".txt";
        File.WriteAllText(text, $"#!/bin/sh\nchmod a-x \"$0\"\nexec '{worker}' \"$@\"\n");
        using (var copy = Process.Start("cp", [text, once]))
        {
            copy.WaitForExit();
        }

        File.Delete(text);
        File.SetUnixFileMode(once, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            using var pool = new ProcessPoolExecutor(new ProcessPoolOptions { MaxWorkers = 1, WorkerPath = once, MaxTasksPerChild = 1 });
            var futures = Enumerable.Range(0, 3).Select(_ => pool.Submit(WorkerProbes.Sleep, 50)).ToList();
            Assert.Equal(50, futures[0].GetResult(TimeSpan.FromSeconds(10)));
            var error = Assert.IsType<BrokenProcessPoolException>(futures[1].GetException(TimeSpan.FromSeconds(10)));
            Assert.Contains("could not be started", error.Message, StringComparison.Ordinal);
            Assert.IsType<BrokenProcessPoolException>(futures[2].GetException(TimeSpan.FromSeconds(10)));
            Assert.Throws<BrokenProcessPoolException>(() => pool.Submit(WorkerProbes.Sleep, 1));
        }
        finally
        {
            File.Delete(once);
        }
    });

    [Theory(Timeout = 30_000)]
    [InlineData("Study.Worker")]
    [InlineData("worker-aot/Study.Worker")]
    public async Task AWorkerGivenGarbageExitsWithTheProtocolErrorCode(string program) => await OnThread.Run(() =>
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, program))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var claims = ClaimTable.Create();
        start.ArgumentList.Add("--parent");
        start.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--claims");
        start.ArgumentList.Add(claims.Path);
        using var worker = Process.Start(start)!;
        worker.StandardInput.BaseStream.Write([5, 0, 0, 0, 99, 1, 2, 3, 4]);
        worker.StandardInput.Close();
        string stderr = worker.StandardError.ReadToEnd();
        Assert.True(worker.WaitForExit(10_000));
        Assert.Equal(3, worker.ExitCode);
        Assert.Contains("malformed frame", stderr, StringComparison.Ordinal);
        claims.Unlink();
    });

    [Fact(Timeout = 10_000)]
    public async Task AClosedClaimTableWithdrawsOnlyWhatItsWorkerNeverClaimed() => await OnThread.Run(() =>
    {
        // A worker claims (and runs) a call and dies; its table is closed; a cancel then must not "withdraw" the call, as a
        // closed table did when it answered every withdrawal with yes. It now answers from the
        // words as they stood when it closed: a claimed call stays started, an offered one can still be withdrawn.
        var claims = ClaimTable.Create();
        claims.Unlink();
        claims.Offer(0, 41);
        claims.Offer(1, 42);
        Assert.True(claims.TryClaim(0, 41)); // the worker's side, on the same words
        claims.Dispose();

        Assert.False(claims.TryWithdraw(0, 41), "a call the worker had claimed was withdrawn after its table closed");
        Assert.True(claims.IsClaimed(0, 41));
        Assert.True(claims.TryWithdraw(1, 42), "a call the worker never claimed could not be withdrawn after its table closed");
        Assert.False(claims.TryWithdraw(1, 42), "a call was withdrawn twice");
    });

    [Fact(Timeout = 10_000)]
    public async Task AWorkerStartedByHandRefusesWithUsage() => await OnThread.Run(() =>
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Study.Worker"))
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var worker = Process.Start(start)!;
        string stderr = worker.StandardError.ReadToEnd();
        worker.WaitForExit();
        Assert.Equal(2, worker.ExitCode);
        Assert.StartsWith("Study.Worker is started by ProcessPoolExecutor", stderr, StringComparison.Ordinal);
    });
}
