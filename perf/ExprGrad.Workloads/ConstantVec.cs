namespace ExprGrad.Workloads;

/// <summary>A <see cref="Vec"/> of constants, for closing a function of inputs and data over fixed data.</summary>
internal static class ConstantVec
{
    /// <summary>
    /// The data vector <c>Grad.Tape(f, dimension, data)</c> hands to f: ExprGrad has no public constructor of
    /// <see cref="Vec"/>, so one tape call lends us the one it makes. Its entries are constants (owned by no
    /// recording), so they stay valid after the call and may be used in any eager mode, on any thread.
    /// </summary>
    public static Vec Of(double[] data)
    {
        Vec constants = default;
        Grad.Tape((x, d) => { constants = d; return x[0]; }, 1, data).Value([0.0]);
        return constants;
    }
}
