namespace Study.Reports.Analysis;

/// <summary>
/// A prediction of one grid case and its parts, in nanoseconds. <see cref="Compute"/> is the work spread ideally over
/// the cores the workers can use; <see cref="Skew"/> the time cores stand idle because items do not divide evenly;
/// <see cref="Gil"/> what serialising the work behind one lock adds.
/// </summary>
public sealed record Prediction(double StartUp, double Dispatch, double Transfer, double Compute, double Skew, double Gil, double Shutdown, double Harness)
{
    /// <summary>The predicted time.</summary>
    public double Total => StartUp + Dispatch + Transfer + Compute + Skew + Gil + Shutdown + Harness;
}

/// <summary>
/// The study's model of a run: start-up of the workers actually started + dispatch × calls + transfer + the compute
/// makespan + shutdown, every term from <see cref="Costs"/> (microbenchmarks only).
/// </summary>
/// <remarks>
/// Assumptions, stated in the report: a pool starts a worker per call while none is idle, so a list of n calls starts
/// min(workers, n) (CPython's fork pool starts all its workers at once); the terms add up, because on a machine whose
/// cores the workers keep busy, the parent's dispatch and the workers' start-up take cores from the compute rather than
/// overlapping it; the makespan is the list scheduled greedily in order on the started workers (the shared call queue of
/// <c>concurrent.futures</c>), the workers sharing the machine's cores equally when there are more of them than cores;
/// under a GIL the work is serial. Transfer is inside dispatch: the kernel's argument is 8 bytes and its result 16, the
/// same as the microbenchmarks' calls.
/// </remarks>
public static class Model
{
    /// <summary>The costs <paramref name="gridCase"/>'s prediction needs, looked up once in <paramref name="costs"/>.</summary>
    public static ModelInputs Inputs(GridCase gridCase, Costs costs)
    {
        ArgumentNullException.ThrowIfNull(gridCase);
        return Inputs(gridCase.Workload, costs);
    }

    /// <summary>The costs <paramref name="workload"/>'s prediction needs, looked up once in <paramref name="costs"/>.</summary>
    public static ModelInputs Inputs(Workload workload, Costs costs)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(costs);
        var executor = workload.Executor;
        int started = Started(workload);
        return new ModelInputs(
            costs.KernelPerIteration(executor),
            costs.DispatchPerItem(executor, workload.Api, Chunk(workload)),
            workload.IsCold ? costs.StartUp(executor, started) : CostInput.Unlisted(0, "warm"),
            workload.IsCold ? costs.Shutdown(executor, started) : CostInput.Unlisted(0, "warm"),
            executor.Runtime == Runtime.CPython && workload.InHarness ? costs.HarnessRoundTrip() : CostInput.Unlisted(0, "none"));
    }

    /// <summary>
    /// Predicts <paramref name="gridCase"/> from <paramref name="costs"/>; null when a cost it needs is missing.
    /// <paramref name="speed"/> scales the kernel's cost to the machine's speed when the case ran, against its speed when
    /// the kernel was measured (from the canaries; above 1: slower).
    /// </summary>
    public static Prediction? Predict(GridCase gridCase, Costs costs, int cores, double speed = 1) =>
        Predict(gridCase, Inputs(gridCase, costs), cores, speed);

    /// <summary>Predicts <paramref name="gridCase"/> from costs already looked up; null when one of them is missing.</summary>
    public static Prediction? Predict(GridCase gridCase, ModelInputs inputs, int cores, double speed = 1)
    {
        ArgumentNullException.ThrowIfNull(gridCase);
        return Predict(gridCase.Workload, inputs, cores, speed);
    }

    /// <summary>Predicts <paramref name="workload"/> from costs already looked up; null when one of them is missing.</summary>
    public static Prediction? Predict(Workload workload, ModelInputs inputs, int cores, double speed = 1)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(inputs);
        var executor = workload.Executor;
        var items = workload.Items;
        var units = items.Chunk(Chunk(workload)).Select(c => (double)c.Sum()).ToArray();
        int started = Started(workload);
        if (inputs is not { Kernel.Cost: { } kernel, Dispatch.Cost: { } dispatch, StartUp.Cost: { } startUp, Shutdown.Cost: { } shutdown, Harness.Cost: { } harness })
        {
            return null;
        }

        var work = units.Select(u => u * kernel.Nanoseconds * speed).ToArray();
        double total = work.Sum();
        int parallel = executor.IsSequential ? 1 : Math.Min(started == 0 ? 1 : started, units.Length);
        double ideal = total / Math.Min(parallel, cores);
        double scheduled = executor.IsSequential ? total : Makespan(work, parallel, cores);
        double serial = executor.IsGilBound ? total : scheduled;
        return new Prediction(
            StartUp: startUp.Nanoseconds,
            Dispatch: dispatch.Nanoseconds * items.Count,
            Transfer: 0,
            Compute: ideal,
            Skew: Math.Max(0, scheduled - ideal),
            Gil: Math.Max(0, serial - scheduled),
            Shutdown: shutdown.Nanoseconds,
            Harness: harness.Nanoseconds);
    }

    /// <summary>Items a message: a process pool's chunk size, one elsewhere.</summary>
    private static int Chunk(Workload workload) => workload.Executor.IsProcesses ? Math.Max(1, workload.Chunksize) : 1;

    /// <summary>
    /// The workers the list starts: none for sequential code, every worker for CPython's fork pool (it forks them all
    /// at once), else one per message up to the pool's size.
    /// </summary>
    private static int Started(Workload workload)
    {
        var executor = workload.Executor;
        int messages = (workload.Items.Count + Chunk(workload) - 1) / Chunk(workload);
        return executor.IsSequential ? 0
            : executor.Runtime == Runtime.CPython && executor.StartMethod == StartMethod.Fork ? workload.Workers
            : Math.Min(workload.Workers, messages);
    }

    /// <summary>
    /// When the last of <paramref name="work"/> (nanoseconds of one core each, taken in order by the first free of
    /// <paramref name="workers"/>) ends, the workers sharing <paramref name="cores"/> equally.
    /// </summary>
    public static double Makespan(IReadOnlyList<double> work, int workers, int cores)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        var remaining = new List<double>(workers);
        int next = 0;
        double now = 0;
        while (next < work.Count || remaining.Count > 0)
        {
            while (remaining.Count < workers && next < work.Count)
            {
                remaining.Add(work[next++]);
            }

            // Every running item advances at min(1, cores / running) of a core until the first one ends.
            double rate = Math.Min(1.0, (double)cores / remaining.Count);
            double shortest = remaining.Min();
            now += shortest / rate;
            for (int i = remaining.Count - 1; i >= 0; i--)
            {
                remaining[i] -= shortest;
                if (remaining[i] <= 1e-9 * shortest)
                {
                    remaining.RemoveAt(i);
                }
            }
        }

        return now;
    }
}

/// <summary>
/// What the model predicts: a list of kernel calls (<see cref="Items"/>, iterations each) run through
/// <see cref="Executor"/> with <see cref="Workers"/> workers, the pool created and shut down with it (cold) or already
/// running (warm), mapped or submitted, in chunks of <see cref="Chunksize"/>. A grid case is one; so is the workload a
/// reader describes to <c>study advise</c>. <see cref="InHarness"/>: a measured CPython case, whose figure includes the
/// driver's round trip; a reader's own workload does not.
/// </summary>
public sealed record Workload(ExecutorId Executor, int Workers, IReadOnlyList<long> Items, bool IsCold, Api Api = Api.Map, int Chunksize = 1, bool InHarness = true);

/// <summary>The costs one grid case's prediction reads, each named as the report's table of inputs names it.</summary>
public sealed record ModelInputs(CostInput Kernel, CostInput Dispatch, CostInput StartUp, CostInput Shutdown, CostInput Harness)
{
    /// <summary>Every input, for a <see cref="CostLedger"/>.</summary>
    public IEnumerable<CostInput> All => [Kernel, Dispatch, StartUp, Shutdown, Harness];
}
