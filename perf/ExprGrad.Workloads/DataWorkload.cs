namespace ExprGrad.Workloads;

/// <summary>
/// A workload whose AD version takes data as a second vector, <c>(Vec x, Vec data) =&gt; ...</c>: compiled once
/// with <c>Grad.Compile(DataFunction, Dimension, Data.Length)</c>, it runs on any data of that length without
/// recompiling (<c>ValueAndGradient(x, data, gradient)</c>, or <c>Bind(Data)</c> for an <see cref="IGradient"/>).
/// The data is not differentiated. The hand-written code (the baseline) works on the same <see cref="Data"/>.
/// </summary>
public abstract class DataWorkload : Workload
{
    private readonly double[] data;
    private readonly Lazy<Func<Vec, Scalar>> closed;

    /// <summary>Creates a workload of <paramref name="dimension"/> inputs over <paramref name="data"/> (kept, not copied).</summary>
    protected DataWorkload(string name, int dimension, double[] data) : base(name, dimension)
    {
        this.data = data;
        closed = new(() =>
        {
            Vec constants = ConstantVec.Of(this.data);
            Func<Vec, Vec, Scalar> f = DataFunction;
            return x => f(x, constants);
        });
    }

    /// <summary>The data the workload is measured on (what <see cref="DataFunction"/> receives as its second vector).</summary>
    public ReadOnlySpan<double> Data => data;

    /// <summary>The function of inputs and data, written for AD: what <c>Grad.Compile(f, dimension, dataLength)</c> compiles.</summary>
    public abstract Func<Vec, Vec, Scalar> DataFunction { get; }

    /// <summary>Compiles <see cref="DataFunction"/> for data of length <c>Data.Length</c>: <c>Grad.Compile(DataFunction, Dimension, Data.Length, options)</c>.</summary>
    public override CompiledGradient Compile(GradOptions? options = null) => Grad.Compile(DataFunction, Dimension, data.Length, options);

    /// <summary>The compiled function bound to <see cref="Data"/> (<see cref="CompiledGradient.Bind(ReadOnlySpan{double})"/>).</summary>
    public override IGradient Ready(CompiledGradient compiled) => compiled.Bind(data);

    /// <inheritdoc/>
    public override IGradient Tape(GradOptions? options = null) => Grad.Tape(DataFunction, Dimension, data, options);

    /// <inheritdoc/>
    public override IGradient Forward() => Grad.Forward(DataFunction, Dimension, data);

    /// <summary>
    /// <see cref="DataFunction"/> with <see cref="Data"/> fixed, for tape and forward mode only (the same as
    /// <c>Grad.Tape(DataFunction, Dimension, Data)</c>). Do not pass it to <c>Grad.Compile</c>: a traced loop
    /// reads its data vector from the data span of the call, which this function does not have (the
    /// compiled call throws or reads the wrong memory); compile <see cref="DataFunction"/> with the data instead.
    /// </summary>
    public sealed override Func<Vec, Scalar> Function => closed.Value;
}
