using System.Runtime.CompilerServices;

namespace Study.Futures;

/// <summary>A <see cref="Future"/> whose call returns a <typeparamref name="T"/>.</summary>
public class Future<T> : Future
{
    private T? _result;

    /// <summary>Creates a pending future, for executors and tests.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0022", Justification = "Future's own members for executors are private protected: a class derived from Future<T> outside the library sees none of them.")]
    public Future()
    {
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (forever if null) for the call to finish and returns its result,
    /// or rethrows the exception it raised.
    /// </summary>
    /// <exception cref="FutureCancelledException">The future was cancelled.</exception>
    /// <exception cref="TimeoutException">The future did not finish in time.</exception>
    public T GetResult(TimeSpan? timeout = null)
    {
        if (State != FutureState.Finished)
        {
            WaitUntilDone(timeout);
        }

        ThrowIfFailedOrCancelled();
        return _result!;
    }

    /// <summary>Finishes the future with <paramref name="result"/>.</summary>
    /// <exception cref="InvalidStateException">The future is already cancelled or finished.</exception>
    public void SetResult(T result)
    {
        lock (this)
        {
            ThrowIfDone();
            _result = result;
            MarkFinished();
        }

        InvokeCallbacks();
    }

    /// <summary>Like <see cref="Future.AddDoneCallback(Action{Future})"/>, with the typed future.</summary>
    public void AddDoneCallback(Action<Future<T>> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        base.AddDoneCallback(future => callback((Future<T>)future));
    }

    /// <summary>
    /// A task that completes with the future: with its result, its exception, or cancelled. Continuations run
    /// asynchronously, never on the executor's worker.
    /// </summary>
    public Task<T> AsTask()
    {
        var source = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        AddDoneCallback(future =>
        {
            if (future.IsCancelled)
            {
                source.TrySetCanceled();
            }
            else if (future.GetException() is { } exception)
            {
                source.TrySetException(exception);
            }
            else
            {
                source.TrySetResult(future.GetResult());
            }
        });
        return source.Task;
    }

    /// <summary>Makes the future awaitable; see <see cref="AsTask"/>.</summary>
    public TaskAwaiter<T> GetAwaiter() => AsTask().GetAwaiter();
}
