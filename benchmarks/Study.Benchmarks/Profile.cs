using Study.Kernel;

namespace Study.Benchmarks;

/// <summary>How much of the study a run covers. Chosen with <c>--profile</c>; default <see cref="Quick"/>.</summary>
public enum Profile
{
    /// <summary>Every executor and every shape, few iterations: minutes. What <c>./run.sh</c> runs.</summary>
    Quick,

    /// <summary>The whole grid, at least 10 iterations per case, for statistics: under an hour on 2 cores.</summary>
    Full,

    /// <summary>The whole pipeline, each benchmark once on a tiny scale: seconds, for CI.</summary>
    Dry,
}

/// <summary>The profile of this run, shared with BenchmarkDotNet's child processes through the environment.</summary>
public static class Profiles
{
    /// <summary>The environment variable that carries the profile to the processes BenchmarkDotNet starts.</summary>
    public const string Variable = "STUDY_PROFILE";

    /// <summary>The current process's profile: <see cref="Variable"/>, or <see cref="Profile.Quick"/>.</summary>
    public static Profile Current =>
        Enum.TryParse<Profile>(Environment.GetEnvironmentVariable(Variable), ignoreCase: true, out var profile) ? profile : Profile.Quick;

    /// <summary>
    /// The article's list is scaled so that a sequential pass takes a few tenths of a second (<see cref="StudyScale"/>):
    /// long enough that start-up costs do not drown the work, short enough for a grid. Dry runs a thousandth of that.
    /// </summary>
    public static double Scale(Profile profile) => profile == Profile.Dry ? StudyScale.DotNetDry : StudyScale.DotNet;
}
