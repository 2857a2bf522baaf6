using Study.Futures.Protocol;
using Study.Futures.Tracing;

namespace Study.Futures;

/// <summary>
/// A submitted call and its future in one object, so that an in-process executor allocates once a task.
/// <see cref="Run"/> is CPython's <c>_WorkItem.run</c>. Once the call has run (or failed, or its cancellation was
/// seen), the item lets go of the function and its arguments, so that a future kept for its result does not keep them
/// alive, as CPython's worker deletes its work item.
/// </summary>
internal abstract class WorkItem<TResult> : Future<TResult>, IWorkItem
{
    public abstract Delegate Function { get; }

    public Future Future => this;

    public FunctionDefinition? Definition { get; set; }

    public long TraceId { get; set; }

    public void Run()
    {
        if (!SetRunningOrNotifyCancel())
        {
            ReleaseCall();
            return;
        }

        long cpu = TraceId != 0 ? Started() : 0;
        TResult result;
        try
        {
            result = Invoke();
        }
#pragma warning disable CA1031 // The call's exception is its outcome: it goes to the future, as in CPython.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Finished(cpu);
            ReleaseCall();
            SetException(e);
            return;
        }

        Finished(cpu);
        ReleaseCall();
        SetResult(result);
    }

    private long Started()
    {
        FuturesEventSource.Log.Emit(TimelineEventKind.TaskStarted, Environment.CurrentManagedThreadId, TraceId);
        return ThreadCpuTime.Now();
    }

    private void Finished(long cpu)
    {
        if (TraceId != 0)
        {
            long used = cpu < 0 ? -1 : ThreadCpuTime.Now() - cpu;
            FuturesEventSource.Log.Emit(TimelineEventKind.TaskFinished, Environment.CurrentManagedThreadId, TraceId, used);
        }
    }

    /// <summary>Fails the future without running the call (a broken pool), unless it is already done.</summary>
    public void Fail(Exception exception)
    {
        ReleaseCall();
        try
        {
            SetException(exception);
        }
        catch (InvalidStateException)
        {
            // Finished or cancelled meanwhile: its outcome stands.
        }
    }

    public abstract Type[] ArgumentTypes { get; }

    public virtual Type WireResultType => typeof(TResult);

    public virtual int ItemCount => 1;

    public abstract void WriteItemArguments(WireWriter writer, int index);

    public virtual void Complete(ref WireReader reader, int count)
    {
        if (count != 1)
        {
            throw new InvalidDataException($"A call returned {count} results instead of 1.");
        }

        var result = reader.ReadValue<TResult>();
        ReleaseCall();
        SetResult(result);
    }

    protected abstract TResult Invoke();

    /// <summary>Drops the function and the arguments.</summary>
    protected abstract void ReleaseCall();
}

/// <summary>The untyped view of a <see cref="WorkItem{TResult}"/> that executors queue.</summary>
internal interface IWorkItem
{
    Future Future { get; }

    Delegate Function { get; }

    /// <summary>How a process pool names <see cref="Function"/> to its workers.</summary>
    FunctionDefinition? Definition { get; set; }

    /// <summary>The id <see cref="Tracing.FuturesEventSource"/> knows the call by; 0 when it was submitted untraced.</summary>
    long TraceId { get; set; }

    Type[] ArgumentTypes { get; }

    Type WireResultType { get; }

    /// <summary>How many calls of <see cref="Function"/> this item makes: 1, or a chunk's length.</summary>
    int ItemCount { get; }

    void Run();

    void Fail(Exception exception);

    /// <summary>Writes the arguments of call <paramref name="index"/> of this item.</summary>
    void WriteItemArguments(WireWriter writer, int index);

    /// <summary>Finishes the future from the <paramref name="count"/> results a worker sent.</summary>
    void Complete(ref WireReader reader, int count);
}

internal sealed class Call<TResult>(Func<TResult> function) : WorkItem<TResult>
{
    private Func<TResult>? _function = function;

    public override Delegate Function => _function!;

    public override Type[] ArgumentTypes => Types.None;

    public override void WriteItemArguments(WireWriter writer, int index)
    {
    }

    protected override TResult Invoke() => _function!();

    protected override void ReleaseCall() => _function = null;
}

internal sealed class Call<T, TResult>(Func<T, TResult> function, T argument) : WorkItem<TResult>
{
    private Func<T, TResult>? _function = function;
    private T _argument = argument;

    public override Delegate Function => _function!;

    public override Type[] ArgumentTypes => Types<T>.One;

    public override void WriteItemArguments(WireWriter writer, int index) => writer.WriteValue(_argument);

    protected override TResult Invoke() => _function!(_argument);

    protected override void ReleaseCall()
    {
        _function = null;
        _argument = default!;
    }
}

internal sealed class Call<T1, T2, TResult>(Func<T1, T2, TResult> function, T1 argument1, T2 argument2)
    : WorkItem<TResult>
{
    private Func<T1, T2, TResult>? _function = function;
    private T1 _argument1 = argument1;
    private T2 _argument2 = argument2;

    public override Delegate Function => _function!;

    public override Type[] ArgumentTypes => Types<T1, T2>.Two;

    public override void WriteItemArguments(WireWriter writer, int index)
    {
        writer.WriteValue(_argument1);
        writer.WriteValue(_argument2);
    }

    protected override TResult Invoke() => _function!(_argument1, _argument2);

    protected override void ReleaseCall()
    {
        _function = null;
        _argument1 = default!;
        _argument2 = default!;
    }
}

/// <summary>
/// A chunk of a process pool's map: one message to a worker, one future for all its results
/// (CPython's <c>_process_chunk</c>). If one call raises, the chunk's future holds that exception.
/// </summary>
internal sealed class ChunkCall<T, TResult>(Func<T, TResult> function, T[] arguments) : WorkItem<TResult[]>
{
    private readonly int _count = arguments.Length;
    private Func<T, TResult>? _function = function;
    private T[]? _arguments = arguments;

    public override Delegate Function => _function!;

    public override Type[] ArgumentTypes => Types<T>.One;

    public override Type WireResultType => typeof(TResult);

    public override int ItemCount => _count;

    public override void WriteItemArguments(WireWriter writer, int index) => writer.WriteValue(_arguments![index]);

    public override void Complete(ref WireReader reader, int count)
    {
        if (count != _count)
        {
            throw new InvalidDataException($"A chunk of {_count} calls returned {count} results.");
        }

        var results = new TResult[count];
        for (int i = 0; i < count; i++)
        {
            results[i] = reader.ReadValue<TResult>();
        }

        ReleaseCall();
        SetResult(results);
    }

    protected override TResult[] Invoke()
    {
        var function = _function!;
        return Array.ConvertAll(_arguments!, argument => function(argument));
    }

    protected override void ReleaseCall()
    {
        _function = null;
        _arguments = null;
    }
}

/// <summary>Parameter type lists, built once per type rather than on every submit. Callers never change them.</summary>
internal static class Types
{
    public static readonly Type[] None = [];
}

internal static class Types<T>
{
    public static readonly Type[] One = [typeof(T)];
}

internal static class Types<T1, T2>
{
    public static readonly Type[] Two = [typeof(T1), typeof(T2)];
}
