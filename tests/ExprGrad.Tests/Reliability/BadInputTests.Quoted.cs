using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>Misuse catalogue, continued: quoted expressions (Grad.CompileExpression) and what they refuse.</summary>
public partial class BadInputTests
{
    public static double UserFunction(double x) => x;

    private static readonly Func<double, double> Identity = t => t;
    private static readonly ParameterExpression X = Expression.Parameter(typeof(double[]), "x");
    private static readonly ParameterExpression A = Expression.Parameter(typeof(double), "a");
    private static readonly LabelTarget Done = Expression.Label(typeof(double));
    private static Expression At(int i) => Expression.ArrayIndex(X, Expression.Constant(i));

    private static readonly Dictionary<string, (LambdaExpression Lambda, string Mentions)> Unsupported = new()
    {
        ["Math.Round"] = ((Expression<Func<double[], double>>)(x => Math.Round(x[0])), "Math.Round"),
        ["Math.Clamp"] = ((Expression<Func<double, double>>)(a => Math.Clamp(a, 0, 1)), "Math.Clamp"),
        ["Math.Log(x, base)"] = ((Expression<Func<double[], double>>)(x => Math.Log(x[0], 2)), "Math.Log"),
        ["Enumerable.Sum"] = ((Expression<Func<double[], double>>)(x => x.Sum()), "Sum"),
        ["user method, scalar form"] = ((Expression<Func<double, double>>)(a => UserFunction(a) * a), "UserFunction"),
        ["delegate"] = ((Expression<Func<double[], double>>)(x => Identity(x[0])), "delegate invocation"),
        ["modulo"] = ((Expression<Func<double[], double>>)(x => x[0] % 2), "Modulo"),
        ["array length"] = ((Expression<Func<double[], double>>)(x => x.Length * x[0]), "ArrayLength"),
        ["decimal"] = ((Expression<Func<double[], double>>)(x => (double)(decimal)x[0]), "Decimal"),
        ["loop, scalar form"] = (Expression.Lambda<Func<double, double>>(Expression.Loop(Expression.Break(Done, A), Done), A), "loop"),
        ["loop over x"] = (Expression.Lambda<Func<double[], double>>(Expression.Loop(Expression.Break(Done, At(0)), Done), X), "loop"),
        ["assignment, scalar form"] = (Expression.Lambda<Func<double, double>>(Expression.Assign(A, Expression.Constant(1.0)), A), "assignment"),
        ["compound assignment"] = (Expression.Lambda<Func<double, double>>(Expression.AddAssign(A, Expression.Constant(1.0)), A), "assignment"),
        ["increment"] = (Expression.Lambda<Func<double, double>>(Expression.PreIncrementAssign(A), A), "assignment"),
        ["index x.Length - 1"] = ((Expression<Func<double[], double>>)(x => x[x.Length - 1]), "index that is not a constant"),
        ["index from a call"] = ((Expression<Func<double[], double>>)(x => x[int.Parse("0")]), "index that is not a constant"),
        ["index from x"] = ((Expression<Func<double[], double>>)(x => x[(int)x[0]]), "index that is not a constant"),
        // Captured values with no exact double, and captured computations that are calls (they would be frozen).
        ["captured long 2^53 + 1"] = (CapturedTimesX(9_007_199_254_740_993L), "2^53 = 9007199254740992"),
        ["captured long.MinValue"] = (CapturedTimesX(long.MinValue), "2^53"),
        ["captured ulong.MaxValue"] = (CapturedTimesX(ulong.MaxValue), "UInt64 18446744073709551615"),
        ["captured decimal 0.1"] = (CapturedTimesX(0.1m), "decimal 0.1"),
        ["captured long computed beyond 2^53"] = (Computed(1L << 52), "2^53"),
        ["captured enum"] = (CapturedTimesX(DayOfWeek.Friday), "DayOfWeek (only numbers"),
        ["captured call"] = ((Expression<Func<double[], double>>)(x => x[0] * Random.Shared.Next(3)), "Random.Next"),
    };

    /// <summary>x[0] * (double)value, with value captured (a closure field, as the C# compiler makes it).</summary>
    private static Expression<Func<double[], double>> CapturedTimesX<T>(T value) where T : struct
        => Expression.Lambda<Func<double[], double>>(Expression.Multiply(At(0), Expression.Convert(
            Expression.Field(Expression.Constant(new StrongBox<T>(value)), nameof(StrongBox<T>.Value)), typeof(double))), X);

    /// <summary>x[0] * (double)(3 * n): the product of captured longs is read at compile time, then checked.</summary>
    private static Expression<Func<double[], double>> Computed(long n) => x => x[0] * (3 * n);

    public static TheoryData<string> UnsupportedCases => [.. Unsupported.Keys];

    [Theory, MemberData(nameof(UnsupportedCases))]
    public void Quoted_construct_without_a_derivative_throws_NotSupported_naming_it(string construct)
    {
        var (lambda, mentions) = Unsupported[construct];
        Action call = lambda switch
        {
            Expression<Func<double[], double>> array => () => Grad.CompileExpression(array, 2),
            Expression<Func<double, double>> scalar => () => Grad.CompileExpression(scalar),
            _ => throw new InvalidOperationException(lambda.Type.Name),
        };
        Fails<NotSupportedException>(call, null, mentions, "Grad.CompileExpression cannot differentiate");
    }

    /// <summary>
    /// Issue 17: <c>Grad.Compile(x =&gt; Math.Max(x[0], 0), 2)</c> used to bind silently to a quoted overload and fail at
    /// run time. Grad.Compile now only traces, so the same line is a compile-time error in the caller's code
    /// (CS1503: cannot convert from 'ExprGrad.Scalar' to 'byte'), fixed with Scalar.Max or by quoting explicitly with
    /// Grad.CompileExpression. No Compile overload may take an expression tree again, and every quoted shape has one.
    /// </summary>
    [Fact]
    public void An_untyped_lambda_cannot_bind_to_a_quoted_overload_of_Compile()
    {
        var methods = typeof(Grad).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static);
        Assert.DoesNotContain(methods.Where(m => m.Name == nameof(Grad.Compile)),
            m => m.GetParameters().Any(p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(Expression<>)));
        Type[] quoted = [typeof(Func<double[], double>), typeof(Func<double, double>), typeof(Func<double, double, double>),
            typeof(Func<double, double, double, double>), typeof(Func<double, double, double, double, double>)];
        foreach (Type shape in quoted)
            Assert.Contains(methods, m => m.Name == nameof(Grad.CompileExpression) && m.GetParameters()[0].ParameterType == typeof(Expression<>).MakeGenericType(shape));
        // What the user does instead: Scalar functions in a traced lambda, or an explicitly quoted one.
        var traced = Grad.Compile(x => Max(x[0], 0), 2);
        var quotedMax = Grad.CompileExpression(x => Math.Max(x[0], 0), 2);
        foreach (double x0 in new[] { -1.5, 2.5 })
            Assert.Equal(Modes.Evaluate(traced, x0, 0).Gradient, Modes.Evaluate(quotedMax, x0, 0).Gradient);
        Fails<NotSupportedException>(() => Grad.CompileExpression(x => Math.Clamp(x[0], 0, 1), 2), null, "Math.Clamp", "Grad.CompileExpression");
    }

    [Theory]
    [InlineData(2.7, 2.0)]
    [InlineData(-2.7, -2.0)]
    public void Quoted_truncating_conversion_is_either_rejected_or_truncates(double x, double truncated)
    {
        // (double)(int)x is a step function: its value must be the truncated number, never x itself.
        CompiledGradient g;
        try { g = Grad.CompileExpression((double[] v) => (double)(int)v[0], 1); }
        catch (NotSupportedException e) { Assert.Contains("Int32", e.Message); return; }
        var (value, gradient) = Modes.Evaluate(g, x);
        Assert.Equal(truncated, value);
        Assert.Equal(0.0, gradient[0]);
    }
}
