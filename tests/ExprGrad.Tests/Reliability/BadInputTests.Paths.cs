using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Misuse catalogue, continued (issue 14): branches under Grad.Compile. A decision on a loop index, more paths than
/// GradOptions.MaxPaths, a function throwing on one path only, a function whose decisions are not deterministic, and the
/// arguments of the example-point overloads.
/// </summary>
public partial class BadInputTests
{
    private static readonly Dictionary<string, Func<Vec, Scalar>> IndexedBranches = new()
    {
        ["if"] = v => Sum(2, i => { if (v[i] > 0) return v[i]; return -v[i]; }),
        ["?:"] = v => Sum(2, i => v[i] >= v[i + 1] ? v[i] : Square(v[i])),
        ["&&"] = v => Sum(2, i => v[i] > 0 && v[0] > 0 ? v[i] : 1.0),
        ["||"] = v => Sum(2, i => v[i] > 0 || v[0] > 0 ? v[i] : 1.0),
        ["while"] = v => Sum(2, i => { Scalar s = v[i]; while (s < 10) s *= 2; return s; }),
        ["nested sum"] = v => Sum(2, i => Sum(2, j => v[j] > v[i] ? v[j] : v[i])),
    };

    public static TheoryData<string> IndexedBranchCases => [.. IndexedBranches.Keys];

    [Theory, MemberData(nameof(IndexedBranchCases))]
    public void A_branch_on_a_loop_indexed_value_throws_pointing_to_Where(string construct)
    {
        Func<Vec, Scalar> f = IndexedBranches[construct];
        Fails<InvalidOperationException>(() => Grad.Compile(f, 3), null, "branch", "Scalar.Sum body", "Scalar.Where");
        Fails<InvalidOperationException>(() => Grad.Compile(f, 3, [1.0, -2, 3]), null, "Scalar.Sum body", "Scalar.Where");
        // Where it would be decided per iteration: the eager modes (at positive entries: the while loop doubles them up to 10).
        Assert.True(double.IsFinite(Grad.Tape(f, 3).Value([1.0, 2, 3])));
    }

    [Fact]
    public void A_branch_on_data_read_with_the_loop_index_throws_pointing_to_Where()
    {
        Fails<InvalidOperationException>(() => Grad.Compile((w, d) => Sum(2, i => d[i] > 0 ? w[0] * d[i] : w[1]), 2, 2),
            null, "Scalar.Sum body", "Scalar.Where");
        // The same with named data vectors, which otherwise get paths like a function of one data vector.
        Fails<InvalidOperationException>(() => Grad.Compile((Vec w, Vec t, Vec y) => Sum(2, i => t[i] > 0 ? w[0] * y[i] : w[1]), 2, 2, 2),
            null, "Scalar.Sum body", "Scalar.Where");
    }

    [Fact]
    public void A_branch_in_a_sum_body_on_values_from_outside_the_body_is_a_guard_of_the_path()
    {
        var g = Grad.Compile(v => Sum(3, i => v[0] > 0 ? v[i] * v[0] : -v[i]), 3);
        Assert.Equal(3.0, g.Value([1.0, 1, 1]));
        Assert.Equal(-3.0, g.Value([-1.0, 2, 2]));
        Assert.Equal(2, g.PathCount);
        // || decides on the outer value first: an indexed comparison it never reaches is no error; one it reaches is.
        var shortCircuit = Grad.Compile(v => Sum(2, i => v[0] > 0 || v[i] > 0 ? v[i] : 1.0), 2);
        Assert.Equal(3.0, shortCircuit.Value([1.0, 2]));
        Fails<InvalidOperationException>(() => shortCircuit.Value([-1.0, 2]), null, "Scalar.Sum body", "Scalar.Where");
        Assert.Equal(1, shortCircuit.PathCount);
    }

    // 2^20 sign patterns: a path per call, far more than MaxPaths.
    private static Scalar SignPattern(Vec x)
    {
        Scalar sum = 0;
        for (int i = 0; i < x.Length; i++) sum += x[i] > 0 ? Square(x[i]) * (i + 1) : Sin(x[i]);
        return sum;
    }

    [Fact]
    public void Past_MaxPaths_calls_are_answered_by_tape_mode_and_counted()
    {
        var g = Grad.Compile(SignPattern, 20, new GradOptions { MaxPaths = 3 });
        IGradient tape = Grad.Tape(SignPattern, 20);
        var random = new Random(14);
        for (int call = 0; call < 40; call++)
        {
            double[] x = [.. Enumerable.Range(0, 20).Select(_ => random.NextDouble() * 2 - 1)];
            var (value, gradient) = Modes.Evaluate(g, x);
            var (tapeValue, tapeGradient) = Modes.Evaluate(tape, x);
            Assert.Equal(tapeValue, value, 1e-13);
            for (int i = 0; i < 20; i++) Assert.Equal(tapeGradient[i], gradient[i], 1e-13);
        }
        Assert.Equal(3, g.PathCount);
        Assert.Equal(37, g.FallbackCount);
        // MaxPaths = 0: every call goes to the tape.
        var none = Grad.Compile(SignPattern, 20, new GradOptions { MaxPaths = 0 });
        Assert.Equal(tape.Value(new double[20]), none.Value(new double[20]));
        Assert.Equal((0, 1L), (none.PathCount, none.FallbackCount));
    }

    [Fact]
    public void A_negative_MaxPaths_is_rejected_naming_the_option()
        => Assert.Equal("MaxPaths",
            Fails<ArgumentOutOfRangeException>(() => _ = new GradOptions { MaxPaths = -1 }, null, "GradOptions.MaxPaths = -1").ParamName);

    private static Scalar ThrowsBelowZero(Vec x)
    {
        if (x[0] < 0) throw new ArgumentException("this model is defined for x0 >= 0 only");
        return x[0] > 1 ? Sqrt(x[0]) : x[0];
    }

    [Fact]
    public void An_exception_on_one_path_reaches_the_caller_and_caches_nothing()
    {
        var g = Grad.Compile(ThrowsBelowZero, 1);
        Assert.Equal(2.0, g.Value([4.0]));
        Assert.Equal(1, g.PathCount);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            Fails<ArgumentException>(() => g.ValueAndGradient([-1.0], new double[1]), null, "x0 >= 0 only");
            Assert.Equal(1, g.PathCount);
        }
        Assert.Equal(0.5, g.Value([0.5]));
        Assert.Equal(2, g.PathCount);
        Assert.Equal(0, g.FallbackCount);
        Fails<ArgumentException>(() => Grad.Compile(ThrowsBelowZero, 1, [-2.0]), null, "x0 >= 0 only");
    }

    [Fact]
    public void A_function_whose_decisions_read_a_counter_is_detected()
    {
        int calls = 0;
        var g = Grad.Compile(x => x[0] > calls++ ? x[0] : -x[0], 1);
        Fails<InvalidOperationException>(() => g.Value([0.5]), null, "two different paths", "deterministic");
        Assert.Equal(0, g.PathCount);
    }

    [Fact]
    public void A_function_that_branches_on_a_random_number_is_detected_when_the_two_traces_differ()
    {
        var random = new Random(3);
        Func<Vec, Scalar> f = x => x[0] > 0 && random.NextDouble() < 0.5 ? x[0] : x[1];
        // The two traces at one point differ with probability 1/2 when x0 > 0: within 40 calls they do (seeded).
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            for (int call = 0; call < 40; call++) Grad.Compile(f, 2, [1.0, 2]);
        });
        Assert.Contains("two different paths", e.Message);
    }

    [Fact]
    public void Example_points_of_the_wrong_length_are_rejected_naming_them()
    {
        Assert.Equal("examplePoint", Fails<ArgumentException>(() => Grad.Compile(F, 2, [1.0]), null, "'examplePoint' has length 1").ParamName);
        Assert.Equal("exampleData", Fails<ArgumentException>(() => Grad.Compile(WithData, 1, 1, [1.0], []), null, "'exampleData' has length 0")
            .ParamName);
    }

    [Fact]
    public void A_default_condition_combined_with_and_or_throws_naming_the_operand()
    {
        Condition none = default;
        Assert.Equal("b", Fails<ArgumentException>(() => Grad.Compile(x => Where((x[0] > 0) & none, x[0], 1), 1), null, "default Condition").ParamName);
        Assert.Equal("a", Fails<ArgumentException>(() => Grad.Tape(x => Where(none | (x[0] > 0), x[0], 1), 1).Value([1.0]), null,
            "default Condition").ParamName);
    }
}
