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
internal sealed partial class WorkerHost(Stream input, Stream output, ClaimTable? claims = null)
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

            Tracing.WorkerTrace.Write();
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
}
