using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>The misuse catalogue of Vec.Of, Vec.Map, compiled Jacobians and compiled Hessians.</summary>
public partial class BadInputTests
{
    private static readonly CompiledJacobian SharedJacobian = Grad.CompileJacobian(v => Vec.Of(v[0] * v[1], Sin(v[0])), 2);
    private static readonly CompiledHessian SharedHessian = Grad.CompileHessian(F, 2);
    private static readonly CompiledJacobian MapWithData = Grad.CompileJacobian((v, d) => Vec.Map(2, i => v[0] * d[i]), 2, 2);

    private static void AssertJacobianHealthy(CompiledJacobian r)
    {
        double[] values = new double[2], jacobian = new double[4];
        r.Evaluate([0.7, -1.3], values, jacobian);
        Assert.Equal([0.7 * -1.3, Math.Sin(0.7)], values);
        Assert.Equal([-1.3, 0.7, Math.Cos(0.7), 0], jacobian);
        var gradient = new double[2];
        Assert.Equal(0.7 * -1.3 + Math.Sin(0.7), SharedHessian.ValueAndGradient([0.7, -1.3], gradient), 1e-15);
    }

    private static readonly Dictionary<string, (Action Call, string Parameter, string[] Mentions)> JacobianSpanCalls = new()
    {
        ["evaluate x"] = (() => SharedJacobian.Evaluate(new double[3], new double[2], new double[4]), "x", ["length 3", "dimension 2"]),
        ["evaluate values"] = (() => SharedJacobian.Evaluate(new double[2], new double[3], new double[4]), "values", ["length 3", "2 outputs", "must have length 2"]),
        ["evaluate jacobian"] = (() => SharedJacobian.Evaluate(new double[2], new double[2], new double[5]), "jacobian", ["length 5", "2 outputs × 2 inputs = 4 entries"]),
        ["values only"] = (() => SharedJacobian.Evaluate(new double[2], new double[1]), "values", ["length 1", "must have length 2"]),
        ["jvp v"] = (() => SharedJacobian.Jvp(new double[2], new double[1], new double[2], new double[2]), "v", ["length 1", "dimension 2"]),
        ["jvp jv"] = (() => SharedJacobian.Jvp(new double[2], new double[2], new double[2], new double[3]), "jv", ["length 3", "must have length 2"]),
        ["vjp u"] = (() => SharedJacobian.Vjp(new double[2], new double[5], new double[2], new double[2]), "u", ["length 5", "2 outputs"]),
        ["vjp uj"] = (() => SharedJacobian.Vjp(new double[2], new double[2], new double[2], new double[1]), "uj", ["length 1", "dimension 2"]),
        ["data"] = (() => MapWithData.Evaluate(new double[2], new double[3], new double[2], new double[4]), "data", ["length 3", "data of length 2"]),
        ["hvp v"] = (() => SharedHessian.HessianVectorProduct(new double[2], new double[3], new double[2], new double[2]), "v", ["length 3", "dimension 2"]),
        ["hvp hv"] = (() => SharedHessian.HessianVectorProduct(new double[2], new double[2], new double[2], new double[1]), "hv", ["length 1"]),
        ["hessian"] = (() => SharedHessian.ValueGradientHessian(new double[2], new double[2], new double[3]), "hessian", ["length 3", "2 rows × 2 columns = 4 entries"]),
        ["sparse"] = (() => SharedHessian.SparseHessian(new double[2], new double[2], new double[3]), "nonzeros", ["length 3", "2 structural nonzeros"]),
        ["hessian gradient"] = (() => SharedHessian.ValueGradientHessian(new double[2], new double[1], new double[4]), "gradient", ["length 1"]),
    };

    public static TheoryData<string> JacobianSpanCases => [.. JacobianSpanCalls.Keys];

    [Theory, MemberData(nameof(JacobianSpanCases))]
    public void Jacobian_and_Hessian_spans_of_the_wrong_length_throw_naming_expected_and_actual(string call)
    {
        var (action, parameter, mentions) = JacobianSpanCalls[call];
        Assert.Equal(parameter, Fails<ArgumentException>(action, SharedHessian, mentions).ParamName);
        AssertJacobianHealthy(SharedJacobian);
    }

    [Fact]
    public void An_empty_Vec_is_refused_at_compile_time()
    {
        foreach (Func<Vec, Vec> f in new Func<Vec, Vec>[] { _ => Vec.Of(), _ => default, x => Vec.Map(0, i => x[i]) })
            Fails<ArgumentException>(() => Grad.CompileJacobian(f, 2), null, "empty Vec", "at least one output");
    }

    [Fact]
    public void A_branch_on_a_traced_value_in_a_Jacobian_or_Hessian_throws_pointing_to_Where()
    {
        // Guarded paths (one compiled program per set of decisions) exist for Grad.Compile only: derivatives refuse the branch.
        Fails<InvalidOperationException>(() => Grad.CompileJacobian(x => Vec.Of(x[0] > 0 ? x[0] : -x[0], x[1]), 2), null, "branch", "Scalar.Where");
        Fails<InvalidOperationException>(() => Grad.CompileHessian(x => x[0] > 0 ? x[0] * x[1] : x[1], 2), null, "branch", "Scalar.Where");
    }

    private static readonly Dictionary<string, (Action Call, string[] Mentions)> TracedVecCalls = new()
    {
        ["map entry read"] = (() => Grad.CompileJacobian(x => { Vec m = Vec.Map(2, i => x[i]); return Vec.Of(m[0]); }, 2), ["entry of a Vec.Map", "Return the Vec"]),
        ["map read by a loop index"] = (() => Grad.CompileJacobian(x => { Vec m = Vec.Map(2, i => x[i]); return Vec.Map(2, i => m[i]); }, 2), ["entry of a Vec.Map"]),
        ["map in a sum"] = (() => Grad.Compile(x => Sum(2, i => Vec.Map(2, j => x[j])[0]), 2), ["inside a Scalar.Sum or Vec.Map body", "top level"]),
        ["map in a map"] = (() => Grad.CompileJacobian(x => Vec.Map(2, i => Vec.Map(2, j => x[j]).Length), 2), ["inside a Scalar.Sum or Vec.Map body"]),
    };

    public static TheoryData<string> TracedVecCases => [.. TracedVecCalls.Keys];

    [Theory, MemberData(nameof(TracedVecCases))]
    public void Traced_lists_and_maps_are_read_only_where_they_can_be(string call)
    {
        var (action, mentions) = TracedVecCalls[call];
        Fails<NotSupportedException>(action, null, mentions);
    }

    [Fact]
    public void Vec_Of_and_Vec_Map_refuse_null_and_negative_counts()
    {
        Assert.Equal("items", Fails<ArgumentNullException>(() => Vec.Of((Scalar[])null!), null).ParamName);
        Assert.Equal("body", Fails<ArgumentNullException>(() => Vec.Map(2, null!), null).ParamName);
        Assert.Equal("count", Fails<ArgumentOutOfRangeException>(() => Vec.Map(-1, i => 1.0), null).ParamName);
        Assert.Equal("function", Fails<ArgumentNullException>(() => Grad.CompileJacobian((Func<Vec, Vec>)null!, 2), null).ParamName);
        Assert.Equal("function", Fails<ArgumentNullException>(() => Grad.CompileHessian((Func<Vec, Scalar>)null!, 2), null).ParamName);
        Assert.Equal("dimension", Fails<ArgumentOutOfRangeException>(() => Grad.CompileJacobian(x => x, 0), null).ParamName);
        Assert.Equal("dimension", Fails<ArgumentOutOfRangeException>(() => Grad.CompileHessian(F, -1), null).ParamName);
    }

    [Fact]
    public void A_Vec_from_an_earlier_trace_is_refused_when_returned()
    {
        Vec kept = default;
        Grad.CompileJacobian(x => kept = Vec.Map(2, i => x[i]), 2);
        Fails<InvalidOperationException>(() => Grad.CompileJacobian(_ => kept, 2), null, "earlier recording");
    }

    [Fact]
    public void Calls_without_the_data_a_function_takes_say_how_to_pass_it()
    {
        Fails<InvalidOperationException>(() => MapWithData.Evaluate(new double[2], new double[2], new double[4]), null, "2 data values", "Bind(data)");
        var hessian = Grad.CompileHessian((x, d) => x[0] * d[0], 1, 1);
        Fails<InvalidOperationException>(() => hessian.HessianVectorProduct([1.0], [1.0], new double[1], new double[1]), null, "1 data values");
        Assert.Equal(JacobianMode.Auto, GradOptions.Default.JacobianMode);
        Fails<ArgumentOutOfRangeException>(() => _ = new GradOptions { JacobianMode = (JacobianMode)7 }, null, "not a JacobianMode");
    }
}
