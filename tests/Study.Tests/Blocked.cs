using System.Diagnostics;

namespace Study.Tests;

/// <summary>
/// A rendezvous with a thread that is about to wait: runs a blocking call on a thread of its own and returns once that
/// thread blocks (or the call returns), so a test completes what the call waits for only after it waits, without
/// guessing how long that takes.
/// </summary>
internal static class Blocked
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Starts <paramref name="call"/> and returns its outcome once its thread waits.</summary>
    /// <exception cref="TimeoutException">The thread neither blocked nor finished within ten seconds.</exception>
    public static Task<T> Run<T>(Func<T> call)
    {
        var outcome = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                outcome.SetResult(call());
            }
#pragma warning disable CA1031 // The call's exception is the test's to see, through the task.
            catch (Exception e)
#pragma warning restore CA1031
            {
                outcome.SetException(e);
            }
        })
        { IsBackground = true, Name = "blocked call" };
        thread.Start();
        var clock = Stopwatch.StartNew();
        while ((thread.ThreadState & System.Threading.ThreadState.WaitSleepJoin) == 0 && !outcome.Task.IsCompleted)
        {
            if (clock.Elapsed > Deadline)
            {
                throw new TimeoutException("the call neither blocked nor returned");
            }

            Thread.Yield();
        }

        return outcome.Task;
    }
}
