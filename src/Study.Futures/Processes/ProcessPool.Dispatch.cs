namespace Study.Futures;

internal sealed partial class ProcessPool
{
    /// <summary>
    /// Sends calls to workers as <see cref="ProcessPoolExecutor"/> describes: to an idle worker, else (starting a worker
    /// while fewer than the maximum exist) ahead to the worker with the fewest calls, up to <see cref="SendAheadDepth"/>;
    /// then moves calls waiting behind a running call to workers left idle, and closes the pipes of workers that are to
    /// exit. Runs under the pool's lock and only fills buffers; the caller finishes the result with <see cref="Finish"/>
    /// once it has released the lock, which sends them as <see cref="ToFlush"/> decides. <paramref name="answered"/> is
    /// the worker whose results the caller has just read, if any.
    /// </summary>
    private Dispatched Dispatch(WorkerProcess? answered = null)
    {
        var failed = new List<(IWorkItem Item, Exception? Error)>();
        int depth = SendAheadDepth();
        try
        {
            while (_queue.Count > 0 && _broken is null)
            {
                var worker = IdleWorker();
                if (worker is null && _workers.Count < MaxWorkers)
                {
                    worker = StartWorker();
                }

                worker ??= LeastBusyWorker(depth);
                if (worker is null)
                {
                    break;
                }

                worker.Send(_queue.Dequeue(), _nextCallId++, failed);
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            var broken = Break($"A worker process could not be started ({e.Message}), the process pool is not usable anymore", e, gone: null);
            return broken with { Failed = [.. failed, .. broken.Failed] };
        }

        MoveWaitingCallsToIdleWorkers(failed);
        bool drained = _shutdown && _queue.Count == 0;
        foreach (var worker in _workers)
        {
            if ((worker.Retiring || drained) && worker.InFlight == 0 && !worker.Closing)
            {
                worker.Closing = true;
            }
        }

        return new Dispatched(ToFlush(answered, depth), failed, null, null);
    }

    /// <summary>
    /// The workers whose buffered frames to send now: a pipe to close, or calls while fewer than half the send-ahead depth
    /// are in the worker's pipe unstarted, so that it never runs dry; otherwise, the calls wait for the worker's next
    /// results (<paramref name="answered"/>), which send them all in one write. A tight submit loop then costs a write
    /// per burst of results instead of one per call, and the worker reads them as one. Pool lock.
    /// </summary>
    private List<WorkerProcess> ToFlush(WorkerProcess? answered, int depth)
    {
        var flush = new List<WorkerProcess>();
        foreach (var worker in _workers)
        {
            if (worker.ClosePending || (worker.HasUnsent && (worker == answered || worker.SentUnstarted() < Math.Max(1, depth / 2))))
            {
                flush.Add(worker);
            }
        }

        return flush;
    }

    /// <summary>
    /// With nothing pending in the parent, a worker that is idle while another has calls waiting behind a running one
    /// takes the older half of them, withdrawn through the claim table: no round trip, and a call the busy worker has
    /// claimed meanwhile just stays there. Pool lock.
    /// </summary>
    private void MoveWaitingCallsToIdleWorkers(List<(IWorkItem Item, Exception? Error)> failed)
    {
        if (_queue.Count > 0 || _broken is not null)
        {
            return;
        }

        foreach (var idle in _workers)
        {
            if (!idle.IsIdle)
            {
                continue;
            }

            WorkerProcess? victim = null;
            List<InFlightCall> waiting = [];
            foreach (var worker in _workers)
            {
                if (worker != idle && worker.WaitingBehindARunningCall() is { } calls && calls.Count > waiting.Count)
                {
                    (victim, waiting) = (worker, calls);
                }
            }

            if (victim is null)
            {
                return;
            }

            foreach (var call in waiting.Take((waiting.Count + 1) / 2))
            {
                if (victim.TryTakeBack(call) is { } item)
                {
                    idle.Send(item, _nextCallId++, failed);
                }
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
        var orphaned = new List<IWorkItem>(_queue);
        _queue.Clear();
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

    private WorkerProcess? LeastBusyWorker(int depth)
    {
        WorkerProcess? best = null;
        foreach (var worker in _workers)
        {
            if (worker.CanTakeAhead(depth) && (best is null || worker.InFlight < best.InFlight))
            {
                best = worker;
            }
        }

        return best;
    }

    /// <summary>
    /// How many calls a worker may have in flight: enough to keep about <see cref="SendAheadBudget"/> of work waiting
    /// at the mean call time seen so far, from 2 (one running, one behind it, as CPython's call queue holds about one
    /// a worker) to 64 for microsecond calls, whose pipe latency the depth hides. Pool lock.
    /// </summary>
    private int SendAheadDepth() =>
        _meanCallNanoseconds <= 0 ? MinimumDepth
            : (int)Math.Clamp(1 + (SendAheadBudget.TotalNanoseconds / _meanCallNanoseconds), MinimumDepth, MaximumDepth);

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
}
