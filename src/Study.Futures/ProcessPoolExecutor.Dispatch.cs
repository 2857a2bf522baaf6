using System.Diagnostics;
using Study.Futures.Protocol;

namespace Study.Futures;

public sealed partial class ProcessPoolExecutor
{
    /// <summary>
    /// Sends queued calls to workers with credit, starting workers on demand, and closes the pipes of workers that
    /// are to exit. Runs under the pool's lock and only fills buffers; returns the workers whose buffers to send.
    /// </summary>
    private List<WorkerProcess> Dispatch()
    {
        var touched = new List<WorkerProcess>();
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

        return touched;
    }

    /// <summary>
    /// <see cref="Dispatch"/>, or, when a worker process cannot be started at all, breaks the pool and hands back the
    /// queued calls to fail outside the lock. Runs under the pool's lock.
    /// </summary>
    private List<WorkerProcess> DispatchOrBreak(out Orphaned? orphaned)
    {
        orphaned = null;
        try
        {
            return Dispatch();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            _broken = $"A worker process could not be started ({e.Message}), the process pool is not usable anymore";
            orphaned = new Orphaned([.. _queue], e);
            _queue.Clear();
            return [];
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

    /// <summary>Calls that a broken pool will never run, and why.</summary>
    private sealed record Orphaned(List<IWorkItem> Items, Exception Cause);

    /// <summary>Sends what <see cref="Dispatch"/> buffered, outside the pool's lock.</summary>
    private static void Flush(List<WorkerProcess> workers)
    {
        foreach (var worker in workers)
        {
            worker.Flush();
        }
    }

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
                    List<WorkerProcess> flush;
                    lock (_gate)
                    {
                        flush = Dispatch();
                    }

                    Flush(flush);
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
        List<IWorkItem> orphaned = [];
        List<WorkerProcess> flush = [];
        BrokenProcessPoolException? broken = null;
        lock (_gate)
        {
            _workers.Remove(worker);
            if (!expected && _broken is null)
            {
                _broken = failure is BrokenProcessPoolException initializer ? initializer.Message
                    : failure is InvalidDataException ? $"A worker process broke the protocol ({failure.Message}; {exit}), the process pool is not usable anymore"
                    : $"{BrokenMessage} (worker {worker.ProcessId}: {exit})";
                var cause = failure is BrokenProcessPoolException { InnerException: { } remote } ? remote
                    : failure ?? new IOException($"Worker {worker.ProcessId}: {exit}.");
                broken = new BrokenProcessPoolException(_broken, cause);
                orphaned.AddRange(_queue);
                _queue.Clear();
                foreach (var other in _workers.Append(worker))
                {
                    orphaned.AddRange(other.TakeAllInFlight());
                }
            }
            else if (_broken is null)
            {
                flush = Dispatch();
            }

            if (_broken is not null)
            {
                foreach (var other in _workers)
                {
                    other.Kill();
                }
            }

            Monitor.PulseAll(_gate);
        }

        worker.Dispose();
        Flush(flush);
        foreach (var item in orphaned)
        {
            item.Fail(broken!);
        }
    }
}
