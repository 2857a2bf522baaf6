namespace Study.Futures;

/// <summary>
/// Runs every call at once on the caller's thread, so <see cref="Executor.Submit{TResult}(Func{TResult})"/> returns
/// a finished future. The baseline that every other executor is measured against.
/// </summary>
public sealed class SequentialExecutor : Executor
{
    private volatile bool _shutdown;

    /// <inheritdoc />
    public override int MaxWorkers => 1;

    /// <inheritdoc />
    public override void Shutdown(bool wait = true, bool cancelFutures = false) => _shutdown = true;

    private protected override Future<TResult> Schedule<TResult>(WorkItem<TResult> item)
    {
        if (_shutdown)
        {
            throw new InvalidOperationException(ShutdownMessage);
        }

        item.Run();
        return item;
    }
}
