namespace ExprGrad.Compiler;

/// <summary>
/// A kernel compiled on first use (the value-only and directional programs of a Jacobian or Hessian: many users never call
/// them). Two threads asking at once may both compile; one result is kept.
/// </summary>
internal sealed class LazyKernel(Func<ProgramKernel> compile)
{
    private ProgramKernel? kernel;

    public ProgramKernel Value => Volatile.Read(ref kernel) ?? Create();

    public bool IsCompiled => Volatile.Read(ref kernel) is not null;

    private ProgramKernel Create()
    {
        Interlocked.CompareExchange(ref kernel, compile(), null);
        return kernel!;
    }
}
