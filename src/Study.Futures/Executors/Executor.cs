using System.Runtime.CompilerServices;
using Study.Futures.Tracing;

namespace Study.Futures;

/// <summary>
/// Runs calls asynchronously and hands back <see cref="Future{T}"/>s: Python's <c>concurrent.futures.Executor</c>.
/// Disposing it is Python's <c>with</c> block: <see cref="Shutdown"/> with wait.
/// </summary>
public abstract class Executor : IDisposable
{
    /// <summary>The message CPython raises on submit after shutdown.</summary>
    internal const string ShutdownMessage = "cannot schedule new futures after shutdown";

    /// <summary>The message CPython raises on submit once the interpreter has begun to exit.</summary>
    internal const string ExitMessage = "cannot schedule new futures after interpreter shutdown";

    /// <summary>The largest number of calls this executor runs at once.</summary>
    public abstract int MaxWorkers { get; }

    /// <summary>Schedules <c>function()</c> and returns its future.</summary>
    /// <exception cref="InvalidOperationException">The executor was shut down.</exception>
    /// <exception cref="BrokenExecutorException">The executor is broken.</exception>
    public Future<TResult> Submit<TResult>(Func<TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Schedule(Submitted(new Call<TResult>(function)));
    }

    /// <summary>Schedules <c>function(argument)</c> and returns its future.</summary>
    /// <exception cref="InvalidOperationException">The executor was shut down.</exception>
    /// <exception cref="BrokenExecutorException">The executor is broken.</exception>
    public Future<TResult> Submit<T, TResult>(Func<T, TResult> function, T argument)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Schedule(Submitted(new Call<T, TResult>(function, argument)));
    }

    /// <summary>Schedules <c>function(argument1, argument2)</c> and returns its future.</summary>
    /// <exception cref="InvalidOperationException">The executor was shut down.</exception>
    /// <exception cref="BrokenExecutorException">The executor is broken.</exception>
    public Future<TResult> Submit<T1, T2, TResult>(Func<T1, T2, TResult> function, T1 argument1, T2 argument2)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Schedule(Submitted(new Call<T1, T2, TResult>(function, argument1, argument2)));
    }

    /// <summary>
    /// Python's <c>Executor.map</c>: submits <c>function(item)</c> for the items, and returns the results in the items'
    /// order as they are enumerated. A call's exception is rethrown when its result is reached. Leaving the
    /// enumeration early cancels the calls not yet started. A result, once yielded, is no longer held.
    /// </summary>
    /// <param name="function">The function to call.</param>
    /// <param name="items">Its arguments, one call each.</param>
    /// <param name="timeout">
    /// How long, counted from this call, the enumeration may wait in all; past it, it throws
    /// <see cref="TimeoutException"/>. Null waits forever.
    /// </param>
    /// <param name="chunksize">
    /// How many items go to a worker process in one message. Only <see cref="ProcessPoolExecutor"/> uses it;
    /// it must be at least 1 everywhere, as in CPython.
    /// </param>
    /// <param name="buffersize">
    /// CPython 3.14's <c>buffersize</c>: null submits every item now; a number submits that many now and one more each
    /// time a result is taken, so at most that many calls (chunks, for a process pool) are submitted and not yet yielded.
    /// </param>
    public IEnumerable<TResult> Map<T, TResult>(
        Func<T, TResult> function, IEnumerable<T> items, TimeSpan? timeout = null, int chunksize = 1, int? buffersize = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunksize, 1);
        if (buffersize is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(buffersize), buffersize, "buffersize must be None or > 0");
        }

        long deadline = Deadline.From(timeout);
        return MapCore(function, items, chunksize, buffersize, deadline);
    }

    /// <summary>
    /// Python's <c>Executor.shutdown</c>: refuses new calls; with <paramref name="cancelFutures"/>, cancels the calls
    /// not yet started; with <paramref name="wait"/>, returns once every started call has finished and the workers
    /// have exited. Calling it again is harmless.
    /// </summary>
    public abstract void Shutdown(bool wait = true, bool cancelFutures = false);

    /// <summary>Shuts down and waits, like leaving Python's <c>with</c> block.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Shuts down with wait when <paramref name="disposing"/>; from a finalizer (an executor dropped without shutdown),
    /// lets the pool finish its work and exit without waiting, as CPython's weak reference to an executor does.
    /// </summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Shutdown(wait: true);
        }
        else
        {
            ShutDownWhenDropped();
        }
    }

    /// <summary>What a pool with threads or processes of its own does when its executor is collected.</summary>
    private protected virtual void ShutDownWhenDropped()
    {
    }

    private protected abstract Future<TResult> Schedule<TResult>(WorkItem<TResult> item);

    /// <summary>Gives <paramref name="item"/> a trace id and emits its submission, while anyone listens.</summary>
    private protected static TItem Submitted<TItem>(TItem item)
        where TItem : IWorkItem
    {
        if (FuturesEventSource.Log.NextTask() is var task and not 0)
        {
            item.TraceId = task;
            FuturesEventSource.Log.Emit(TimelineEventKind.TaskSubmitted, task: task);
        }

        return item;
    }

    /// <summary>Submits the items and returns the lazy, ordered results; process pools override it to chunk.</summary>
    private protected virtual IEnumerable<TResult> MapCore<T, TResult>(
        Func<T, TResult> function, IEnumerable<T> items, int chunksize, int? buffersize, long deadline)
    {
        var results = Results(items, Weakly<T, TResult>((executor, item) => executor.Submit(function, item)), buffersize, deadline);
        GC.KeepAlive(this); // Results submits the first items through the weak reference.
        return results;
    }

    /// <summary>
    /// <paramref name="submit"/> on this executor through a weak reference (CPython's <c>executor_weakref</c> in
    /// <c>map</c>): the results a caller holds never keep the executor alive, so a dropped executor is collected and
    /// its workers exit while its results are still read. Null once the executor has been collected.
    /// </summary>
    private protected Func<TItem, Future<TResult>?> Weakly<TItem, TResult>(Func<Executor, TItem, Future<TResult>> submit)
    {
        var executor = new WeakReference<Executor>(this);
        return item => executor.TryGetTarget(out var alive) ? submit(alive, item) : null;
    }

    /// <summary>
    /// Submits every item (or the first <paramref name="buffersize"/>) now and yields each future's result in order,
    /// waiting at most until <paramref name="deadline"/>; with a buffer, submits the next item before each wait, until
    /// <paramref name="submit"/> says the executor is gone (null). Cancels whatever has not been reached if the
    /// enumeration ends early or throws (CPython's <c>result_iterator</c>).
    /// </summary>
    /// <remarks>Without a buffer the enumeration keeps no reference to <paramref name="submit"/>, which may reach the executor.</remarks>
    private protected static IEnumerable<TResult> Results<TItem, TResult>(
        IEnumerable<TItem> items, Func<TItem, Future<TResult>?> submit, int? buffersize, long deadline)
    {
        var source = items.GetEnumerator();
        var futures = new Queue<Future<TResult>>();
        try
        {
            while ((buffersize is null || futures.Count < buffersize) && source.MoveNext())
            {
                futures.Enqueue(submit(source.Current)!); // The caller keeps the executor alive until these are in.
            }
        }
        catch
        {
            source.Dispose();
            CancelAll(futures);
            throw;
        }

        if (buffersize is null)
        {
            // Every item is submitted: keep neither the items nor their enumerator (a process pool's is its array of calls).
            source.Dispose();
            source = Enumerable.Empty<TItem>().GetEnumerator();
        }

        return new Handover<TResult>(Yield(source, futures, buffersize is null ? null : submit, deadline));

        // Each result goes out in one box that Handover empties: this iterator holds no result, no future, once yielded.
        static IEnumerable<StrongBox<TResult>> Yield(
            IEnumerator<TItem> source, Queue<Future<TResult>> futures, Func<TItem, Future<TResult>?>? submit, long deadline)
        {
            var box = new StrongBox<TResult>();
            try
            {
                while (futures.Count > 0)
                {
                    if (submit is not null && source.MoveNext())
                    {
                        if (submit(source.Current) is { } next)
                        {
                            futures.Enqueue(next);
                        }
                        else
                        {
                            submit = null; // The executor was collected: yield what it took, submit no more.
                        }
                    }

                    Take(futures.Dequeue(), deadline, box);
                    yield return box;
                }
            }
            finally
            {
                source.Dispose();
                CancelAll(futures);
            }
        }

        static void Take(Future<TResult> future, long deadline, StrongBox<TResult> box)
        {
            try
            {
                box.Value = future.GetResult(Deadline.Remaining(deadline));
            }
            finally
            {
                future.Cancel();
            }
        }

        static void CancelAll(Queue<Future<TResult>> futures)
        {
            while (futures.TryDequeue(out var future))
            {
                future.Cancel();
            }
        }
    }
}
