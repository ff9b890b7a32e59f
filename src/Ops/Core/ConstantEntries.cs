namespace ExprGrad.Ops;

/// <summary>The entries of a <see cref="Vec.Of(double[])"/> view: constants, read from the array when used.</summary>
internal sealed class ConstantEntries(double[] values) : VecSource
{
    public double[] Values => values;

    public override Scalar Get(int index) => values[index];
}
