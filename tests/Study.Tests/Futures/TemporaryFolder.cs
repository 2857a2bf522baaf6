namespace Study.Tests.Futures;

/// <summary>
/// A folder for <see cref="Study.Futures.WorkerProbes.Rendezvous"/> and <see cref="Study.Futures.WorkerProbes.WaitForFile"/>:
/// calls that meet there wait for one another, and the test is a party too (<see cref="Join"/>, <see cref="Open"/>),
/// so a call ends only when the test lets it, never by a clock.
/// </summary>
internal sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("study-rendezvous-").FullName;

    /// <summary>Creates the file <paramref name="name"/>, for <see cref="Study.Futures.WorkerProbes.WaitForFile"/>; returns its path.</summary>
    public string Open(string name)
    {
        string path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, string.Empty);
        return path;
    }

    /// <summary>The test arrives at the rendezvous: the calls waiting there for one more party return.</summary>
    public void Join() => File.WriteAllText(System.IO.Path.Combine(Path, $"test-{Guid.NewGuid():N}"), string.Empty);

    /// <summary>Joins first, so that a failed test leaves no call waiting out its 30 s, then removes the folder.</summary>
    public void Dispose()
    {
        Join();
        Thread.Sleep(20); // the waiting calls poll every millisecond; let them see the files before they go
        Directory.Delete(Path, recursive: true);
    }
}
