using Study.Kernel;

namespace Study.Futures;

/// <summary>
/// A model of CPython's global interpreter lock (the "new GIL" of <c>Python/ceval_gil.c</c>, with forced switching).
/// </summary>
/// <remarks>
/// <para>
/// One thread at a time holds the lock. A thread that wants it waits up to <see cref="SwitchInterval"/>; if no switch
/// happened meanwhile, it sets a drop request. The holder polls the request between blocks of kernel iterations
/// (the <see cref="IKernelCheckpoint"/> that CPython calls the eval breaker), releases the lock, and waits until
/// another thread has taken it before asking for it again, so a request always produces a switch.
/// </para>
/// <para>
/// Only the kernel polls. A call that never reaches a checkpoint keeps the lock until it returns, like a C extension
/// that does not release the GIL.
/// </para>
/// </remarks>
public sealed class GlobalInterpreterLock : IKernelCheckpoint
{
    /// <summary>CPython's default switch interval, <c>sys.getswitchinterval()</c>: 5 ms.</summary>
    public static readonly TimeSpan DefaultSwitchInterval = TimeSpan.FromMilliseconds(5);

    [ThreadStatic]
    private static GlobalInterpreterLock? t_current;

    private readonly object _mutex = new();
    private readonly object _switchGate = new();
    private readonly int _intervalMilliseconds;
    private bool _locked;
    private Thread? _lastHolder;
    private long _switchNumber;
    private long _forcedSwitches;
    private volatile bool _dropRequest;

    /// <summary>Creates an unlocked GIL with the given switch interval (5 ms by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The interval is under 1 ms.</exception>
    public GlobalInterpreterLock(TimeSpan? switchInterval = null)
    {
        SwitchInterval = switchInterval ?? DefaultSwitchInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(SwitchInterval, TimeSpan.FromMilliseconds(1), nameof(switchInterval));
        _intervalMilliseconds = (int)Math.Ceiling(SwitchInterval.TotalMilliseconds);
    }

    /// <summary>How long a thread waits for the lock before it asks the holder to drop it.</summary>
    public TimeSpan SwitchInterval { get; }

    /// <summary>How many times the lock was taken.</summary>
    public long Acquisitions => Interlocked.Read(ref _switchNumber);

    /// <summary>How many times a holder dropped the lock because another thread asked for it.</summary>
    public long ForcedSwitches => Interlocked.Read(ref _forcedSwitches);

    /// <summary>Whether the current thread holds the lock.</summary>
    public bool IsHeldByCurrentThread
    {
        get
        {
            lock (_mutex)
            {
                return _locked && _lastHolder == Thread.CurrentThread;
            }
        }
    }

    /// <summary>Takes the lock, waiting as CPython's <c>take_gil</c> does.</summary>
    public void Acquire()
    {
        var self = Thread.CurrentThread;
        lock (_mutex)
        {
            while (_locked)
            {
                long seen = _switchNumber;
                bool signalled = Monitor.Wait(_mutex, _intervalMilliseconds);
                if (!signalled && _locked && _switchNumber == seen)
                {
                    _dropRequest = true;
                }
            }

            lock (_switchGate)
            {
                _locked = true;
                _lastHolder = self;
                _switchNumber++;
                Monitor.PulseAll(_switchGate);
            }

            _dropRequest = false;
        }
    }

    /// <summary>Releases the lock, as CPython's <c>drop_gil</c>; if asked to, waits until another thread took it.</summary>
    /// <exception cref="SynchronizationLockException">The current thread does not hold the lock.</exception>
    public void Release()
    {
        var self = Thread.CurrentThread;
        lock (_mutex)
        {
            if (!_locked || _lastHolder != self)
            {
                throw new SynchronizationLockException("The current thread does not hold the GIL.");
            }

            _locked = false;
            Monitor.Pulse(_mutex);
        }

        if (_dropRequest)
        {
            Interlocked.Increment(ref _forcedSwitches);
            lock (_switchGate)
            {
                while (_lastHolder == self && !_locked && _dropRequest)
                {
                    Monitor.Wait(_switchGate, _intervalMilliseconds);
                }
            }
        }
    }

    /// <summary>The eval breaker: called by the kernel between blocks; hands the lock over if asked to.</summary>
    public void Poll()
    {
        if (_dropRequest)
        {
            Release();
            Acquire();
        }
    }

    /// <summary>
    /// Releases the current thread's GIL, if it holds one, until the result is disposed: CPython's
    /// <c>Py_BEGIN_ALLOW_THREADS</c>, which blocking calls such as <c>time.sleep</c> and I/O use.
    /// </summary>
    public static AllowingThreads AllowThreads()
    {
        var gil = t_current;
        if (gil is null || !gil.IsHeldByCurrentThread)
        {
            return default;
        }

        gil.Release();
        return new AllowingThreads(gil);
    }

    /// <summary>Makes this the GIL that <see cref="AllowThreads"/> releases on the current thread.</summary>
    internal void BindToCurrentThread() => t_current = this;

    /// <summary>Takes the lock unless the current thread holds it; dispose the result to release what was taken.</summary>
    public Holding Enter()
    {
        if (IsHeldByCurrentThread)
        {
            return default;
        }

        Acquire();
        return new Holding(this);
    }

    /// <summary>Releases the lock on dispose if <see cref="Enter"/> took it.</summary>
    public readonly struct Holding : IDisposable
    {
        private readonly GlobalInterpreterLock? _gil;

        internal Holding(GlobalInterpreterLock gil) => _gil = gil;

        /// <summary>Releases the lock if it was taken.</summary>
        public void Dispose() => _gil?.Release();
    }

    /// <summary>Takes the GIL back on dispose if <see cref="AllowThreads"/> released it.</summary>
    public readonly struct AllowingThreads : IDisposable
    {
        private readonly GlobalInterpreterLock? _gil;

        internal AllowingThreads(GlobalInterpreterLock gil) => _gil = gil;

        /// <summary>Takes the GIL back if it was released.</summary>
        public void Dispose() => _gil?.Acquire();
    }
}
