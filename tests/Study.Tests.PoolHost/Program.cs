using System.Globalization;
using Study.Futures;

// Usage:
//   Study.Tests.PoolHost <Jit|NativeAot> <workers> [Pipes|SharedMemory]
//                                                  prints the workers' process ids on one line, then blocks until
//                                                  killed: the test kills this process and checks the workers exit.
//   Study.Tests.PoolHost exit-join                  submits work to pools it never shuts down and returns from Main:
//                                                  the work must still run, and a submit during exit must fail.
//   Study.Tests.PoolHost exit-hook <executor>       creates a pool, submits nothing, registers its own exit hook that
//                                                  submits to it: CPython refuses that submit, whatever the order.
if (args is ["exit-hook", var kind])
{
    Executor hooked = kind switch
    {
        "threads" => new ThreadPoolExecutor(1),
        "gil" => new GilThreadPoolExecutor(1),
        "dotnet" => new DotNetThreadPoolExecutor(1),
        _ => new ProcessPoolExecutor(1),
    };
    AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try
        {
            Console.WriteLine($"accepted: {hooked.Submit(WorkerProbes.Sleep, 1).GetResult(TimeSpan.FromSeconds(10))}");
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine($"refused: {e.Message}");
        }
    };
    return 0;
}

if (args is ["exit-join"])
{
    var threads = new ThreadPoolExecutor(1);
    var processes = new ProcessPoolExecutor(1);
    _ = threads.Submit(() =>
    {
        Thread.Sleep(300);
        Console.WriteLine("threads done");
        return 0;
    });
    processes.Submit(WorkerProbes.Sleep, 300).AddDoneCallback(_ => Console.WriteLine("processes done"));
    AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try
        {
            new ThreadPoolExecutor(1).Submit(WorkerProbes.Sleep, 1);
        }
        catch (InvalidOperationException)
        {
            Console.WriteLine("refused after exit");
        }
    };
    return 0;
}

var transport = WorkerTransport.Pipes;
if (args.Length is not (2 or 3) || !Enum.TryParse<WorkerBuild>(args[0], out var build)
    || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out int workers)
    || (args.Length == 3 && !Enum.TryParse(args[2], out transport)))
{
    Console.Error.WriteLine("usage: Study.Tests.PoolHost <Jit|NativeAot> <workers> [Pipes|SharedMemory] | exit-join | exit-hook <executor>");
    return 2;
}

var pool = new ProcessPoolExecutor(new ProcessPoolOptions { MaxWorkers = workers, Build = build, Transport = transport });
var busy = Enumerable.Range(0, workers).Select(_ => pool.Submit(WorkerProbes.Sleep, 600_000)).ToList();
while (pool.WorkerProcessIds.Count < workers)
{
    Thread.Sleep(10);
}

Console.WriteLine(string.Join(' ', pool.WorkerProcessIds));
Console.Out.Flush();
Thread.Sleep(Timeout.Infinite);
GC.KeepAlive(busy);
return 0;
