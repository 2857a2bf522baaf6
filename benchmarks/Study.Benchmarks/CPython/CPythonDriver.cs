using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Study.Benchmarks.CPython;

/// <summary>
/// The CPython driver (<c>benchmarks/cpython/driver.py</c>) as a child process: one JSON command a line in, one JSON
/// reply a line out. A driver that cannot start, dies, or answers something else than a reply fails the call with a
/// one-line <see cref="CPythonException"/>; disposing it ends the driver and everything it started.
/// </summary>
public sealed class CPythonDriver : IDisposable
{
    /// <summary>The environment variable naming the Python interpreter; <c>python3</c> by default.</summary>
    public const string InterpreterVariable = "STUDY_PYTHON";

    /// <summary>The environment variable naming the driver script; next to the program by default.</summary>
    public const string DriverVariable = "STUDY_CPYTHON_DRIVER";

    private readonly Process _process;
    private readonly StreamWriter _input;
    private readonly StreamReader _output;

    private CPythonDriver(Process process)
    {
        _process = process;
        _input = process.StandardInput;
        _input.AutoFlush = true;
        _output = process.StandardOutput;
    }

    /// <summary>The driver's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The interpreter this process uses.</summary>
    public static string Interpreter => Environment.GetEnvironmentVariable(InterpreterVariable) ?? "python3";

    /// <summary>The driver script this process uses.</summary>
    public static string Script =>
        Environment.GetEnvironmentVariable(DriverVariable) ?? Path.Combine(AppContext.BaseDirectory, "cpython", "driver.py");

    /// <summary>Starts the driver.</summary>
    /// <exception cref="CPythonException">The interpreter or the script cannot be started.</exception>
    public static CPythonDriver Start(string? interpreter = null, string? script = null)
    {
        script ??= Script;
        if (!File.Exists(script))
        {
            throw new CPythonException($"the CPython driver {script} does not exist");
        }

        var start = new ProcessStartInfo(interpreter ?? Interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-u");
        start.ArgumentList.Add(script);
        try
        {
            return new CPythonDriver(Process.Start(start) ?? throw new CPythonException($"{start.FileName} did not start"));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CPythonException($"cannot start {start.FileName}: {e.Message}");
        }
    }

    /// <summary>Sends a command and returns its reply.</summary>
    /// <exception cref="CPythonException">The driver failed the command, died, or answered something else.</exception>
    public JsonObject Send(object command)
    {
        try
        {
            _input.WriteLine(JsonSerializer.Serialize(command));
        }
        catch (IOException)
        {
            throw new CPythonException($"the CPython driver has exited ({Describe()})");
        }

        string? line = _output.ReadLine() ?? throw new CPythonException($"the CPython driver has exited ({Describe()})");
        JsonObject reply;
        try
        {
            reply = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            throw new CPythonException($"the CPython driver answered something else than a reply: {Truncate(line)}");
        }

        return reply["ok"]?.GetValue<bool>() == true
            ? reply
            : throw new CPythonException($"the CPython driver failed: {reply["error"]?.GetValue<string>() ?? Truncate(line)}");
    }

    /// <summary>Sends a command whose reply carries a count, and returns the count.</summary>
    public long Count(object command) => Send(command)["count"]?.GetValue<long>() ?? throw new CPythonException("the reply has no count");

    /// <summary>Asks the driver to quit; kills it, and whatever it started, if it does not within two seconds.</summary>
    public void Dispose()
    {
        try
        {
            _input.WriteLine("""{"op": "quit"}""");
            _input.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }

        if (!_process.WaitForExit(TimeSpan.FromSeconds(2)))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private string Describe()
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(1)))
        {
            return "still running, but its pipe is closed";
        }

        return $"exit code {_process.ExitCode}";
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

/// <summary>The CPython driver could not run a command: one line that says why.</summary>
public sealed class CPythonException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CPythonException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public CPythonException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public CPythonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
