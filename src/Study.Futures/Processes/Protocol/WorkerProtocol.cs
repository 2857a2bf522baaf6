namespace Study.Futures.Protocol;

/// <summary>
/// The binary protocol between a <see cref="ProcessPoolExecutor"/> and its worker processes, over two pipes: the
/// worker's standard input (parent to worker) and standard output (worker to parent), which the worker moves to
/// private descriptors as it starts, so that what user code prints or reads never touches the protocol: its
/// standard output then goes to the inherited standard error, and its standard input is empty. With
/// <see cref="WorkerTransport.SharedMemory"/> the same frames, byte for byte, go through two rings in a file both
/// processes map instead (<see cref="SharedRings"/>: layout, flow, wake-up and ends), and the pipes carry nothing:
/// each side reads the other's to its end, which tells it that the other process is gone.
/// Everything is little-endian.
/// </summary>
/// <remarks>
/// <para><b>Frame.</b> <c>u32 length | u8 kind | payload</c>, where length counts the kind byte and the payload and is at
/// most <see cref="MaxFrameLength"/>. A frame of unknown kind, an oversized length or a payload that does not parse
/// is a protocol error: the worker exits with <see cref="ProtocolErrorExitCode"/>, the parent breaks the pool.</para>
/// <para><b>Strings</b> are <c>i32 byte count | UTF-8 bytes</c>.</para>
/// <para><b>Values</b> (arguments and results) are <c>u8 tag | data</c>, by <see cref="ValueTag"/>:
/// null; false; true; i32; i64; Int128 as <c>u64 low | u64 high</c>; f64; string; byte[] as <c>i32 count | bytes</c>;
/// long[] as <c>i32 count | i64 × count</c>. Nothing else crosses the pipe: a call whose parameter or return type is
/// not one of these is refused at submit.</para>
/// <para><b>Parent to worker.</b></para>
/// <list type="bullet">
/// <item><c>Define (1)</c>: <c>i32 function id | string assembly name | string assembly path | string type full name |
/// string method name | i32 parameter count | string parameter type full name × count | i32 method metadata token</c>.
/// Names a static method once, as pickle names a function by its qualified name; later frames use the id. The worker
/// tries the token first and keeps what it names only if the names match; otherwise it looks the method up by its
/// names. The JIT worker loads the assembly from its path if it does not have
/// it; the NativeAOT worker has only what was compiled into it.</item>
/// <item><c>Call (2)</c>: <c>i64 call id | i32 claim slot | i32 function id | i32 item count | values</c>: item count
/// calls of the function (more than one for a map chunk), each with its parameter count of values. The call runs only
/// if the worker can claim it in its <see cref="ClaimTable"/> slot; a call the parent withdrew is skipped without a
/// word.</item>
/// <item><c>Initialize (3)</c>: <c>i32 function id | values</c>: run once, before any call.</item>
/// </list>
/// <para>Closing the worker's standard input (with shared memory: closing the ring to the worker) asks it to exit; it
/// exits with 0 once it has answered every call.</para>
/// <para><b>Worker to parent.</b></para>
/// <list type="bullet">
/// <item><c>Hello (65)</c>: <c>u16 protocol version | i32 process id</c>, the worker's first frame. The parent refuses
/// a version other than <see cref="Version"/>.</item>
/// <item><c>Result (66)</c>: <c>i64 call id | i64 compute nanoseconds | i32 count | values</c>, one value per item.</item>
/// <item><c>Error (67)</c>: <c>i64 call id | i64 compute nanoseconds | string exception type | string message |
/// string full text</c>: the call (or one item of a chunk) threw, or the function could not be found.</item>
/// <item><c>InitializerFailed (68)</c>: <c>string exception type | string message | string full text</c>; the worker
/// then exits with <see cref="InitializerFailedExitCode"/>.</item>
/// </list>
/// <para>Results come back in the order the calls were sent, less the withdrawn ones: a worker runs its calls one at a
/// time, in order.</para>
/// <para>The worker's command line is <c>--parent &lt;pid&gt; --claims &lt;path&gt; [--rings &lt;path&gt;]</c>: the parent's
/// process id, watched so that no worker outlives it, the file of its claim table and, with shared memory, the file
/// of its rings, both mapped before its hello and then unlinked (<see cref="SharedFiles"/>: owner-only, and removed
/// by the next pool if a killed parent left them). <c>--floor &lt;path&gt; block|spin</c> makes it the far side of the
/// shared-memory floor benchmark (<see cref="SharedFloor"/>) instead.</para>
/// </remarks>
internal static class WorkerProtocol
{
    /// <summary>Bumped on any change to the frames or values above.</summary>
    public const ushort Version = 3;

    /// <summary>64 MiB: a larger frame is refused as corrupt rather than allocated.</summary>
    public const int MaxFrameLength = 64 << 20;

    /// <summary>The worker's exit code after a malformed frame.</summary>
    public const int ProtocolErrorExitCode = 3;

    /// <summary>The worker's exit code after its initializer threw.</summary>
    public const int InitializerFailedExitCode = 4;

    /// <summary>The worker's exit code when its parent died.</summary>
    public const int OrphanedExitCode = 5;
}

/// <summary>The kind byte of a frame.</summary>
internal enum FrameKind : byte
{
    Define = 1,
    Call = 2,
    Initialize = 3,
    Hello = 65,
    Result = 66,
    Error = 67,
    InitializerFailed = 68,
}

/// <summary>The tag byte of a value.</summary>
internal enum ValueTag : byte
{
    Null = 0,
    False = 1,
    True = 2,
    Int32 = 3,
    Int64 = 4,
    Int128 = 5,
    Double = 6,
    String = 7,
    Bytes = 8,
    Int64Array = 9,
}

/// <summary>
/// Which .NET types travel as values, and by which tag: the one table the codecs (<see cref="WireWriter"/>,
/// <see cref="WireReader"/>), the pool's checks and its error messages read. <c>WorkerProtocolTests</c> round-trips a
/// value of every row, so a row without a codec fails there.
/// </summary>
internal static class WireTypes
{
    /// <summary>Every type that travels, its C# name, and the tags that carry it (bool has two).</summary>
    public static IReadOnlyList<(Type Type, string Name, ValueTag[] Tags)> All { get; } =
    [
        (typeof(bool), "bool", [ValueTag.False, ValueTag.True]),
        (typeof(int), "int", [ValueTag.Int32]),
        (typeof(long), "long", [ValueTag.Int64]),
        (typeof(Int128), "Int128", [ValueTag.Int128]),
        (typeof(double), "double", [ValueTag.Double]),
        (typeof(string), "string", [ValueTag.String]),
        (typeof(byte[]), "byte[]", [ValueTag.Bytes]),
        (typeof(long[]), "long[]", [ValueTag.Int64Array]),
    ];

    private static readonly HashSet<Type> s_supported = [.. All.Select(row => row.Type)];

    /// <summary>"bool, int, …, byte[] and long[]", for error messages.</summary>
    public static string Names { get; } = $"{string.Join(", ", All.Take(All.Count - 1).Select(row => row.Name))} and {All[^1].Name}";

    /// <summary>Whether values of <paramref name="type"/> travel.</summary>
    public static bool IsSupported(Type type) => s_supported.Contains(type);
}
