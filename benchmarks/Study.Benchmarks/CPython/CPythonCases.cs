using BenchmarkDotNet.Running;
using Study.Benchmarks.Study;
using Study.Kernel;

namespace Study.Benchmarks.CPython;

/// <summary>
/// Which CPython cases a profile runs. Quick keeps what answers the article's question (its list through threads and
/// every start method, warm and cold), CPython's dispatch figures, start-up, the I/O workload and the sweep through
/// threads and fork; full runs everything. Cases whose executor and start method do not go together never run.
/// </summary>
public static class CPythonCases
{
    private static readonly int Cores = Environment.ProcessorCount;

    /// <summary>Whether <paramref name="profile"/> runs <paramref name="benchmarkCase"/>, a case of a CPython class.</summary>
    public static bool IsIn(Profile profile, BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var p = benchmarkCase.Parameters;
        var executor = (PythonExecutor)(p["Executor"] ?? PythonExecutor.Sequential);
        var method = (StartMethod)(p["StartMethod"] ?? StartMethod.None);
        if (p.Items.Any(i => i.Name == "Executor") && !PythonParameters.Valid(executor, method))
        {
            return false;
        }

        bool full = profile == Profile.Full;
        bool dry = profile == Profile.Dry;
        bool forkOrNone = method is StartMethod.None or StartMethod.Fork;
        string type = benchmarkCase.Descriptor.Type.Name;
        return type switch
        {
            nameof(CPythonHarnessBenchmarks) => true,
            nameof(CPythonOverheadBenchmarks) => full || forkOrNone,
            nameof(CPythonWorkListBenchmarks) => WorkList(profile, executor, method, (int)p["Workers"], (WorkShape)p["Shape"], (Lifetime)p["Lifetime"]),
            nameof(CPythonLifecycleBenchmarks) => full || (int)p["Workers"] is var k && (dry ? k == 2 && forkOrNone
                : (k is 1 or 2 or 8) && benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(CPythonLifecycleBenchmarks.StartAll)),
            nameof(CPythonSweepBenchmarks) => (executor == PythonExecutor.Sequential ? (Lifetime)p["Lifetime"] == Lifetime.Cold : full || (Lifetime)p["Lifetime"] == Lifetime.Warm)
                && (full || forkOrNone) && (!dry || (long)p["Iterations"] == 40) && (full || executor != PythonExecutor.Sequential),
            nameof(CPythonIoBoundBenchmarks) => (executor == PythonExecutor.Sequential ? (int)p["Workers"] == 1 : !dry || (int)p["Workers"] == 2)
                && (full || forkOrNone),
            _ => true,
        };
    }

    private static bool WorkList(Profile profile, PythonExecutor executor, StartMethod method, int workers, WorkShape shape, Lifetime lifetime)
    {
        if (executor == PythonExecutor.Sequential)
        {
            return workers == 1 && lifetime == Lifetime.Cold && (profile != Profile.Dry || shape == WorkShape.Article);
        }

        return profile switch
        {
            Profile.Dry => shape == WorkShape.Article && workers == 2 && lifetime == Lifetime.Cold,
            Profile.Quick =>
                // The article's case, cold, on this machine's cores and on the article's five workers, every start method.
                (shape == WorkShape.Article && lifetime == Lifetime.Cold && (workers == Cores || workers == 5))
                // Warm, and the dispatch-bound and even shapes, through threads and fork.
                || (method is StartMethod.None or StartMethod.Fork && workers == Cores
                    && ((shape == WorkShape.Article && lifetime == Lifetime.Warm) || (lifetime == Lifetime.Cold && shape is WorkShape.Tiny or WorkShape.Uniform))),
            // Full: every shape and worker count cold, as the article runs it; the article's list warm.
            _ => lifetime == Lifetime.Cold || shape == WorkShape.Article,
        };
    }
}
