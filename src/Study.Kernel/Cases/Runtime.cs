namespace Study.Kernel.Cases;

/// <summary>The runtime a case ran in.</summary>
public enum Runtime
{
    /// <summary>.NET: this repository's futures library.</summary>
    DotNet,

    /// <summary>CPython's own <c>concurrent.futures</c>, driven by the same harness.</summary>
    CPython,
}
