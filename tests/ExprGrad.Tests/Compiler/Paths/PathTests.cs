using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Paths;

/// <summary>
/// Issue 14: plain C# branches under Grad.Compile. Each path is compiled the first time a point takes it, its decisions are
/// checked at every call, and the gradient is always the one of the path taken at the point (checked against tape mode,
/// which runs the function at every call, to 1e-15 relative, and against closed forms).
/// </summary>
public class PathTests
{
    // The Huber loss: two paths (|r| <= 1 and not).
    internal static Scalar Huber(Vec x)
    {
        Scalar r = x[0] - 3 * x[1];
        if (Abs(r) <= 1) return 0.5 * r * r;
        return Abs(r) - 0.5;
    }

    internal static (double Value, double[] Gradient) HuberExact(double x0, double x1)
    {
        double r = x0 - 3 * x1;
        return Math.Abs(r) <= 1 ? (0.5 * r * r, [r, -3 * r]) : (Math.Abs(r) - 0.5, [Math.Sign(r), -3 * Math.Sign(r)]);
    }

    public static TheoryData<string> Backends => ["compiled-fec", "compiled-system", "compiled-units"];

    [Theory, MemberData(nameof(Backends))]
    public void Huber_compiles_each_path_when_a_point_first_takes_it(string mode)
    {
        var g = (CompiledGradient)Modes.Create(mode, Huber, 2);
        Assert.Equal(0, g.PathCount);
        foreach (var (x, paths) in new[] { (new[] { 0.5, 0.1 }, 1), ([0.2, 0.3], 1), ([4.0, 0.1], 2), ([-4.0, 0.1], 2), ([0.9, 0.1], 2), ([-5.0, 1.0], 2) })
        {
            var (value, gradient) = Modes.Evaluate(g, x);
            var (expected, expectedGradient) = HuberExact(x[0], x[1]);
            Assert.Equal(expected, value, 1e-15);
            Assert.Equal(expectedGradient, gradient);
            Assert.Equal(paths, g.PathCount);
            Assert.Equal(value, g.Value(x));
        }
        Assert.Equal(0, g.FallbackCount);
    }

    [Fact]
    public void A_function_without_decisions_compiles_at_Compile_exactly_as_with_an_example_point()
    {
        Func<Vec, Scalar> f = x => Sin(x[0]) * Exp(x[1]) + Where(x[0] > x[1], x[0], Square(x[1]));
        CompiledGradient plain = Grad.Compile(f, 2), withPoint = Grad.Compile(f, 2, [0.3, -1.2]);
        Assert.Equal(1, plain.PathCount);
        Assert.Equal(1, withPoint.PathCount);
        Assert.Equal(plain.ToCSharpString(), withPoint.ToCSharpString());
        Assert.DoesNotContain("path", plain.ToCSharpString());
        var (value, gradient) = Modes.Evaluate(withPoint, 0.7, 0.2);
        Assert.Equal(Modes.Evaluate(plain, 0.7, 0.2).Value, value);
        Assert.Equal(Modes.Evaluate(plain, 0.7, 0.2).Gradient, gradient);
    }

    [Fact]
    public void An_example_point_compiles_its_path_at_Compile()
    {
        CompiledGradient g = Grad.Compile(Huber, 2, [4.0, 0.1]);
        Assert.Equal(1, g.PathCount);
        Assert.Equal("FastExpressionCompiler", g.Backend);
        Assert.Equal(HuberExact(4, 0.1).Value, g.Value([4.0, 0.1]), 1e-15);
        Assert.Equal(1, g.PathCount);
        Assert.Equal(HuberExact(0.1, 0.1).Value, g.Value([0.1, 0.1]), 1e-15);
        Assert.Equal(2, g.PathCount);
    }

    [Fact]
    public void ToCSharpString_shows_each_path_and_its_guards()
    {
        var g = Grad.Compile(Huber, 2);
        Assert.Contains("no path compiled yet", g.ToCSharpString());
        Modes.Evaluate(g, 0.5, 0.1);
        Modes.Evaluate(g, 4, 0.1);
        string code = g.ToCSharpString();
        Assert.Contains("// path 1 of 2, guards: v", code);
        Assert.Contains("// path 2 of 2, guards: v", code);
        Assert.Contains("le(v", code);
        Assert.Contains("is true", code);
        Assert.Contains("is false", code);
        Assert.Contains("return false;", code);
    }
}
