using BenchmarkDotNet.Attributes;

namespace Study.Benchmarks.CPython;

/// <summary>
/// The harness's own cost and CPython's kernel speed: <see cref="Ping"/> is one empty command and its reply, what
/// every CPython figure of the suite includes once; <c>Kernel*</c> run the article's <c>sum_generator(n)</c> in the
/// driver, in ns per iteration (<c>OperationsPerInvoke</c> is n), so that the CPython lists' scale can be stated.
/// </summary>
[OverheadJob]
[BenchmarkCategory(Categories.CPython)]
public class CPythonHarnessBenchmarks
{
    private CPythonDriver _driver = null!;

    /// <summary>The interpreter, by its id in the run (<see cref="Pythons"/>).</summary>
    [ParamsSource(nameof(Interpreters))]
    public string Python { get; set; } = Pythons.Primary;

    /// <summary>The run's interpreters.</summary>
    public static IEnumerable<string> Interpreters => Pythons.Ids;

    /// <summary>Starts the driver.</summary>
    [GlobalSetup]
    public void Setup() => _driver = CPythonDriver.Start(Pythons.PathOf(Python));

    /// <summary>Ends the driver.</summary>
    [GlobalCleanup]
    public void Cleanup() => _driver.Dispose();

    /// <summary>An empty command and its reply: the harness's round trip.</summary>
    [Benchmark]
    public long Ping() => _driver.Send(new { op = "ping" }).Count;

    /// <summary><c>sum_generator(10⁴)</c>: the per-call constant still shows.</summary>
    [Benchmark(OperationsPerInvoke = 10_000)]
    public long Kernel1E4() => _driver.Count(new { op = "kernel", n = 10_000 });

    /// <summary><c>sum_generator(10⁶)</c>: the kernel's own speed.</summary>
    [Benchmark(OperationsPerInvoke = 1_000_000)]
    public long Kernel1E6() => _driver.Count(new { op = "kernel", n = 1_000_000 });
}
