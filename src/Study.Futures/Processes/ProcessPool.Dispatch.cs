using Study.Futures.Protocol;

namespace Study.Futures;

internal sealed partial class ProcessPool
{
    /// <summary>
    /// Sends calls to workers as <see cref="ProcessPoolExecutor"/> describes: given-back calls first, then pending
    /// ones; to an idle worker, else (starting a worker while fewer than the maximum exist) to the least busy one as
    /// long as at most <see cref="MaxWorkers"/> + 1 calls wait unstarted; then steals for workers left idle, and
    /// closes the pipes of workers that are to exit. Runs under the pool's lock and only fills buffers; the caller
    /// finishes the result with <see cref="Finish"/> once it has released the lock.
    /// </summary>
    private Dispatched Dispatch()
    {
        var touched = new List<WorkerProcess>();
        var failed = new List<(IWorkItem Item, Exception? Error)>();
        try
        {
            while ((_stolen.Count > 0 || _queue.Count > 0) && _broken is null)
            {
                var worker = IdleWorker();
                if (worker is null && _workers.Count < MaxWorkers)
                {
                    worker = StartWorker();
                }

                if (worker is null && WaitingCalls() < MaxWorkers + 1)
                {
                    worker = LeastBusyWorker();
                }

                if (worker is null)
                {
                    break;
                }

                IWorkItem item;
                if (_stolen.Count > 0)
                {
                    item = _stolen.Dequeue();
                }
                else
                {
                    item = _queue.Dequeue();
                    if (!item.Future.SetRunningOrNotifyCancel())
                    {
                        continue;
                    }
                }

                if (worker.Send(item, _nextCallId++) is { } error)
                {
                    failed.Add((item, error));
                }

                AddOnce(touched, worker);
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            var broken = Break($"A worker process could not be started ({e.Message}), the process pool is not usable anymore", e, gone: null);
            return broken with { Failed = [.. failed, .. broken.Failed] };
        }

        StealForIdleWorkers(touched);
        bool drained = _shutdown && _queue.Count == 0 && _stolen.Count == 0;
        foreach (var worker in _workers)
        {
            if ((worker.Retiring || drained) && worker.InFlight == 0 && !worker.Closing)
            {
                worker.Closing = true;
                AddOnce(touched, worker);
            }
        }

        return new Dispatched(touched, failed, null, null);

        static void AddOnce(List<WorkerProcess> workers, WorkerProcess worker)
        {
            if (!workers.Contains(worker))
            {
                workers.Add(worker);
            }
        }
    }

    /// <summary>
    /// With nothing left in the parent, a worker that is idle while another has calls waiting behind a running one
    /// takes the last of them: the busy worker is asked to give it back (<see cref="FrameKind.Steal"/>). One steal at a
    /// time per idle worker. Pool lock.
    /// </summary>
    private void StealForIdleWorkers(List<WorkerProcess> touched)
    {
        if (_queue.Count > 0 || _stolen.Count > 0 || _broken is not null)
        {
            return;
        }

        int idle = _workers.Count(w => w.IsIdle);
        while (_stealsPending < idle)
        {
            WorkerProcess? victim = null;
            foreach (var worker in _workers)
            {
                if (worker.StealableCalls > (victim?.StealableCalls ?? 0))
                {
                    victim = worker;
                }
            }

            if (victim is null)
            {
                return;
            }

            victim.RequestSteal();
            _stealsPending++;
            if (!touched.Contains(victim))
            {
                touched.Add(victim);
            }
        }
    }

    /// <summary>
    /// Breaks the pool, as CPython's breaks when a child terminates abruptly: refuses new work, takes every queued
    /// and in-flight call (those of <paramref name="gone"/> too) to fail, and kills the other workers. Pool lock.
    /// </summary>
    private Dispatched Break(string message, Exception cause, WorkerProcess? gone)
    {
        _broken = message;
        var orphaned = new List<IWorkItem>(_stolen);
        orphaned.AddRange(_queue);
        _stolen.Clear();
        _queue.Clear();
        _stealsPending = 0;
        foreach (var worker in gone is null ? _workers : _workers.Append(gone))
        {
            orphaned.AddRange(worker.TakeAllInFlight());
        }

        foreach (var worker in _workers)
        {
            worker.Signal(kill: true);
        }

        return new Dispatched([], [.. orphaned.Select(item => (item, (Exception?)null))], message, cause);
    }

    /// <summary>
    /// Sends what <see cref="Dispatch"/> buffered and fails what could not be sent or a break orphaned, each future with
    /// its own exception, outside the pool's lock (a failure runs the future's callbacks).
    /// </summary>
    private static void Finish(Dispatched dispatched)
    {
        foreach (var worker in dispatched.Flush)
        {
            worker.Flush();
        }

        foreach (var (item, error) in dispatched.Failed)
        {
            item.Fail(error ?? new BrokenProcessPoolException(dispatched.Broken!, dispatched.Cause!));
        }
    }

    private WorkerProcess? IdleWorker() => _workers.FirstOrDefault(w => w.IsIdle);

    private WorkerProcess? LeastBusyWorker()
    {
        WorkerProcess? best = null;
        foreach (var worker in _workers)
        {
            if (worker.IsAccepting && (best is null || worker.InFlight < best.InFlight))
            {
                best = worker;
            }
        }

        return best;
    }

    /// <summary>Calls sent and not started: all but the first in flight to each worker (CPython's call queue). Pool lock.</summary>
    private int WaitingCalls()
    {
        int waiting = 0;
        foreach (var worker in _workers)
        {
            waiting += Math.Max(0, worker.InFlight - 1);
        }

        return waiting;
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
    /// buffers to send, and the calls to fail, with their own error or, if null, a new broken-pool exception.
    /// </summary>
    private readonly record struct Dispatched(
        List<WorkerProcess> Flush, List<(IWorkItem Item, Exception? Error)> Failed, string? Broken, Exception? Cause);

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
                    case FrameKind.Stolen:
                        lock (_gate)
                        {
                            _stolen.Enqueue(worker.TakeStolen(reader.ReadInt64()));
                            _stealsPending--;
                        }

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

    /// <summary>Finishes a call's future from its frame; a frame that does not decode fails that future too.</summary>
    private void Complete(WorkerProcess worker, FrameKind kind, ref WireReader reader)
    {
        long callId = reader.ReadInt64();
        long nanoseconds = reader.ReadInt64();
        IWorkItem item;
        lock (_gate)
        {
            item = worker.TakeCompleted(callId, out bool stealFailed);
            if (stealFailed)
            {
                _stealsPending--;
            }

            _computeCalls++;
            _computeNanoseconds += nanoseconds;
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
