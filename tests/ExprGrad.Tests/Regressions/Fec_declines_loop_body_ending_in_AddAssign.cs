using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// FastExpressionCompiler 6.0.0 declines a void block that ends in an <c>AddAssign</c>, on an array element or on a
/// variable, and says only "OK (OK)" about why. Loop bodies ended that way twice: the adjoint loop of a sum whose body
/// is a single input ended in <c>w[index] += value</c> (a scatter into the gradient), and a sum whose body does not
/// read through the index ended in <c>sum += value</c> (found by the random sum programs). That is why generated code
/// never emits AddAssign and writes <c>cell = cell + value</c> (<c>BlockBuilder.AddTo</c>, <c>Scatters</c>, <c>InlineLoop</c>)
/// and <c>SpanAccess.Add</c> for spans. With <c>Backend = FastExpressionCompiler</c> a decline would throw here.
/// </summary>
public class Fec_declines_loop_body_ending_in_AddAssign
{
    private static readonly GradOptions FecOnly = new() { Backend = CompilerBackend.FastExpressionCompiler };

    [Fact]
    public void Adjoint_loop_that_only_scatters_compiles()
    {
        var g = Grad.Compile(v => v[0] * Sum(3, j => v[j * 2 + 1]), 6, FecOnly);
        var (value, gradient) = Modes.Evaluate(g, 2, 1, 0, 3, 0, 5);
        Assert.Equal(18, value, 1e-15);
        Assert.Equal([9.0, 2, 0, 2, 0, 2], gradient);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Sum_whose_body_does_not_read_through_the_index_compiles(int which)
    {
        Func<Vec, Vec, Scalar>[] functions =
        [
            (w, data) => Sum(6, i => w[2]),
            (w, data) => Sum(1, i => w[2] * w[1]),
            (w, data) => { Scalar a = Exp(w[0]); return Sum(2, i => a * a); },
        ];
        CompiledGradient g = Grad.Compile(functions[which], 3, 2, FecOnly);
        var gradient = new double[3];
        double value = g.ValueAndGradient([1, 2, 3], [0, 0], gradient);
        double e2 = Math.Exp(2);
        (double Value, double[] Gradient)[] expected = [(18, [0, 0, 6]), (6, [0, 3, 2]), (2 * e2, [4 * e2, 0, 0])];
        Assert.Equal(expected[which].Value, value, 1e-12 * expected[which].Value);
        for (int i = 0; i < 3; i++)
            Assert.Equal(expected[which].Gradient[i], gradient[i], 1e-12 * Math.Max(1, Math.Abs(expected[which].Gradient[i])));
    }
}
