using Study.Benchmarks;
using Study.Futures;

namespace Study.Tests.Futures;

/// <summary>Every executor of the study, by name, for tests that hold for all of them.</summary>
public static class Executors
{
    public const string Sequential = "sequential";
    public const string Threads = "threads";
    public const string Gil = "gil";
    public const string DotNet = "dotnet";
    public const string ProcessesJit = "processes-jit";
    public const string ProcessesAot = "processes-aot";
    public const string ProcessesAotShm = "processes-aot-shm";

    public static TheoryData<string> All => [Sequential, Threads, Gil, DotNet, ProcessesJit, ProcessesAot, ProcessesAotShm];

    public static TheoryData<string> Concurrent => [Threads, Gil, DotNet, ProcessesJit, ProcessesAot, ProcessesAotShm];

    public static TheoryData<string> Processes => [ProcessesJit, ProcessesAot, ProcessesAotShm];

    public static Executor Create(string name, int workers = 2) => ExecutorFactory.Create(Kind(name), workers);

    public static ExecutorKind Kind(string name) => name switch
    {
        Sequential => ExecutorKind.Sequential,
        Threads => ExecutorKind.Threads,
        Gil => ExecutorKind.Gil,
        DotNet => ExecutorKind.DotNet,
        ProcessesJit => ExecutorKind.ProcessesJit,
        ProcessesAot => ExecutorKind.ProcessesAot,
        ProcessesAotShm => ExecutorKind.ProcessesAotShm,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown executor."),
    };

    public static WorkerBuild Build(string name) => name is ProcessesAot or ProcessesAotShm ? WorkerBuild.NativeAot : WorkerBuild.Jit;

    public static WorkerTransport Transport(string name) => name == ProcessesAotShm ? WorkerTransport.SharedMemory : WorkerTransport.Pipes;
}
