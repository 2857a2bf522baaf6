using System.Diagnostics;
using Study.Futures;
using Study.Futures.Protocol;

namespace Study.Tests.Futures;

/// <summary>
/// The shared-memory transport: its rings on their own (parts, back-pressure, ends), the files it shares (who may open
/// them, who removes them) and the faults of a pool that uses it. The behaviours every pool keeps run on it through
/// <see cref="ExecutorKind.ProcessesAotShm"/>.
/// </summary>
public sealed class SharedMemoryTransportTests
{
    [Fact(Timeout = 60_000)]
    public async Task RingsCarryMoreThanTheirCapacityBothWaysAtOnce() => await OnThread.Run(() =>
    {
        // 5 MiB each way, written in pieces that straddle the ring's end, while the other side echoes: each writer
        // waits for room again and again, and neither can wait for the other forever.
        using var parent = SharedRings.Create();
        using var worker = SharedRings.Open(parent.Path);
        parent.Unlink();
        var sent = new byte[5 * SharedRings.Capacity + 12_345];
        new Random(7).NextBytes(sent);

        var echo = Task.Run(() =>
        {
            var buffer = new byte[70_000];
            int read;
            while ((read = worker.Input.Read(buffer)) > 0)
            {
                worker.Output.Write(buffer.AsSpan(0, read));
            }

            worker.Output.Dispose();
        });
        var write = Task.Run(() =>
        {
            for (int at = 0; at < sent.Length; at += 99_991)
            {
                parent.Output.Write(sent.AsSpan(at, Math.Min(99_991, sent.Length - at)));
            }

            parent.Output.Dispose();
        });

        var received = new MemoryStream();
        parent.Input.CopyTo(received);
        Task.WaitAll(echo, write);
        Assert.Equal(sent, received.ToArray());
    });

    [Fact(Timeout = 30_000)]
    public async Task AClosedRingIsReadToItsEndAndThenEnds() => await OnThread.Run(() =>
    {
        using var parent = SharedRings.Create();
        using var worker = SharedRings.Open(parent.Path);
        parent.Unlink();
        var reading = Task.Run(() =>
        {
            var all = new MemoryStream();
            worker.Input.CopyTo(all);
            return all.ToArray();
        });
        Thread.Sleep(50); // the reader is asleep on the ring by now
        parent.Output.Write([1, 2, 3]);
        parent.Output.Dispose();
        Assert.Equal([1, 2, 3], reading.Result);
        Assert.Equal(0, worker.Input.Read(new byte[1]));
    });

    [Fact(Timeout = 30_000)]
    public async Task WhenTheOtherSideIsGoneReadsEndAndWritesFail() => await OnThread.Run(() =>
    {
        using var parent = SharedRings.Create();
        using var worker = SharedRings.Open(parent.Path);
        parent.Unlink();
        var read = Task.Run(() => parent.Input.Read(new byte[16]));
        // Nobody reads the worker's side: the writer fills the ring and waits for room that never comes.
        var write = Task.Run(() => parent.Output.Write(new byte[SharedRings.Capacity + 1]));
        Thread.Sleep(100);
        Assert.False(read.IsCompleted);
        Assert.False(write.IsCompleted);

        parent.Abandon();
        Assert.Equal(0, read.Result);
        var error = Assert.Throws<AggregateException>(() => write.Wait());
        Assert.IsType<IOException>(error.InnerException);
    });

    [Fact(Timeout = 30_000)]
    public async Task TheWorkersEndOfItsPipeAbandonsTheRings() => await OnThread.Run(() =>
    {
        using var rings = SharedRings.Create();
        rings.Unlink();
        using var process = Process.Start(new ProcessStartInfo("sleep", "0.2") { RedirectStandardOutput = true, UseShellExecute = false })!;
        rings.WatchPeer(process.StandardOutput.BaseStream);
        Assert.Equal(0, rings.Input.Read(new byte[1])); // ends when sleep exits, not before
        Assert.True(rings.IsAbandoned);
        process.WaitForExit();
    });

    [UnixFact("Unix file modes", Timeout = 30_000)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task SharedFilesAreTheOwnersAloneAndMadeExclusively() => await OnThread.Run(() =>
    {
        // 0600 whatever the umask: open(2) is given 0600, which the umask can only narrow.
        using var claims = ClaimTable.Create();
        using var rings = SharedRings.Create();
        try
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(claims.Path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(rings.Path));
            Assert.StartsWith(SharedFiles.Folder, rings.Path, StringComparison.Ordinal);
        }
        finally
        {
            claims.Unlink();
            rings.Unlink();
        }
    });

    [Fact(Timeout = 30_000)]
    public async Task ThePoolsNextPoolRemovesTheFilesOfAParentThatWasKilled() => await OnThread.Run(() =>
    {
        // A parent killed between creating a worker's files and the worker's hello leaves them named. A process that
        // has exited stands for that parent; a running one (this test's own parent process) keeps its file.
        int dead;
        using (var exited = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!)
        {
            exited.WaitForExit();
            dead = exited.Id;
        }

        string running = Environment.ProcessId == 1 ? "2" : "1";
        string[] orphans = [Leave("rings", dead), Leave("claims", dead)];
        string kept = Leave("rings", int.Parse(running, System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using var pool = new ProcessPoolExecutor(new ProcessPoolOptions { MaxWorkers = 1, Build = WorkerBuild.NativeAot, Transport = WorkerTransport.SharedMemory });
            Assert.All(orphans, path => Assert.False(File.Exists(path), $"{path} was left"));
            Assert.Equal(1, pool.Submit(WorkerProbes.Sleep, 1).GetResult(TimeSpan.FromSeconds(10)));
            if (OperatingSystem.IsLinux() && Directory.Exists("/proc/1"))
            {
                Assert.True(File.Exists(kept), "the file of a running process was removed");
            }
        }
        finally
        {
            foreach (string path in orphans.Append(kept))
            {
                File.Delete(path);
            }
        }

        static string Leave(string kind, int pid)
        {
            string path = Path.Combine(SharedFiles.Folder, $"study-{kind}-{pid}-{Guid.NewGuid():N}");
            File.WriteAllBytes(path, new byte[64]);
            return path;
        }
    });

    [UnixFact("a #!/bin/sh script as the worker", Timeout = 30_000)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task APoolLeavesNoSharedFileBehindWhetherItsWorkersStartOrNot() => await OnThread.Run(() =>
    {
        using var folder = new TemporaryFolder();
        string worker = Path.Combine(AppContext.BaseDirectory, "worker-aot", "Study.Worker");
        foreach (bool starts in new[] { true, false })
        {
            // The script notes the files the pool names on its command line, then runs the worker or fails at once.
            string arguments = Path.Combine(folder.Path, $"arguments-{starts}");
            string script = Path.Combine(folder.Path, $"worker-{starts}.sh");
            string text = script + ".txt";
            File.WriteAllText(text, $"#!/bin/sh\necho \"$4 $6\" > '{arguments}'\n{(starts ? $"exec '{worker}' \"$@\"" : "exit 9")}\n");
            using (var copy = Process.Start("cp", [text, script]))
            {
                copy.WaitForExit(); // written by cp: see AReplacementWorkerThatCannotStartBreaksThePool
            }

            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            using (var pool = new ProcessPoolExecutor(new ProcessPoolOptions { MaxWorkers = 1, WorkerPath = script, Transport = WorkerTransport.SharedMemory }))
            {
                var future = pool.Submit(WorkerProbes.Sleep, 1);
                if (starts)
                {
                    Assert.Equal(1, future.GetResult(TimeSpan.FromSeconds(10)));
                }
                else
                {
                    Assert.IsType<BrokenProcessPoolException>(future.GetException(TimeSpan.FromSeconds(10)));
                }
            }

            string[] files = File.ReadAllText(arguments).Trim().Split(' ');
            Assert.Equal(2, files.Length);
            Assert.All(files, path => Assert.False(File.Exists(path), $"{path} outlived its pool (worker {(starts ? "started" : "failed")})"));
        }
    });

    [Fact(Timeout = 60_000)]
    public async Task AWorkerKilledWhileWritingALargeResultBreaksThePool() => await OnThread.Run(() =>
    {
        // A 48 MB result takes many ring-fulls: the kill lands while the worker is writing one, most runs, and the
        // parent is left with part of a frame. It must break the pool, not wait for the rest.
        using var pool = (ProcessPoolExecutor)Executors.Create(ExecutorKind.ProcessesAotShm, workers: 1);
        Assert.Equal(1, pool.Submit(WorkerProbes.Sleep, 1).GetResult(TimeSpan.FromSeconds(10)));
        var large = pool.Submit(TestProbes.Bytes, 48 << 20);
        var behind = pool.Submit(WorkerProbes.Sleep, 1);
        Thread.Sleep(20);
        var killed = Stopwatch.StartNew();
        Process.GetProcessById(pool.WorkerProcessIds[0]).Kill();
        var error = large.GetException(TimeSpan.FromSeconds(20));
        if (error is null)
        {
            return; // the result was whole before the kill: nothing to break
        }

        Assert.IsType<BrokenProcessPoolException>(error);
        Assert.IsType<BrokenProcessPoolException>(behind.GetException(TimeSpan.FromSeconds(20)));
        Assert.True(killed.Elapsed < TimeSpan.FromSeconds(10), $"the pool broke {killed.Elapsed.TotalMilliseconds:F0} ms after the kill");
    });

    [Fact(Timeout = 60_000)]
    public async Task AMegabyteEachWayArrivesWholeOnBothTransports() => await OnThread.Run(() =>
    {
        var value = new byte[1 << 20];
        new Random(3).NextBytes(value);
        foreach (var transport in Enum.GetValues<WorkerTransport>())
        {
            using var pool = new ProcessPoolExecutor(new ProcessPoolOptions { MaxWorkers = 2, Build = WorkerBuild.NativeAot, Transport = transport });
            var echoes = Enumerable.Range(0, 8).Select(_ => pool.Submit(WorkerProbes.Echo, value)).ToList();
            Assert.All(echoes, echo => Assert.Equal(value, echo.GetResult(TimeSpan.FromSeconds(20))));
        }
    });
}
