using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;
using Study.Benchmarks.CPython;
using Study.Reports.Results;

namespace Study.Benchmarks.Stability;

/// <summary>
/// Reads the machine's speed (<see cref="Canary"/>) just before and just after every case's measured iterations and
/// appends each reading, with its time, to the results folder's <see cref="CanaryReading.FileName"/>; in a CPython case,
/// CPython's own kernel is read too, in a driver kept for the purpose.
/// </summary>
/// <remarks>
/// A diagnoser, because BenchmarkDotNet signals its host at exactly these two moments (after the set-up, jitting,
/// pilot and warm-up, and after the last measured iteration) and waits for the host's answer before it goes on: the
/// reading is taken while the benchmark process waits, on the same machine, at the moment that matters, for every
/// class of the suite without a line in any of them. It costs about 40 ms a case (60 ms for a CPython case): about
/// 8 s of a quick run's ten minutes.
/// </remarks>
public sealed class CanaryDiagnoser(string path, bool python) : IDiagnoser, IDisposable
{
    /// <summary>CPython kernel iterations a round: about 2 ms at 23 ns an iteration.</summary>
    private const long PythonIterations = 100_000;

    // Warmed up while BenchmarkDotNet builds the benchmarks, so that the first case's reading is already a true one.
    private readonly Task<Canary> _canary = Task.Run(() =>
    {
        var canary = new Canary(Environment.ProcessorCount);
        canary.WarmUp();
        return canary;
    });
    private CPythonDriver? _driver;
    private bool _pythonFailed;

    /// <summary>Done once the canary's kernel has reached its final tier in this process.</summary>
    public Task WarmedUp => _canary;

    /// <inheritdoc />
    public IEnumerable<string> Ids => ["Canary"];

    /// <inheritdoc />
    public IEnumerable<IExporter> Exporters => [];

    /// <inheritdoc />
    public IEnumerable<IAnalyser> Analysers => [];

    /// <inheritdoc />
    public RunMode GetRunMode(BenchmarkCase benchmarkCase) => RunMode.NoOverhead;

    /// <inheritdoc />
    public bool RequiresBlockingAcknowledgments(BenchmarkCase benchmarkCase) => true;

    /// <inheritdoc />
    public void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        string? phase = signal switch
        {
            HostSignal.BeforeActualRun => CanaryReading.Before,
            HostSignal.AfterActualRun => CanaryReading.After,
            _ => null,
        };
        if (phase is null)
        {
            return;
        }

        var benchmark = parameters.BenchmarkCase;
        Append(benchmark, phase, CanaryReading.DotNet, _canary.Result.Read());
        Append(benchmark, phase, CanaryReading.DotNetThread, _canary.Result.ReadOneThread());
        if (python && benchmark.Descriptor.Type.Namespace == typeof(CPythonDriver).Namespace && ReadPython() is { } nanoseconds)
        {
            Append(benchmark, phase, CanaryReading.CPython, nanoseconds);
        }
    }

    /// <inheritdoc />
    public IEnumerable<Metric> ProcessResults(DiagnoserResults results) => [];

    /// <inheritdoc />
    public void DisplayResults(ILogger logger)
    {
    }

    /// <inheritdoc />
    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters) => [];

    /// <summary>Ends the CPython driver, if one was started.</summary>
    public void Dispose() => _driver?.Dispose();

    private void Append(BenchmarkCase benchmark, string phase, string runtime, double nanoseconds) =>
        CanaryReading.Append(path, new CanaryReading(
            DateTimeOffset.UtcNow,
            benchmark.Descriptor.Type.Namespace ?? string.Empty,
            benchmark.Descriptor.Type.Name,
            benchmark.Descriptor.WorkloadMethod.Name,
            benchmark.Parameters.PrintInfo,
            BenchmarkResult.JobOf(benchmark.DisplayInfo),
            phase,
            runtime,
            nanoseconds));

    private double? ReadPython()
    {
        if (_pythonFailed)
        {
            return null;
        }

        try
        {
            _driver ??= CPythonDriver.Start();
            return _driver.Send(new { op = "canary", n = PythonIterations, rounds = Canary.Rounds })["ns_per_iteration"]?.GetValue<double>();
        }
        catch (CPythonException e)
        {
            // The case itself says whether CPython runs; the canary only loses its CPython readings.
            Console.Error.WriteLine($"canary: no CPython readings from now on: {e.Message}");
            _pythonFailed = true;
            return null;
        }
    }
}
