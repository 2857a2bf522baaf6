namespace Study.Tests;

/// <summary>
/// A fact that needs a Unix (Linux or macOS): a <c>#!/bin/sh</c> script standing in for a program, file modes. On
/// Windows xunit reports it as skipped, naming what it needs, instead of failing there.
/// </summary>
public sealed class UnixFactAttribute : FactAttribute
{
    /// <summary>Skips the test on Windows, saying it needs <paramref name="needs"/>.</summary>
    public UnixFactAttribute(string needs)
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = $"needs a Unix: {needs}";
        }
    }
}

/// <summary>A fact that needs Linux (<c>/proc</c>): reported as skipped elsewhere, naming what it needs.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    /// <summary>Skips the test off Linux, saying it needs <paramref name="needs"/>.</summary>
    public LinuxFactAttribute(string needs)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = $"needs Linux: {needs}";
        }
    }
}
