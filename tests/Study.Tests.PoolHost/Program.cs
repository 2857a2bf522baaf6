using System.Globalization;
using Study.Futures;

// Usage: Study.Tests.PoolHost <Jit|NativeAot> <workers>. Prints the workers' process ids on one line, then blocks
// until killed: the test kills this process and checks that the workers exit on their own.
if (args.Length != 2 || !Enum.TryParse<WorkerBuild>(args[0], out var build)
    || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out int workers))
{
    Console.Error.WriteLine("usage: Study.Tests.PoolHost <Jit|NativeAot> <workers>");
    return 2;
}

var pool = new ProcessPoolExecutor(workers, build);
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
