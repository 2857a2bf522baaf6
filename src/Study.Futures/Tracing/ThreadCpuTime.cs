using System.Runtime.InteropServices;

namespace Study.Futures.Tracing;

/// <summary>
/// The CPU time the calling thread has used, in ns (<c>CLOCK_THREAD_CPUTIME_ID</c>, as CPython's
/// <c>time.thread_time_ns</c>); −1 where the platform is not Linux or macOS. A call's wall time less its thread's CPU
/// time is how long it waited to run: for a core, or for the GIL model.
/// </summary>
internal static partial class ThreadCpuTime
{
    private const int LinuxThreadCpuClock = 3;
    private const int MacThreadCpuClock = 16;

    public static long Now()
    {
        int clock = OperatingSystem.IsLinux() ? LinuxThreadCpuClock : OperatingSystem.IsMacOS() ? MacThreadCpuClock : -1;
        return clock >= 0 && GetTime(clock, out var time) == 0 ? (time.Seconds * 1_000_000_000) + time.Nanoseconds : -1;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int GetTime(int clock, out TimeSpec time);
}
