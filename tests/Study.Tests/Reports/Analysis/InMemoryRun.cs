using System.Globalization;
using Study.Kernel;
using Study.Reports.Analysis;
using Study.Reports.Results;

namespace Study.Tests.Reports.Analysis;

/// <summary>
/// A run built in memory for the analysis' unit tests: benchmarks of the study's suite with chosen medians (five
/// iterations 0.2 % apart), the article's lists at full scale, a 2-core quick run.
/// </summary>
internal sealed class InMemoryRun
{
    private readonly List<BenchmarkResult> _benchmarks = [];

    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal)
    {
        ["profile"] = "quick",
        ["cores"] = "2",
        ["dotNetScale"] = "1",
        ["pythonScale"] = "1",
    };

    /// <summary>A benchmark of <paramref name="type"/>.<paramref name="method"/> whose median is <paramref name="nanoseconds"/>.</summary>
    public InMemoryRun Add(string type, string method, double nanoseconds, params (string Name, object Value)[] parameters)
    {
        var values = Enumerable.Range(-2, 5).Select(i => nanoseconds * (1 + (0.002 * i))).ToList();
        var named = parameters.ToDictionary(p => p.Name, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture)!, StringComparer.Ordinal);
        _benchmarks.Add(new BenchmarkResult(Suite.Namespace, type, method, named, "Job", values, 0, 3));
        return this;
    }

    /// <summary>A benchmark of <paramref name="type"/>.<paramref name="method"/> with the iterations <paramref name="values"/>.</summary>
    public InMemoryRun AddValues(string type, string method, double[] values, params (string Name, object Value)[] parameters)
    {
        var named = parameters.ToDictionary(p => p.Name, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture)!, StringComparer.Ordinal);
        _benchmarks.Add(new BenchmarkResult(Suite.Namespace, type, method, named, "Job", values, 0, 3));
        return this;
    }

    /// <summary>.NET's kernel in this process and in both worker builds at <paramref name="nanoseconds"/> an iteration (its benchmark reports per iteration).</summary>
    public InMemoryRun DotNetKernel(double nanoseconds)
    {
        foreach (string site in new[] { Suite.Sites.InProcess, Suite.Sites.WorkerJit, Suite.Sites.WorkerAot })
        {
            Add(Suite.Types.Kernel, Suite.Methods.Kernel, nanoseconds, (Suite.Parameters.Site, site));
        }

        return this;
    }

    /// <summary>CPython's kernel at <paramref name="nanoseconds"/> an iteration, and its driver's round trip.</summary>
    public InMemoryRun CPythonKernel(double nanoseconds, double harness = 0)
    {
        Add(Suite.Types.CPythonHarness, Suite.Methods.CPythonKernel, nanoseconds);
        return Add(Suite.Types.CPythonHarness, Suite.Methods.Ping, harness);
    }

    /// <summary>A grid case: cold, mapped, one item a call.</summary>
    public InMemoryRun Grid(Runtime runtime, ExecutorKind kind, int workers, WorkShape shape, double nanoseconds, StartMethod method = StartMethod.None)
    {
        var parameters = new List<(string, object)>
        {
            (Suite.Parameters.Executor, kind), (Suite.Parameters.Workers, workers), (Suite.Parameters.Shape, shape), (Suite.Parameters.Lifetime, Lifetime.Cold),
        };
        if (runtime == Runtime.CPython)
        {
            parameters.Add((Suite.Parameters.StartMethod, method));
        }
        else
        {
            parameters.Add((Suite.Parameters.Api, Api.Map));
            parameters.Add((Suite.Parameters.Chunksize, 1));
        }

        return Add(runtime == Runtime.CPython ? Suite.Types.CPythonGrid : Suite.Types.Grid, Suite.Methods.Run, nanoseconds, [.. parameters]);
    }

    /// <summary>A point of a task-size sweep, warm.</summary>
    public InMemoryRun Sweep(Runtime runtime, ExecutorKind kind, long iterations, double nanoseconds, StartMethod method = StartMethod.None) =>
        runtime == Runtime.CPython
            ? Add(Suite.Types.CPythonSweep, Suite.Methods.Run, nanoseconds, (Suite.Parameters.Executor, kind), (Suite.Parameters.StartMethod, method),
                (Suite.Parameters.Lifetime, Lifetime.Warm), (Suite.Parameters.Iterations, iterations))
            : Add(Suite.Types.Sweep, Suite.Methods.Run, nanoseconds, (Suite.Parameters.Executor, kind), (Suite.Parameters.Workers, 2),
                (Suite.Parameters.Lifetime, Lifetime.Warm), (Suite.Parameters.Iterations, iterations));

    /// <summary>A pool's start-up or shutdown with <paramref name="workers"/> workers.</summary>
    public InMemoryRun Lifecycle(Runtime runtime, ExecutorKind kind, string method, int workers, double nanoseconds, StartMethod start = StartMethod.None) =>
        runtime == Runtime.CPython
            ? Add(Suite.Types.CPythonLifecycle, method, nanoseconds, (Suite.Parameters.Executor, kind), (Suite.Parameters.StartMethod, start), (Suite.Parameters.Workers, workers))
            : Add(Suite.Types.Lifecycle, method, nanoseconds, (Suite.Parameters.Executor, kind), (Suite.Parameters.Workers, workers));

    /// <summary>A call's cost through an executor, by <see cref="Suite.Methods"/> name (batch, map one item a call, …).</summary>
    public InMemoryRun Dispatch(Runtime runtime, ExecutorKind kind, string method, double nanoseconds, StartMethod start = StartMethod.None) =>
        runtime == Runtime.CPython
            ? Add(Suite.Types.CPythonOverhead, method, nanoseconds, (Suite.Parameters.Executor, kind), (Suite.Parameters.StartMethod, start))
            : Add(Suite.Types.Dispatch, method, nanoseconds, (Suite.Parameters.Executor, kind));

    /// <summary>The machine's core count, as env.json records it.</summary>
    public InMemoryRun WithCores(int cores)
    {
        _environment["cores"] = cores.ToString(CultureInfo.InvariantCulture);
        return this;
    }

    public ResultSet Build() => ResultSet.InMemory(_benchmarks, _environment);

    public StudyCases Cases() => new(Build());
}
