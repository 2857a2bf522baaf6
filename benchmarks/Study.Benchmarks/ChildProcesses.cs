using System.Diagnostics;
using System.Globalization;

namespace Study.Benchmarks;

/// <summary>
/// Ends the processes this one started (BenchmarkDotNet's benchmark processes, and through them their worker
/// processes) when the run is interrupted, so that nothing keeps running after it.
/// </summary>
internal static class ChildProcesses
{
    public static void KillAll()
    {
        foreach (int pid in Children(Environment.ProcessId))
        {
            try
            {
                using var child = Process.GetProcessById(pid);
                child.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }

    /// <summary>The direct children of <paramref name="parent"/>, from /proc; none where there is no /proc.</summary>
    private static IEnumerable<int> Children(int parent)
    {
        if (!Directory.Exists("/proc"))
        {
            yield break;
        }

        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int ppid) && ppid == parent)
            {
                yield return pid;
            }
        }
    }
}
