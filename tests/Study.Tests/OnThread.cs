namespace Study.Tests;

/// <summary>
/// Runs a blocking test body on a dedicated thread, so that an async test's timeout applies to it and it does not
/// starve the .NET thread pool that <c>DotNetThreadPoolExecutor</c> runs on.
/// </summary>
internal static class OnThread
{
    public static Task Run(Action body) =>
        Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static Task<T> Run<T>(Func<T> body) =>
        Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
