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

    /// <summary>Sleeps <paramref name="milliseconds"/> and returns them.</summary>
    public static int Sleep(int milliseconds)
    {
        Thread.Sleep(milliseconds);
        return milliseconds;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> with <paramref name="message"/>.</summary>
    public static int Fail(string message) => throw new InvalidOperationException(message);

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
