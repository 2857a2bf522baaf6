using System.Text.Json.Nodes;

namespace Study.Benchmarks.CPython;

/// <summary>
/// What the machine's CPython offers the study: found or not, its version, the start methods it has, and the facts
/// that decide what its threads and pools can do (<see cref="PythonFacts"/>). Probed once per run, before any
/// benchmark, so that unusable cases are skipped with one line rather than failed.
/// </summary>
public sealed record CPythonInstallation(bool Usable, string Implementation, string Version, IReadOnlyList<string> StartMethods, string? Problem)
{
    /// <summary>The interpreter's facts, from the driver's hello; <see cref="PythonFacts.Unknown"/> when it did not answer.</summary>
    public PythonFacts Facts { get; init; } = PythonFacts.Unknown;

    /// <summary>The oldest Python the driver supports.</summary>
    public static readonly Version Minimum = new(3, 9);

    /// <summary>Asks the interpreter, through the driver's hello.</summary>
    public static CPythonInstallation Probe(string? interpreter = null, string? script = null)
    {
        try
        {
            using var driver = CPythonDriver.Start(interpreter, script);
            JsonObject hello = driver.Send(new { op = "hello" });
            string implementation = hello["implementation"]?.GetValue<string>() ?? "unknown";
            string version = hello["version"]?.GetValue<string>() ?? "0.0";
            var methods = hello["start_methods"]?.AsArray().Select(m => m!.GetValue<string>()).ToList() ?? [];
            if (!System.Version.TryParse(version, out var parsed) || parsed < Minimum)
            {
                return new(false, implementation, version, methods, $"Python {version} is older than the driver's minimum, {Minimum}");
            }

            return new(true, implementation, version, methods, null) { Facts = PythonFacts.From(hello) };
        }
        catch (CPythonException e)
        {
            return new(false, "none", "none", [], e.Message);
        }
    }

    /// <summary>Whether the cases of <paramref name="method"/> can run.</summary>
    public bool Has(StartMethod method) => Usable && (method == StartMethod.None || StartMethods.Contains(method.ToString().ToLowerInvariant()));

    /// <summary>Whether the cases of <paramref name="executor"/> can run: InterpreterPoolExecutor only where the interpreter has it.</summary>
    public bool Has(ExecutorKind executor) => Usable && (executor != ExecutorKind.Interpreters || Facts.InterpreterPool);
}

/// <summary>
/// What an interpreter is, beyond its version: its default start method, whether it was built free-threaded and
/// whether the GIL is on as it runs, the CPUs it sees and may use, its switch interval, and whether it has
/// <c>InterpreterPoolExecutor</c>. Facts the interpreter predates are null.
/// </summary>
public sealed record PythonFacts(
    string? DefaultStartMethod, bool? FreeThreaded, bool? GilEnabled, int? CpuCount, int? ProcessCpuCount, double? SwitchInterval, bool InterpreterPool)
{
    /// <summary>No facts: no interpreter, or one that did not say.</summary>
    public static PythonFacts Unknown { get; } = new(null, null, null, null, null, null, false);

    /// <summary>The facts of the driver's hello.</summary>
    public static PythonFacts From(JsonObject hello)
    {
        ArgumentNullException.ThrowIfNull(hello);
        return new(
            hello["default_start_method"]?.GetValue<string>(),
            hello["free_threaded"]?.GetValue<bool>(),
            hello["gil_enabled"]?.GetValue<bool>(),
            hello["cpu_count"]?.GetValue<int>(),
            hello["process_cpu_count"]?.GetValue<int>(),
            hello["switch_interval"]?.GetValue<double>(),
            hello["interpreter_pool"]?.GetValue<bool>() ?? false);
    }
}
