using System.Diagnostics;
using System.Globalization;
using Study.Futures.Protocol;

namespace Study.Futures;

public sealed partial class ProcessPoolExecutor
{
    /// <summary>
    /// One worker process and the parent's side of its pipes. Fields marked "pool lock" change only under the pool's
    /// lock; writes to the pipe happen outside it, one writer at a time.
    /// </summary>
    private sealed class WorkerProcess : IDisposable
    {
        private readonly ProcessPoolExecutor _pool;
        private readonly Process _process;
        private readonly Stream _input;
        private readonly object _writeGate = new();
        private readonly Queue<InFlightCall> _inFlight = new(); // pool lock
        private readonly HashSet<int> _defined = []; // pool lock
        private WireWriter _pending = new(); // pool lock
        private WireWriter _sending = new(); // write gate
        private int _inFlightBytes; // pool lock
        private int _tasksSent; // pool lock
        private double _meanCallSeconds = double.NaN; // pool lock
        private int _credit = 1; // pool lock
        private bool _inputClosed; // write gate

        private WorkerProcess(ProcessPoolExecutor pool, Process process)
        {
            _pool = pool;
            _process = process;
            ProcessId = process.Id;
            _input = process.StandardInput.BaseStream;
            Reader = new FrameReader(process.StandardOutput.BaseStream);
        }

        public int ProcessId { get; }

        /// <summary>Read by the worker's reader thread only.</summary>
        public FrameReader Reader { get; }

        /// <summary>It has been sent its last call (max tasks per child). Pool lock.</summary>
        public bool Retiring { get; private set; }

        /// <summary>Its pipe is to be closed, which asks it to exit. Pool lock.</summary>
        public bool Closing { get; set; }

        public int InFlight => _inFlight.Count;

        public bool CanTakeCall =>
            !Retiring && !Closing && InFlight < _credit && (InFlight == 0 || _inFlightBytes < MaxInFlightBytes);

        public static WorkerProcess Start(ProcessPoolExecutor pool, int index)
        {
            var start = new ProcessStartInfo
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = false,
            };
            if (pool._workerPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            {
                start.FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
                start.ArgumentList.Add(pool._workerPath);
            }
            else
            {
                start.FileName = pool._workerPath;
            }

            start.ArgumentList.Add("--parent");
            start.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            var process = Process.Start(start)
                ?? throw new InvalidOperationException($"Worker {index} did not start: {pool._workerPath}.");
            return new WorkerProcess(pool, process);
        }

        public void SendInitialize(FunctionDefinition function, object?[] arguments)
        {
            Define(function);
            _pending.BeginFrame(FrameKind.Initialize);
            _pending.WriteInt32(function.Id);
            foreach (object? argument in arguments)
            {
                _pending.WriteObject(argument);
            }

            _pending.EndFrame();
        }

        /// <summary>Buffers the call; a value that cannot travel fails its future instead. Pool lock.</summary>
        public void Send(IWorkItem item, long callId)
        {
            var function = item.Definition!;
            Define(function);
            int start = _pending.Length;
            try
            {
                _pending.BeginFrame(FrameKind.Call);
                _pending.WriteInt64(callId);
                _pending.WriteInt32(function.Id);
                _pending.WriteInt32(item.ItemCount);
                for (int i = 0; i < item.ItemCount; i++)
                {
                    item.WriteItemArguments(_pending, i);
                }

                _pending.EndFrame();
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException)
            {
                _pending.AbandonFrame();
                item.Fail(e);
                return;
            }

            int bytes = _pending.Length - start;
            _inFlight.Enqueue(new InFlightCall(item, callId, bytes));
            _inFlightBytes += bytes;
            if (++_tasksSent == _pool._options.MaxTasksPerChild)
            {
                Retiring = true;
            }
        }

        /// <summary>Sends what is buffered, and closes the pipe if the worker is to exit.</summary>
        public void Flush()
        {
            lock (_writeGate)
            {
                bool close;
                lock (_pool._gate)
                {
                    (_pending, _sending) = (_sending, _pending);
                    close = Closing;
                }

                if (_inputClosed)
                {
                    return;
                }

                try
                {
                    _sending.WriteTo(_input);
                    if (close)
                    {
                        _inputClosed = true;
                        _input.Dispose();
                    }
                }
                catch (IOException)
                {
                    // The worker is gone; its reader thread sees the closed pipe and reports it.
                }
                finally
                {
                    _sending.AbandonFrame();
                }
            }
        }

        public void ReadHello()
        {
            if (!Reader.TryRead(out var kind, out var payload) || kind != FrameKind.Hello)
            {
                throw new InvalidDataException("The worker did not start with a hello frame.");
            }

            var reader = new WireReader(payload);
            ushort version = reader.ReadUInt16();
            if (version != WorkerProtocol.Version)
            {
                throw new InvalidDataException($"The worker speaks protocol version {version}, the pool {WorkerProtocol.Version}.");
            }
        }

        /// <summary>Takes the oldest call in flight, which <paramref name="callId"/> must name. Pool lock.</summary>
        public IWorkItem TakeCompleted(long callId, long nanoseconds)
        {
            if (!_inFlight.TryDequeue(out var call) || call.CallId != callId)
            {
                throw new InvalidDataException($"The worker answered call {callId}, which is not the next in flight.");
            }

            _inFlightBytes -= call.Bytes;
            double seconds = Math.Max(nanoseconds, 1) * 1e-9;
            _meanCallSeconds = double.IsNaN(_meanCallSeconds) ? seconds : (_meanCallSeconds + seconds) / 2;
            _credit = (int)Math.Clamp(QueueBudget.TotalSeconds / _meanCallSeconds, 1, MaxCredit);
            return call.Item;
        }

        /// <summary>Takes every call in flight, to fail them. Pool lock.</summary>
        public List<IWorkItem> TakeAllInFlight()
        {
            var items = _inFlight.Select(call => call.Item).ToList();
            _inFlight.Clear();
            _inFlightBytes = 0;
            return items;
        }

        /// <summary>How the process ended, for the broken pool's message.</summary>
        public string DescribeExit()
        {
            if (!_process.WaitForExit(TimeSpan.FromSeconds(1)))
            {
                Kill();
                return "closed its pipe and did not exit";
            }

            int code = _process.ExitCode;
            return !OperatingSystem.IsWindows() && code > 128
                ? $"exit code {code}, signal {code - 128}"
                : $"exit code {code}";
        }

        public void Kill()
        {
            try
            {
                _process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
        }

        public void Dispose()
        {
            lock (_writeGate)
            {
                _inputClosed = true;
                _input.Dispose();
            }

            _process.Dispose();
        }

        private void Define(FunctionDefinition function)
        {
            if (_defined.Add(function.Id))
            {
                function.WriteDefinition(_pending);
            }
        }

        private readonly record struct InFlightCall(IWorkItem Item, long CallId, int Bytes);
    }
}
