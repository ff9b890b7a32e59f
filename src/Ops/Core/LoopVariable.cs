namespace ExprGrad.Ops;

/// <summary>The symbolic variable of a traced loop: it turns <c>vec[scale * i + offset]</c> into a read of the loop body.</summary>
internal abstract class LoopVariable(int count)
{
    /// <summary>Number of iterations.</summary>
    public int Count { get; } = count;

    /// <summary>The body's value of <paramref name="vector"/>[scale * i + offset] (the index range was checked).</summary>
    public abstract Scalar Gather(in Vec vector, int scale, int offset);
}
