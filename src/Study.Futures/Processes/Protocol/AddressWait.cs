using System.Runtime.InteropServices;

namespace Study.Futures.Protocol;

/// <summary>
/// Sleeping on a 32-bit word of memory that another process maps, until that process changes it and wakes the word:
/// the wake-up of <see cref="SharedRings"/> and of its floor benchmark.
/// </summary>
/// <remarks>
/// Linux: a futex (<c>FUTEX_WAIT</c>/<c>FUTEX_WAKE</c>, not the private variants: the word is shared between processes).
/// macOS 14.4 and later: <c>os_sync_wait_on_address</c> with its shared flag. Elsewhere (Windows has no wait on an
/// address across processes) and on an older macOS, the wait sleeps a millisecond at a time and rechecks, and a wake is
/// nothing: correct, and slow to wake, which the report's figures would show for such a machine.
/// </remarks>
internal static unsafe partial class AddressWait
{
    private enum Kind
    {
        Futex,
        OsSync,
        Poll,
    }

    private static readonly Kind s_kind = Choose();

    /// <summary>How this machine sleeps on a word: "futex", "os_sync_wait_on_address" or "polling every 1 ms".</summary>
    public static string Description => s_kind switch
    {
        Kind.Futex => "futex",
        Kind.OsSync => "os_sync_wait_on_address",
        _ => "polling every 1 ms",
    };

    /// <summary>
    /// Sleeps while <c>*address == expected</c>, for at most <paramref name="timeoutMilliseconds"/> (and may return early,
    /// spuriously): the caller rechecks its condition.
    /// </summary>
    public static void Wait(int* address, int expected, int timeoutMilliseconds)
    {
        switch (s_kind)
        {
            case Kind.Futex:
                var timeout = new Timespec { Seconds = timeoutMilliseconds / 1000, Nanoseconds = timeoutMilliseconds % 1000 * 1_000_000L };
                _ = Syscall(FutexNumber, address, FutexWait, expected, &timeout, null, 0);
                break;
            case Kind.OsSync:
                _ = OsSyncWait(address, (ulong)(uint)expected, sizeof(int), OsSyncShared, MachAbsoluteClock, (ulong)timeoutMilliseconds * 1_000_000);
                break;
            default:
                if (Volatile.Read(ref *address) == expected)
                {
                    Thread.Sleep(1);
                }

                break;
        }
    }

    /// <summary>Wakes every process and thread sleeping on <paramref name="address"/>.</summary>
    public static void WakeAll(int* address)
    {
        switch (s_kind)
        {
            case Kind.Futex:
                _ = Syscall(FutexNumber, address, FutexWake, int.MaxValue, null, null, 0);
                break;
            case Kind.OsSync:
                _ = OsSyncWakeAll(address, sizeof(int), OsSyncShared);
                break;
        }
    }

    private static Kind Choose()
    {
        if (OperatingSystem.IsLinux() && FutexNumber > 0)
        {
            return Kind.Futex;
        }

        if (OperatingSystem.IsMacOSVersionAtLeast(14, 4))
        {
            try
            {
                int word = 1;
                _ = OsSyncWakeAll(&word, sizeof(int), OsSyncShared);
                return Kind.OsSync;
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                // Older than 14.4 after all: poll.
            }
        }

        return Kind.Poll;
    }

    // syscall(2)'s number for futex by architecture; 0 where unknown (then the wait polls).
    private static long FutexNumber => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 202,
        Architecture.Arm64 or Architecture.RiscV64 or Architecture.LoongArch64 => 98,
        Architecture.X86 => 240,
        Architecture.Arm => 240,
        _ => 0,
    };

    private const int FutexWait = 0; // FUTEX_WAIT, shared
    private const int FutexWake = 1; // FUTEX_WAKE, shared
    private const uint OsSyncShared = 1; // OS_SYNC_WAIT_ON_ADDRESS_SHARED = OS_SYNC_WAKE_BY_ADDRESS_SHARED
    private const uint MachAbsoluteClock = 32; // OS_CLOCK_MACH_ABSOLUTE_TIME; the timeout is in nanoseconds of it

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // syscall is variadic; on Linux (x64, arm64) integer arguments of a variadic call travel as a plain call's do.
    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long Syscall(long number, int* address, int operation, int value, Timespec* timeout, int* address2, int value3);

    [LibraryImport("/usr/lib/libSystem.dylib", EntryPoint = "os_sync_wait_on_address_with_timeout")]
    private static partial int OsSyncWait(void* address, ulong value, nint size, uint flags, uint clock, ulong timeout);

    [LibraryImport("/usr/lib/libSystem.dylib", EntryPoint = "os_sync_wake_by_address_all")]
    private static partial int OsSyncWakeAll(void* address, nint size, uint flags);
}
