namespace Study.Tests.Futures;

/// <summary>Whether a process is alive, by id; a zombie is not.</summary>
internal static class ProcessProbe
{
    public static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            string stat = $"/proc/{pid}/stat";
            try
            {
                string text = File.ReadAllText(stat);
                char state = text[text.LastIndexOf(')') + 2];
                return state is not ('Z' or 'X');
            }
            catch (IOException)
            {
                return false;
            }
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for every process in <paramref name="pids"/> to be gone.</summary>
    public static bool AllGone(IEnumerable<int> pids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (pids.Any(IsAlive))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }
}
