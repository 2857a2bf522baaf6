namespace Study.Benchmarks.Study;

/// <summary>What a measured call of the grid includes of the pool's life.</summary>
public enum Lifetime
{
    /// <summary>Create the pool, run the list, shut the pool down: the article's <c>with</c> block.</summary>
    Cold,

    /// <summary>Run the list through a pool created and warmed before the measurement.</summary>
    Warm,
}

/// <summary>How the grid hands the list to the executor.</summary>
public enum Api
{
    /// <summary><c>executor.map(fn, items)</c>, as the article does.</summary>
    Map,

    /// <summary><c>[f.result() for f in [executor.submit(fn, n) for n in items]]</c>.</summary>
    Submit,
}
