using Study.Benchmarks;
using Study.Futures;

namespace Study.Tests.Futures;

/// <summary>Every .NET executor of the study, for tests that hold for all of them, as the suite creates them.</summary>
public static class Executors
{
    public static TheoryData<ExecutorKind> All => [.. ExecutorKinds.DotNet];

    public static TheoryData<ExecutorKind> Concurrent => [.. ExecutorKinds.DotNet.Where(k => k != ExecutorKind.Sequential)];

    public static TheoryData<ExecutorKind> Processes => [.. ExecutorKinds.DotNet.Where(k => k.IsProcessPool())];

    public static Executor Create(ExecutorKind kind, int workers = 2) => ExecutorFactory.Create(kind, workers);

    public static WorkerBuild Build(ExecutorKind kind) => kind is ExecutorKind.ProcessesAot or ExecutorKind.ProcessesAotShm ? WorkerBuild.NativeAot : WorkerBuild.Jit;

    public static WorkerTransport Transport(ExecutorKind kind) => kind == ExecutorKind.ProcessesAotShm ? WorkerTransport.SharedMemory : WorkerTransport.Pipes;
}
