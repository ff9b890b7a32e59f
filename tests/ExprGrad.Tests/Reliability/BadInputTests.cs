using System.Linq.Expressions;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Issue 5 §2, the catalogue of misuse: each case throws the documented exception type with a message naming
/// the problem, and afterwards a shared compiled gradient, a new one and (where one exists) the very instance
/// that failed still give the right numbers. Cases already in TracingErrorTests/QuoteTests appear here only
/// for the modes or checks those files do not cover.
/// </summary>
public partial class BadInputTests
{
    // f = x0*x1 + sin(x0), gradient (x1 + cos x0, x0): known in closed form.
    private static Scalar F(Vec v) => v[0] * v[1] + Sin(v[0]);
    private static readonly CompiledGradient Shared = Grad.Compile(F, 2);
    private static readonly double[] Point = [0.7, 2];

    private static void AssertHealthy(IGradient g)
    {
        var (value, gradient) = Modes.Evaluate(g, [0.7, -1.3]);
        Assert.Equal(0.7 * -1.3 + Math.Sin(0.7), value, 1e-15);
        Assert.Equal(-1.3 + Math.Cos(0.7), gradient[0], 1e-15);
        Assert.Equal(0.7, gradient[1], 1e-15);
        Assert.Equal(value, g.Value([0.7, -1.3]), 1e-15);
    }

    /// <summary>Asserts the exact exception type and message fragments, then that gradients still work.</summary>
    private static T Fails<T>(Action call, IGradient? same, params string[] mentions) where T : Exception
    {
        var e = Assert.Throws<T>(call);
        foreach (string m in mentions) Assert.Contains(m, e.Message);
        AssertHealthy(Shared);
        AssertHealthy(Grad.Compile(F, 2));
        if (same is not null) AssertHealthy(same);
        return e;
    }

    private static readonly Dictionary<string, Action> NullCalls = new()
    {
        ["compile"] = () => Grad.Compile((Func<Vec, Scalar>)null!, 2),
        ["tape"] = () => Grad.Tape(null!, 2),
        ["forward"] = () => Grad.Forward(null!, 2),
        ["derivative"] = () => Grad.Derivative(null!, 1.0),
        ["quoted-array"] = () => Grad.CompileExpression((Expression<Func<double[], double>>)null!, 2),
        ["quoted-1"] = () => Grad.CompileExpression((Expression<Func<double, double>>)null!),
        ["quoted-4"] = () => Grad.CompileExpression((Expression<Func<double, double, double, double, double>>)null!),
    };

    public static TheoryData<string> NullCases => [.. NullCalls.Keys];

    [Theory, MemberData(nameof(NullCases))]
    public void Null_function_throws_naming_the_parameter(string entry)
        => Assert.Equal("function", Fails<ArgumentNullException>(NullCalls[entry], null, "function").ParamName);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Dimension_below_one_throws_in_every_entry_point(int dimension)
    {
        Action[] calls =
        [
            () => Grad.Compile(F, dimension), () => Grad.Tape(F, dimension), () => Grad.Forward(F, dimension),
            () => Grad.CompileExpression((double[] x) => x[0], dimension),
        ];
        foreach (Action call in calls)
            Assert.Equal("dimension", Fails<ArgumentOutOfRangeException>(call, null, "at least 1", $"got {dimension}").ParamName);
    }

    public static TheoryData<string, int, int> SpanCases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (string mode in Modes.Names)
            foreach (var (x, gradient) in new[] { (1, -1), (3, -1), (0, -1), (1, 2), (3, 2), (2, 1), (2, 3), (2, 0) })
                data.Add(mode, x, gradient); // gradient -1: Value(x)
        return data;
    }

    [Theory, MemberData(nameof(SpanCases))]
    public void Wrong_span_length_throws_naming_span_and_lengths_and_writes_nothing(string mode, int xLength, int gradientLength)
    {
        IGradient g = Modes.Create(mode, F, 2);
        var x = new double[xLength];
        var gradient = Enumerable.Repeat(42.0, Math.Max(gradientLength, 0)).ToArray();
        Action call = gradientLength < 0 ? () => g.Value(x) : () => g.ValueAndGradient(x, gradient);
        string span = xLength != 2 ? "x" : "gradient";
        int actual = xLength != 2 ? xLength : gradientLength;
        var e = Fails<ArgumentException>(call, g, $"'{span}' has length {actual}", "dimension 2");
        Assert.Equal(span, e.ParamName);
        Assert.All(gradient, entry => Assert.Equal(42.0, entry));
    }

    private static readonly Dictionary<string, Func<Vec, Scalar>> Branches = new()
    {
        ["if"] = v => { if (v[0] > v[1]) return v[0]; return v[1]; },
        ["?:"] = v => v[0] >= 0 ? v[0] : -v[0],
        ["&&"] = v => { bool both = v[0] > 0 && v[1] > 0; return both ? 1.0 : v[0]; },
        ["||"] = v => { bool either = v[0] < 0 || v[1] < 0; return either ? 1.0 : v[0]; },
        ["!"] = v => { bool no = !(v[0] == v[1]); return no ? 1.0 : v[0]; },
        ["while"] = v => { Scalar s = v[0]; while (s < 10) s *= 2; return s; },
    };

    public static TheoryData<string> BranchCases => [.. Branches.Keys];

    [Theory, MemberData(nameof(BranchCases))]
    public void Branch_on_a_traced_value_throws_pointing_to_Where(string construct)
    {
        Fails<InvalidOperationException>(() => Grad.Compile(Branches[construct], 2), null, "branch", "Scalar.Where", "Grad.Compile trace");
        // The same function runs in the eager modes, where a branch sees values.
        Assert.True(double.IsFinite(Grad.Tape(Branches[construct], 2).Value(Point)));
        Assert.True(double.IsFinite(Grad.Forward(Branches[construct], 2).Value(Point)));
    }

    private static readonly string[] Sources = ["compiled", "tape", "forward", "derivative"];
    private static readonly string[] Targets = ["compiled", "tape", "tape-value", "forward", "forward-value", "derivative"];
    private static readonly Dictionary<string, string> KindOf = new()
    {
        ["compiled"] = "a Grad.Compile trace", ["tape"] = "a tape recording", ["forward"] = "a forward-mode run", ["derivative"] = "an eager graph recording",
    };

    /// <summary>Runs one call in <paramref name="source"/> mode that keeps a Scalar (v[0] * 3) after it returns.</summary>
    private static Scalar KeepFrom(string source)
    {
        Scalar kept = default;
        Func<Vec, Scalar> f = v => kept = v[0] * 3;
        switch (source)
        {
            case "compiled": Grad.Compile(f, 2); break;
            case "tape": Grad.Tape(f, 2).ValueAndGradient(Point, new double[2]); break;
            case "forward": Grad.Forward(f, 2).ValueAndGradient(Point, new double[2]); break;
            default: Grad.Derivative(x => kept = x * 3, 0.5); break;
        }
        return kept;
    }

    /// <summary>Calls <paramref name="f"/> (or, for Derivative, its one-input form) in <paramref name="target"/> mode.</summary>
    private static void Run(string target, Func<Vec, Scalar> f, Func<Scalar, Scalar> scalarForm)
    {
        switch (target)
        {
            case "compiled": Grad.Compile(f, 2); break;
            case "tape": Grad.Tape(f, 2).ValueAndGradient(Point, new double[2]); break;
            case "tape-value": Grad.Tape(f, 2).Value(Point); break;
            case "forward": Grad.Forward(f, 2).ValueAndGradient(Point, new double[2]); break;
            case "forward-value": Grad.Forward(f, 2).Value(Point); break;
            default: Grad.Derivative(scalarForm, 0.5); break;
        }
    }

    public static TheoryData<string, string, bool> StaleCases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (string source in Sources) foreach (string target in Targets) foreach (bool returned in new[] { false, true }) data.Add(source, target, returned);
        return data;
    }

    [Theory, MemberData(nameof(StaleCases))]
    public void A_scalar_kept_from_an_ended_call_is_rejected_in_every_mode(string source, string target, bool returnedAsIs)
    {
        Scalar kept = KeepFrom(source);
        Action call = returnedAsIs ? () => Run(target, v => kept, x => kept) : () => Run(target, v => v[1] + kept * 2, x => x + kept * 2);
        Fails<InvalidOperationException>(call, null, KindOf[source], "Scalar");
    }

    [Theory]
    [InlineData("tape")]
    [InlineData("forward")]
    public void A_scalar_kept_by_the_same_instance_from_its_previous_call_is_rejected(string mode)
    {
        Scalar kept = default;
        bool first = true;
        IGradient g = Modes.Create(mode, v =>
        {
            if (first) { first = false; kept = v[0]; return F(v); }
            return F(v) + kept;
        }, 2);
        g.Value(Point); // the first call (one pass, also in forward mode) keeps v[0]
        Fails<InvalidOperationException>(() => g.ValueAndGradient(Point, new double[2]), null, "earlier recording");
        Fails<InvalidOperationException>(() => g.Value(Point), null, "earlier recording");
    }

    /// <summary>Runs <paramref name="use"/> while another thread is inside a <paramref name="source"/>-mode call holding a live Scalar.</summary>
    private static void WhileAnotherThreadHolds(string source, Action<Scalar> use, Action<IGradient>? afterwards = null)
    {
        Scalar other = default;
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        IGradient? owner = null;
        Exception? failure = null;
        Func<Vec, Scalar> hold = v => { other = v[0] * 3; held.Set(); release.Wait(); return other; };
        var thread = new Thread(() =>
        {
            try
            {
                owner = source switch { "compiled" => Grad.Compile(hold, 1), "tape" => Grad.Tape(hold, 1), _ => Grad.Forward(hold, 1) };
                if (source != "compiled") owner.ValueAndGradient([1.0], new double[1]);
            }
            catch (Exception e) { failure = e; held.Set(); }
        });
        thread.Start();
        Assert.True(held.Wait(TimeSpan.FromSeconds(30)), "the owner thread never reached its call");
        try { use(other); }
        finally { release.Set(); thread.Join(); }
        Assert.Null(failure);
        var (value, gradient) = Modes.Evaluate(owner!, 1.0); // the owner's gradient is unharmed
        Assert.Equal(3.0, value);
        Assert.Equal(3.0, gradient[0]);
        afterwards?.Invoke(owner!);
    }

    [Theory]
    [InlineData("compiled", "compiled")]
    [InlineData("compiled", "tape")]
    [InlineData("tape", "compiled")]
    [InlineData("tape", "tape")]
    [InlineData("tape", "forward")]
    [InlineData("forward", "tape")]
    [InlineData("forward", "forward")]
    public void A_live_scalar_from_another_thread_is_rejected(string source, string target)
        => WhileAnotherThreadHolds(source, other =>
            Fails<InvalidOperationException>(() => Run(target, v => v[0] + other, x => x + other), null, KindOf[source], "thread"));

    [Fact]
    public void Using_another_thread_s_scalar_does_not_write_into_that_thread_s_trace()
    {
        // Owner thread traces input, 3, input*3: three nodes. A Scalar op on another thread must be refused
        // before it records anything into that (unsynchronised) graph.
        WhileAnotherThreadHolds("compiled",
            other => Assert.Throws<InvalidOperationException>(() => Grad.Compile(v => v[0] + other * 2, 1)),
            owner => Assert.Equal(3, ((CompiledGradient)owner).NodeCount));
    }

    [Fact]
    public void Data_overloads_check_their_arguments()
    {
        Func<Vec, Vec, Scalar> f = (w, d) => w[0] * d[0] + w[1] * d[1] + Sin(w[0]);
        Fails<ArgumentNullException>(() => Grad.Compile((Func<Vec, Vec, Scalar>)null!, 2, 2), null, "function");
        Fails<ArgumentNullException>(() => Grad.Tape((Func<Vec, Vec, Scalar>)null!, 2, [1.0]), null, "function");
        Fails<ArgumentNullException>(() => Grad.Forward((Func<Vec, Vec, Scalar>)null!, 2, [1.0]), null, "function");
        Fails<ArgumentOutOfRangeException>(() => Grad.Compile(f, 2, -1), null, "dataLength");
        Fails<ArgumentOutOfRangeException>(() => Grad.Compile(f, 0, 2), null, "at least 1");
        Fails<ArgumentOutOfRangeException>(() => Grad.Compile(f, 2, 1), null, "index 1", "length 1");
        Fails<ArgumentOutOfRangeException>(() => Grad.Tape(f, 2, [1.0]).Value(Point), null, "index 1", "length 1");
        CompiledGradient g = Grad.Compile(f, 2, 2);
        Fails<InvalidOperationException>(() => g.Value(Point), null, "2 data values", "Bind");
        Fails<InvalidOperationException>(() => g.ValueAndGradient(Point, new double[2]), null, "2 data values", "Bind");
        Fails<ArgumentException>(() => g.ValueAndGradient(Point, [1.0], new double[2]), null, "data span has length 1", "length 2");
        Fails<ArgumentException>(() => g.Value(Point, [1.0, 2, 3]), null, "data span has length 3");
        Fails<ArgumentException>(() => g.Bind([1.0]), null, "data span has length 1");
        Fails<ArgumentException>(() => g.ValueAndGradient(Point, [1.0, 2], new double[3]), null, "'gradient' has length 3");
        // The instance still works: f(0.7, 2; data 3, -1) = 2.1 - 2 + sin 0.7, gradient (3 + cos 0.7, -1).
        var gradient = new double[2];
        Assert.Equal(0.1 + Math.Sin(0.7), g.ValueAndGradient(Point, [3.0, -1.0], gradient), 1e-15);
        Assert.Equal([3 + Math.Cos(0.7), -1.0], gradient);
        Assert.Equal(0.1 + Math.Sin(0.7), g.Bind([3.0, -1.0]).Value(Point), 1e-15);
    }

    public static TheoryData<string, int> IndexCases()
    {
        var data = new TheoryData<string, int>();
        foreach (string mode in Modes.Names) foreach (int i in new[] { 2, -1, 100, int.MinValue }) data.Add(mode, i);
        return data;
    }

    [Theory, MemberData(nameof(IndexCases))]
    public void Vec_index_out_of_range_throws_naming_index_and_length_in_every_mode(string mode, int index)
    {
        Func<Vec, Scalar> f = v => F(v) + v[index];
        string[] mentions = [$"index {index}", "length 2"];
        IGradient? g = null;
        Fails<ArgumentOutOfRangeException>(() => { g = Modes.Create(mode, f, 2); g.ValueAndGradient(Point, new double[2]); }, null, mentions);
        if (g is not null) Fails<ArgumentOutOfRangeException>(() => g.Value(Point), null, mentions); // eager modes fail per call
    }

    [Theory]
    [InlineData("tape")]
    [InlineData("forward")]
    public void An_exception_inside_the_function_leaves_the_same_instance_healthy(string mode)
    {
        // The exception interrupts a recording half-way; the next call must start clean.
        IGradient g = Modes.Create(mode, v => v[0] > 100 ? F(v) * v[7] : F(v), 2);
        for (int round = 0; round < 3; round++)
        {
            Fails<ArgumentOutOfRangeException>(() => g.ValueAndGradient([200, 1], new double[2]), g, "index 7");
            Fails<ArgumentOutOfRangeException>(() => g.Value([200, 1]), g, "index 7");
        }
    }

    public static TheoryData<string, double, double, double, double, double> IeeeCases()
    {
        const double nan = double.NaN, inf = double.PositiveInfinity;
        var data = new TheoryData<string, double, double, double, double, double>();
        // x0, x1 -> f = x0*x1 + sin x0, df/dx0 = x1 + cos x0, df/dx1 = x0, each as IEEE 754 evaluates it.
        (double, double, double, double, double)[] rows =
        [
            (nan, 1, nan, nan, nan), (1, nan, nan, nan, 1), (0, nan, nan, nan, 0),
            (inf, 0, nan, nan, inf), (0, inf, nan, inf, 0), (-inf, 2, nan, nan, -inf),
            (1, inf, inf, inf, 1), (1, -inf, -inf, -inf, 1), (inf, inf, nan, nan, inf),
        ];
        foreach (string mode in Modes.Names) foreach (var r in rows) data.Add(mode, r.Item1, r.Item2, r.Item3, r.Item4, r.Item5);
        return data;
    }

    [Theory, MemberData(nameof(IeeeCases))]
    public void Nan_and_infinite_inputs_propagate_per_IEEE(string mode, double x0, double x1, double value, double d0, double d1)
    {
        IGradient g = Modes.Create(mode, F, 2);
        var (actual, gradient) = Modes.Evaluate(g, x0, x1);
        Assert.Equal(value, actual); // xunit's double equality: exact, NaN equals NaN
        Assert.Equal(value, g.Value([x0, x1]));
        Assert.Equal(d0, gradient[0]);
        Assert.Equal(d1, gradient[1]);
        AssertHealthy(g);
    }

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Overflow_inside_the_function_gives_IEEE_infinities_and_NaN(string mode)
    {
        // x0 * exp(x1) at (0, 1000): exp overflows; 0 * inf = NaN in the value and in d/dx1 (NaN-safe is off).
        IGradient g = Modes.Create(mode, v => v[0] * Exp(v[1]), 2);
        var (value, gradient) = Modes.Evaluate(g, 0, 1000);
        Assert.Equal(double.NaN, value);
        Assert.Equal(double.PositiveInfinity, gradient[0]);
        Assert.Equal(double.NaN, gradient[1]);
        var (finite, _) = Modes.Evaluate(g, 2, 1);
        Assert.Equal(2 * Math.E, finite, 1e-15);
        AssertHealthy(Shared);
    }

    // Issue 16: GradCheck and Grad.Explain name the argument that is wrong.
    private static readonly Dictionary<string, (Action Call, string Parameter, string[] Mentions)> ArgumentCalls = new()
    {
        ["GradCheck: null gradient"] = (() => GradCheck.Run(null!, Point), "gradient", []),
        ["GradCheck: x too short"] = (() => GradCheck.Run(Shared, [1.0]), "x", ["'x' has length 1", "dimension 2"]),
        ["GradCheck: x too long"] = (() => GradCheck.Run(Shared, [1.0, 2, 3]), "x", ["'x' has length 3", "dimension 2"]),
        ["GradCheck: x has NaN"] = (() => GradCheck.Run(Shared, [1.0, double.NaN]), "x", ["x[1] is NaN", "finite coordinates"]),
        ["GradCheck: x has infinity"] = (() => GradCheck.Run(Shared, [double.NegativeInfinity, 1]), "x", ["x[0] is -Infinity", "finite coordinates"]),
        ["GradCheck: f(x) is NaN"] = (() => GradCheck.Run(Grad.Compile(v => Log(v[0]), 1), [-1.0]), "x", ["f(x) = NaN", "where f is finite"]),
        ["GradCheck: f(x) is infinite"] = (() => GradCheck.Run(Grad.Tape(v => 1 / v[0], 1), [0.0]), "x", ["f(x) = Infinity", "where f is finite"]),
        ["GradCheck: relative tolerance 0"] = (() => GradCheck.Run(Shared, Point, new GradCheckOptions { RelativeTolerance = 0 }), "RelativeTolerance", ["positive"]),
        ["GradCheck: absolute tolerance NaN"] = (() => GradCheck.Run(Shared, Point, new GradCheckOptions { AbsoluteTolerance = double.NaN }), "AbsoluteTolerance", ["zero or positive"]),
        ["GradCheck: Taylor order -1"] = (() => GradCheck.Run(Shared, Point, new GradCheckOptions { MinimumTaylorOrder = -1 }), "MinimumTaylorOrder", ["positive"]),
        ["Explain: null function"] = (() => Grad.Explain(null!, [1.0]), "function", []),
        ["Explain: null x"] = (() => Grad.Explain(F, null!), "x", []),
        ["Explain: empty x"] = (() => Grad.Explain(F, []), "x", ["at least 1"]),
        ["Explain: too few names"] = (() => Grad.Explain(F, [1.0, 2], names: ["a"]), "names", ["1 names were given for 2 inputs"]),
        ["Explain: repeated name"] = (() => Grad.Explain(F, [1.0, 2], names: ["a", "a"]), "names", ["'a' is given twice"]),
        ["Explain: name of an intermediate"] = (() => Grad.Explain(F, [1.0, 2], names: ["a", "U3"]), "names", ["'U3' cannot be used", "U1, U2"]),
        ["Explain: name of the output"] = (() => Grad.Explain(F, [1.0, 2], names: ["H", "b"]), "names", ["'H' cannot be used", "output's name 'H'"]),
        ["Explain: name with a space"] = (() => Grad.Explain(F, [1.0, 2], names: ["a b", "c"]), "names", ["'a b' cannot be used"]),
        ["Explain: empty output name"] = (() => Grad.Explain(F, [1.0, 2], output: ""), "output", ["output name ''"]),
    };

    public static TheoryData<string> ArgumentCases => [.. ArgumentCalls.Keys];

    [Theory, MemberData(nameof(ArgumentCases))]
    public void GradCheck_and_Explain_misuse_throws_naming_the_argument(string entry)
    {
        var (call, parameter, mentions) = ArgumentCalls[entry];
        var e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(parameter, e.ParamName);
        foreach (string m in mentions) Assert.Contains(m, e.Message);
        AssertHealthy(Shared);
    }

    [Fact]
    public void Explain_rejects_a_Scalar_kept_from_an_earlier_recording()
        => Fails<InvalidOperationException>(() => Grad.Explain(v => v[0] * KeepFrom("tape"), Point), null, "earlier recording");
}
