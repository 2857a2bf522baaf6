namespace Study.Kernel;

/// <summary>
/// Called by <see cref="SumKernel"/> between blocks of <see cref="SumKernel.BlockSize"/> iterations, the way
/// CPython's evaluation loop polls its "eval breaker" between bytecodes. An interpreter model (the GIL executor)
/// installs one on its worker threads to hand the interpreter lock over mid-computation.
/// </summary>
public interface IKernelCheckpoint
{
    /// <summary>Runs between two blocks of kernel iterations, on the thread that runs the kernel.</summary>
    void Poll();
}
