using System.Diagnostics.CodeAnalysis;

namespace Study.Futures;

/// <summary>
/// Small static functions compiled into every worker build (JIT and NativeAOT), for health checks of a
/// <see cref="ProcessPoolExecutor"/> and for its tests: where a call ran, a call that blocks, fails, or kills its worker.
/// </summary>
[SuppressMessage("Design", "CA1024:Use properties where appropriate", Justification = "They are functions to submit.")]
public static class WorkerProbes
{
    private static string? s_tag;

    /// <summary>Returns the id of the process the call runs in; the argument is ignored.</summary>
    public static int ProcessId(int ignored) => Environment.ProcessId;

    /// <summary>
    /// Sleeps <paramref name="milliseconds"/> and returns them. Like CPython's <c>time.sleep</c>, it releases the
    /// GIL of a <see cref="GilThreadPoolExecutor"/> while it sleeps.
    /// </summary>
    public static int Sleep(int milliseconds)
    {
        using (GlobalInterpreterLock.AllowThreads())
        {
            Thread.Sleep(milliseconds);
        }

        return milliseconds;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> with <paramref name="message"/>.</summary>
    public static int Fail(string message) => throw new InvalidOperationException(message);

    /// <summary>Returns 1000 / <paramref name="n"/>: throws <see cref="DivideByZeroException"/> for 0.</summary>
    public static int Reciprocal(int n) => 1000 / n;

    /// <summary>Returns <paramref name="dividend"/> / <paramref name="divisor"/>: a call of two arguments.</summary>
    public static long Divide(long dividend, long divisor) => dividend / divisor;

    /// <summary>Ends the process at once with <paramref name="exitCode"/>, as a crash would.</summary>
    public static int Exit(int exitCode)
    {
        Environment.Exit(exitCode);
        return exitCode;
    }

    /// <summary>Returns <paramref name="value"/>: a transfer round trip.</summary>
    public static byte[] Echo(byte[] value) => value;

    /// <summary>Returns <paramref name="value"/>: a transfer round trip.</summary>
    public static string EchoString(string value) => value;

    /// <summary>An initializer: remembers <paramref name="tag"/> in the worker for <see cref="GetTag"/>.</summary>
    public static void SetTag(string tag) => s_tag = tag;

    /// <summary>Returns what <see cref="SetTag"/> stored in this worker, or an empty string.</summary>
    public static string GetTag(int ignored) => s_tag ?? string.Empty;

    /// <summary>An initializer that throws <see cref="InvalidOperationException"/>.</summary>
    public static void FailInitializer(string message) => throw new InvalidOperationException(message);
}
