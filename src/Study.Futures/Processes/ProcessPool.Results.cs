using Study.Futures.Protocol;

namespace Study.Futures;

/// <summary>
/// The results side of the pool: each worker's reader thread completes futures from its result frames, and a worker's
/// exit (expected or not) is handled here.
/// </summary>
internal sealed partial class ProcessPool
{
    /// <summary>A worker's reader thread: completes futures from its results until the worker exits.</summary>
    private void Read(WorkerProcess worker)
    {
        t_readingFor = this;
        Exception? failure = null;
        try
        {
            worker.ReadHello();
            while (worker.Reader.TryRead(out var kind, out var payload))
            {
                var reader = new WireReader(payload);
                switch (kind)
                {
                    case FrameKind.Result or FrameKind.Error:
                        Complete(worker, kind, ref reader);
                        break;
                    case FrameKind.InitializerFailed:
                        throw new BrokenProcessPoolException(
                            "A process in the process pool failed its initializer, the process pool is not usable anymore",
                            RemoteExceptions.Read(ref reader));
                    default:
                        throw new InvalidDataException($"Unexpected frame kind {(byte)kind} from a worker.");
                }

                if (!reader.AtEnd)
                {
                    throw new InvalidDataException($"A {kind} frame from a worker has trailing bytes.");
                }

                if (!worker.Reader.HasBufferedFrame)
                {
                    Dispatched dispatched;
                    lock (_gate)
                    {
                        dispatched = Dispatch(answered: worker);
                    }

                    Finish(dispatched);
                }
            }
        }
#pragma warning disable CA1031 // Whatever ends the conversation with a worker is reported through the broken pool.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }

        OnWorkerExited(worker, failure);
    }

    /// <summary>Finishes a call's future from its frame; a frame that does not decode fails that future too.</summary>
    private void Complete(WorkerProcess worker, FrameKind kind, ref WireReader reader)
    {
        long callId = reader.ReadInt64();
        long nanoseconds = reader.ReadInt64();
        IWorkItem item;
        lock (_gate)
        {
            item = worker.TakeCompleted(callId);
            _computeCalls++;
            _computeNanoseconds += nanoseconds;
            _meanCallNanoseconds = _meanCallNanoseconds <= 0 ? nanoseconds : (_meanCallNanoseconds * 3 + nanoseconds) / 4;
        }

        if (item.TraceId != 0)
        {
            Tracing.FuturesEventSource.Log.Emit(Tracing.TimelineEventKind.ResultReceived, worker.ProcessId, item.TraceId);
        }

        try
        {
            if (kind == FrameKind.Error)
            {
                item.Fail(RemoteExceptions.Read(ref reader));
            }
            else
            {
                item.Complete(ref reader, reader.ReadCount());
            }
        }
        catch (InvalidDataException e)
        {
            item.Fail(new BrokenProcessPoolException($"A worker process broke the protocol ({e.Message}), the process pool is not usable anymore", e));
            throw;
        }
    }

    /// <summary>
    /// A worker's pipe closed. If the pool asked it to exit, it is gone for good and may be replaced; otherwise the
    /// pool is broken, as CPython's is when a child terminates abruptly.
    /// </summary>
    private void OnWorkerExited(WorkerProcess worker, Exception? failure)
    {
        bool expected;
        lock (_gate)
        {
            expected = failure is null && worker.Closing && worker.InFlight == 0;
        }

        // An expected exit is waited for too: the pipe closes a moment before the process ends, and shutdown with
        // wait promises that the workers are gone.
        string exit = expected ? worker.AwaitExit() : worker.DescribeExit();
        Dispatched dispatched;
        lock (_gate)
        {
            _workers.Remove(worker);
            if (!expected && _broken is null)
            {
                string message = failure is BrokenProcessPoolException initializer ? initializer.Message
                    : failure is InvalidDataException ? $"A worker process broke the protocol ({failure.Message}; {exit}), the process pool is not usable anymore"
                    : $"{BrokenMessage} (worker {worker.ProcessId}: {exit})";
                var cause = failure is BrokenProcessPoolException { InnerException: { } remote } ? remote
                    : failure ?? new IOException($"Worker {worker.ProcessId}: {exit}.");
                dispatched = Break(message, cause, gone: worker);
            }
            else
            {
                dispatched = Dispatch();
            }

            Monitor.PulseAll(_gate);
        }

        worker.Dispose();
        Finish(dispatched);
        UnregisterIfFinished();
    }
}
