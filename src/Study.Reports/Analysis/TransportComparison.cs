using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Analysis;

/// <summary>
/// One kind of call through the NativeAOT process pool over each transport: the pipes' time, shared memory's, the
/// verdict of shared memory against the pipes, and the transport's part of the pipe pool's cost: what the same calls
/// stop costing when only the transport changes.
/// </summary>
public sealed record TransportCall(string Call, Timing Pipes, Timing SharedMemory, Versus SharedMemoryVersusPipes)
{
    /// <summary>Whether shared memory is shown faster: only then is there a transport's part to state.</summary>
    public bool Saves => SharedMemoryVersusPipes.Verdict.IsFaster();

    /// <summary>
    /// The transport's part of the pipe pool's time, one less the ratio (the estimate the verdict is read from, so
    /// share and verdict never disagree); meaningful where <see cref="Saves"/>.
    /// </summary>
    public double Share => 1 - SharedMemoryVersusPipes.Ratio;

    /// <summary><see cref="Share"/> of the pipe pool's median: what the calls stop costing through shared memory.</summary>
    public double TransportNanoseconds => Pipes.Median * Share;
}

/// <summary>A floor under a round trip: two processes pass a byte or a word and nothing else runs.</summary>
public sealed record TransportFloor(string Name, Timing Time);

/// <summary>
/// "How much of IPC is the transport": the same AOT workers and calls through pipes and through shared memory
/// (<c>DispatchBenchmarks</c>, <c>BlockingRoundTripBenchmarks</c>), and the floors under both
/// (<c>PipeFloorBenchmarks</c>, <c>SharedMemoryFloorBenchmarks</c>). What remains through shared memory is the pool's
/// own work and the wake-up, which no transport removes: one process must wake the other.
/// </summary>
public sealed record TransportComparison(IReadOnlyList<TransportCall> Calls, IReadOnlyList<TransportFloor> Floors)
{
    /// <summary>Batch, map one item a call, map in chunks of 100 (per item), round trip, blocking round trip, a mebibyte each way.</summary>
    public const string Batch = "a call in a batch";

    /// <summary>See <see cref="Batch"/>.</summary>
    public const string MapChunk1 = "map, an item a call";

    /// <summary>See <see cref="Batch"/>.</summary>
    public const string MapChunk100 = "map, an item in chunks of 100";

    /// <summary>See <see cref="Batch"/>.</summary>
    public const string RoundTrip = "round trip";

    /// <summary>See <see cref="Batch"/>.</summary>
    public const string BlockingRoundTrip = "round trip, every wait blocking";

    /// <summary>See <see cref="Batch"/>.</summary>
    public const string Megabyte = "1 MiB each way";

    /// <summary>The floors' names.</summary>
    public const string PipeFloor = "pipes: a byte to cat and back, blocking";

    /// <summary>See <see cref="PipeFloor"/>.</summary>
    public const string SharedMemoryBlocking = "shared memory: a word to a worker and back, blocking (futex)";

    /// <summary>See <see cref="PipeFloor"/>.</summary>
    public const string SharedMemorySpinning = "shared memory: a word to a worker and back, spinning";

    /// <summary>The comparison of <paramref name="cases"/>, or null when the run has no call through both transports.</summary>
    public static TransportComparison? Of(StudyCases cases, Judgement judgement)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(judgement);
        var calls = new List<TransportCall>();
        foreach (var (call, type, method) in new[]
        {
            (Batch, Suite.Types.Dispatch, Suite.Methods.Batch),
            (MapChunk1, Suite.Types.Dispatch, Suite.Methods.MapChunk1),
            (MapChunk100, Suite.Types.Dispatch, Suite.Methods.MapChunk100),
            (RoundTrip, Suite.Types.Dispatch, Suite.Methods.RoundTrip),
            (BlockingRoundTrip, Suite.Types.BlockingRoundTrip, Suite.Methods.RoundTrip),
            (Megabyte, Suite.Types.Dispatch, Suite.Methods.Megabyte),
        })
        {
            var benchmarks = cases.Get(type, method);
            var pipes = benchmarks.FirstOrDefault(b => StudyCases.ExecutorOf(b, Runtime.DotNet)?.Kind == ExecutorKind.ProcessesAot);
            var shared = benchmarks.FirstOrDefault(b => StudyCases.ExecutorOf(b, Runtime.DotNet)?.Kind == ExecutorKind.ProcessesAotShm);
            if (pipes is not null && shared is not null)
            {
                calls.Add(new TransportCall(call, Judgement.Time(pipes.Nanoseconds), Judgement.Time(shared.Nanoseconds), judgement.Compare(shared, pipes)));
            }
        }

        if (calls.Count == 0)
        {
            return null;
        }

        var floors = new List<TransportFloor>();
        if (cases.Get(Suite.Types.PipeFloor, Suite.Methods.PingPong) is [var pipe, ..])
        {
            floors.Add(new TransportFloor(PipeFloor, Judgement.Time(pipe.Nanoseconds)));
        }

        foreach (var (name, wait) in new[] { (SharedMemoryBlocking, Suite.Waits.Block), (SharedMemorySpinning, Suite.Waits.Spin) })
        {
            if (cases.Get(Suite.Types.SharedMemoryFloor, Suite.Methods.PingPong).FirstOrDefault(b => b.Parameter(Suite.Parameters.Wait) == wait) is { } floor)
            {
                floors.Add(new TransportFloor(name, Judgement.Time(floor.Nanoseconds)));
            }
        }

        return new TransportComparison(calls, floors);
    }

    /// <summary>The call of that name, or null.</summary>
    public TransportCall? Call(string name) => Calls.FirstOrDefault(c => c.Call == name);

    /// <summary>The floor of that name, or null.</summary>
    public TransportFloor? Floor(string name) => Floors.FirstOrDefault(f => f.Name == name);
}
