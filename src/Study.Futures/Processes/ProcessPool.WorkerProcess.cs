using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Study.Futures.Protocol;

namespace Study.Futures;

internal sealed partial class ProcessPool
{
    /// <summary>
    /// One worker process and the parent's side of its pipes. Fields marked "pool lock" change only under the pool's
    /// lock; writes to the pipe happen outside it, one writer at a time.
    /// </summary>
    private sealed class WorkerProcess : IDisposable
    {
        private readonly ProcessPool _pool;
        private readonly Process _process;
        private readonly Stream _input;
        private readonly object _writeGate = new();
        private readonly List<InFlightCall> _inFlight = []; // pool lock, in the order sent
        private readonly HashSet<int> _defined = []; // pool lock
        private WireWriter _pending = new(); // pool lock
        private WireWriter _sending = new(); // write gate
        private int _tasksSent; // pool lock
        private bool _inputClosed; // write gate

        private WorkerProcess(ProcessPool pool, Process process)
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

        /// <summary>Calls sent and not answered; the first is running (or about to). Pool lock.</summary>
        public int InFlight => _inFlight.Count;

        /// <summary>It may be sent calls. Pool lock.</summary>
        public bool IsAccepting => !Retiring && !Closing;

        /// <summary>It may be sent calls and has none. Pool lock.</summary>
        public bool IsIdle => IsAccepting && _inFlight.Count == 0;

        /// <summary>Calls waiting behind the running one that no steal has asked for yet. Pool lock.</summary>
        public int StealableCalls
        {
            get
            {
                int count = 0;
                for (int i = _inFlight.Count - 1; i >= 1 && !_inFlight[i].StealRequested; i--)
                {
                    count++;
                }

                return count;
            }
        }

        public static WorkerProcess Start(ProcessPool pool, int index)
        {
            var start = new ProcessStartInfo
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = false,
            };
            if (pool.WorkerPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            {
                start.FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
                start.ArgumentList.Add(pool.WorkerPath);
            }
            else
            {
                start.FileName = pool.WorkerPath;
            }

            if (Future.SpinBudget != Future.DefaultSpinBudget)
            {
                start.Environment[WorkerProtocol.SpinVariable] = ((long)Future.SpinBudget.TotalMicroseconds).ToString(CultureInfo.InvariantCulture);
            }

            start.ArgumentList.Add("--parent");
            start.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            var process = Process.Start(start)
                ?? throw new InvalidOperationException($"Worker {index} did not start: {pool.WorkerPath}.");
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

        /// <summary>
        /// Buffers the call; returns the error of a value that cannot travel, for the caller to fail the future with
        /// outside the lock. Pool lock.
        /// </summary>
        public Exception? Send(IWorkItem item, long callId)
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
                return e;
            }

            _inFlight.Add(new InFlightCall(item, callId));
            if (++_tasksSent == _pool._options.MaxTasksPerChild)
            {
                Retiring = true;
            }

            return null;
        }

        /// <summary>Asks the worker to give back its last call that no steal has asked for yet. Pool lock.</summary>
        public void RequestSteal()
        {
            int last = _inFlight.FindLastIndex(call => !call.StealRequested);
            var call = _inFlight[last];
            call.StealRequested = true;
            _pending.BeginFrame(FrameKind.Steal);
            _pending.WriteInt64(call.CallId);
            _pending.EndFrame();
        }

        /// <summary>Takes back a call the worker gave up; it will not run there. Pool lock.</summary>
        public IWorkItem TakeStolen(long callId)
        {
            int index = _inFlight.FindIndex(call => call.CallId == callId);
            if (index < 0 || !_inFlight[index].StealRequested)
            {
                throw new InvalidDataException($"The worker gave back call {callId}, which was not asked for.");
            }

            var item = _inFlight[index].Item;
            _inFlight.RemoveAt(index);
            if (_tasksSent-- == _pool._options.MaxTasksPerChild)
            {
                Retiring = false;
            }

            return item;
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

        /// <summary>
        /// Takes the call <paramref name="callId"/> names: the oldest in flight, or one behind calls whose steal is still
        /// being answered. <paramref name="stealFailed"/> tells whether a steal had asked for it. Pool lock.
        /// </summary>
        public IWorkItem TakeCompleted(long callId, out bool stealFailed)
        {
            int index = 0;
            while (index < _inFlight.Count && _inFlight[index].CallId != callId && _inFlight[index].StealRequested)
            {
                index++;
            }

            if (index == _inFlight.Count || _inFlight[index].CallId != callId)
            {
                throw new InvalidDataException($"The worker answered call {callId}, which is not the next in flight.");
            }

            var call = _inFlight[index];
            _inFlight.RemoveAt(index);
            stealFailed = call.StealRequested;
            return call.Item;
        }

        /// <summary>Takes every call in flight, to fail them. Pool lock.</summary>
        public List<IWorkItem> TakeAllInFlight()
        {
            var items = _inFlight.Select(call => call.Item).ToList();
            _inFlight.Clear();
            return items;
        }

        /// <summary>Waits for a worker that closed its pipe on request to end; kills it after 5 s. Returns nothing to say.</summary>
        public string AwaitExit()
        {
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                Kill();
            }

            return string.Empty;
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

        public void Kill() => Signal(kill: true);

        /// <summary>Ends the process: SIGKILL, or SIGTERM (Windows has only TerminateProcess).</summary>
        public void Signal(bool kill)
        {
            try
            {
                if (kill || OperatingSystem.IsWindows())
                {
                    _process.Kill();
                }
                else
                {
                    _ = SendSignal(ProcessId, Terminate); // fails only if it has exited, which is what was asked
                }
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

        private sealed class InFlightCall(IWorkItem item, long callId)
        {
            public IWorkItem Item { get; } = item;

            public long CallId { get; } = callId;

            public bool StealRequested { get; set; }
        }
    }

    private const int Terminate = 15; // SIGTERM

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int processId, int signal);
}
