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
        var executor = (ExecutorKind)(p["Executor"] ?? ExecutorKind.Sequential);
        var method = (StartMethod)(p["StartMethod"] ?? StartMethod.None);
        if (p.Items.Any(i => i.Name == "Executor") && !PythonParameters.Valid(executor, method))
        {
            return false;
        }

        bool full = profile == Profile.Full;
        bool dry = profile == Profile.Dry;
        bool forkOrNone = method is StartMethod.None or StartMethod.Fork;
        string benchmark = benchmarkCase.Descriptor.WorkloadMethod.Name;
        return benchmarkCase.Descriptor.Type.Name switch
        {
            nameof(CPythonHarnessBenchmarks) => true,
            // Quick: batch and round trip, threads and fork; full: everything, every start method.
            nameof(CPythonOverheadBenchmarks) => full || (forkOrNone && benchmark is nameof(CPythonOverheadBenchmarks.Batch) or nameof(CPythonOverheadBenchmarks.RoundTrip)),
            // The held-out workloads that check study advise: full; one in a dry run.
            nameof(CPythonHeldOutBenchmarks) => HeldOutBenchmarks.IsIn(profile, executor, (HeldOutWorkload)p["Workload"]),
            nameof(CPythonWorkListBenchmarks) => WorkList(profile, executor, method, (int)p["Workers"], (WorkShape)p["Shape"], (Lifetime)p["Lifetime"]),
            // Quick: 1 and 8 workers started, 2 and 8 shut down, threads, fork and spawn (whose article cases quick runs); full: 1 to 8 workers started and 2 and 8 shut down,
            // every start method.
            nameof(CPythonLifecycleBenchmarks) => (int)p["Workers"] is var k && profile switch
            {
                Profile.Dry => k == 2 && forkOrNone,
                Profile.Quick => method != StartMethod.Forkserver && (benchmark == nameof(CPythonLifecycleBenchmarks.StartAll) ? k is 1 or 8 : k is 2 or 8),
                _ => benchmark == nameof(CPythonLifecycleBenchmarks.StartAll) || k is 2 or 8,
            },
            // The sweep: warm threads and fork (quick), cold too and spawn (full); forkserver starts as fork does.
            nameof(CPythonSweepBenchmarks) => Sweep(profile, executor, method, (Lifetime)p["Lifetime"], Convert.ToInt64(p["Iterations"], System.Globalization.CultureInfo.InvariantCulture)),
            nameof(CPythonIoBoundBenchmarks) => (executor == ExecutorKind.Sequential ? (int)p["Workers"] == 1
                : dry ? (int)p["Workers"] == 2 : full || (int)p["Workers"] is 1 or 8) && (full || forkOrNone),
            _ => true,
        };
    }

    /// <summary>
    /// Whether <paramref name="profile"/> runs <paramref name="benchmarkCase"/> for an interpreter other than the run's
    /// own: what shows how the interpreter changes the answer — the kernel's speed and the harness, the article's case
    /// (cold, 5 workers) through every executor and start method, the overheads (batch and round trip), start-up and
    /// shutdown, and the sweep — not the grid's other shapes, counts and lifetimes, nor the I/O workload.
    /// </summary>
    public static bool IsInForAnother(Profile profile, BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var p = benchmarkCase.Parameters;
        var executor = (ExecutorKind)(p["Executor"] ?? ExecutorKind.Sequential);
        var method = (StartMethod)(p["StartMethod"] ?? StartMethod.None);
        if (p.Items.Any(i => i.Name == "Executor") && !PythonParameters.Valid(executor, method))
        {
            return false;
        }

        string benchmark = benchmarkCase.Descriptor.WorkloadMethod.Name;
        bool dry = profile == Profile.Dry;
        return benchmarkCase.Descriptor.Type.Name switch
        {
            nameof(CPythonHarnessBenchmarks) => benchmark != nameof(CPythonHarnessBenchmarks.Kernel1E4),
            nameof(CPythonWorkListBenchmarks) => (WorkShape)p["Shape"] == WorkShape.Article && (Lifetime)p["Lifetime"] == Lifetime.Cold
                && (int)p["Workers"] == (executor == ExecutorKind.Sequential ? 1 : dry ? 2 : 5),
            nameof(CPythonOverheadBenchmarks) => benchmark is nameof(CPythonOverheadBenchmarks.Batch) or nameof(CPythonOverheadBenchmarks.RoundTrip)
                && (profile == Profile.Full || method is StartMethod.None or StartMethod.Fork or StartMethod.Forkserver),
            nameof(CPythonLifecycleBenchmarks) => (int)p["Workers"] is var k && (dry ? k == 2 : benchmark == nameof(CPythonLifecycleBenchmarks.StartAll) ? k is 1 or 8 : k is 2 or 8),
            nameof(CPythonSweepBenchmarks) => executor != ExecutorKind.Sequential && (Lifetime)p["Lifetime"] == Lifetime.Warm
                && Convert.ToInt64(p["Iterations"], System.Globalization.CultureInfo.InvariantCulture) is var n
                && (dry ? n == 40 : n is not (400 or 4_000_000))
                && method is StartMethod.None or StartMethod.Fork or StartMethod.Forkserver,
            _ => false,
        };
    }

    private static bool Sweep(Profile profile, ExecutorKind executor, StartMethod method, Lifetime lifetime, long iterations)
    {
        if (executor == ExecutorKind.Sequential)
        {
            return lifetime == Lifetime.Cold && profile == Profile.Full;
        }

        return profile switch
        {
            Profile.Dry => iterations == 40 && lifetime == Lifetime.Warm && method is StartMethod.None or StartMethod.Fork,
            // Quick: warm, threads and fork, at 40, 4·10³ and 4·10⁴ iterations (around the crossover here) and 4·10⁵.
            Profile.Quick => lifetime == Lifetime.Warm && iterations is not (400 or 4_000_000) && method is StartMethod.None or StartMethod.Fork,
            // Full: cold and warm through threads and fork; spawn cold (warm, its workers run as fork's do).
            _ => method is StartMethod.None or StartMethod.Fork || (method == StartMethod.Spawn && lifetime == Lifetime.Cold),
        };
    }

    private static bool WorkList(Profile profile, ExecutorKind executor, StartMethod method, int workers, WorkShape shape, Lifetime lifetime)
    {
        if (executor == ExecutorKind.Sequential)
        {
            return workers == 1 && lifetime == Lifetime.Cold && (profile != Profile.Dry || shape == WorkShape.Article);
        }

        return profile switch
        {
            Profile.Dry => shape == WorkShape.Article && workers == 2 && lifetime == Lifetime.Cold,
            Profile.Quick =>
                // The article's case, cold, on this machine's cores and on the article's five workers, fork and spawn.
                (shape == WorkShape.Article && lifetime == Lifetime.Cold && (workers == Cores || workers == 5) && method != StartMethod.Forkserver)
                // Warm, through threads and fork.
                || (method is StartMethod.None or StartMethod.Fork && workers == Cores && shape == WorkShape.Article && lifetime == Lifetime.Warm)
                // The uniform list, which cores could share evenly: what the GIL costs threads and not processes.
                || (method is StartMethod.None or StartMethod.Fork && workers == Cores && shape == WorkShape.Uniform && lifetime == Lifetime.Cold),
            // Full: every shape cold, as the article runs it, through threads, fork and spawn, on this machine's cores
            // (every worker count for the article's list); forkserver on the article's case; the article's list warm.
            _ => lifetime == Lifetime.Cold
                ? method == StartMethod.Forkserver ? shape == WorkShape.Article && workers == 5 : shape == WorkShape.Article || workers == Cores
                : shape == WorkShape.Article && workers == Cores,
        };
    }
}
