namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Misuse catalogue, continued (issue 11, cosmetic items): an undefined backend, sizes no array can hold, and a
/// gradient called from inside its own function.
/// </summary>
public partial class BadInputTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(-1)]
    [InlineData(3)]
    public void An_undefined_compiler_backend_is_rejected_naming_the_option(int value)
    {
        var e = Fails<ArgumentOutOfRangeException>(() => _ = new GradOptions { Backend = (CompilerBackend)value }, null,
            $"GradOptions.Backend = {value}", "Auto, FastExpressionCompiler or SystemLinqExpressions");
        Assert.Equal("Backend", e.ParamName);
        Fails<ArgumentOutOfRangeException>(() => _ = GradOptions.Default with { Backend = (CompilerBackend)value }, null, "GradOptions.Backend");
    }

    private static readonly Func<Vec, Vec, Scalar> WithData = (w, d) => w[0] * d[0];

    public static TheoryData<string> ImpossibleSizes =>
    [
        "compile, dimension int.MaxValue", "compile, 2n + 1 just above Array.MaxLength", "compile, data length int.MaxValue",
        "compile, data length just too long", "quoted, dimension int.MaxValue", "tape, dimension int.MaxValue",
        "tape, one node more than a tape holds", "tape with data, dimension int.MaxValue", "forward, dimension int.MaxValue",
        "forward with data, dimension above Array.MaxLength",
    ];

    private static readonly Dictionary<string, (Action Call, string Parameter, string Mentions)> SizeCalls = new()
    {
        ["compile, dimension int.MaxValue"] = (() => Grad.Compile(F, int.MaxValue), "dimension", "Array.MaxLength"),
        ["compile, 2n + 1 just above Array.MaxLength"] = (() => Grad.Compile(F, Array.MaxLength / 2 + 1), "dimension", "workspace"),
        ["compile, data length int.MaxValue"] = (() => Grad.Compile(WithData, 2, int.MaxValue), "dataLength", "workspace"),
        ["compile, data length just too long"] = (() => Grad.Compile(WithData, 2, Array.MaxLength - 4), "dataLength", "2 * 2 + 1 + 2147483587"),
        ["quoted, dimension int.MaxValue"] = (() => Grad.CompileExpression((double[] x) => x[0], int.MaxValue), "dimension", "Array.MaxLength"),
        ["tape, dimension int.MaxValue"] = (() => Grad.Tape(F, int.MaxValue), "dimension", "a tape can hold"),
        ["tape, one node more than a tape holds"] = (() => Grad.Tape(F, Array.MaxLength / 3 + 1), "dimension", "a tape can hold"),
        ["tape with data, dimension int.MaxValue"] = (() => Grad.Tape(WithData, int.MaxValue, [1.0]), "dimension", "a tape can hold"),
        ["forward, dimension int.MaxValue"] = (() => Grad.Forward(F, int.MaxValue), "dimension", "Array.MaxLength"),
        ["forward with data, dimension above Array.MaxLength"] = (() => Grad.Forward(WithData, Array.MaxLength + 1, [1.0]), "dimension", "Array.MaxLength"),
    };

    /// <summary>Dimension int.MaxValue failed only after 13 s and 4 GB of tracing: a size no array can hold fails before anything is built.</summary>
    [Theory, MemberData(nameof(ImpossibleSizes))]
    public void A_size_no_array_can_hold_is_rejected_before_anything_is_built(string size)
    {
        var (call, parameter, mentions) = SizeCalls[size];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ArgumentOutOfRangeException>(call);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(mentions, e.Message);
        Assert.True(allocated < 1 << 20, $"{allocated:N0} bytes allocated before the size was refused");
        AssertHealthy(Shared);
    }

    [Theory]
    [InlineData("tape", false)]
    [InlineData("tape", true)]
    [InlineData("forward", false)]
    [InlineData("forward", true)]
    public void A_tape_or_forward_gradient_called_inside_its_own_function_says_reentrant_call(string mode, bool valueOnly)
    {
        IGradient? self = null;
        bool reenter = true;
        self = Modes.Create(mode, v =>
        {
            if (reenter) _ = valueOnly ? self!.Value(Point) : self!.ValueAndGradient(Point, new double[2]);
            return F(v);
        }, 2);
        var e = Fails<InvalidOperationException>(() => self.ValueAndGradient(Point, new double[2]), null,
            "called from inside its own function (a reentrant call)", mode == "tape" ? "Grad.Tape" : "Grad.Forward");
        Assert.DoesNotContain("earlier recording", e.Message);
        Fails<InvalidOperationException>(() => self.Value(Point), null, "reentrant call");
        reenter = false;
        AssertHealthy(self); // the failed calls left the instance usable
    }
}
