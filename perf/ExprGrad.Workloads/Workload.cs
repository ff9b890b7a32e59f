namespace ExprGrad.Workloads;

/// <summary>
/// A benchmark function written twice: by hand (<see cref="Value"/> and <see cref="ValueAndGradient"/>, the
/// baselines every AD mode is measured against) and for AD (<see cref="Function"/>, loops over
/// <see cref="Scalar"/>s, which <c>Grad.Compile</c>, <c>Grad.Tape</c> and <c>Grad.Forward</c> differentiate).
/// </summary>
/// <remarks>
/// The hand-written methods allocate nothing per call: their scratch buffers live in the instance, so an
/// instance must not be called from two threads at once (use one per thread). <see cref="Function"/> keeps
/// no state between calls.
/// </remarks>
public abstract class Workload : IGradient
{
    /// <summary>Creates a workload of <paramref name="dimension"/> inputs.</summary>
    /// <param name="name">Display name, e.g. for benchmark parameters.</param>
    /// <param name="dimension">Number of inputs (at least 1).</param>
    protected Workload(string name, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Name = name;
        Dimension = dimension;
    }

    /// <summary>Display name, e.g. <c>Rosenbrock n=100</c>.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <summary>The same function written for AD: what the AD modes trace, record or run on dual numbers (through <see cref="Compile"/>, <see cref="Tape"/> and <see cref="Forward"/>).</summary>
    public abstract Func<Vec, Scalar> Function { get; }

    /// <summary>
    /// True when <see cref="Function"/> sums with plain C# loops, which tracing unrolls and <c>Grad.Compile</c> recovers
    /// as loops (<see cref="GradOptions.RecoverLoops"/>): the comparison then also compiles it with recovery off.
    /// </summary>
    public virtual bool HasPlainLoops => false;

    /// <summary>Compiles the AD version, <c>Grad.Compile(Function, Dimension, options)</c> (a <see cref="DataWorkload"/> compiles its function of data).</summary>
    public virtual CompiledGradient Compile(GradOptions? options = null) => Grad.Compile(Function, Dimension, options);

    /// <summary>A gradient from <see cref="Compile"/>, ready to call on this workload: itself, or bound to the workload's data.</summary>
    public virtual IGradient Ready(CompiledGradient compiled) => compiled;

    /// <summary>Tape-based reverse mode on the AD version, <c>Grad.Tape(Function, Dimension, options)</c>.</summary>
    public virtual IGradient Tape(GradOptions? options = null) => Grad.Tape(Function, Dimension, options);

    /// <summary>Forward mode on the AD version, <c>Grad.Forward(Function, Dimension)</c> (one pass per input).</summary>
    public virtual IGradient Forward() => Grad.Forward(Function, Dimension);

    /// <summary>The standard input point (a fresh array each call, so callers may change it).</summary>
    public abstract double[] StartPoint();

    /// <summary>Evaluates the hand-written primal.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have length <see cref="Dimension"/>.</exception>
    public double Value(ReadOnlySpan<double> x)
    {
        RequireLength(x.Length, nameof(x));
        return HandValue(x);
    }

    /// <summary>Evaluates the hand-written primal and gradient.</summary>
    /// <returns>f(x).</returns>
    /// <exception cref="ArgumentException">A span does not have length <see cref="Dimension"/>.</exception>
    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        RequireLength(x.Length, nameof(x));
        RequireLength(gradient.Length, nameof(gradient));
        return HandGradient(x, gradient);
    }

    /// <summary>The hand-written primal; <paramref name="x"/> has length <see cref="Dimension"/>.</summary>
    protected abstract double HandValue(ReadOnlySpan<double> x);

    /// <summary>The hand-written gradient: overwrites every entry of <paramref name="gradient"/>, returns f(x).</summary>
    protected abstract double HandGradient(ReadOnlySpan<double> x, Span<double> gradient);

    /// <inheritdoc/>
    public override string ToString() => Name;

    private protected void RequireLength(int length, string parameter)
    {
        if (length != Dimension)
            throw new ArgumentException($"{Name} takes {Dimension} inputs, but the span '{parameter}' has length {length}.", parameter);
    }
}
