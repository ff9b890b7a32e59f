using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Misuse catalogue, continued (issue 11 §8, §9): default values of the public structs and loop index arithmetic
/// that leaves int, in every mode.
/// </summary>
public partial class BadInputTests
{
    private static readonly Dictionary<string, Func<Vec, Scalar>> DefaultConditionUses = new()
    {
        ["Where"] = v => Where(default, v[0], v[1]),
        ["Where of the negation"] = v => Where(!default(Condition), v[0], v[1]),
        ["Where inside a sum"] = v => Sum(2, i => Where(default, v[i], 0.0)),
        ["Where of a field never assigned"] = v => Where(new Holder().Condition, v[0], v[1]),
        ["bool"] = v => { bool b = default(Condition); return b ? v[0] : v[1]; },
        ["?:"] = v => default(Condition) ? v[0] : v[1],
        ["bool of the negation"] = v => !default(Condition) ? v[0] : v[1],
    };

    private sealed class Holder
    {
#pragma warning disable CS0649 // never assigned: that is the case under test
        public Condition Condition;
#pragma warning restore CS0649
    }

    public static TheoryData<string, string> DefaultConditionCases()
    {
        var data = new TheoryData<string, string>();
        foreach (string use in DefaultConditionUses.Keys) foreach (string mode in Modes.Names) data.Add(use, mode);
        return data;
    }

    /// <summary>Regression (issue 11 §8): a default Condition threw NullReferenceException from Where and from the bool conversion.</summary>
    [Theory, MemberData(nameof(DefaultConditionCases))]
    public void A_default_condition_is_rejected_with_a_message_naming_it(string use, string mode)
    {
        Action call = () => Modes.Evaluate(Modes.Create(mode, DefaultConditionUses[use], 2), Point);
        if (use.StartsWith("Where", StringComparison.Ordinal))
            Assert.Equal("condition", Fails<ArgumentException>(call, null, "default Condition", "comparing Scalars").ParamName);
        else
            Fails<InvalidOperationException>(call, null, "default Condition", "comparing Scalars");
    }

    [Fact]
    public void A_default_condition_is_rejected_outside_any_recording_too()
    {
        Fails<ArgumentException>(() => Where(default, 1.0, 2.0), null, "default Condition");
        Fails<InvalidOperationException>(() => { if (default(Condition)) throw new InvalidOperationException("decided"); }, null, "default Condition");
    }

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void A_default_loop_index_or_vec_is_rejected_and_a_default_scalar_is_zero(string mode)
    {
        Fails<InvalidOperationException>(() => Modes.Evaluate(Modes.Create(mode, v => v[default(LoopIndex)], 2), Point), null, "default LoopIndex", "Scalar.Sum");
        Fails<InvalidOperationException>(() => Modes.Evaluate(Modes.Create(mode, v => Sum(2, i => v[i] * v[default(LoopIndex)]), 2), Point), null, "default LoopIndex");
        Fails<ArgumentOutOfRangeException>(() => Modes.Evaluate(Modes.Create(mode, v => v[0] * default(Vec)[0], 2), Point), null, "index 0", "length 0");
        Fails<ArgumentOutOfRangeException>(() => Modes.Evaluate(Modes.Create(mode, v => Sum(2, i => default(Vec)[i]), 2), Point), null, "entries 0..1", "length 0");
        // default(Scalar) is a defined value: the constant 0.
        var (value, gradient) = Modes.Evaluate(Modes.Create(mode, v => v[0] * v[1] + default(Scalar), 2), Point);
        Assert.Equal(1.4, value, 1e-15);
        Assert.Equal([2.0, 0.7], gradient);
    }

    private static readonly Dictionary<string, (Func<LoopIndex, LoopIndex> Index, string Expression)> OverflowingIndices = new()
    {
        ["i + int.MaxValue + 1"] = (i => i + int.MaxValue + 1, "1 * i + 2147483647 + 1"),
        ["1 + (i + int.MaxValue)"] = (i => 1 + (i + int.MaxValue), "1 * i + 2147483647 + 1"),
        ["i - int.MinValue"] = (i => i - int.MinValue, "1 * i + 0 - -2147483648"),
        ["i - 1 + int.MinValue"] = (i => i - 1 + int.MinValue, "1 * i + -1 + -2147483648"),
        ["i * 65536 * 65536 (scale)"] = (i => i * 65536 * 65536, "65536 * i + 0 * 65536"),
        ["(i + 2) * int.MaxValue (offset)"] = (i => (i + 2) * int.MaxValue, "1 * i + 2 * 2147483647"),
        ["int.MinValue * (i - 1)"] = (i => int.MinValue * (i - 1), "1 * i + -1 * -2147483648"),
    };

    public static TheoryData<string, string> OverflowCases()
    {
        var data = new TheoryData<string, string>();
        foreach (string index in OverflowingIndices.Keys) foreach (string mode in Modes.Names) data.Add(index, mode);
        return data;
    }

    /// <summary>Regression (issue 11 §9): LoopIndex arithmetic leaving int threw a bare OverflowException that did not name the index.</summary>
    [Theory, MemberData(nameof(OverflowCases))]
    public void Loop_index_arithmetic_that_overflows_names_the_index_expression_in_every_mode(string index, string mode)
    {
        var (make, expression) = OverflowingIndices[index];
        Fails<OverflowException>(() => Modes.Evaluate(Modes.Create(mode, v => Sum(2, i => v[make(i)]), 2), Point), null,
            $"The loop index {expression} overflows int");
    }

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void A_loop_index_reaching_past_int_over_the_loop_is_out_of_range_not_an_overflow(string mode)
    {
        // 1,000,000 * i over 3,000 iterations reaches 2,999,000,000 > int.MaxValue: a range error, computed without overflow.
        Fails<ArgumentOutOfRangeException>(() => Modes.Evaluate(Modes.Create(mode, v => Sum(3000, i => v[i * 1_000_000]), 2), Point), null,
            "entries 0..2999000000", "length 2");
    }
}
