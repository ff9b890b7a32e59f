using ExprGrad.Compiler;
using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad;

public static partial class Grad
{
    /// <summary>
    /// Traces a function of inputs and two data vectors once and compiles value and gradient (with respect to the
    /// inputs only). The data is passed as one span, the first vector then the second
    /// (<see cref="CompiledGradient.ValueAndGradient(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>), or
    /// bound once from the arrays the caller holds (<see cref="CompiledGradient.Bind(double[][])"/>).
    /// </summary>
    /// <example><code>
    /// // A model fitted to double[] t, y: b[0] exp(-b[1] t) ~ y.
    /// var fit = Grad.Compile((Vec b, Vec t, Vec y) =&gt; Scalar.Sum(t.Length, i =&gt; Scalar.Square(b[0] * Scalar.Exp(-b[1] * t[i]) - y[i])),
    ///     dimension: 2, dataLength1: t.Length, dataLength2: y.Length);
    /// IGradient loss = fit.Bind(t, y);
    /// </code></example>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is less than 1, or a data length is negative.</exception>
    public static CompiledGradient Compile(Func<Vec, Vec, Vec, Scalar> function, int dimension, int dataLength1, int dataLength2,
        GradOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return CompileWithData((x, data) => function(x, data[0], data[1]), dimension, [dataLength1, dataLength2], options);
    }

    /// <summary>
    /// Traces a function of inputs and three data vectors once and compiles value and gradient (with respect to the
    /// inputs only); the data is passed as one span, the vectors one after the other, or bound from one array per vector
    /// (<see cref="CompiledGradient.Bind(double[][])"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is less than 1, or a data length is negative.</exception>
    public static CompiledGradient Compile(Func<Vec, Vec, Vec, Vec, Scalar> function, int dimension, int dataLength1, int dataLength2,
        int dataLength3, GradOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return CompileWithData((x, data) => function(x, data[0], data[1], data[2]), dimension, [dataLength1, dataLength2, dataLength3], options);
    }

    private static CompiledGradient CompileWithData(Func<Vec, Vec[], Scalar> function, int dimension, int[] lengths, GradOptions? options)
    {
        for (int k = 0; k < lengths.Length; k++)
            if (lengths[k] < 0)
                throw new ArgumentOutOfRangeException($"dataLength{k + 1}", lengths[k], $"Data vector {k + 1}'s length must be 0 or more (got {lengths[k]}).");
        long total = lengths.Sum(l => (long)l);
        Arguments.CheckCompiledSize(dimension, (int)Math.Min(total, int.MaxValue));
        // 1. Trace: run the function once on symbolic inputs and data vectors (views of one data span). A branch on them ends
        //    the trace (null): the function has paths, each traced and compiled the first time a call's point takes it.
        CompiledGradient compiled = Build(() => FunctionTracer.TryTrace(function, dimension, lengths), dimension, (int)total, options, function, lengths);
        compiled.DataVectorLengths = lengths;
        return compiled;
    }
}
