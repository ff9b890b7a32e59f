using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// Small programs with loops run as one span kernel over the caller's spans, and their loops scatter into the
/// gradient span while they still read x. Called with the gradient span being x itself (an optimizer updating in
/// place), the loops read a half-written gradient instead of x. That is why <c>CompiledKernel</c> copies x and the
/// data to the workspace before a span kernel that accumulates the gradient runs on overlapping spans.
/// </summary>
public class Gradient_span_aliasing_x_in_a_span_kernel
{
    public static TheoryData<string> Cases => new(Functions.Keys);

    private static readonly Dictionary<string, Func<Vec, Scalar>> Functions = new()
    {
        ["rosenbrock"] = v => Sum(v.Length - 1, i => 100 * Square(v[i + 1] - Square(v[i])) + Square(1 - v[i])),
        ["strided_and_overlapping"] = v => Sum(v.Length / 2, i => v[2 * i] * v[2 * i + 1] + Square(v[i])) * Sum(3, j => v[j * 2 + 1]),
        ["log_of_sum_with_outer_value"] = v => Log(Sum(v.Length, i => Exp(v[i] * v[0]))) + Sqrt(Square(v[1]) + 1),
    };

    [Theory, MemberData(nameof(Cases))]
    public void A_small_sum_gives_the_same_gradient_when_the_gradient_span_is_x_itself(string function)
    {
        var g = Grad.Compile(Functions[function], 8);
        double[] x = [.. Enumerable.Range(0, 8).Select(i => Math.Sin(i + 1.0))];
        var gradient = new double[8];
        double value = g.ValueAndGradient(x, gradient);
        double[] aliased = [.. x];
        Assert.Equal(value, g.ValueAndGradient(aliased, aliased));
        Assert.Equal(gradient, aliased);
    }
}
