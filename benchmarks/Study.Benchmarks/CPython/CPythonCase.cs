using BenchmarkDotNet.Attributes;

namespace Study.Benchmarks.CPython;

/// <summary>A CPython case: its driver, started in global setup with the case, ended in global cleanup.</summary>
public abstract class CPythonCase
{
    /// <summary>The interpreter, by its id in the run (<see cref="Pythons"/>).</summary>
    [ParamsSource(nameof(Interpreters))]
    public string Python { get; set; } = Pythons.Primary;

    /// <summary>The run's interpreters.</summary>
    public static IEnumerable<string> Interpreters => Pythons.Ids;

    /// <summary>The case's driver.</summary>
    protected CPythonDriver Driver { get; private set; } = null!;

    /// <summary>Ends the driver and everything it started.</summary>
    [GlobalCleanup]
    public virtual void Cleanup() => Driver?.Dispose();

    /// <summary>Starts the driver and sends it the case.</summary>
    protected void Open(ExecutorKind executor, StartMethod method, int workers, Lifetime lifetime, long[] items, string task = "sum")
    {
        Driver = CPythonDriver.Start(Pythons.PathOf(Python));
        Driver.Send(new
        {
            op = "setup",
            executor = PythonParameters.Name(executor),
            start_method = PythonParameters.Name(method),
            workers,
            lifetime = lifetime.ToString().ToLowerInvariant(),
            items,
            task,
        });
    }
}
