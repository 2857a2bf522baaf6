
namespace Study.Futures.Protocol;

/// <summary>
/// The worker's output: frames are written into a buffer under the output gate and sent in order, at once when
/// nothing else is waiting to run, otherwise by the output thread while the next call runs.
/// </summary>
internal sealed partial class WorkerHost
{
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

    private void WriteException(Exception e)
    {
        var type = e.GetType();
        _writer.WriteString($"{type.FullName}, {type.Assembly.GetName().Name}");
        _writer.WriteString(e.Message);
        _writer.WriteString(e.ToString());
    }
}
