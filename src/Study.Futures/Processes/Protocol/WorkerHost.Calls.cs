using System.Diagnostics;
using Study.Futures.Tracing;

namespace Study.Futures.Protocol;

/// <summary>Running what the parent sends: definitions, the initializer and calls (one item, or a map chunk's).</summary>
internal sealed partial class WorkerHost
{
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
        long received = WorkerTrace.IsOn ? FuturesEventSource.Now() : 0;
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

        long cpu = 0;
        if (WorkerTrace.IsOn)
        {
            WorkerTrace.Record(new TimelineEvent(received, TimelineEventKind.TaskReceived, Environment.ProcessId, callId, 0));
            WorkerTrace.Record(TimelineEventKind.TaskStarted, callId);
            cpu = ThreadCpuTime.Now();
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
        if (WorkerTrace.IsOn)
        {
            WorkerTrace.Record(TimelineEventKind.TaskFinished, callId, cpu < 0 ? -1 : ThreadCpuTime.Now() - cpu);
        }

        lock (_outputGate)
        {
            WriteOutcome(callId, nanoseconds, items, error);
        }

        if (WorkerTrace.IsOn)
        {
            WorkerTrace.Record(TimelineEventKind.ResultSent, callId);
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
}
