using System.Diagnostics;
using System.Globalization;
using Study.Benchmarks.CPython;
using Study.Tests.Futures;

namespace Study.Tests.Benchmarks;

/// <summary>The CPython driver and its harness: the protocol, the kernel, and every way an interpreter can fail.</summary>
public sealed class CPythonDriverTests
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "cpython", "driver.py");

    [Fact(Timeout = 60_000)]
    public async Task TheDriverSaysWhichPythonItIs() => await OnThread.Run(() =>
    {
        var python = CPythonInstallation.Probe(script: Script);
        Assert.True(python.Usable, python.Problem);
        Assert.Equal("cpython", python.Implementation);
        Assert.Contains("spawn", python.StartMethods);
        Assert.Contains(python.Facts.DefaultStartMethod, python.StartMethods);
        Assert.NotNull(python.Facts.GilEnabled);
        Assert.True(python.Facts.ProcessCpuCount is >= 1, $"{python.Facts.ProcessCpuCount}");
    });

    [Fact(Timeout = 60_000)]
    public async Task TheArticlesKernelMatchesTheClosedForm() => await OnThread.Run(() =>
    {
        var check = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(Script)! };
        check.ArgumentList.Add("-c");
        check.ArgumentList.Add("import driver; print(all(driver.sum_generator(n) == n * (n + 1) // 2 for n in [0, 1, 2, 10, 12345, 10**6]))");
        using var python = Process.Start(check)!;
        Assert.Equal("True", python.StandardOutput.ReadToEnd().Trim());
        python.WaitForExit();
    });

    [Theory(Timeout = 120_000)]
    [InlineData("sequential", null, "cold")]
    [InlineData("threads", null, "cold")]
    [InlineData("threads", null, "warm")]
    [InlineData("processes", "fork", "cold")]
    [InlineData("processes", "spawn", "warm")]
    public async Task EveryExecutorRunsTheListAndChecksIt(string executor, string? startMethod, string lifetime) => await OnThread.Run(() =>
    {
        using var driver = CPythonDriver.Start(script: Script);
        driver.Send(new { op = "setup", executor, start_method = startMethod, workers = 2, lifetime, items = new long[] { 1, 10, 1000, 12345 } });
        Assert.Equal(4, driver.Count(new { op = "run" }));
        Assert.Equal(4, driver.Count(new { op = "run" }));
    });

    /// <summary>
    /// Start-up starts every worker however slowly they start: the calls meet at a barrier, so none goes idle (and
    /// spares the pool its next worker) before the last has started (10 ms calls let spawn and forkserver pools of 8
    /// start 7 on a slow machine).
    /// </summary>
    [Theory(Timeout = 120_000)]
    [InlineData("fork")]
    [InlineData("spawn")]
    [InlineData("forkserver")]
    public async Task StartUpStartsEveryWorkerOfAProcessPool(string startMethod) => await OnThread.Run(() =>
    {
        using var driver = CPythonDriver.Start(script: Script);
        driver.Send(new { op = "setup", executor = "processes", start_method = startMethod, workers = 8, lifetime = "cold", items = Array.Empty<long>() });
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(8, driver.Send(new { op = "start" })["workers"]!.GetValue<long>());
            driver.Send(new { op = "stop" });
        }
    });

    [Theory(Timeout = 120_000)]
    [InlineData("sequential", null)]
    [InlineData("threads", null)]
    [InlineData("processes", "fork")]
    public async Task ATracedCallReadsAsATimelineWhosePhasesSumToIt(string executor, string? startMethod) => await OnThread.Run(() =>
    {
        using var driver = CPythonDriver.Start(script: Script);
        driver.Send(new { op = "setup", executor, start_method = startMethod, workers = 2, lifetime = "cold", items = new long[] { 10, 2000, 30000 } });
        var timeline = driver.Send(new { op = "trace", calls = 3 })["timeline"]!.ToJsonString();

        var call = Study.Reports.Results.TracedCall.Parse(timeline, "the driver's trace");
        Assert.Equal(3, call.CallMilliseconds.Count);
        Assert.Equal(3, call.Events.Count(e => e.Kind == Study.Futures.Tracing.TimelineEventKind.TaskFinished));
        var read = Study.Reports.Analysis.CallTimeline.Of(call);
        Assert.Equal(read.Total, read.Phases.Values.Sum());
        if (startMethod is not null)
        {
            Assert.DoesNotContain(call.Events, e => e.Kind == Study.Futures.Tracing.TimelineEventKind.TaskStarted && e.Worker == driver.ProcessId);
            Assert.True(read.Rows.Count > 1, "a pool's workers have rows of their own");
        }
    });

    [Fact(Timeout = 120_000)]
    public async Task ThePythonUnitTestsOfTheDriverPass() => await OnThread.Run(() =>
    {
        // benchmarks/cpython/test_driver.py: interpreter facts (free-threaded builds and InterpreterPoolExecutor through
        // fakes), with Python's own unittest; its output is the failure message.
        var start = new ProcessStartInfo(CPythonDriver.Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Script)!,
        };
        foreach (string argument in new[] { "-m", "unittest", "discover", "-s", ".", "-p", "test_*.py" })
        {
            start.ArgumentList.Add(argument);
        }

        using var python = Process.Start(start)!;
        var output = python.StandardError.ReadToEndAsync();
        python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, output.Result);
        Assert.Contains("OK", output.Result, StringComparison.Ordinal);
    });

    [Fact(Timeout = 60_000)]
    public async Task TheCanaryCommandRepliesWithAPositiveSpeed() => await OnThread.Run(() =>
    {
        using var driver = CPythonDriver.Start(script: Script);
        double? nanoseconds = driver.Send(new { op = "canary", n = 1_000, rounds = 3 })["ns_per_iteration"]?.GetValue<double>();
        Assert.True(nanoseconds is > 0 and < 1e6, $"{nanoseconds} ns an iteration");
    });

    [Fact(Timeout = 120_000)]
    public async Task TheOverheadCommandsAnswer() => await OnThread.Run(() =>
    {
        using var driver = CPythonDriver.Start(script: Script);
        driver.Send(new { op = "ping" });
        driver.Send(new { op = "setup", executor = "processes", start_method = "fork", workers = 2, lifetime = "warm", items = new long[] { 1 } });
        Assert.Equal(100, driver.Count(new { op = "batch", calls = 100 }));
        Assert.Equal(1, driver.Count(new { op = "roundtrip" }));
        Assert.Equal(100, driver.Count(new { op = "map", calls = 100, chunksize = 10 }));
        Assert.Equal(2, driver.Send(new { op = "start" })["workers"]!.GetValue<long>());
        Assert.Equal(1, driver.Count(new { op = "stop" }));
    });

    [Fact(Timeout = 60_000)]
    public async Task AFailedCommandIsOneClearLine() => await OnThread.Run(() =>
    {
        using var driver = CPythonDriver.Start(script: Script);
        var error = Assert.Throws<CPythonException>(() => driver.Send(new { op = "setup", executor = "processes", start_method = "bogus", workers = 1, lifetime = "cold" }));
        Assert.Contains("start method 'bogus' is not available", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    });

    [Fact(Timeout = 30_000)]
    public async Task AMissingInterpreterSkipsTheCasesWithAReason() => await OnThread.Run(() =>
    {
        var python = CPythonInstallation.Probe(interpreter: "/nonexistent/python3", script: Script);
        Assert.False(python.Usable);
        Assert.Contains("cannot start /nonexistent/python3", python.Problem, StringComparison.Ordinal);
        Assert.False(python.Has(StartMethod.None));
    });

    [UnixFact("a #!/bin/sh fake interpreter", Timeout = 30_000)]
    public async Task AnOldPythonIsRefused() => await OnThread.Run(() =>
    {
        string fake = FakeInterpreter("""read line; echo '{"ok": true, "implementation": "cpython", "version": "3.8.10", "start_methods": ["fork"]}'""");
        var python = CPythonInstallation.Probe(interpreter: fake, script: Script);
        Assert.False(python.Usable);
        Assert.Contains("3.8.10 is older", python.Problem, StringComparison.Ordinal);
    });

    /// <summary>An interpreter's id in a run: major.minor, "t" for a free-threaded build, "-2" for a second of one id.</summary>
    [UnixFact("a #!/bin/sh fake interpreter", Timeout = 30_000)]
    public async Task AnInterpretersIdNamesItsVersionItsBuildAndARepeat() => await OnThread.Run(() =>
    {
        var gil = CPythonInstallation.Probe(interpreter: FakeInterpreter("""read line; echo '{"ok": true, "implementation": "cpython", "version": "3.14.2", "start_methods": ["fork"], "free_threaded": false}'"""), script: Script);
        var free = CPythonInstallation.Probe(interpreter: FakeInterpreter("""read line; echo '{"ok": true, "implementation": "cpython", "version": "3.14.2", "start_methods": ["fork"], "free_threaded": true}'"""), script: Script);
        Assert.True(gil.Usable, gil.Problem);

        Assert.Equal("3.14", Pythons.IdOf(gil, []));
        Assert.Equal("3.14t", Pythons.IdOf(free, ["3.14"]));
        Assert.Equal("3.14-2", Pythons.IdOf(gil, ["3.11", "3.14"]));
        Assert.Equal("3.14-3", Pythons.IdOf(gil, ["3.14", "3.14-2"]));
    });

    /// <summary>
    /// A free-threaded interpreter given with --python, faked (none can be had here): this machine's python3 told by a
    /// wrapper that its build has no GIL and that the GIL is off. It is probed as one, takes a "t" id, and runs a case.
    /// </summary>
    [UnixFact("a #!/bin/sh fake interpreter", Timeout = 60_000)]
    public async Task AFakeFreeThreadedInterpreterIsProbedAsOneAndRunsACase() => await OnThread.Run(() =>
    {
        string fake = FakeInterpreter("""
            exec python3 -c 'import runpy, sys, sysconfig
            real = sysconfig.get_config_var
            sysconfig.get_config_var = lambda name: 1 if name == "Py_GIL_DISABLED" else real(name)
            sys._is_gil_enabled = lambda: False
            sys.argv = [a for a in sys.argv[1:] if a != "-u"]
            runpy.run_path(sys.argv[0], run_name="__main__")' "$@"
            """);

        var python = CPythonInstallation.Probe(interpreter: fake, script: Script);

        Assert.True(python.Usable, python.Problem);
        Assert.True(python.Facts.FreeThreaded);
        Assert.False(python.Facts.GilEnabled);
        Assert.EndsWith("t", Pythons.IdOf(python, []), StringComparison.Ordinal);
        using var driver = CPythonDriver.Start(fake, Script);
        driver.Send(new { op = "setup", executor = "threads", start_method = (string?)null, workers = 2, lifetime = "cold", items = new long[] { 10, 1000 } });
        Assert.Equal(2, driver.Count(new { op = "run" }));
    });

    [UnixFact("a #!/bin/sh fake interpreter", Timeout = 30_000)]
    public async Task APlatformWithoutAStartMethodSkipsItsCasesOnly() => await OnThread.Run(() =>
    {
        string fake = FakeInterpreter("""read line; echo '{"ok": true, "implementation": "cpython", "version": "3.12.1", "start_methods": ["spawn"]}'""");
        var python = CPythonInstallation.Probe(interpreter: fake, script: Script);
        Assert.True(python.Usable);
        Assert.True(python.Has(StartMethod.Spawn));
        Assert.False(python.Has(StartMethod.Fork));
    });

    [UnixFact("a #!/bin/sh fake interpreter", Timeout = 30_000)]
    public async Task ADyingDriverFailsTheCaseWithItsExitCode() => await OnThread.Run(() =>
    {
        using var driver = CPythonDriver.Start(interpreter: FakeInterpreter("exit 7"), script: Script);
        var error = Assert.Throws<CPythonException>(() => driver.Send(new { op = "ping" }));
        Assert.Contains("exited", error.Message, StringComparison.Ordinal);
    });

    [UnixFact("a #!/bin/sh fake interpreter", Timeout = 30_000)]
    public async Task ADriverThatAnswersGarbageFailsTheCase() => await OnThread.Run(() =>
    {
        using var driver = CPythonDriver.Start(interpreter: FakeInterpreter("read line; echo 'Traceback (most recent call last):'"), script: Script);
        var error = Assert.Throws<CPythonException>(() => driver.Send(new { op = "ping" }));
        Assert.Contains("something else than a reply", error.Message, StringComparison.Ordinal);
    });

    [LinuxFact("process groups read from /proc", Timeout = 120_000)]
    public async Task NoPythonProcessOutlivesItsDriver() => await OnThread.Run(() =>
    {
        var driver = CPythonDriver.Start(script: Script);
        driver.Send(new { op = "setup", executor = "processes", start_method = "forkserver", workers = 2, lifetime = "warm", items = new long[] { 1, 2 } });
        var group = ProcessGroup(driver.ProcessId);
        Assert.True(group.Count >= 3, $"{group.Count} processes in the driver's group");

        driver.Dispose();
        // A deadline that only catches processes left behind: on a loaded machine they may take seconds to go.
        Assert.True(ProcessProbe.AllGone(group, TimeSpan.FromSeconds(20)), $"{string.Join(", ", group.Where(ProcessProbe.IsAlive))} outlived the driver");
    });

    [LinuxFact("process groups read from /proc", Timeout = 120_000)]
    public async Task KillingTheDriversParentEndsTheDriverAndItsPool() => await OnThread.Run(() =>
    {
        // A shell stands in for the benchmark process: it starts the driver, is killed, and the driver must notice.
        var start = new ProcessStartInfo("sh") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec 3<&0; python3 -u {Script} <&3 & echo $!; wait");
        using var shell = Process.Start(start)!;
        int driver = int.Parse(shell.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
        shell.StandardInput.WriteLine("""{"op": "setup", "executor": "processes", "start_method": "fork", "workers": 2, "lifetime": "warm", "items": [1, 2]}""");
        Assert.NotNull(shell.StandardOutput.ReadLine()); // the driver's reply: its pool and workers are up
        var group = ProcessGroup(driver);
        Assert.True(group.Count >= 3, $"{group.Count} processes in the driver's group");

        shell.Kill();
        // A deadline that only catches processes left behind: on a loaded machine the driver may take seconds to notice.
        var all = group.Append(driver).ToList();
        Assert.True(ProcessProbe.AllGone(all, TimeSpan.FromSeconds(20)), $"{string.Join(", ", all.Where(ProcessProbe.IsAlive))} outlived the run");
    });

    private static List<int> ProcessGroup(int leader) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : -1)
            .Where(pid => pid > 0 && GroupOf(pid) == leader)];

    private static int GroupOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static string FakeInterpreter(string body)
    {
        string path = Path.Combine(Path.GetTempPath(), $"study-fake-python-{Guid.NewGuid():N}");
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
