using Study.Futures;
using Study.Kernel;

namespace Study.Tests.Futures;

/// <summary>What only a pool of real processes does: functions by name, values that travel, remote errors.</summary>
public sealed class ProcessPoolExecutorTests
{
    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task CallsRunInWorkerProcesses(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = (ProcessPoolExecutor)Executors.Create(name);
        int pid = pool.Submit(WorkerProbes.ProcessId, 0).GetResult();
        Assert.NotEqual(Environment.ProcessId, pid);
        Assert.Contains(pid, pool.WorkerProcessIds);
    });

    [Fact(Timeout = 30_000)]
    public async Task TheNativeAotWorkerIsTheNativeOne() => await OnThread.Run(() =>
    {
        using var pool = new ProcessPoolExecutor(1, WorkerBuild.NativeAot);
        Assert.Equal("worker-aot", Path.GetFileName(Path.GetDirectoryName(pool.WorkerPath)));
        Assert.Equal(SumKernel.ClosedForm(12345), pool.Submit(SumKernel.Sum, 12345L).GetResult());
    });

    [Fact]
    public void ACapturingLambdaIsRefusedAtSubmit()
    {
        using var pool = new ProcessPoolExecutor(1);
        long offset = 3;
        var error = Assert.Throws<ArgumentException>(() => pool.Submit(n => SumKernel.Sum(n + offset), 1L));
        Assert.Contains("must be a named static method", error.Message, StringComparison.Ordinal);
        Assert.Empty(pool.WorkerProcessIds);
    }

    [Fact]
    public void ANonCapturingLambdaIsRefusedToo() =>
        Assert.Throws<ArgumentException>(() => new ProcessPoolExecutor(1).Submit(n => n + 1, 1L));

    [Fact]
    public void AnInstanceMethodIsRefused()
    {
        using var pool = new ProcessPoolExecutor(1);
        var list = new List<int>();
        Assert.Throws<ArgumentException>(() => pool.Submit(list.Contains, 1));
    }

    [Fact]
    public void AValueThatCannotTravelIsRefusedAtSubmit()
    {
        using var pool = new ProcessPoolExecutor(1);
        var error = Assert.Throws<ArgumentException>(() => pool.Submit(DateTimeYear, DateTime.UnixEpoch));
        Assert.Contains("cannot be sent", error.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task AWorkersExceptionCarriesTheRemoteStackTrace(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = Executors.Create(name);
        var error = Assert.Throws<InvalidOperationException>(() => pool.Submit(TestProbes.Fail, "remote boom").GetResult());
        var remote = Assert.IsType<RemoteException>(error.InnerException);
        Assert.Equal("System.InvalidOperationException", remote.RemoteType);
        Assert.Equal("remote boom", remote.Message);
        Assert.Contains(nameof(TestProbes.Fail), remote.RemoteStackTrace, StringComparison.Ordinal);
    });

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task ValuesOfEverySupportedTypeTravelBothWays(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = Executors.Create(name);
        byte[] bytes = [0, 1, 2, 255];
        Assert.Equal(bytes, pool.Submit(WorkerProbes.Echo, bytes).GetResult());
        Assert.Equal("héllo, 世界", pool.Submit(TestProbes.EchoString, "héllo, 世界").GetResult());
        Assert.Equal(string.Empty, pool.Submit(TestProbes.EchoString, string.Empty).GetResult());
        var large = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        Assert.Equal(large, pool.Submit(WorkerProbes.Echo, large).GetResult());
        Assert.Equal(SumKernel.ClosedForm(10_000_000), pool.Submit(SumKernel.Sum, 10_000_000L).GetResult());
    });

    [Fact(Timeout = 30_000)]
    public async Task TheJitWorkerLoadsTheCallersOwnAssembly() => await OnThread.Run(() =>
    {
        using var pool = new ProcessPoolExecutor(1, WorkerBuild.Jit);
        Assert.Equal(Environment.ProcessId + 1, pool.Submit(AddOne, Environment.ProcessId).GetResult());
    });

    [Fact(Timeout = 30_000)]
    public async Task TheNativeAotWorkerReportsAFunctionItDoesNotHave() => await OnThread.Run(() =>
    {
        using var pool = new ProcessPoolExecutor(1, WorkerBuild.NativeAot);
        var error = Assert.Throws<MissingMethodException>(() => pool.Submit(AddOne, 1).GetResult());
        Assert.Contains(nameof(AddOne), error.Message, StringComparison.Ordinal);
        Assert.Equal(2, pool.Submit(WorkerProbes.Sleep, 2).GetResult());
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task ChunkedMapsReturnEveryResultInOrder(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = Executors.Create(name);
        var items = Enumerable.Range(0, 1000).Select(i => (long)i).ToList();
        foreach (int chunksize in new[] { 1, 7, 100, 1000, 5000 })
        {
            Assert.Equal(items.Select(SumKernel.ClosedForm), pool.Map(SumKernel.Sum, items, chunksize: chunksize));
        }
    });

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task MaxTasksPerChildReplacesWorkers(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = new ProcessPoolExecutor(new ProcessPoolOptions
        {
            MaxWorkers = 2,
            Build = Executors.Build(name),
            Transport = Executors.Transport(name),
            MaxTasksPerChild = 1,
        });
        var pids = Enumerable.Range(0, 6).Select(_ => pool.Submit(WorkerProbes.ProcessId, 0).GetResult()).ToList();
        Assert.Equal(6, pids.Distinct().Count());
    });

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task TheInitializerRunsInEveryWorker(ExecutorKind name) => await OnThread.Run(() =>
    {
        using var pool = new ProcessPoolExecutor(new ProcessPoolOptions
        {
            MaxWorkers = 2,
            Build = Executors.Build(name),
            Transport = Executors.Transport(name),
            Initializer = WorkerInitializer.Create(TestProbes.SetTag, "ready"),
        });
        var tags = Enumerable.Range(0, 4).Select(_ => pool.Submit(TestProbes.GetTag, 0)).ToList();
        Assert.All(tags, f => Assert.Equal("ready", f.GetResult()));
    });

    [Fact]
    public void AnInitializerMustTravelByName()
    {
        var options = new ProcessPoolOptions { Initializer = WorkerInitializer.Create(() => Console.WriteLine()) };
        Assert.Throws<ArgumentException>(() => new ProcessPoolExecutor(options));
    }

    [Fact]
    public void AMissingWorkerProgramIsAClearError()
    {
        var error = Assert.Throws<FileNotFoundException>(
            () => new ProcessPoolExecutor(new ProcessPoolOptions { WorkerPath = "/nonexistent/Study.Worker" }));
        Assert.Contains("/nonexistent/Study.Worker", error.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Executors.Processes), MemberType = typeof(Executors))]
    public async Task WorkersStartOnDemandAndExitOnShutdown(ExecutorKind name) => await OnThread.Run(() =>
    {
        var pool = (ProcessPoolExecutor)Executors.Create(name, workers: 4);
        Assert.Empty(pool.WorkerProcessIds);
        pool.Submit(WorkerProbes.Sleep, 1).GetResult();
        var pids = pool.WorkerProcessIds;
        Assert.Single(pids);
        pool.Shutdown(wait: true);
        Assert.Empty(pool.WorkerProcessIds);
        Assert.All(pids, pid => Assert.False(ProcessProbe.IsAlive(pid)));
    });

    private static int DateTimeYear(DateTime value) => value.Year;

    private static int AddOne(int n) => n + 1;
}
