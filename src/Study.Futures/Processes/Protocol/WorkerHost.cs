using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;

namespace Study.Futures.Protocol;

/// <summary>
/// The worker side of <see cref="WorkerProtocol"/>. An input thread reads every frame from the parent as it arrives
/// into an inbox, so the parent's writes never wait for a busy worker and a <c>Steal</c> is answered at once; this
/// thread takes frames from the inbox in order and runs calls one at a time, sending results in one write whenever
/// the inbox is empty. The worker program is a thin shell around <see cref="Run"/>; tests drive it over in-memory streams.
/// </summary>
internal sealed class WorkerHost(Stream input, Stream output)
{
    /// <summary>
    /// How long an idle worker spins for the next frame before it blocks (a blocked wake-up costs ~20 µs here): 50 µs, or
    /// half the parent's budget that the pool passed in <see cref="WorkerProtocol.SpinVariable"/>.
    /// </summary>
    private static readonly long SpinTicks =
        (long.TryParse(Environment.GetEnvironmentVariable(WorkerProtocol.SpinVariable), NumberStyles.None, CultureInfo.InvariantCulture, out long microseconds)
            ? microseconds / 2 : 50) * Stopwatch.Frequency / 1_000_000;

    private readonly WireWriter _writer = new(); // output gate
    private readonly object _outputGate = new();
    private readonly Dictionary<int, Function> _functions = [];
    private readonly LinkedList<InboxFrame> _inbox = []; // inbox gate
    private readonly object _inboxGate = new();
    private volatile int _inboxCount;
    private bool _inputEnded; // inbox gate
    private Exception? _inputError; // inbox gate

    /// <summary>Serves until the parent closes the input; returns the process exit code.</summary>
    public int Run()
    {
        try
        {
            lock (_outputGate)
            {
                _writer.BeginFrame(FrameKind.Hello);
                _writer.WriteUInt16(WorkerProtocol.Version);
                _writer.WriteInt32(Environment.ProcessId);
                _writer.EndFrame();
                _writer.WriteTo(output);
            }

            var reader = new Thread(ReadInput) { IsBackground = true, Name = "worker input" };
            reader.Start();
            while (Take() is { } frame)
            {
                var payload = new WireReader(frame.Payload);
                switch (frame.Kind)
                {
                    case FrameKind.Define:
                        Define(ref payload);
                        break;
                    case FrameKind.Call:
                        Call(ref payload);
                        break;
                    case FrameKind.Initialize:
                        if (!Initialize(ref payload))
                        {
                            Flush();
                            return WorkerProtocol.InitializerFailedExitCode;
                        }

                        break;
                    default:
                        throw new InvalidDataException($"Unexpected frame kind {(byte)frame.Kind}.");
                }

                if (!payload.AtEnd)
                {
                    throw new InvalidDataException($"A {frame.Kind} frame has trailing bytes.");
                }

                if (_inboxCount == 0)
                {
                    Flush();
                }
            }

            Flush();
            return 0;
        }
        catch (InvalidDataException e)
        {
            Flush();
            Console.Error.WriteLine($"Study.Worker: malformed frame from the parent: {e.Message}");
            return WorkerProtocol.ProtocolErrorExitCode;
        }
        catch (IOException)
        {
            // The parent closed the pipe while results were being written: it is gone, so is our work.
            return WorkerProtocol.OrphanedExitCode;
        }
    }

    /// <summary>
    /// The input thread: frames go to the inbox, steals are answered here, at once. The frames of one read are published
    /// together, so the main thread sees a burst of calls as one and sends their results in one write.
    /// </summary>
    private void ReadInput()
    {
        var frames = new FrameReader(input);
        var burst = new List<InboxFrame>();
        try
        {
            while (frames.TryRead(out var kind, out var payload))
            {
                if (kind == FrameKind.Steal)
                {
                    Publish(burst);
                    var reader = new WireReader(payload);
                    Steal(reader.ReadInt64());
                    continue;
                }

                long callId = kind == FrameKind.Call && payload.Length >= 8 ? BinaryPrimitives.ReadInt64LittleEndian(payload) : -1;
                burst.Add(new InboxFrame(kind, callId, payload.ToArray()));
                if (!frames.HasBufferedFrame)
                {
                    Publish(burst);
                }
            }
        }
#pragma warning disable CA1031 // A malformed frame or a broken pipe ends the input; the main thread reports it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            lock (_inboxGate)
            {
                _inputError = e;
            }
        }

        Publish(burst);
        lock (_inboxGate)
        {
            _inputEnded = true;
            Monitor.Pulse(_inboxGate);
        }
    }

    private void Publish(List<InboxFrame> burst)
    {
        if (burst.Count == 0)
        {
            return;
        }

        lock (_inboxGate)
        {
            foreach (var frame in burst)
            {
                _inbox.AddLast(frame);
            }

            _inboxCount = _inbox.Count;
            Monitor.Pulse(_inboxGate);
        }

        burst.Clear();
    }

    /// <summary>Takes the next frame, spinning briefly and then blocking while there is none; null at the end of input.</summary>
    private InboxFrame? Take()
    {
        long spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
        var spinner = default(SpinWait);
        while (_inboxCount == 0 && Stopwatch.GetTimestamp() < spinUntil)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        lock (_inboxGate)
        {
            while (_inbox.Count == 0)
            {
                if (_inputEnded)
                {
                    return _inputError switch
                    {
                        null => null,
                        InvalidDataException invalid => throw new InvalidDataException(invalid.Message, invalid),
                        var other => throw new IOException(other.Message, other),
                    };
                }

                Monitor.Wait(_inboxGate);
            }

            var frame = _inbox.First!.Value;
            _inbox.RemoveFirst();
            _inboxCount = _inbox.Count;
            return frame;
        }
    }

    /// <summary>Gives a call back to the parent if it has not started; a call that has started just runs.</summary>
    private void Steal(long callId)
    {
        bool stolen = false;
        lock (_inboxGate)
        {
            for (var node = _inbox.First; node is not null; node = node.Next)
            {
                if (node.Value.CallId == callId)
                {
                    _inbox.Remove(node);
                    _inboxCount = _inbox.Count;
                    stolen = true;
                    break;
                }
            }
        }

        if (stolen)
        {
            lock (_outputGate)
            {
                // At once, with any results still buffered: an idle worker of the parent is waiting for this call.
                _writer.BeginFrame(FrameKind.Stolen);
                _writer.WriteInt64(callId);
                _writer.EndFrame();
                _writer.WriteTo(output);
            }
        }
    }

    private void Flush()
    {
        lock (_outputGate)
        {
            _writer.WriteTo(output);
        }
    }

    private void Define(ref WireReader reader)
    {
        int id = reader.ReadInt32();
        var name = new FunctionName(reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString());
        int count = reader.ReadCount();
        var parameters = new string[count];
        for (int i = 0; i < count; i++)
        {
            parameters[i] = reader.ReadString();
        }

        int token = reader.ReadInt32();
        _functions[id] = ResolveByToken(name, token, parameters) ?? Resolve(name, parameters);
    }

    private void Call(ref WireReader reader)
    {
        long callId = reader.ReadInt64();
        var function = Lookup(reader.ReadInt32());
        int count = reader.ReadCount();
        var arguments = new object?[count][];
        for (int i = 0; i < count; i++)
        {
            arguments[i] = ReadArguments(ref reader, function.Arity);
        }

        long start = Stopwatch.GetTimestamp();
        var results = new object?[count];
        Exception? error = function.Error;
        for (int i = 0; i < count && error is null; i++)
        {
            try
            {
                results[i] = function.Invoke(arguments[i]);
            }
#pragma warning disable CA1031 // The call's exception is its outcome: it goes back to the parent.
            catch (Exception e)
#pragma warning restore CA1031
            {
                error = e;
            }
        }

        long nanoseconds = (long)Stopwatch.GetElapsedTime(start).TotalNanoseconds;
        lock (_outputGate)
        {
            WriteOutcome(callId, nanoseconds, results, error);
        }
    }

    private void WriteOutcome(long callId, long nanoseconds, object?[] results, Exception? error)
    {
        if (error is not null)
        {
            _writer.BeginFrame(FrameKind.Error);
            _writer.WriteInt64(callId);
            _writer.WriteInt64(nanoseconds);
            WriteException(error);
            _writer.EndFrame();
            return;
        }

        _writer.BeginFrame(FrameKind.Result);
        _writer.WriteInt64(callId);
        _writer.WriteInt64(nanoseconds);
        _writer.WriteInt32(results.Length);
        try
        {
            foreach (object? result in results)
            {
                _writer.WriteObject(result);
            }

            _writer.EndFrame();
        }
        catch (ArgumentException e)
        {
            _writer.AbandonFrame();
            _writer.BeginFrame(FrameKind.Error);
            _writer.WriteInt64(callId);
            _writer.WriteInt64(nanoseconds);
            WriteException(e);
            _writer.EndFrame();
        }
    }

    private bool Initialize(ref WireReader reader)
    {
        var function = Lookup(reader.ReadInt32());
        var arguments = ReadArguments(ref reader, function.Arity);
        try
        {
            if (function.Error is { } error)
            {
                throw error;
            }

            function.Invoke(arguments);
            return true;
        }
#pragma warning disable CA1031 // Any initializer failure is reported to the parent, which breaks the pool, as in CPython.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"Study.Worker: exception in initializer: {e}");
            lock (_outputGate)
            {
                _writer.BeginFrame(FrameKind.InitializerFailed);
                WriteException(e);
                _writer.EndFrame();
            }

            return false;
        }
    }

    private Function Lookup(int id) =>
        _functions.TryGetValue(id, out var function) ? function : throw new InvalidDataException($"Function {id} was never defined.");

    private static object?[] ReadArguments(ref WireReader reader, int arity)
    {
        var arguments = new object?[arity];
        for (int i = 0; i < arity; i++)
        {
            arguments[i] = reader.ReadObject();
        }

        return arguments;
    }

    private void WriteException(Exception e)
    {
        var type = e.GetType();
        _writer.WriteString($"{type.FullName}, {type.Assembly.GetName().Name}");
        _writer.WriteString(e.Message);
        _writer.WriteString(e.ToString());
    }

    /// <summary>
    /// The fast path: the metadata token, checked against the names. Parsing a type name costs milliseconds on a JIT
    /// worker's first call; resolving a token does not. Null if the token does not name that very method here.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "A method the worker lacks falls back to the names, and then to an error.")]
    private static Function? ResolveByToken(FunctionName name, int token, string[] parameters)
    {
        try
        {
            var assembly = LoadAssembly(name.Assembly, name.AssemblyPath);
            if (assembly.ManifestModule.ResolveMethod(token) is MethodInfo { IsStatic: true, IsGenericMethodDefinition: false } method
                && method.Name == name.Method
                && method.DeclaringType?.FullName == name.Type
                && ParametersMatch(method, parameters))
            {
                return new Function(method, parameters.Length, null);
            }
        }
#pragma warning disable CA1031 // NativeAOT cannot resolve tokens, and a token may name nothing here: fall back to names.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return null;
    }

    private static bool ParametersMatch(MethodInfo method, string[] parameters)
    {
        var actual = method.GetParameters();
        if (actual.Length != parameters.Length)
        {
            return false;
        }

        for (int i = 0; i < actual.Length; i++)
        {
            if (actual[i].ParameterType.FullName != parameters[i])
            {
                return false;
            }
        }

        return true;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The worker roots every assembly it ships; a function it lacks is reported to the caller.")]
    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "As above: functions are looked up by name, as pickle does.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "As above.")]
    private static Function Resolve(FunctionName name, string[] parameters)
    {
        try
        {
            var assembly = LoadAssembly(name.Assembly, name.AssemblyPath);
            var type = assembly.GetType(name.Type, throwOnError: true)!;
            var method = type
                .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .SingleOrDefault(m => m.Name == name.Method && !m.IsGenericMethodDefinition && ParametersMatch(m, parameters))
                ?? throw new MissingMethodException($"{name} has no static method ({string.Join(", ", parameters)}).");
            return new Function(method, parameters.Length, null);
        }
#pragma warning disable CA1031 // A function that cannot be found fails its calls, not the worker.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new Function(null, parameters.Length, new MissingMethodException($"The worker cannot find {name}: {e.Message}", e));
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Loading by path is the JIT worker's way to reach a caller's assembly; the NativeAOT worker refuses it with a clear error.")]
    private static Assembly LoadAssembly(string name, string path)
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name);
        if (loaded is not null)
        {
            return loaded;
        }

        try
        {
            return Assembly.Load(new AssemblyName(name));
        }
        catch (FileNotFoundException) when (path.Length > 0 && File.Exists(path))
        {
            // A NativeAOT worker throws PlatformNotSupportedException here: it has only what was compiled into it.
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        }
    }

    /// <summary>A frame waiting in the inbox; <paramref name="CallId"/> is -1 for anything but a call.</summary>
    private sealed record InboxFrame(FrameKind Kind, long CallId, byte[] Payload);

    private readonly record struct FunctionName(string Assembly, string AssemblyPath, string Type, string Method)
    {
        public override string ToString() => $"{Type}.{Method} in {Assembly}";
    }

    private sealed record Function(MethodInfo? Method, int Arity, Exception? Error)
    {
        public object? Invoke(object?[] arguments) =>
            Method!.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
    }
}
