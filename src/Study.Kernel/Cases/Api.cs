namespace Study.Kernel.Cases;

/// <summary>How the grid hands the list to the executor.</summary>
public enum Api
{
    /// <summary><c>executor.map(fn, items)</c>, as the article does.</summary>
    Map,

    /// <summary><c>[f.result() for f in [executor.submit(fn, n) for n in items]]</c>.</summary>
    Submit,
}
