namespace Study.Futures;

/// <summary>The future was cancelled (Python's <c>concurrent.futures.CancelledError</c>).</summary>
public class FutureCancelledException : OperationCanceledException
{
    /// <summary>Creates the exception with the default message.</summary>
    public FutureCancelledException()
        : base("The future was cancelled.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public FutureCancelledException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public FutureCancelledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// An operation is not allowed in the future's current state, such as setting the result of a finished future
/// (Python's <c>concurrent.futures.InvalidStateError</c>).
/// </summary>
public class InvalidStateException : InvalidOperationException
{
    /// <summary>Creates the exception with the default message.</summary>
    public InvalidStateException()
        : base("The future is not in a state that allows this operation.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public InvalidStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public InvalidStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The executor can no longer run work: a worker failed to initialize or died
/// (Python's <c>concurrent.futures.BrokenExecutor</c>).
/// </summary>
public class BrokenExecutorException : Exception
{
    /// <summary>Creates the exception with the default message.</summary>
    public BrokenExecutorException()
        : base("The executor is broken.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public BrokenExecutorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public BrokenExecutorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A thread pool's worker failed its initializer (Python's <c>BrokenThreadPool</c>).</summary>
public class BrokenThreadPoolException : BrokenExecutorException
{
    /// <summary>Creates the exception with the default message.</summary>
    public BrokenThreadPoolException()
        : base("A thread initializer failed, the thread pool is not usable anymore.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public BrokenThreadPoolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public BrokenThreadPoolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A worker process died, failed its initializer or broke the protocol (Python's <c>BrokenProcessPool</c>).
/// </summary>
public class BrokenProcessPoolException : BrokenExecutorException
{
    /// <summary>Creates the exception with the default message.</summary>
    public BrokenProcessPoolException()
        : base("A child process terminated abruptly, the process pool is not usable anymore.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public BrokenProcessPoolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public BrokenProcessPoolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// An exception raised in a worker process, carried back with its type, message and stack trace
/// (what Python attaches as <c>_RemoteTraceback</c>). It is the inner exception of the rethrown one when the
/// parent can rebuild the original type, and is thrown itself when it cannot.
/// </summary>
public class RemoteException : Exception
{
    /// <summary>Creates the exception with the default message.</summary>
    public RemoteException()
        : this("System.Exception", "An exception was raised in a worker process.", string.Empty)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public RemoteException(string message)
        : this("System.Exception", message, string.Empty)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public RemoteException(string message, Exception innerException)
        : base(message, innerException)
    {
        RemoteType = innerException.GetType().FullName ?? "System.Exception";
        RemoteStackTrace = string.Empty;
    }

    /// <summary>Creates the exception for one raised remotely.</summary>
    /// <param name="remoteType">The full name of the remote exception's type.</param>
    /// <param name="message">The remote exception's message.</param>
    /// <param name="remoteStackTrace">The remote exception's <see cref="Exception.ToString"/>, stack trace included.</param>
    public RemoteException(string remoteType, string message, string remoteStackTrace)
        : base(message)
    {
        RemoteType = remoteType;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>The full name of the type of the exception raised in the worker.</summary>
    public string RemoteType { get; }

    /// <summary>The worker's text of the exception, stack trace included.</summary>
    public string RemoteStackTrace { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{base.ToString()}{Environment.NewLine}--- remote exception ({RemoteType}) ---{Environment.NewLine}{RemoteStackTrace}";
}
