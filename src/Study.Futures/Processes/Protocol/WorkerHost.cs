using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;

namespace Study.Futures.Protocol;

/// <summary>
/// The worker side of <see cref="WorkerProtocol"/>. Two threads share two roles: the reader blocks on the pipe and puts
/// what arrives in an inbox; the runner takes frames from the inbox in order and runs calls one at a time, each only once
/// it has claimed it in the <see cref="ClaimTable"/> (a call the parent withdrew is skipped). The thread that reads a
/// burst goes on to run it if no call is running, and the other thread takes over reading: no hand-over on the way
/// from the pipe to the call (an idle worker starts its call as soon as it is scheduled), and input is read while calls
/// run, so the parent's writes never wait for a busy worker and pipes never fill both ways. A result goes out at once
/// when the inbox is empty; otherwise the output thread sends it while the next call runs, with any that follow
/// meanwhile, so a burst of microsecond calls costs a few writes and no result waits for a long call behind it. The
/// worker program is a thin shell around <see cref="Run"/>; tests drive it over in-memory streams, without a claim table
/// (every call then runs).
/// </summary>
internal sealed class WorkerHost(Stream input, Stream output, ClaimTable? claims = null)
{
    private readonly FrameReader _frames = new(input); // reader role
    private readonly object _outputGate = new();
    private readonly object _writeGate = new();
    private readonly Dictionary<int, Function> _functions = []; // runner role
    private readonly Queue<InboxFrame> _inbox = []; // gate
    private readonly object _gate = new();
    private WireWriter _writer = new(); // output gate: frames not yet sent
    private WireWriter _sending = new(); // write gate
    private volatile int _inboxCount;
    private bool _reading; // gate: a thread holds the reader role
    private bool _running; // gate: a thread holds the runner role
    private int _waiting; // gate: threads waiting for a role
    private bool _inputEnded; // gate
    private Exception? _inputError; // gate
    private int? _exitCode; // gate: set once, by the runner that ends the worker
    private bool _flushRequested; // output gate
    private bool _outputEnded; // output gate
    private Exception? _outputError; // write gate

    private enum Role
    {
        Read,
        Run,
    }

    /// <summary>Serves until the parent closes the input; returns the process exit code.</summary>
    public int Run()
    {
        var flusher = new Thread(SendDeferred) { IsBackground = true, Name = "worker output" };
        try
        {
            lock (_outputGate)
            {
                _writer.BeginFrame(FrameKind.Hello);
                _writer.WriteUInt16(WorkerProtocol.Version);
                _writer.WriteInt32(Environment.ProcessId);
                _writer.EndFrame();
            }

            Flush();
            flusher.Start();
            new Thread(() => Serve()) { IsBackground = true, Name = "worker second" }.Start();
            return Serve();
        }
        catch (IOException)
        {
            return WorkerProtocol.OrphanedExitCode;
        }
        finally
        {
            lock (_outputGate)
            {
                _outputEnded = true;
                Monitor.Pulse(_outputGate);
            }
        }
    }

    /// <summary>What both threads do: take whichever role is free and needed, until the worker's exit code is known.</summary>
    private int Serve()
    {
        while (true)
        {
            Role role;
            lock (_gate)
            {
                while (true)
                {
                    if (_exitCode is int exit)
                    {
                        return exit;
                    }

                    if (!_running && (_inbox.Count > 0 || _inputEnded))
                    {
                        _running = true;
                        role = Role.Run;
                        break;
                    }

                    if (!_reading && !_inputEnded)
                    {
                        _reading = true;
                        role = Role.Read;
                        break;
                    }

                    _waiting++;
                    Monitor.Wait(_gate);
                    _waiting--;
                }
            }

            if (role == Role.Read)
            {
                ReadBurst();
            }
            else if (RunInbox() is int exit)
            {
                lock (_gate)
                {
                    _exitCode = exit;
                    Monitor.PulseAll(_gate);
                }

                return exit;
            }
        }
    }

    /// <summary>
    /// The reader role: blocks for the next frame and takes every other frame already read with it, then gives the role
    /// up, waking the other thread to take it (or to run what was read).
    /// </summary>
    private void ReadBurst()
    {
        var burst = new List<InboxFrame>();
        bool ended = false;
        Exception? error = null;
        try
        {
            do
            {
                if (!_frames.TryRead(out var kind, out var payload))
                {
                    ended = true;
                    break;
                }

                burst.Add(new InboxFrame(kind, payload.ToArray()));
            }
            while (_frames.HasBufferedFrame);
        }
#pragma warning disable CA1031 // A malformed frame or a broken pipe ends the input; the runner reports it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            (ended, error) = (true, e);
        }

        lock (_gate)
        {
            foreach (var frame in burst)
            {
                _inbox.Enqueue(frame);
            }

            _inboxCount = _inbox.Count;
            _inputEnded |= ended;
            _inputError ??= error;
            _reading = false;
            if (_waiting > 0)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>
    /// The runner role: runs the inbox's frames in order until it is empty, then gives the role up; returns the exit code
    /// once the input has ended (or a frame, the initializer or the pipe ends the worker).
    /// </summary>
    private int? RunInbox()
    {
        bool first = true;
        try
        {
            while (true)
            {
                InboxFrame? frame;
                Exception? inputError;
                lock (_gate)
                {
                    if (!_inbox.TryDequeue(out frame) && !_inputEnded)
                    {
                        _running = false;
                        if (_waiting > 0)
                        {
                            Monitor.PulseAll(_gate);
                        }

                        return null;
                    }

                    _inboxCount = _inbox.Count;
                    inputError = _inputError;
                }

                if (frame is null)
                {
                    Flush();
                    return inputError switch
                    {
                        null => 0,
                        InvalidDataException invalid => throw new InvalidDataException(invalid.Message, invalid),
                        var other => throw new IOException(other.Message, other),
                    };
                }

                if (Process(frame) is int exit)
                {
                    return exit;
                }

                // The first call's result of a burst goes out at once too: a caller taking results in order (a map) can
                // use it while the rest run.
                bool firstResult = first && frame.Kind == FrameKind.Call;
                if (_inboxCount == 0 || firstResult)
                {
                    Flush();
                }
                else
                {
                    RequestDeferredFlush();
                }

                first &= !firstResult;
            }
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

    /// <summary>Runs one frame from the parent; returns an exit code if it ends the worker (a failed initializer).</summary>
    private int? Process(InboxFrame frame)
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

        return payload.AtEnd ? null : throw new InvalidDataException($"A {frame.Kind} frame has trailing bytes.");
    }

    /// <summary>Sends every frame written so far, in order.</summary>
    private void Flush()
    {
        lock (_writeGate)
        {
            if (_outputError is { } error)
            {
                throw new IOException(error.Message, error);
            }

            lock (_outputGate)
            {
                (_writer, _sending) = (_sending, _writer);
                _flushRequested = false;
            }

            try
            {
                _sending.WriteTo(output);
            }
            catch (IOException e)
            {
                _outputError = e;
                throw;
            }
        }
    }

    /// <summary>Asks the output thread to send what is written, while this thread runs the next call.</summary>
    private void RequestDeferredFlush()
    {
        lock (_outputGate)
        {
            if (!_flushRequested && _writer.Length > 0)
            {
                _flushRequested = true;
                Monitor.Pulse(_outputGate);
            }
        }
    }

    /// <summary>The output thread: sends results the main thread left for it, until the worker ends.</summary>
    private void SendDeferred()
    {
        try
        {
            while (true)
            {
                lock (_outputGate)
                {
                    while (!_flushRequested && !_outputEnded)
                    {
                        Monitor.Wait(_outputGate);
                    }

                    if (_outputEnded)
                    {
                        return;
                    }
                }

                Flush();
            }
        }
        catch (IOException)
        {
            // The parent is gone; the main thread finds out on its next write and exits.
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
        int slot = reader.ReadInt32();
        var function = Lookup(reader.ReadInt32());
        int count = reader.ReadCount();
        CallItems items = function.Kernel is { } kernel
            ? new KernelItems(kernel, count, ref reader)
            : new ReflectedItems(function, count, ref reader);
        if (claims is not null && !claims.TryClaim(slot, callId))
        {
            return; // withdrawn by the parent: cancelled, or moved to an idle worker
        }

        long start = Stopwatch.GetTimestamp();
        Exception? error = function.Error;
        if (error is null)
        {
            try
            {
                items.Run();
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
            WriteOutcome(callId, nanoseconds, items, error);
        }
    }

    private void WriteOutcome(long callId, long nanoseconds, CallItems items, Exception? error)
    {
        if (error is null)
        {
            _writer.BeginFrame(FrameKind.Result);
            _writer.WriteInt64(callId);
            _writer.WriteInt64(nanoseconds);
            try
            {
                items.WriteResults(_writer);
                _writer.EndFrame();
                return;
            }
            catch (ArgumentException e)
            {
                _writer.AbandonFrame();
                error = e;
            }
        }

        _writer.BeginFrame(FrameKind.Error);
        _writer.WriteInt64(callId);
        _writer.WriteInt64(nanoseconds);
        WriteException(error);
        _writer.EndFrame();
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
                return Function.Of(method);
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
            return Function.Of(method);
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

    /// <summary>A frame waiting in the inbox.</summary>
    private sealed record InboxFrame(FrameKind Kind, byte[] Payload);

    /// <summary>The items of one call frame (one, or a map chunk's), run in order; the first exception stops them.</summary>
    private abstract class CallItems
    {
        public abstract void Run();

        /// <summary>Writes <c>i32 count | values</c>; throws <see cref="ArgumentException"/> for a result that cannot travel.</summary>
        public abstract void WriteResults(WireWriter writer);
    }

    /// <summary>Any function, through reflection: boxed arguments and results.</summary>
    private sealed class ReflectedItems : CallItems
    {
        private readonly Function _function;
        private readonly object?[][] _arguments;
        private readonly object?[] _results;

        public ReflectedItems(Function function, int count, ref WireReader reader)
        {
            _function = function;
            _arguments = new object?[count][];
            _results = new object?[count];
            for (int i = 0; i < count; i++)
            {
                _arguments[i] = ReadArguments(ref reader, function.Arity);
            }
        }

        public override void Run()
        {
            for (int i = 0; i < _arguments.Length; i++)
            {
                _results[i] = _function.Invoke(_arguments[i]);
            }
        }

        public override void WriteResults(WireWriter writer)
        {
            writer.WriteInt32(_results.Length);
            foreach (object? result in _results)
            {
                writer.WriteObject(result);
            }
        }
    }

    /// <summary>
    /// A function with the kernel's signature, <c>long → Int128</c>, through a typed delegate: no reflection and no
    /// boxing, which in a map chunk cost several times the kernel's own work on small items.
    /// </summary>
    private sealed class KernelItems : CallItems
    {
        private readonly Func<long, Int128> _kernel;
        private readonly long[] _items;
        private readonly Int128[] _results;

        public KernelItems(Func<long, Int128> kernel, int count, ref WireReader reader)
        {
            _kernel = kernel;
            _items = new long[count];
            _results = new Int128[count];
            for (int i = 0; i < count; i++)
            {
                _items[i] = reader.ReadValue<long>();
            }
        }

        public override void Run()
        {
            for (int i = 0; i < _items.Length; i++)
            {
                _results[i] = _kernel(_items[i]);
            }
        }

        public override void WriteResults(WireWriter writer)
        {
            writer.WriteInt32(_results.Length);
            foreach (var result in _results)
            {
                writer.WriteValue(result);
            }
        }
    }

    private readonly record struct FunctionName(string Assembly, string AssemblyPath, string Type, string Method)
    {
        public override string ToString() => $"{Type}.{Method} in {Assembly}";
    }

    private sealed record Function(MethodInfo? Method, int Arity, Exception? Error)
    {
        /// <summary>The method as a typed delegate if it has the kernel's signature, <c>long → Int128</c>; else null.</summary>
        public Func<long, Int128>? Kernel { get; init; }

        public static Function Of(MethodInfo method)
        {
            var parameters = method.GetParameters();
            return new Function(method, parameters.Length, null)
            {
                Kernel = parameters is [{ ParameterType: var type }] && type == typeof(long) && method.ReturnType == typeof(Int128)
                    ? method.CreateDelegate<Func<long, Int128>>()
                    : null,
            };
        }

        public object? Invoke(object?[] arguments) =>
            Method!.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
    }
}
