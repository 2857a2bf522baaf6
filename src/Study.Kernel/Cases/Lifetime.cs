namespace Study.Kernel.Cases;

/// <summary>What a measured call includes of the pool's life.</summary>
public enum Lifetime
{
    /// <summary>Create the pool, run the list, shut the pool down: the article's <c>with</c> block.</summary>
    Cold,

    /// <summary>Run the list through a pool created and warmed before the measurement.</summary>
    Warm,
}
