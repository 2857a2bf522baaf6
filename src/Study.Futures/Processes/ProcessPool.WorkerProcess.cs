using System.Diagnostics;
using Study.Futures.Protocol;

namespace Study.Futures;

internal sealed partial class ProcessPool
{
    /// <summary>
    /// One worker process and the parent's side of its pipes (or of its rings, with the shared-memory transport). Fields marked "pool lock" change only under the pool's
    /// lock; writes to the pipe happen outside it, one writer at a time.
    /// </summary>
    private sealed partial class WorkerProcess : IDisposable
    {
        private readonly ProcessPool _pool;
        private readonly Process _process;
        private readonly Stream _input;
        private readonly object _writeGate = new();
        private readonly ClaimTable _claims;
        private readonly SharedRings? _rings;
        private readonly List<InFlightCall> _inFlight = []; // pool lock, in the order sent
        private readonly Stack<int> _freeSlots = new(Enumerable.Range(0, ClaimTable.Slots).Reverse()); // pool lock
        private readonly HashSet<int> _defined = []; // pool lock
        private WireWriter _pending = new(); // pool lock
        private WireWriter _sending = new(); // write gate
        private int _tasksSent; // pool lock
        private bool _closeSent; // pool lock
        private int _sentCount; // pool lock: the calls at the head of the queue whose frames have left the buffer
        private bool _inputClosed; // write gate
        private Dictionary<long, long>? _traceIds; // pool lock: a traced pool's call ids on the wire → trace ids

        /// <summary>The folder this worker writes its trace into; null when the pool was not traced.</summary>
        public string? TraceFolder { get; private init; }

        private WorkerProcess(ProcessPool pool, Process process, ClaimTable claims, SharedRings? rings)
        {
            _pool = pool;
            _process = process;
            _claims = claims;
            _rings = rings;
            ProcessId = process.Id;
            if (rings is null)
            {
                _input = process.StandardInput.BaseStream;
                Reader = new FrameReader(process.StandardOutput.BaseStream);
            }
            else
            {
                // The frames go through the rings; the worker's standard output stays open and silent, and its end
                // says that the worker is gone.
                _input = rings.Output;
                Reader = new FrameReader(rings.Input);
                rings.WatchPeer(process.StandardOutput.BaseStream);
            }
        }

        public int ProcessId { get; }

        public ProcessPool Pool => _pool;

        public ClaimTable Claims => _claims;

        /// <summary>Read by the worker's reader thread only.</summary>
        public FrameReader Reader { get; }

        /// <summary>It has been sent its last call (max tasks per child). Pool lock.</summary>
        public bool Retiring { get; private set; }

        /// <summary>Its pipe is to be closed, which asks it to exit. Pool lock.</summary>
        public bool Closing { get; set; }

        /// <summary>Calls sent and not answered or taken back, in the order sent. Pool lock.</summary>
        public int InFlight => _inFlight.Count;

        /// <summary>Frames are buffered and not yet sent. Pool lock.</summary>
        public bool HasUnsent => _pending.Length > 0;

        /// <summary>Its pipe is to be closed and has not been. Pool lock.</summary>
        public bool ClosePending => Closing && !_closeSent;

        /// <summary>It may be sent calls. Pool lock.</summary>
        public bool IsAccepting => !Retiring && !Closing;

        /// <summary>It may be sent calls and has none. Pool lock.</summary>
        public bool IsIdle => IsAccepting && _inFlight.Count == 0;

        /// <summary>It may be sent one more call ahead, with at most <paramref name="depth"/> in flight. Pool lock.</summary>
        public bool CanTakeAhead(int depth) => IsAccepting && _inFlight.Count < depth && _freeSlots.Count > 0;

        /// <summary>Calls in the worker's pipe or inbox that it has not claimed yet. Pool lock.</summary>
        public int SentUnstarted() => Math.Max(0, _sentCount - ClaimedCount());

        /// <summary>
        /// The calls that wait behind a running one: those not claimed, if the worker has claimed one before them. A
        /// call at the head that is not claimed yet is not waiting behind anything (the worker is about to start it).
        /// Pool lock.
        /// </summary>
        public List<InFlightCall> WaitingBehindARunningCall()
        {
            int claimed = ClaimedCount();
            return claimed == 0 ? [] : _inFlight.GetRange(claimed, _inFlight.Count - claimed);
        }

        /// <summary>The calls the worker has not claimed yet, oldest first. Pool lock.</summary>
        public IEnumerable<InFlightCall> Unstarted() => _inFlight.Skip(ClaimedCount());

        /// <summary>How many of the calls sent to this worker it has started and not finished. Pool lock.</summary>
        public int Claimed() => ClaimedCount();

        /// <summary>
        /// How many calls at the head of the queue the worker has claimed. It claims in the order they were sent and the
        /// parent removes the ones it withdraws, so the claimed calls are a prefix: a binary search finds its end. Reads
        /// the table without keeping it open: under the pool's lock, a worker in the pool's list is not disposed. Pool lock.
        /// </summary>
        private int ClaimedCount()
        {
            int low = 0, high = _inFlight.Count;
            while (low < high)
            {
                int middle = (low + high) >>> 1;
                var call = _inFlight[middle];
                if (_claims.IsClaimedWhileOpen(call.Slot, call.CallId))
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
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
        /// Offers the call in a free slot and buffers it, unless its future was cancelled meanwhile (it is dropped, the
        /// cancellation seen). A value that cannot travel fails the call: it goes to <paramref name="failed"/>, for the
        /// caller to fail outside the lock. Needs <see cref="CanTakeAhead"/>. Pool lock.
        /// </summary>
        public void Send(IWorkItem item, long callId, List<(IWorkItem Item, Exception? Error)> failed)
        {
            var call = new InFlightCall(this, item, callId, _freeSlots.Pop());
            _claims.Offer(call.Slot, callId);
            if (!item.Future.TryOffer(call))
            {
                _ = _claims.TryWithdraw(call.Slot, callId);
                _freeSlots.Push(call.Slot);
                return;
            }

            if (item.TraceId != 0 && TraceFolder is not null)
            {
                (_traceIds ??= [])[callId] = item.TraceId;
                Tracing.FuturesEventSource.Log.Emit(Tracing.TimelineEventKind.TaskSent, ProcessId, item.TraceId, callId);
            }

            var function = item.Definition!;
            Define(function);
            try
            {
                _pending.BeginFrame(FrameKind.Call);
                _pending.WriteInt64(callId);
                _pending.WriteInt32(call.Slot);
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
                _ = item.Future.TakeBack(call);
                _freeSlots.Push(call.Slot);
                failed.Add((item, e));
                return;
            }

            _inFlight.Add(call);
            if (++_tasksSent == _pool._options.MaxTasksPerChild)
            {
                Retiring = true;
            }
        }

        /// <summary>
        /// Takes <paramref name="call"/> back for another worker or a shutdown. Returns its item if withdrawn (it will not
        /// run here; its future is pending again); null if it has started, or if a cancel withdrew it first (then it is
        /// dropped, as <see cref="DropCancelled"/> does). Pool lock.
        /// </summary>
        public IWorkItem? TryTakeBack(InFlightCall call)
        {
            switch (call.Item.Future.TakeBack(call))
            {
                case OfferOutcome.Withdrawn:
                    Remove(call, ran: false);
                    return call.Item;
                case OfferOutcome.Cancelled:
                    DropCancelled(call);
                    return null;
                default:
                    return null;
            }
        }

        /// <summary>Drops a call a cancel withdrew, unless gone already, and records the cancellation seen. Pool lock.</summary>
        public void DropCancelled(InFlightCall call)
        {
            if (_inFlight.Contains(call))
            {
                Remove(call, ran: false);
            }

            call.Item.Future.SetRunningOrNotifyCancel();
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
                    _closeSent |= close;
                    _sentCount = _inFlight.Count;
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

        /// <summary>
        /// Takes the call <paramref name="callId"/> names: the oldest in flight, or one behind calls that cancels withdrew
        /// (which are dropped with it). Pool lock.
        /// </summary>
        public IWorkItem TakeCompleted(long callId)
        {
            int index = 0;
            while (index < _inFlight.Count && _inFlight[index].CallId != callId && _inFlight[index].Item.Future.IsCancelled)
            {
                index++;
            }

            if (index == _inFlight.Count || _inFlight[index].CallId != callId)
            {
                throw new InvalidDataException($"The worker answered call {callId}, which is not the next in flight.");
            }

            var call = _inFlight[index];
            for (int i = index; i >= 0; i--)
            {
                RemoveAt(i, ran: i == index);
            }

            return call.Item;
        }

        /// <summary>Takes every call in flight, to fail them. Pool lock.</summary>
        public List<IWorkItem> TakeAllInFlight()
        {
            var items = _inFlight.Select(call => call.Item).ToList();
            _inFlight.Clear();
            return items;
        }

        private void Define(FunctionDefinition function)
        {
            if (_defined.Add(function.Id))
            {
                function.WriteDefinition(_pending);
            }
        }

        /// <summary>Forgets a call and frees its slot; one that did not run no longer counts toward max tasks per child.</summary>
        private void Remove(InFlightCall call, bool ran) => RemoveAt(_inFlight.IndexOf(call), ran);

        private void RemoveAt(int index, bool ran)
        {
            var call = _inFlight[index];
            if (index < _sentCount)
            {
                _sentCount--;
            }

            _inFlight.RemoveAt(index);
            _freeSlots.Push(call.Slot);
            if (!ran && _tasksSent-- == _pool._options.MaxTasksPerChild)
            {
                Retiring = false;
            }
        }
    }

    /// <summary>A call sent to a worker and not answered: its claim slot, and the way a cancel withdraws it.</summary>
    private sealed class InFlightCall(WorkerProcess worker, IWorkItem item, long callId, int slot) : IOfferedCall
    {
        public WorkerProcess Worker { get; } = worker;

        public IWorkItem Item { get; } = item;

        public long CallId { get; } = callId;

        public int Slot { get; } = slot;

        public bool IsClaimed => Worker.Claims.IsClaimed(Slot, CallId);

        public bool TryWithdraw() => Worker.Claims.TryWithdraw(Slot, CallId);

        public void OnCancelled() => Worker.Pool.OnCancelled(Worker, this);
    }
}
