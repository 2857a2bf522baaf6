using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;

namespace Study.Futures.Protocol;

/// <summary>
/// The worker side of <see cref="WorkerProtocol"/>: reads frames from the parent, runs calls one at a time on this
/// thread, and writes results, sending them in one write whenever no further frame is already buffered.
/// The worker program is a thin shell around <see cref="Run"/>; tests drive it over in-memory streams.
/// </summary>
internal sealed class WorkerHost(Stream input, Stream output)
{
    private readonly FrameReader _reader = new(input);
    private readonly WireWriter _writer = new();
    private readonly Dictionary<int, Function> _functions = [];

    /// <summary>Serves until the parent closes the input; returns the process exit code.</summary>
    public int Run()
    {
        try
        {
            _writer.BeginFrame(FrameKind.Hello);
            _writer.WriteUInt16(WorkerProtocol.Version);
            _writer.WriteInt32(Environment.ProcessId);
            _writer.EndFrame();
            _writer.WriteTo(output);

            while (_reader.TryRead(out var kind, out var payload))
            {
                var reader = new WireReader(payload);
                switch (kind)
                {
                    case FrameKind.Define:
                        Define(ref reader);
                        break;
                    case FrameKind.Call:
                        Call(ref reader);
                        break;
                    case FrameKind.Initialize:
                        if (!Initialize(ref reader))
                        {
                            _writer.WriteTo(output);
                            return WorkerProtocol.InitializerFailedExitCode;
                        }

                        break;
                    default:
                        throw new InvalidDataException($"Unexpected frame kind {(byte)kind}.");
                }

                if (!reader.AtEnd)
                {
                    throw new InvalidDataException($"A {kind} frame has trailing bytes.");
                }

                if (!_reader.HasBufferedFrame)
                {
                    _writer.WriteTo(output);
                }
            }

            _writer.WriteTo(output);
            return 0;
        }
        catch (InvalidDataException e)
        {
            Console.Error.WriteLine($"Study.Worker: malformed frame from the parent: {e.Message}");
            return WorkerProtocol.ProtocolErrorExitCode;
        }
        catch (IOException)
        {
            // The parent closed the pipe while results were being written: it is gone, so is our work.
            return WorkerProtocol.OrphanedExitCode;
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
        _writer.WriteInt32(count);
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
            _writer.BeginFrame(FrameKind.InitializerFailed);
            WriteException(e);
            _writer.EndFrame();
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
