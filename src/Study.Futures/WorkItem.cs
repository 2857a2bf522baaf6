using Study.Futures.Protocol;

namespace Study.Futures;

/// <summary>
/// A submitted call and its future in one object, so that an in-process executor allocates once a task.
/// <see cref="Run"/> is CPython's <c>_WorkItem.run</c>.
/// </summary>
internal abstract class WorkItem<TResult> : Future<TResult>, IWorkItem
{
    public abstract Delegate Function { get; }

    public Future Future => this;

    public FunctionDefinition? Definition { get; set; }

    public void Run()
    {
        if (!SetRunningOrNotifyCancel())
        {
            return;
        }

        TResult result;
        try
        {
            result = Invoke();
        }
#pragma warning disable CA1031 // The call's exception is its outcome: it goes to the future, as in CPython.
        catch (Exception e)
#pragma warning restore CA1031
        {
            SetException(e);
            return;
        }

        SetResult(result);
    }

    /// <summary>Fails the future without running the call (a broken pool), unless it is already done.</summary>
    public void Fail(Exception exception)
    {
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

        SetResult(reader.ReadValue<TResult>());
    }

    protected abstract TResult Invoke();
}

/// <summary>The untyped view of a <see cref="WorkItem{TResult}"/> that executors queue.</summary>
internal interface IWorkItem
{
    Future Future { get; }

    Delegate Function { get; }

    /// <summary>How a process pool names <see cref="Function"/> to its workers.</summary>
    FunctionDefinition? Definition { get; }

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
    public override Delegate Function => function;

    public override Type[] ArgumentTypes => Types.None;

    public override void WriteItemArguments(WireWriter writer, int index)
    {
    }

    protected override TResult Invoke() => function();
}

internal sealed class Call<T, TResult>(Func<T, TResult> function, T argument) : WorkItem<TResult>
{
    public override Delegate Function => function;

    public override Type[] ArgumentTypes => Types<T>.One;

    public override void WriteItemArguments(WireWriter writer, int index) => writer.WriteValue(argument);

    protected override TResult Invoke() => function(argument);
}

internal sealed class Call<T1, T2, TResult>(Func<T1, T2, TResult> function, T1 argument1, T2 argument2)
    : WorkItem<TResult>
{
    public override Delegate Function => function;

    public override Type[] ArgumentTypes => Types<T1, T2>.Two;

    public override void WriteItemArguments(WireWriter writer, int index)
    {
        writer.WriteValue(argument1);
        writer.WriteValue(argument2);
    }

    protected override TResult Invoke() => function(argument1, argument2);
}

/// <summary>
/// A chunk of a process pool's map: one message to a worker, one future for all its results
/// (CPython's <c>_process_chunk</c>). If one call raises, the chunk's future holds that exception.
/// </summary>
internal sealed class ChunkCall<T, TResult>(Func<T, TResult> function, T[] arguments) : WorkItem<TResult[]>
{
    public override Delegate Function => function;

    public override Type[] ArgumentTypes => Types<T>.One;

    public override Type WireResultType => typeof(TResult);

    public override int ItemCount => arguments.Length;

    public override void WriteItemArguments(WireWriter writer, int index) => writer.WriteValue(arguments[index]);

    public override void Complete(ref WireReader reader, int count)
    {
        if (count != arguments.Length)
        {
            throw new InvalidDataException($"A chunk of {arguments.Length} calls returned {count} results.");
        }

        var results = new TResult[count];
        for (int i = 0; i < count; i++)
        {
            results[i] = reader.ReadValue<TResult>();
        }

        SetResult(results);
    }

    protected override TResult[] Invoke() => Array.ConvertAll(arguments, argument => function(argument));
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
