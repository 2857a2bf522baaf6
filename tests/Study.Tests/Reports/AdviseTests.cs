using System.Text.Json;
using Study.Cli;
using Study.Reports.Advising;
using Study.Reports.Results;
using Study.Tests.Reports.Analysis;

namespace Study.Tests.Reports;

/// <summary><c>study advise</c>: each input form, the interval's propagation on synthetic costs, and every bad input.</summary>
public sealed class AdviseTests
{
    private static readonly RuntimeChoice DotNet = new(Runtime.DotNet);

    [Theory]
    [InlineData("40us", 40_000, true)]
    [InlineData("40 µs", 40_000, true)]
    [InlineData("2.5ms", 2_500_000, true)]
    [InlineData("1s", 1e9, true)]
    [InlineData("750ns", 750, true)]
    [InlineData("1e6", 1e6, false)]
    [InlineData("128", 128, false)]
    public void ASizeIsADurationWithItsUnitOrIterations(string text, double value, bool duration)
    {
        var size = TaskSizes.Parse(text, count: 3);

        Assert.Equal(value, size.Value, 6);
        Assert.Equal(duration, size.IsDuration);
        Assert.Equal(3, size.Count);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("0us")]
    [InlineData("0.5")]
    [InlineData("lots")]
    [InlineData("40 parsecs")]
    [InlineData("1e400")]
    public void ABadSizeIsRefusedWithItsText(string text)
    {
        var error = Assert.Throws<ResultsException>(() => TaskSizes.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileHoldsSizesOrAHistogramOfSizesAndCounts()
    {
        string file = Temporary("# a histogram of my tasks\n40us 100\n\n2.5 ms, 3\n1e6\n");

        var sizes = TaskSizes.ReadFile(file);

        Assert.Equal([new TaskSize(40_000, true, 100), new TaskSize(2_500_000, true, 3), new TaskSize(1e6, false, 1)], sizes);
    }

    [Theory]
    [InlineData("40us\n-3us 2\n", ":2: '-3us': a task size must be positive")]
    [InlineData("40us two\n", ":1: '40us two' is not a size")]
    [InlineData("# nothing\n", "no task size in the file")]
    public void ABadFileNamesTheLine(string text, string expected)
    {
        var error = Assert.Throws<ResultsException>(() => TaskSizes.ReadFile(Temporary(text)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cpython", Runtime.CPython, null, StartMethod.None)]
    [InlineData("CPython:spawn", Runtime.CPython, ExecutorKind.Processes, StartMethod.Spawn)]
    [InlineData("cpython:forkserver", Runtime.CPython, ExecutorKind.Processes, StartMethod.Forkserver)]
    [InlineData("cpython:interpreters", Runtime.CPython, ExecutorKind.Interpreters, StartMethod.None)]
    [InlineData(".NET", Runtime.DotNet, null, StartMethod.None)]
    public void ARuntimeIsNamedAsTheReaderRunsIt(string text, Runtime runtime, ExecutorKind? kind, StartMethod method)
    {
        var choice = RuntimeChoice.Parse(text);

        Assert.Equal(new RuntimeChoice(runtime, kind, method), choice);
        Assert.Equal(choice, RuntimeChoice.Parse(choice.ToString()));
    }

    [Fact]
    public void AThreadPoolBeatsProcessesOnSmallTasksAndTheTermsSayWhy()
    {
        var advice = Advisor.Advise(Costs(startUpSpread: 0).Build(), Workload(new TaskSize(1e4, false, 1000), workers: 2));

        // Threads: 100 µs start-up + 1000 × 1 µs + 1000 × 10 µs / 2 + 50 µs shutdown; sequential code: 10 ms of
        // kernel; the AOT pool: 20 ms start-up + 1000 × 10 µs + 5 ms + 2 ms.
        Assert.Equal(ExecutorKind.Threads, advice.Best.Executor.Kind);
        Assert.Equal(100e3 + 1e6 + 5e6 + 50e3, advice.Best.Time, 0);
        Assert.Equal(advice.Sequential, advice.Next);
        Assert.Equal(10e6, advice.Sequential!.Time, 0);
        Assert.Equal(["compute", "dispatch"], advice.Deciding.Select(t => t.Term));
        Assert.True(advice.Decided);
        var processes = advice.Executors.Single(e => e.Executor.Kind == ExecutorKind.ProcessesAot);
        Assert.Equal(20e6 + 10e6 + 5e6 + 2e6, processes.Time, 0);
        Assert.Contains(advice.NotPredicted, m => m.StartsWith(".NET processes (JIT worker): the run lacks", StringComparison.Ordinal));
        Assert.Contains("the next best, .NET sequential, takes 1.63× as long", AdviceText.Verdict(advice), StringComparison.Ordinal);
    }

    [Fact]
    public void ADurationIsIterationsAtTheRuntimesOwnKernelSpeed()
    {
        var advice = Advisor.Advise(Costs(startUpSpread: 0).Build(), Workload(TaskSizes.Parse("1ms", 20), workers: 2));

        // The kernel runs 1 ns an iteration: 1 ms is 10⁶ iterations.
        Assert.Equal(20e6, advice.Iterations, 0);
        Assert.Equal(20, advice.Tasks);
    }

    [Fact]
    public void TheIntervalIsThePredictionAtEveryCostsLowAndHighEnd()
    {
        var tight = Advisor.Advise(Costs(startUpSpread: 0).Build(), Workload(new TaskSize(1e4, false, 1000), workers: 2));
        var spread = Advisor.Advise(Costs(startUpSpread: 0.5).Build(), Workload(new TaskSize(1e4, false, 1000), workers: 2));

        // Every benchmark's iterations equal: the interval is the point. The threads' start-up spread ±50 %: the
        // interval moves by its 10th and 90th percentiles, the point stays at its median.
        Assert.Equal(tight.Best.Time, tight.Best.Lower, 0);
        Assert.Equal(tight.Best.Time, tight.Best.Upper, 0);
        Assert.Equal(tight.Best.Time, spread.Best.Time, 0);
        Assert.InRange(tight.Best.Time - spread.Best.Lower, 20e3, 50e3);
        Assert.InRange(spread.Best.Upper - tight.Best.Time, 20e3, 50e3);
        // No grid: nothing to widen it by, and the advice says so.
        Assert.Equal(0, spread.ModelCases);
        Assert.Contains("not widened", AdviceText.Reading(spread), StringComparison.Ordinal);
    }

    [Fact]
    public void TheModelsErrorOnTheRunsGridWidensTheInterval()
    {
        var run = Costs(startUpSpread: 0);
        // Grid cases measured above and below what the model predicts of them (sequential: the kernel alone).
        double article = Study.Kernel.WorkList.ArticleItems.Sum(i => (double)i);
        foreach (var (shape, ratio) in new[] { (Study.Kernel.WorkShape.Article, 0.8), (Study.Kernel.WorkShape.Uniform, 1.0), (Study.Kernel.WorkShape.FewLarge, 1.3), (Study.Kernel.WorkShape.Ascending, 1.1) })
        {
            run.Grid(Runtime.DotNet, ExecutorKind.Sequential, 1, shape, article * ratio);
        }

        var advice = Advisor.Advise(run.Build(), Workload(new TaskSize(1e4, false, 1000), workers: 2));

        Assert.Equal(4, advice.ModelCases);
        Assert.InRange(advice.ModelLowRatio, 0.8, 0.9);
        Assert.InRange(advice.ModelHighRatio, 1.2, 1.3);
        Assert.Equal(advice.Best.Low * advice.ModelLowRatio, advice.Best.Lower, 0);
        Assert.Equal(advice.Best.High * advice.ModelHighRatio, advice.Best.Upper, 0);
    }

    [Fact]
    public void ManyLargeTasksGoToProcessesWhenTheyAreNotGilBound()
    {
        var run = Costs(startUpSpread: 0);
        run.CPythonKernel(20)
            .Dispatch(Runtime.CPython, ExecutorKind.Threads, Suite.Methods.Batch, 15e3)
            .Dispatch(Runtime.CPython, ExecutorKind.Processes, Suite.Methods.Batch, 100e3, StartMethod.Fork)
            .Dispatch(Runtime.CPython, ExecutorKind.Processes, Suite.Methods.MapChunk1, 100e3, StartMethod.Fork)
            .Lifecycle(Runtime.CPython, ExecutorKind.Threads, Suite.Methods.StartAll, 2, 1e6)
            .Lifecycle(Runtime.CPython, ExecutorKind.Threads, Suite.Methods.Shutdown, 2, 300e3)
            .Lifecycle(Runtime.CPython, ExecutorKind.Processes, Suite.Methods.StartAll, 2, 20e6, StartMethod.Fork)
            .Lifecycle(Runtime.CPython, ExecutorKind.Processes, Suite.Methods.Shutdown, 2, 5e6, StartMethod.Fork);

        var advice = Advisor.Advise(run.Build(), new WorkloadSpec([TaskSizes.Parse("10ms", 100)], 2, Warm: false, new RuntimeChoice(Runtime.CPython)));

        // 10 ms tasks at 20 ns an iteration: 1 s of work in all. Threads pay it all behind the GIL (half of it as its
        // term), so sequential code comes next and the fork pool wins by computing on both cores.
        Assert.Equal(new ExecutorId(Runtime.CPython, ExecutorKind.Processes, StartMethod.Fork), advice.Best.Executor);
        Assert.Equal(advice.Sequential, advice.Next);
        Assert.Equal("compute", advice.Deciding[0].Term);
        Assert.Equal(0.5e9, advice.Executors.Single(e => e.Executor.Kind == ExecutorKind.Threads).Predicted.Gil, 0);
        Assert.InRange(advice.Sequential!.Time / advice.Best.Time, 1.8, 2.0);
    }

    [Fact]
    public void HeldOutCasesAreSetAgainstTheirPredictionsAndTheReportCountsThoseInside()
    {
        var run = Costs(startUpSpread: 0.5);
        // The Odd list at the run's scale (1): 7 items of 1/14 of the article's work, 3 workers on 2 cores, predicted
        // as a reader's workload of the same tasks is; threads measured within their interval (the start-up's spread, no
        // grid to widen it), the AOT pool far off it.
        var items = Study.Kernel.HeldOutWorkloads.Items(Study.Kernel.HeldOutWorkload.Odd, 1);
        var advice = Advisor.Advise(run.Build(), new WorkloadSpec([new TaskSize(items[0], false, 7)], 3, Warm: false, DotNet));
        double Predicted(ExecutorKind kind) => advice.Executors.Single(e => e.Executor.Kind == kind).Time;
        run.Add(Suite.Types.HeldOut, Suite.Methods.Run, Predicted(ExecutorKind.Threads) * 1.000001, (Suite.Parameters.Executor, ExecutorKind.Threads), (Suite.Parameters.Workload, "Odd"), (Suite.Parameters.Workers, 3))
            .Add(Suite.Types.HeldOut, Suite.Methods.Run, Predicted(ExecutorKind.ProcessesAot) * 3, (Suite.Parameters.Executor, ExecutorKind.ProcessesAot), (Suite.Parameters.Workload, "Odd"), (Suite.Parameters.Workers, 3))
            .Add(Suite.Types.HeldOut, Suite.Methods.Run, 1e9, (Suite.Parameters.Executor, ExecutorKind.DotNet), (Suite.Parameters.Workload, "Odd"), (Suite.Parameters.Workers, 3));

        var check = AdviceCheck.Of(run.Build());

        Assert.Equal(2, check.Cases.Count);
        Assert.StartsWith("Odd, .NET shared thread pool: the run lacks", Assert.Single(check.NotPredicted), StringComparison.Ordinal);
        var threads = check.Cases.Single(c => c.Executor == ".NET threads");
        Assert.True(threads.Inside);
        Assert.Equal(0, threads.Error, 5);
        Assert.False(check.Cases.Single(c => c.Executor != ".NET threads").Inside);
        Assert.Equal(1, check.Inside);
        Assert.Equal(0.5, check.InsideShare);
    }

    [Fact]
    public void TwoMachinesAdviseDifferentlyAndTheLineSaysWhichPartsMoved()
    {
        var workload = new WorkloadSpec([TaskSizes.Parse("10ms", 100)], 2, Warm: false, new RuntimeChoice(Runtime.CPython));
        var two = Advisor.Advise(CPythonRun(cores: 2).Build(), workload);
        var one = Advisor.Advise(CPythonRun(cores: 1).Build(), workload);

        string line = Assert.Single(AdviceComparison.Differences([two, one]));

        Assert.Equal(ExecutorKind.Processes, two.Best.Executor.Kind);
        Assert.Equal(ExecutorKind.Sequential, one.Best.Executor.Kind);
        Assert.Contains("advise differently", line, StringComparison.Ordinal);
        Assert.Contains("The first has 2 cores and the second 1", line, StringComparison.Ordinal);
        Assert.Contains("CPython processes (fork)'s compute 500 ms → 1 s", line, StringComparison.Ordinal);
        Assert.Contains("give the same advice", Assert.Single(AdviceComparison.Differences([two, two])), StringComparison.Ordinal);
    }

    [Fact]
    public void TheCommandWritesATableMarkdownAndJsonFromARealRun()
    {
        string run = ReportFixture.Source;
        var table = Cli(["advise", run, "--size", "40us", "--count", "20000", "--workers", "8"]);
        var md = Cli(["advise", run, "--size", "1e8", "--count", "5", "--format", "md"]);
        var json = Cli(["advise", run, "--sizes", Temporary("1e8\n1e6 2\n1e9\n1e10\n"), "--workers", "5", "--format", "json", "--runtime", "dotnet"]);

        Assert.True(table.Code == 0, table.Error);
        Assert.Contains("Best: ", table.Output, StringComparison.Ordinal);
        var twice = Cli(["advise", run, run, "--size", "2ms", "--count", "500", "--format", "md"]);
        Assert.True(twice.Code == 0, twice.Error);
        Assert.Contains("## Between the runs", twice.Output, StringComparison.Ordinal);
        Assert.Contains("give the same advice", twice.Output, StringComparison.Ordinal);
        Assert.True(md.Code == 0, md.Error);
        Assert.StartsWith("# Advice: 5 tasks of ", md.Output, StringComparison.Ordinal);
        Assert.True(json.Code == 0, json.Error);
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal(5, document.RootElement.GetProperty("taskCount").GetInt64());
        Assert.True(document.RootElement.GetProperty("executors").GetArrayLength() >= 3);
        foreach (var executor in document.RootElement.GetProperty("executors").EnumerateArray())
        {
            double time = executor.GetProperty("nanoseconds").GetDouble();
            Assert.InRange(time, executor.GetProperty("lower").GetDouble(), executor.GetProperty("upper").GetDouble());
        }
    }

    [Fact]
    public void EachWorkedExamplesCommandGivesWhatTheReportSays()
    {
        var examples = WorkedExamples.Of(ResultSet.Load(ReportFixture.Source));

        Assert.Equal(3, examples.Count);
        foreach (var example in examples)
        {
            string[] words = example.Command.Split(' ');
            Assert.Equal(["./run.sh", "advise"], words[..2]);
            var (code, output, error) = Cli(["advise", ReportFixture.Source, .. words[3..], "--format", "md"]);
            Assert.True(code == 0, error);
            Assert.Contains(example.Verdict, output, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string[], string> BadInputs => new()
    {
        { ["--size", "-5"], "a task size must be positive" },
        { ["--size", "40us", "--workers", "0"], "--workers 0: a pool needs at least one worker" },
        { ["--size", "40us", "--count", "0"], "a count must be 1 or more" },
        { ["--size", "40us", "--runtime", "ruby"], "--runtime ruby: unknown runtime" },
        { ["--size", "40us", "--runtime", "cpython:interpreters"], "did not measure InterpreterPoolExecutor" },
        { ["--size", "40us", "--format", "pdf"], "--format pdf" },
        { [], "no task size given" },
        { ["--size", "40us", "--sizes", "x"], "not both" },
        { ["--sizes", "/no/such/file"], "no such file" },
        { ["--size", "40us", "--chunksize", "0"], "--chunksize 0" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputIsOneLineAndExitCodeTwo(string[] args, string expected)
    {
        var (code, output, error) = Cli(["advise", ReportFixture.Source, .. args]);

        Assert.Equal(StudyCommand.BadInput, code);
        Assert.Empty(output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("study: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderWithoutTheStudysMeasurementsIsOneLineAndExitCodeTwo()
    {
        string foreign = Path.Combine(AppContext.BaseDirectory, "Fixtures", "foreign", "base-report-full.json");

        var (code, _, error) = Cli(["advise", foreign, "--size", "40us"]);

        Assert.Equal(StudyCommand.BadInput, code);
        Assert.Contains("no benchmark of this study's suite", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A 2-core .NET run: the kernel at 1 ns an iteration everywhere; threads start in 100 µs (spread ±
    /// <paramref name="startUpSpread"/>) and stop in 50 µs, a call costs them 1 µs; the AOT worker's pool starts in
    /// 20 ms and stops in 2 ms, a call costs it 10 µs. Nothing for the JIT worker's pool or the shared thread pool's calls.
    /// </summary>
    private static InMemoryRun Costs(double startUpSpread)
    {
        double[] Flat(double value) => [value, value, value, value, value];
        double[] startUp = [.. Enumerable.Range(-2, 5).Select(i => 100e3 * (1 + (startUpSpread * i / 2)))];
        var run = new InMemoryRun();
        foreach (string site in new[] { Suite.Sites.InProcess, Suite.Sites.WorkerAot })
        {
            run.AddValues(Suite.Types.Kernel, Suite.Methods.Kernel, Flat(1), (Suite.Parameters.Site, site));
        }

        run.AddValues(Suite.Types.Lifecycle, Suite.Methods.StartAll, startUp, (Suite.Parameters.Executor, ExecutorKind.Threads), (Suite.Parameters.Workers, 2))
            .AddValues(Suite.Types.Lifecycle, Suite.Methods.Shutdown, Flat(50e3), (Suite.Parameters.Executor, ExecutorKind.Threads), (Suite.Parameters.Workers, 2))
            .AddValues(Suite.Types.Dispatch, Suite.Methods.Batch, Flat(1e3), (Suite.Parameters.Executor, ExecutorKind.Threads))
            .AddValues(Suite.Types.Lifecycle, Suite.Methods.StartAll, Flat(20e6), (Suite.Parameters.Executor, ExecutorKind.ProcessesAot), (Suite.Parameters.Workers, 2))
            .AddValues(Suite.Types.Lifecycle, Suite.Methods.Shutdown, Flat(2e6), (Suite.Parameters.Executor, ExecutorKind.ProcessesAot), (Suite.Parameters.Workers, 2))
            .AddValues(Suite.Types.Dispatch, Suite.Methods.MapChunk1, Flat(10e3), (Suite.Parameters.Executor, ExecutorKind.ProcessesAot));
        return run;
    }

    /// <summary>A CPython run: the kernel at 20 ns an iteration, threads and a fork pool of 2 with their costs.</summary>
    private static InMemoryRun CPythonRun(int cores) => new InMemoryRun().WithCores(cores)
        .CPythonKernel(20)
        .Dispatch(Runtime.CPython, ExecutorKind.Threads, Suite.Methods.Batch, 15e3)
        .Dispatch(Runtime.CPython, ExecutorKind.Processes, Suite.Methods.MapChunk1, 100e3, StartMethod.Fork)
        .Lifecycle(Runtime.CPython, ExecutorKind.Threads, Suite.Methods.StartAll, 2, 1e6)
        .Lifecycle(Runtime.CPython, ExecutorKind.Threads, Suite.Methods.Shutdown, 2, 300e3)
        .Lifecycle(Runtime.CPython, ExecutorKind.Processes, Suite.Methods.StartAll, 2, 20e6, StartMethod.Fork)
        .Lifecycle(Runtime.CPython, ExecutorKind.Processes, Suite.Methods.Shutdown, 2, 5e6, StartMethod.Fork);

    private static WorkloadSpec Workload(TaskSize size, int workers) => new([size], workers, Warm: false, DotNet);

    private static (int Code, string Output, string Error) Cli(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = StudyCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string Temporary(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"study-sizes-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, text);
        return path;
    }
}
