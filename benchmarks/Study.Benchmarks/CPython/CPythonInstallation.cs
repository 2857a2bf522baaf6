using System.Text.Json.Nodes;

namespace Study.Benchmarks.CPython;

/// <summary>
/// What the machine's CPython offers the study: found or not, its version, the start methods it has. Probed once
/// per run, before any benchmark, so that unusable cases are skipped with one line rather than failed.
/// </summary>
public sealed record CPythonInstallation(bool Usable, string Implementation, string Version, IReadOnlyList<string> StartMethods, string? Problem)
{
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

            return new(true, implementation, version, methods, null);
        }
        catch (CPythonException e)
        {
            return new(false, "none", "none", [], e.Message);
        }
    }

    /// <summary>Whether the cases of <paramref name="method"/> can run.</summary>
    public bool Has(StartMethod method) => Usable && (method == StartMethod.None || StartMethods.Contains(method.ToString().ToLowerInvariant()));
}
