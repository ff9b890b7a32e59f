namespace ExprGrad.Ops;

/// <summary>Makes the entries of a <see cref="Vec"/> on demand (a traced data vector has one leaf per entry used).</summary>
internal abstract class VecSource
{
    public abstract Scalar Get(int index);
}
