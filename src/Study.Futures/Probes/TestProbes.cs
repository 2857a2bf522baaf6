namespace Study.Futures;

/// <summary>
/// Functions for the tests of a <see cref="ProcessPoolExecutor"/>: calls that fail, print, kill their worker or move
/// large values. Internal, and still in every worker build: the NativeAOT worker has only what was compiled into it,
/// and it finds internal methods by name as well as public ones.
/// </summary>
internal static class TestProbes
{
    private static string? s_tag;

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
    public static string EchoString(string value) => value;

    /// <summary>Returns <paramref name="count"/> bytes: a large result.</summary>
    public static byte[] Bytes(int count) => new byte[count];

    /// <summary>Creates the file <paramref name="path"/> and returns it: a call whose running leaves a trace.</summary>
    public static string Touch(string path)
    {
        File.WriteAllText(path, string.Empty);
        return path;
    }

    /// <summary>Returns the length of <paramref name="value"/>: a large argument.</summary>
    public static int Length(byte[] value) => value.Length;

    /// <summary>Writes <paramref name="text"/> with <see cref="Console.WriteLine(string)"/> and returns it, as a user's print.</summary>
    public static string PrintLine(string text)
    {
        Console.WriteLine(text);
        return text;
    }

    /// <summary>Writes <paramref name="text"/> with <see cref="Console.Write(string)"/>, no newline, and returns it.</summary>
    public static string Print(string text)
    {
        Console.Write(text);
        Console.Out.Flush();
        return text;
    }

    /// <summary>Reads a line of standard input, as a user's <c>input()</c>: a worker's is empty, so null.</summary>
    public static string ReadLine(int ignored) => Console.ReadLine() ?? "<end of input>";

    /// <summary>An initializer: remembers <paramref name="tag"/> in the worker for <see cref="GetTag"/>.</summary>
    public static void SetTag(string tag) => s_tag = tag;

    /// <summary>Returns what <see cref="SetTag"/> stored in this worker, or an empty string.</summary>
    public static string GetTag(int ignored) => s_tag ?? string.Empty;

    /// <summary>Takes any value and does nothing: a parameter typed object.</summary>
    public static void Ignore(object? value)
    {
    }

    /// <summary>An initializer that throws <see cref="InvalidOperationException"/>.</summary>
    public static void FailInitializer(string message) => throw new InvalidOperationException(message);
}
