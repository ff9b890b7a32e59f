using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Misuse catalogue, continued (issue 16): user-defined ops made wrongly or used wrongly, and a black box asked for a
/// second derivative.
/// </summary>
public partial class BadInputTests
{
    private static readonly Func<Vec, Scalar> Pair = CustomOp.Function("pair", 2, x => x[0] * x[1], (x, g) =>
    {
        g[0] = x[1];
        g[1] = x[0];
    });

    private static readonly Dictionary<string, (Action Call, string Parameter)> NullCustomCalls = new()
    {
        ["unary name"] = (() => CustomOp.Unary(null!, Math.Sin, Cos), "name"),
        ["unary value"] = (() => CustomOp.Unary("f", null!, Cos), "value"),
        ["unary derivative"] = (() => CustomOp.Unary("f", Math.Sin, null!), "derivative"),
        ["binary value"] = (() => CustomOp.Binary("f", null!, (a, b) => b, (a, b) => a), "value"),
        ["binary partialA"] = (() => CustomOp.Binary("f", (a, b) => a * b, null!, (a, b) => a), "partialA"),
        ["binary partialB"] = (() => CustomOp.Binary("f", (a, b) => a * b, (a, b) => b, null!), "partialB"),
        ["function value"] = (() => CustomOp.Function("f", 1, null!, (x, g) => g[0] = 1), "value"),
        ["function gradient"] = (() => CustomOp.Function("f", 1, x => x[0], null!), "gradient"),
        ["Vec.Of of Scalars"] = (() => Vec.Of((Scalar[])null!), "items"),
    };

    public static TheoryData<string> NullCustomCases => [.. NullCustomCalls.Keys];

    [Theory, MemberData(nameof(NullCustomCases))]
    public void A_custom_op_without_a_delegate_or_name_throws_naming_it(string which)
        => Assert.Equal(NullCustomCalls[which].Parameter, Fails<ArgumentNullException>(NullCustomCalls[which].Call, null).ParamName);

    [Theory]
    [InlineData("", "is not a name")]
    [InlineData("my op", "is not a name")]
    [InlineData("2x", "is not a name")]
    [InlineData("erf(x)", "is not a name")]
    [InlineData("exp", "built-in op")]
    [InlineData("select", "built-in op")]
    public void A_custom_op_name_that_is_no_name_or_a_built_in_ops_is_rejected(string name, string mention)
    {
        Action[] calls =
        [
            () => CustomOp.Unary(name, Math.Sin, Cos), () => CustomOp.Binary(name, Math.Max, (a, b) => 1, (a, b) => 0),
            () => CustomOp.Function(name, 1, x => x[0], (x, g) => g[0] = 1),
        ];
        foreach (Action call in calls) Assert.Equal("name", Fails<ArgumentException>(call, null, $"'{name}'", mention).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_black_box_of_no_inputs_is_rejected(int arity)
        => Assert.Equal("arity", Fails<ArgumentOutOfRangeException>(() => CustomOp.Function("f", arity, x => 0, (x, g) => { }), null).ParamName);

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void A_black_box_applied_to_a_vec_of_another_length_throws_naming_both(string mode)
    {
        Func<Vec, Scalar> wrong = v => Pair(Vec.Of(v[0], v[1], v[0]));
        var e = Fails<ArgumentException>(() => Modes.Evaluate(Modes.Create(mode, wrong, 2), Point), null, "'pair'", "takes 2 inputs", "length 3");
        Assert.Equal("x", e.ParamName);
    }

    [Fact]
    public void A_second_derivative_through_a_black_box_throws_naming_it()
    {
        Fails<NotSupportedException>(() => Grad.Derivative(t => Pair(Vec.Of(t, Sin(t))), 0.5, order: 2), null,
            "second derivative", "'pair'", "CustomOp.Function", "CustomOp.Unary");
        Fails<NotSupportedException>(() => Grad.Derivative(t => Exp(Pair(Vec.Of(t, t))), 0.5, order: 3), null, "'pair'");
        // Compiled Hessians refuse it when compiling (their code is compiled at first use), in a sum's body too.
        Fails<NotSupportedException>(() => Grad.CompileHessian(v => Pair(Vec.Of(v[0], Sin(v[1]))), 2), null, "second derivative", "'pair'");
        Fails<NotSupportedException>(() => Grad.CompileHessian(v => Sum(2, i => Pair(Vec.Of(v[i], v[0]))), 2), null, "'pair'");
    }

    [Theory]
    [InlineData("tape")]
    [InlineData("forward")]
    public void A_derivative_using_a_captured_Scalar_of_the_function_throws_naming_the_op(string mode)
    {
        Func<Vec, Scalar> leaky = v => CustomOp.Unary("leaky", Math.Sin, t => v[1] * Cos(t))(v[0]);
        Fails<InvalidOperationException>(() => Modes.Evaluate(Modes.Create(mode, leaky, 2), Point), null, "'leaky'", "captured");
        // Compiled, the captured Scalar belongs to a trace that has ended when its derivative is built.
        Fails<InvalidOperationException>(() => Grad.Compile(leaky, 2), null, "earlier recording");
    }

    [Fact]
    public void A_vec_made_with_Of_read_with_a_compiled_loop_index_throws_pointing_to_the_inputs()
    {
        Func<Vec, Scalar> f = v => Sum(2, i => Vec.Of(v[1], v[0])[i]);
        Fails<InvalidOperationException>(() => Grad.Compile(f, 2), null, "Vec.Of", "loop index");
        // Eager modes index it with the iteration's number.
        Assert.Equal(Point[0] + Point[1], Grad.Tape(f, 2).Value(Point), 1e-15);
    }

    [Fact]
    public void A_vec_made_with_Of_from_two_recordings_is_rejected()
    {
        Scalar kept = KeepFrom("tape");
        Fails<InvalidOperationException>(() => Grad.Compile(v => Pair(Vec.Of(v[0], kept)), 2), null, "earlier recording");
    }

    /// <summary>The value of two custom ops below: quoted code cannot tell which derivative a call of it means.</summary>
    public static double Twice(double x) => 2 * x;

    [Fact]
    public void A_quoted_call_of_a_method_two_custom_ops_were_made_with_is_refused()
    {
        CustomOp.Unary("twice", Twice, x => 2);
        Assert.Equal(2 * Point[0], Grad.CompileExpression((double[] x) => Twice(x[0]), 2).Value(Point)); // one op: named
        CustomOp.Unary("twice2", Twice, x => 3);
        Fails<NotSupportedException>(() => Grad.CompileExpression((double[] x) => Twice(x[0]), 2), null, "Twice", "several custom ops");
        // Math's methods stay the table's ops even when a custom op was made with one.
        CustomOp.Unary("mycos", Math.Cos, x => -Sin(x));
        Assert.Contains("Math.Cos", Grad.CompileExpression((double[] x) => Math.Cos(x[0]), 2).ToCSharpString());
    }
}
