using System.Runtime.CompilerServices;

namespace Study.Futures;

public abstract partial class Future
{
    /// <summary>
    /// Waits until <paramref name="returnWhen"/> holds for <paramref name="futures"/> (duplicates count once) or
    /// <paramref name="timeout"/> passes (forever if null), and returns which are done and which are not. It does not
    /// throw on timeout. Python's <c>concurrent.futures.wait</c>.
    /// </summary>
    public static DoneAndNotDone Wait(
        IEnumerable<Future> futures, TimeSpan? timeout = null, ReturnWhen returnWhen = ReturnWhen.AllCompleted)
    {
        ArgumentNullException.ThrowIfNull(futures);
        var set = futures.ToHashSet();
        long deadline = Deadline.From(timeout);
        HashSet<Future> done;
        Waiter waiter;
        using (Acquire(set))
        {
            done = set.Where(f => f.IsDoneAndNotified).ToHashSet();
            var outcome = Result(done, set);
            switch (returnWhen)
            {
                case ReturnWhen.FirstCompleted when done.Count > 0:
                    return outcome;
                case ReturnWhen.FirstException when done.Any(f => !f.IsCancelled && f._exception is not null):
                    return outcome;
            }

            if (done.Count == set.Count)
            {
                return outcome;
            }

            waiter = Install(set, returnWhen);
        }

        using (waiter)
        {
            waiter.Wait(deadline);
            Uninstall(set, waiter);
            done.UnionWith(waiter.TakeFinished());
        }

        return Result(done, set);

        static DoneAndNotDone Result(HashSet<Future> done, HashSet<Future> all) =>
            new(new HashSet<Future>(done), all.Where(f => !done.Contains(f)).ToHashSet());
    }

    /// <summary>
    /// Yields <paramref name="futures"/> (duplicates once) as they finish or are cancelled: those already done first,
    /// then the others in the order they finish. Python's <c>concurrent.futures.as_completed</c>.
    /// </summary>
    /// <exception cref="TimeoutException">
    /// Thrown by the enumeration when <paramref name="timeout"/>, counted from this call, passes with futures unfinished.
    /// </exception>
    public static IEnumerable<TFuture> AsCompleted<TFuture>(IEnumerable<TFuture> futures, TimeSpan? timeout = null)
        where TFuture : Future
    {
        ArgumentNullException.ThrowIfNull(futures);
        long deadline = Deadline.From(timeout);
        var ordered = futures.Distinct<TFuture>(ReferenceEqualityComparer.Instance).ToList();
        var all = ordered.Cast<Future>().ToHashSet();
        List<TFuture> finished;
        Waiter waiter;
        using (Acquire(all))
        {
            finished = ordered.Where(f => f.IsDoneAndNotified).ToList();
            waiter = Waiter.CreateAsCompleted();
            foreach (var future in all)
            {
                future.AddWaiter(waiter);
            }
        }

        return new Handover<TFuture>(Iterate(new Queue<TFuture>(finished), all, waiter, deadline));

        // Holds only what it has not yielded yet: a future, once yielded, is the caller's to keep or drop (each goes
        // out in a box that Handover empties, as CPython's generator yields `f.pop()` so as to keep no reference).
        static IEnumerable<StrongBox<TFuture>> Iterate(Queue<TFuture> ready, HashSet<Future> pending, Waiter waiter, long deadline)
        {
            int total = pending.Count;
            var box = new StrongBox<TFuture>();
            try
            {
                while (true)
                {
                    while (ready.Count > 0)
                    {
                        Release(ready.Dequeue(), pending, waiter, box);
                        yield return box;
                    }

                    if (pending.Count == 0)
                    {
                        yield break;
                    }

                    if (deadline != Deadline.Never && Deadline.RemainingMilliseconds(deadline) == 0)
                    {
                        throw new TimeoutException($"{pending.Count} (of {total}) futures unfinished");
                    }

                    waiter.Wait(deadline);
                    Collect(waiter, pending, ready);
                }
            }
            finally
            {
                Uninstall(pending, waiter);
                waiter.Dispose();
            }
        }
    }

    /// <summary>Moves the futures the waiter saw finish into <paramref name="ready"/>: a method of its own, so that no local
    /// of the iterator (a debug build keeps every one) holds one.</summary>
    private static void Collect<TFuture>(Waiter waiter, HashSet<Future> pending, Queue<TFuture> ready)
        where TFuture : Future
    {
        foreach (var future in waiter.TakeFinished())
        {
            if (pending.Contains(future))
            {
                ready.Enqueue((TFuture)future);
            }
        }
    }

    private static void Release<TFuture>(TFuture future, HashSet<Future> pending, Waiter waiter, StrongBox<TFuture> box)
        where TFuture : Future
    {
        pending.Remove(future);
        future.RemoveWaiter(waiter);
        box.Value = future;
    }

    /// <summary>Done as <see cref="Wait"/> counts it: finished, or cancelled with the cancellation seen.</summary>
    private bool IsDoneAndNotified => _state is FutureState.Finished or FutureState.CancelledAndNotified;

    private static Waiter Install(HashSet<Future> futures, ReturnWhen returnWhen)
    {
        int pending = futures.Count(f => !f.IsDoneAndNotified);
        var waiter = Waiter.Create(returnWhen, pending);
        foreach (var future in futures)
        {
            future.AddWaiter(waiter);
        }

        return waiter;
    }

    private static void Uninstall(IEnumerable<Future> futures, Waiter waiter)
    {
        foreach (var future in futures)
        {
            future.RemoveWaiter(waiter);
        }
    }

    /// <summary>Locks every future, in a fixed order so that two concurrent waits cannot deadlock.</summary>
    private static Locks Acquire(IEnumerable<Future> futures)
    {
        var ordered = futures.OrderBy(f => f._id).ToArray();
        int taken = 0;
        try
        {
            for (; taken < ordered.Length; taken++)
            {
                Monitor.Enter(ordered[taken]);
            }
        }
        catch
        {
            new Locks(ordered[..taken]).Dispose();
            throw;
        }

        return new Locks(ordered);
    }

    private void AddWaiter(Waiter waiter)
    {
        lock (this)
        {
            (_waiters ??= []).Add(waiter);
        }
    }

    private void RemoveWaiter(Waiter waiter)
    {
        lock (this)
        {
            _waiters?.Remove(waiter);
        }
    }

    private readonly struct Locks(Future[] futures) : IDisposable
    {
        public void Dispose()
        {
            for (int i = futures.Length - 1; i >= 0; i--)
            {
                Monitor.Exit(futures[i]);
            }
        }
    }
}
