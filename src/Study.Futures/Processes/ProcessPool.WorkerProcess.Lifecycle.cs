using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Study.Futures.Protocol;
using Study.Futures.Tracing;

namespace Study.Futures;

internal sealed partial class ProcessPool
{
    /// <summary>A worker process's life: starting it, its greeting, signals, its exit and how to describe it.</summary>
    private sealed partial class WorkerProcess
    {
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

            // A traced pool's workers write their events into a folder of their own (WorkerTrace).
            string? traceFolder = FuturesEventSource.Log.IsEnabled() ? Directory.CreateTempSubdirectory("study-trace-").FullName : null;
            if (traceFolder is not null)
            {
                start.Environment[WorkerTrace.Variable] = traceFolder;
            }

            long starting = FuturesEventSource.Now();
            var claims = ClaimTable.Create();
            SharedRings? rings = null;
            try
            {
                start.ArgumentList.Add("--parent");
                start.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                start.ArgumentList.Add("--claims");
                start.ArgumentList.Add(claims.Path);
                if (pool._options.Transport == WorkerTransport.SharedMemory)
                {
                    rings = SharedRings.Create();
                    start.ArgumentList.Add("--rings");
                    start.ArgumentList.Add(rings.Path);
                }

                var process = Process.Start(start)
                    ?? throw new InvalidOperationException($"Worker {index} did not start: {pool.WorkerPath}.");
                FuturesEventSource.Log.Emit(new TimelineEvent(starting, TimelineEventKind.WorkerStarting, process.Id, 0, index));
                return new WorkerProcess(pool, process, claims, rings) { TraceFolder = traceFolder };
            }
            catch
            {
                claims.Unlink();
                claims.Dispose();
                rings?.Unlink();
                rings?.Dispose();
                throw;
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

            FuturesEventSource.Log.Emit(TimelineEventKind.WorkerReady, ProcessId);

            // The worker has mapped its claim table and rings before saying hello: the names are no longer needed.
            _claims.Unlink();
            _rings?.Unlink();
        }

        /// <summary>Waits for a worker that closed its pipe on request to end; kills it after 5 s. Returns nothing to say.</summary>
        public string AwaitExit()
        {
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                Kill();
            }

            if (TraceFolder is not null)
            {
                FuturesEventSource.Log.Emit(TimelineEventKind.WorkerExited, ProcessId);
                WorkerTrace.Replay(TraceFolder, ProcessId, _traceIds ?? []);
                try
                {
                    Directory.Delete(TraceFolder, recursive: true);
                }
                catch (IOException)
                {
                    // A temporary folder left behind is not worth failing a shutdown for.
                }
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
                if (_rings is not null)
                {
                    _process.StandardInput.Dispose();
                }
            }

            _process.Dispose();
            _claims.Unlink();
            _claims.Dispose();
            _rings?.Unlink();
            _rings?.Dispose();
        }
    }

    private const int Terminate = 15; // SIGTERM

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int processId, int signal);
}
