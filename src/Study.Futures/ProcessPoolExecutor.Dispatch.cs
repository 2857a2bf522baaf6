using Study.Futures.Protocol;

namespace Study.Futures;

public sealed partial class ProcessPoolExecutor
{
    /// <summary>
    /// Sends queued calls to workers with credit, starting workers on demand, and closes the pipes of workers that
    /// are to exit. Runs under the pool's lock and only fills buffers; the caller finishes the result with
    /// <see cref="Finish"/> once it has released the lock. A worker that cannot be started breaks the pool.
    /// </summary>
    private Dispatched Dispatch()
    {
        var touched = new List<WorkerProcess>();
        try
        {
            while (_queue.Count > 0 && _broken is null)
            {
                var worker = PickWorker();
                if ((worker is null || worker.InFlight > 0) && _workers.Count < MaxWorkers)
                {
                    worker = StartWorker();
                }

                if (worker is null)
                {
                    break;
                }

                var item = _queue.Dequeue();
                if (!item.Future.SetRunningOrNotifyCancel())
                {
                    continue;
                }

                worker.Send(item, _nextCallId++);
                if (!touched.Contains(worker))
                {
                    touched.Add(worker);
                }
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return Break($"A worker process could not be started ({e.Message}), the process pool is not usable anymore", e, gone: null);
        }

        foreach (var worker in _workers)
        {
            bool done = worker.Retiring || (_shutdown && _queue.Count == 0);
            if (done && worker.InFlight == 0 && !worker.Closing)
            {
                worker.Closing = true;
                if (!touched.Contains(worker))
                {
                    touched.Add(worker);
                }
            }
        }

        return new Dispatched(touched, [], null);
    }

    /// <summary>
    /// Breaks the pool, as CPython's breaks when a child terminates abruptly: refuses new work, takes every queued
    /// and in-flight call (those of <paramref name="gone"/> too) to fail, and kills the other workers. Pool lock.
    /// </summary>
    private Dispatched Break(string message, Exception cause, WorkerProcess? gone)
    {
        _broken = message;
        var orphaned = new List<IWorkItem>(_queue);
        _queue.Clear();
        foreach (var worker in gone is null ? _workers : _workers.Append(gone))
        {
            orphaned.AddRange(worker.TakeAllInFlight());
        }

        foreach (var worker in _workers)
        {
            worker.Kill();
        }

        return new Dispatched([], orphaned, new BrokenProcessPoolException(message, cause));
    }

    /// <summary>Sends what <see cref="Dispatch"/> buffered and fails what a break orphaned, outside the pool's lock.</summary>
    private static void Finish(Dispatched dispatched)
    {
        foreach (var worker in dispatched.Flush)
        {
            worker.Flush();
        }

        foreach (var item in dispatched.Orphaned)
        {
            item.Fail(dispatched.Broken!);
        }
    }

    private WorkerProcess? PickWorker()
    {
        WorkerProcess? best = null;
        foreach (var worker in _workers)
        {
            if (worker.CanTakeCall && (best is null || worker.InFlight < best.InFlight))
            {
                best = worker;
            }
        }

        return best;
    }

    private WorkerProcess StartWorker()
    {
        var worker = WorkerProcess.Start(this, _nextWorkerId++);
        _workers.Add(worker);
        if (_initializer is not null)
        {
            worker.SendInitialize(_initializer, _options.Initializer!.Arguments);
        }

        var reader = new Thread(() => Read(worker))
        {
            IsBackground = true,
            Name = $"ProcessPoolExecutor worker {worker.ProcessId} reader",
        };
        _readers.Add(reader);
        reader.Start();
        return worker;
    }

    /// <summary>
    /// What <see cref="Dispatch"/> or <see cref="Break"/> leaves to do outside the pool's lock: the workers whose
    /// buffers to send, and the calls a broken pool will never run with the exception they fail with.
    /// </summary>
    private readonly record struct Dispatched(List<WorkerProcess> Flush, List<IWorkItem> Orphaned, BrokenProcessPoolException? Broken);

    /// <summary>A worker's reader thread: completes futures from its results until the worker exits.</summary>
    private void Read(WorkerProcess worker)
    {
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
                        dispatched = Dispatch();
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

    private void Complete(WorkerProcess worker, FrameKind kind, ref WireReader reader)
    {
        long callId = reader.ReadInt64();
        long nanoseconds = reader.ReadInt64();
        IWorkItem item;
        lock (_gate)
        {
            item = worker.TakeCompleted(callId, nanoseconds);
        }

        if (kind == FrameKind.Error)
        {
            item.Fail(RemoteExceptions.Read(ref reader));
        }
        else
        {
            item.Complete(ref reader, reader.ReadCount());
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

        string exit = expected ? string.Empty : worker.DescribeExit();
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
    }
}
