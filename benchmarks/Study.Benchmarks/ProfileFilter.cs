using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using Study.Benchmarks.CPython;
using Study.Benchmarks.Measurements;
using Study.Benchmarks.Study;
using Study.Kernel;

namespace Study.Benchmarks;

/// <summary>
/// Drops the cases that the profile does not run: of <see cref="WorkListBenchmarks"/> by <see cref="GridCase"/>, of the
/// measurement classes by <see cref="MeasurementCases"/>, of the CPython classes by <see cref="CPythonCases"/> (the
/// run's own interpreter) or <see cref="CPythonCases.IsInForAnother"/> (the others) and by what the case's interpreter
/// offers (none without one); launches after the first of the headline cases only.
/// </summary>
public sealed class ProfileFilter(Profile profile, IReadOnlyDictionary<string, CPythonInstallation>? pythons = null) : IFilter
{
    /// <summary>A filter for a run of one interpreter (or none), the run's own.</summary>
    public ProfileFilter(Profile profile, CPythonInstallation? python)
        : this(profile, python is null ? null : new Dictionary<string, CPythonInstallation> { [Pythons.Primary] = python })
    {
    }

    /// <inheritdoc />
    public bool Predicate(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var p = benchmarkCase.Parameters;
        var type = benchmarkCase.Descriptor.Type;
        if (Launches.Of(benchmarkCase) > 1 && !Launches.IsHeadline(benchmarkCase))
        {
            return false; // only the headline cases run more than one launch
        }

        if (type.Namespace == typeof(CPythonDriver).Namespace)
        {
            var method = (StartMethod)(p["StartMethod"] ?? StartMethod.None);
            var executor = (ExecutorKind)(p["Executor"] ?? ExecutorKind.Sequential);
            string id = p["Python"] as string ?? Pythons.Primary;
            return pythons is not null && pythons.TryGetValue(id, out var python) && python.Has(method) && python.Has(executor)
                && (id == Pythons.Primary ? CPythonCases.IsIn(profile, benchmarkCase) : CPythonCases.IsInForAnother(profile, benchmarkCase));
        }

        if (type == typeof(Overhead.PipeFloorBenchmarks) && !Overhead.PipeFloorBenchmarks.IsSupported)
        {
            return false;
        }

        if (type == typeof(TaskSizeSweepBenchmarks))
        {
            return MeasurementCases.SweepIsIn(profile, (ExecutorKind)p["Executor"], (int)p["Workers"], (Lifetime)p["Lifetime"], (long)p["Iterations"]);
        }

        if (type == typeof(PoolLifecycleBenchmarks))
        {
            return MeasurementCases.LifecycleIsIn(profile, (ExecutorKind)p["Executor"], (int)p["Workers"], benchmarkCase.Descriptor.WorkloadMethod.Name);
        }

        if (type == typeof(KernelBenchmarks))
        {
            return MeasurementCases.KernelIsIn(profile, benchmarkCase.Descriptor.WorkloadMethod.Name);
        }

        if (type == typeof(Overhead.BlockingRoundTripBenchmarks))
        {
            return MeasurementCases.BlockingRoundTripIsIn(profile, (ExecutorKind)p["Executor"]);
        }

        if (type == typeof(Overhead.DispatchBenchmarks))
        {
            return MeasurementCases.DispatchIsIn(profile, (ExecutorKind)p["Executor"], benchmarkCase.Descriptor.WorkloadMethod.Name);
        }

        if (type == typeof(Overhead.StartupBenchmarks))
        {
            return MeasurementCases.StartupIsIn(profile, (ExecutorKind)p["Executor"]);
        }

        if (type.Namespace == typeof(Tools.CompareBenchmarks).Namespace)
        {
            // The tools' own speed is a figure of the full profile: quick measures the study.
            return profile != Profile.Quick;
        }

        if (type == typeof(IoBoundBenchmarks))
        {
            return MeasurementCases.IoIsIn(profile, (ExecutorKind)p["Executor"], (int)p["Workers"]);
        }

        if (type == typeof(HeldOutBenchmarks))
        {
            return HeldOutBenchmarks.IsIn(profile, (ExecutorKind)p[nameof(HeldOutBenchmarks.Executor)], (HeldOutWorkload)p[nameof(HeldOutBenchmarks.Workload)]);
        }

        if (type != typeof(WorkListBenchmarks))
        {
            return true;
        }

        var gridCase = new GridCase(
            (ExecutorKind)p[nameof(WorkListBenchmarks.Executor)],
            (int)p[nameof(WorkListBenchmarks.Workers)],
            (WorkShape)p[nameof(WorkListBenchmarks.Shape)],
            (Lifetime)p[nameof(WorkListBenchmarks.Lifetime)],
            (Api)p[nameof(WorkListBenchmarks.Api)],
            (int)p[nameof(WorkListBenchmarks.Chunksize)]);
        return gridCase.IsIn(profile);
    }
}
