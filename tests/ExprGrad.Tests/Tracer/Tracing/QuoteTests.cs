using System.Linq.Expressions;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Tracer.Tracing;

/// <summary>The quote frontend: C# expression trees give the same graph, hence the same gradient, as tracing.</summary>
public class QuoteTests
{
    [Fact]
    public void Quoted_and_traced_functions_give_the_same_gradient()
    {
        double scale = 1.5; // captured: read at compile time
        var quoted = Grad.CompileExpression((double[] x) => scale * x[0] * Math.Sin(x[1]) + Math.Exp(-x[2] * x[2]) / (1 + Math.Pow(x[0], 2))
            + (x[0] > x[1] ? Math.Sqrt(x[2]) : Math.Abs(x[1])) + Math.Atan2(x[1], x[0]) + Math.Pow(x[2], 0.5), 3);
        var traced = Grad.Compile(v => scale * v[0] * Sin(v[1]) + Exp(-v[2] * v[2]) / (1 + Pow(v[0], 2))
            + Where(v[0] > v[1], Sqrt(v[2]), Abs(v[1])) + Atan2(v[1], v[0]) + Pow(v[2], 0.5), 3);
        foreach (double[] x in new[] { new[] { 0.3, -0.7, 1.1 }, [2.0, 1.0, 0.25] })
        {
            var (qv, qg) = Modes.Evaluate(quoted, x);
            var (tv, tg) = Modes.Evaluate(traced, x);
            Assert.Equal(tv, qv, 1e-15);
            for (int i = 0; i < 3; i++) Assert.Equal(tg[i], qg[i], 1e-15);
        }
    }

    [Fact]
    public void Scalar_parameter_lambdas_compile()
    {
        var g = Grad.CompileExpression((double x, double y) => x * Math.Sin(y));
        Assert.Equal(2, g.Dimension);
        var (value, gradient) = Modes.Evaluate(g, 2, 1);
        Assert.Equal(2 * Math.Sin(1), value, 1e-15);
        Assert.Equal(Math.Sin(1), gradient[0], 1e-15);
        Assert.Equal(2 * Math.Cos(1), gradient[1], 1e-15);
        Assert.Equal(4, Grad.CompileExpression((double a, double b, double c, double d) => a * b * c * d).Dimension);
        Assert.Equal(1, Grad.CompileExpression((double a) => a * a).Dimension);
    }

    public static double UserFunction(double x) => x;

    [Fact]
    public void Unsupported_method_throws_naming_it()
    {
        var e = Assert.Throws<NotSupportedException>(() => Grad.CompileExpression((double[] x) => UserFunction(x[0]), 1));
        Assert.Contains("UserFunction", e.Message);
    }

    [Fact]
    public void Non_constant_index_throws()
    {
        var e = Assert.Throws<NotSupportedException>(() => Grad.CompileExpression((double[] x) => x[(int)x[0]], 2));
        Assert.Contains("index", e.Message);
    }

    [Fact]
    public void Loop_and_assignment_throw()
    {
        var x = Expression.Parameter(typeof(double[]), "x");
        var acc = Expression.Variable(typeof(double), "acc");
        var brk = Expression.Label();
        var loop = Expression.Lambda<Func<double[], double>>(
            Expression.Block([acc], Expression.Loop(Expression.Break(brk), brk), acc), x);
        var e1 = Assert.Throws<NotSupportedException>(() => Grad.CompileExpression(loop, 1));
        Assert.Contains("block", e1.Message);
        var assign = Expression.Lambda<Func<double[], double>>(
            Expression.Assign(Expression.ArrayAccess(x, Expression.Constant(0)), Expression.Constant(1.0)), x);
        var e2 = Assert.Throws<NotSupportedException>(() => Grad.CompileExpression(assign, 1));
        Assert.Contains("assignment", e2.Message);
        var onlyLoop = Expression.Lambda<Func<double[], double>>(
            Expression.Loop(Expression.Break(brk, Expression.Constant(1.0)), Expression.Label(typeof(double))), x);
        var e3 = Assert.Throws<NotSupportedException>(() => Grad.CompileExpression(onlyLoop, 1));
        Assert.Contains("loop", e3.Message);
    }

    /// <summary>
    /// Regression (issue 11 §10): captured short, uint and long were rejected as "not exact" conversions. Every value
    /// of these types up to 2^53 in magnitude is a double: x[0] * c must give c and x[0] * c as the traced function does.
    /// </summary>
    [Fact]
    public void Quoted_functions_accept_every_captured_number_type_whose_value_is_a_double()
    {
        sbyte i8 = -7; byte u8 = 200; short i16 = -30_000; ushort u16 = 60_000; int i32 = int.MinValue; uint u32 = uint.MaxValue;
        char letter = 'A'; float single = 0.1f; Half half = (Half)0.5; decimal exactDecimal = 0.375m;
        long limit = 1L << 53, negativeLimit = -(1L << 53); ulong unsignedLimit = 1UL << 53;
        (Expression<Func<double[], double>> Quoted, double Constant)[] cases =
        [
            (x => x[0] * i8, -7), (x => x[0] * u8, 200), (x => x[0] * i16, -30_000), (x => x[0] * u16, 60_000),
            (x => x[0] * i32, int.MinValue), (x => x[0] * u32, uint.MaxValue), (x => x[0] * letter, 65), (x => x[0] * single, 0.1f),
            (x => x[0] * (double)half, 0.5), (x => x[0] * (double)exactDecimal, 0.375), (x => x[0] * limit, 9_007_199_254_740_992.0),
            (x => x[0] * negativeLimit, -9_007_199_254_740_992.0), (x => x[0] * unsignedLimit, 9_007_199_254_740_992.0),
        ];
        foreach (var (quoted, constant) in cases)
        {
            var (value, gradient) = Modes.Evaluate(Grad.CompileExpression(quoted, 1), 3.0);
            Assert.Equal(3 * constant, value);
            Assert.Equal(constant, gradient[0]);
        }
    }

    [Fact]
    public void Captured_integer_arithmetic_is_read_with_CSharp_semantics()
    {
        int n = 3, zero = 0;
        long big = (1L << 53) + 1, below = 1L << 53, wraps = long.MaxValue;
        // n / 2 truncates (1, not 1.5); longs compare exactly beyond 2^53 (as doubles big == below); unchecked products wrap.
        Assert.Equal(1.0, Grad.CompileExpression((double[] x) => x[0] * (n / 2), 1).Value([1.0]));
        Assert.Equal(2.0, Grad.CompileExpression((double[] x) => big > below ? x[0] : x[1], 2).Value([2.0, 5.0]));
        Assert.Equal(-2.0, Grad.CompileExpression((double[] x) => x[0] * (wraps * 2 + 1 == -1 ? -2 : 2), 1).Value([1.0]));
        // An index computed from captured values, and a captured array element.
        int[] order = [1, 0];
        Assert.Equal(5.0, Grad.CompileExpression((double[] x) => x[n - 2], 2).Value([2.0, 5.0]));
        Assert.Equal(5.0, Grad.CompileExpression((double[] x) => x[order[0]], 2).Value([2.0, 5.0]));
        // A captured computation that throws throws once, at compile time, naming it.
        var e = Assert.Throws<ArgumentException>(() => Grad.CompileExpression((double[] x) => x[0] * (n / zero), 1));
        Assert.Contains("DivideByZeroException", e.Message);
    }

    [Fact]
    public void Index_outside_the_dimension_throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Grad.CompileExpression((double[] x) => x[5], 2));
        Assert.Contains("x[5]", e.Message);
    }
}
