namespace Study.Reports.Results;

/// <summary>
/// The contract between the benchmark suite and the report: every benchmark type, method, parameter and parameter
/// value the report reads, named once. The report uses only these names; the suite's own names are C# identifiers
/// the report cannot see, so <c>SuiteContractTests</c> enumerates the suite's cases and fails, naming the entry, when
/// one of these no longer exists there (a renamed method would otherwise make the report quietly say "not measured").
/// </summary>
internal static class Suite
{
    /// <summary>The namespace of the suite's benchmarks: a results folder without one is another suite's.</summary>
    public const string Namespace = "Study.Benchmarks";

    /// <summary>Every benchmark method the report reads, with the parameters it reads of it.</summary>
    public static IReadOnlyList<SuiteMethod> Read { get; } =
    [
        Every(Types.Grid, Methods.Run, Parameters.Executor, Parameters.Workers, Parameters.Shape, Parameters.Lifetime, Parameters.Api, Parameters.Chunksize),
        Every(Types.CPythonGrid, Methods.Run, Parameters.Executor, Parameters.StartMethod, Parameters.Workers, Parameters.Shape, Parameters.Lifetime),
        Every(Types.Sweep, Methods.Run, Parameters.Executor, Parameters.Workers, Parameters.Lifetime, Parameters.Iterations),
        Every(Types.CPythonSweep, Methods.Run, Parameters.Executor, Parameters.StartMethod, Parameters.Iterations),
        Every(Types.Kernel, Methods.Kernel, Parameters.Site),
        Every(Types.CPythonHarness, Methods.CPythonKernel),
        Every(Types.CPythonHarness, Methods.Ping),
        Every(Types.Dispatch, Methods.Batch, Parameters.Executor),
        Every(Types.Dispatch, Methods.MapChunk1, Parameters.Executor),
        Every(Types.Dispatch, Methods.MapChunk100, Parameters.Executor),
        Every(Types.Dispatch, Methods.RoundTrip, Parameters.Executor),
        Every(Types.CPythonOverhead, Methods.Batch, Parameters.Executor, Parameters.StartMethod),
        FullOnly(Types.CPythonOverhead, Methods.MapChunk1, Parameters.Executor, Parameters.StartMethod),
        FullOnly(Types.CPythonOverhead, Methods.MapChunk100, Parameters.Executor, Parameters.StartMethod),
        Every(Types.CPythonOverhead, Methods.RoundTrip, Parameters.Executor, Parameters.StartMethod),
        Every(Types.Lifecycle, Methods.StartAll, Parameters.Executor, Parameters.Workers),
        Every(Types.Lifecycle, Methods.Shutdown, Parameters.Executor, Parameters.Workers),
        Every(Types.CPythonLifecycle, Methods.StartAll, Parameters.Executor, Parameters.StartMethod, Parameters.Workers),
        Every(Types.CPythonLifecycle, Methods.Shutdown, Parameters.Executor, Parameters.StartMethod, Parameters.Workers),
        Every(Types.IoBound, Methods.Run, Parameters.Executor),
        Every(Types.CPythonIoBound, Methods.Run, Parameters.Executor, Parameters.StartMethod),
        Every(Types.ProcessStartFloor, Methods.StartAndExit, Parameters.Program),
        Every(Types.Dispatch, Methods.Megabyte, Parameters.Executor),
        Every(Types.BlockingRoundTrip, Methods.RoundTrip, Parameters.Executor),
        Every(Types.PipeFloor, Methods.PingPong),
        Every(Types.SharedMemoryFloor, Methods.PingPong, Parameters.Wait),
        Every(Types.ThreadPoolFloor, Methods.UnsafeQueueUserWorkItem),
        FullOnly(Types.HeldOut, Methods.Run, Parameters.Executor, Parameters.Workload, Parameters.Workers),
        FullOnly(Types.CPythonHeldOut, Methods.Run, Parameters.Executor, Parameters.StartMethod, Parameters.Workload, Parameters.Workers),
    ];

    /// <summary>
    /// The runtime a benchmark type measures: the suite names CPython's classes <c>CPython…</c> (the driver's cases) and
    /// every other class runs .NET.
    /// </summary>
    public static Runtime RuntimeOf(string type) =>
        type?.StartsWith("CPython", StringComparison.Ordinal) == true ? Runtime.CPython : Runtime.DotNet;

    private static SuiteMethod Every(string type, string method, params string[] parameters) => new(type, method, parameters, FullOnly: false);

    private static SuiteMethod FullOnly(string type, string method, params string[] parameters) => new(type, method, parameters, FullOnly: true);

    /// <summary>Benchmark class names.</summary>
    public static class Types
    {
        /// <summary>.NET's grid: the work lists through every executor.</summary>
        public const string Grid = "WorkListBenchmarks";

        /// <summary>CPython's grid.</summary>
        public const string CPythonGrid = "CPythonWorkListBenchmarks";

        /// <summary>.NET's task-size sweep.</summary>
        public const string Sweep = "TaskSizeSweepBenchmarks";

        /// <summary>CPython's task-size sweep.</summary>
        public const string CPythonSweep = "CPythonSweepBenchmarks";

        /// <summary>.NET's kernel, in process and in each worker build.</summary>
        public const string Kernel = "KernelBenchmarks";

        /// <summary>CPython's kernel and the driver's own round trip.</summary>
        public const string CPythonHarness = "CPythonHarnessBenchmarks";

        /// <summary>.NET's cost of a call through each executor.</summary>
        public const string Dispatch = "DispatchBenchmarks";

        /// <summary>CPython's cost of a call through each executor.</summary>
        public const string CPythonOverhead = "CPythonOverheadBenchmarks";

        /// <summary>.NET's pool start-up and shutdown by worker count.</summary>
        public const string Lifecycle = "PoolLifecycleBenchmarks";

        /// <summary>CPython's pool start-up and shutdown by worker count.</summary>
        public const string CPythonLifecycle = "CPythonLifecycleBenchmarks";

        /// <summary>.NET's calls that wait instead of compute.</summary>
        public const string IoBound = "IoBoundBenchmarks";

        /// <summary>CPython's calls that wait instead of compute.</summary>
        public const string CPythonIoBound = "CPythonIoBoundBenchmarks";

        /// <summary>Starting a process that exits at once: the floor under a worker's start.</summary>
        public const string ProcessStartFloor = "ProcessStartFloorBenchmarks";

        /// <summary>.NET's round trip with every wait blocking at once, beside the floors.</summary>
        public const string BlockingRoundTrip = "BlockingRoundTripBenchmarks";

        /// <summary>A byte to <c>cat</c> and back through pipes: the floor under the pipe pool's round trip.</summary>
        public const string PipeFloor = "PipeFloorBenchmarks";

        /// <summary>Empty work items through .NET's thread pool: the floor under waking a thread.</summary>
        public const string ThreadPoolFloor = "ThreadPoolFloorBenchmarks";

        /// <summary>A word to a worker and back through shared memory: the floor under the shared-memory pool's.</summary>
        public const string SharedMemoryFloor = "SharedMemoryFloorBenchmarks";

        /// <summary>The held-out workloads of .NET, which check <c>study advise</c>.</summary>
        public const string HeldOut = "HeldOutBenchmarks";

        /// <summary>The held-out workloads of CPython.</summary>
        public const string CPythonHeldOut = "CPythonHeldOutBenchmarks";
    }

    /// <summary>Benchmark method names.</summary>
    public static class Methods
    {
        /// <summary>A grid case, a sweep point or an I/O-bound case.</summary>
        public const string Run = "Run";

        /// <summary>.NET's kernel over 10⁷ iterations.</summary>
        public const string Kernel = "Sum1E7";

        /// <summary>CPython's kernel over 10⁶ iterations.</summary>
        public const string CPythonKernel = "Kernel1E6";

        /// <summary>The CPython driver's empty round trip.</summary>
        public const string Ping = "Ping";

        /// <summary>A batch of submits, then their results: the cost of a call in a stream.</summary>
        public const string Batch = "Batch";

        /// <summary>A map of one item a call.</summary>
        public const string MapChunk1 = "MapChunk1";

        /// <summary>A map in chunks of 100.</summary>
        public const string MapChunk100 = "MapChunk100";

        /// <summary>One submit and its result, one at a time.</summary>
        public const string RoundTrip = "RoundTrip";

        /// <summary>Creating a pool and starting its workers.</summary>
        public const string StartAll = "StartAll";

        /// <summary>Shutting a pool of started workers down, with wait.</summary>
        public const string Shutdown = "Shutdown";

        /// <summary>Starting a program that exits at once.</summary>
        public const string StartAndExit = "StartAndExit";

        /// <summary>A mebibyte to a worker and back.</summary>
        public const string Megabyte = "Megabyte";

        /// <summary>Empty work items queued to .NET's thread pool, and waited for.</summary>
        public const string UnsafeQueueUserWorkItem = "UnsafeQueueUserWorkItem";

        /// <summary>A floor's round trip.</summary>
        public const string PingPong = "PingPong";
    }

    /// <summary>Benchmark parameter names.</summary>
    public static class Parameters
    {
        /// <summary>The executor: a name of <see cref="ExecutorKind"/>.</summary>
        public const string Executor = "Executor";

        /// <summary>CPython's start method of a process pool; <c>None</c> for the others.</summary>
        public const string StartMethod = "StartMethod";

        /// <summary>The pool's worker count.</summary>
        public const string Workers = "Workers";

        /// <summary>The work list's shape (Study.Kernel's <c>WorkShape</c>).</summary>
        public const string Shape = "Shape";

        /// <summary>Cold (the pool is made inside the measurement) or warm.</summary>
        public const string Lifetime = "Lifetime";

        /// <summary>Map or Submit.</summary>
        public const string Api = "Api";

        /// <summary>Map's chunk size.</summary>
        public const string Chunksize = "Chunksize";

        /// <summary>Kernel iterations a call, in the sweep.</summary>
        public const string Iterations = "Iterations";

        /// <summary>Where .NET's kernel ran: one of <see cref="Sites"/>.</summary>
        public const string Site = "Site";

        /// <summary>The program the process-start floor starts.</summary>
        public const string Program = "Program";

        /// <summary>How the shared-memory floor waits: <see cref="Waits.Block"/> or <see cref="Waits.Spin"/>.</summary>
        public const string Wait = "Wait";

        /// <summary>A held-out workload's name (<c>HeldOutWorkload</c>).</summary>
        public const string Workload = "Workload";
    }

    /// <summary>Values of <see cref="Parameters.Wait"/>.</summary>
    public static class Waits
    {
        /// <summary>Each side sleeps as soon as it waits, woken by a futex.</summary>
        public const string Block = "block";

        /// <summary>Neither side ever sleeps.</summary>
        public const string Spin = "spin";
    }

    /// <summary>Values of <see cref="Parameters.Site"/>: where .NET's kernel ran.</summary>
    public static class Sites
    {
        /// <summary>In the benchmark's own process.</summary>
        public const string InProcess = "InProcess";

        /// <summary>In the JIT worker.</summary>
        public const string WorkerJit = "WorkerJit";

        /// <summary>In the NativeAOT worker.</summary>
        public const string WorkerAot = "WorkerAot";
    }
}

/// <summary>
/// A benchmark method the report reads, the parameters it reads of it, and whether only the full profile runs it (the
/// report then uses a stand-in that it names, as for CPython's map in chunks, read from its batch in other runs).
/// </summary>
internal sealed record SuiteMethod(string Type, string Method, IReadOnlyList<string> Parameters, bool FullOnly)
{
    /// <summary><c>Type.Method</c>, as the failure names it.</summary>
    public override string ToString() => $"{Type}.{Method}";
}
