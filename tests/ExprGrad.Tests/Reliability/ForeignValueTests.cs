using ExprGrad.Ops;
using ExprGrad.Tracer;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Issue 11 §2: every way a value of another recording can enter a function — a Scalar, a Condition, the input or
/// data Vec (read with an int or a loop index), a LoopIndex — kept from a call that has ended, or taken from an
/// enclosing call that is still running, used at the top of the function, inside a sum or a nested sum, in every
/// mode. Each must fail with "earlier recording" (ended) or "different recordings" (running) before anything is
/// recorded, in the graph the value came from as in the one running. (The data of tape and forward mode are
/// constants of no recording: usable anywhere, except through the loop index of a compiled trace.)
/// </summary>
public class ForeignValueTests
{
    /// <summary>The values one call hands its function: x[0] * 3, x[0] &gt; 1, x, data and the index of a sum.</summary>
    private sealed record Kept(Scalar S, Condition C, Vec? X, Vec? D, LoopIndex I);

    private static readonly string[] Sources = ["compiled", "tape", "forward", "derivative"];
    private static readonly string[] Targets = ["compiled", "compiled-data", "tape", "tape-value", "forward", "forward-value", "derivative"];

    /// <summary>How a target function uses a kept value: own is a Scalar of the target's recording, ownVec its inputs (null for Derivative).</summary>
    private static readonly Dictionary<string, (bool NeedsVec, bool NeedsOwnVec, Func<Kept, Scalar, Vec?, Scalar> Use)> Uses = new()
    {
        ["scalar with own"] = (false, false, (k, own, _) => own + k.S),
        ["scalar alone, then own"] = (false, false, (k, own, _) => k.S * 2 + own),
        ["scalar returned"] = (false, false, (k, own, _) => k.S),
        ["scalar in sum"] = (false, false, (k, own, _) => own + Sum(2, i => k.S * own)),
        ["scalar in nested sum"] = (false, false, (k, own, _) => own + Sum(2, i => Sum(2, j => k.S))),
        ["condition in Where"] = (false, false, (k, own, _) => Where(k.C, own, 1.0)),
        ["negated condition in Where"] = (false, false, (k, own, _) => Where(!k.C, own, 1.0)),
        ["condition as bool"] = (false, false, (k, own, _) => k.C ? own : 1.0),
        ["condition in sum"] = (false, false, (k, own, _) => Sum(2, i => Where(k.C, own, 0.0))),
        ["vec, int index"] = (true, false, (k, own, _) => own + k.X!.Value[1]),
        ["vec, int index, returned"] = (true, false, (k, own, _) => k.X!.Value[1]),
        ["vec, int index in sum"] = (true, false, (k, own, _) => Sum(2, i => k.X!.Value[1] * own)),
        ["vec, loop index"] = (true, false, (k, own, _) => Sum(2, i => k.X!.Value[i])),
        ["vec, loop index with own"] = (true, false, (k, own, _) => Sum(2, i => k.X!.Value[i] * own)),
        ["vec, loop index in nested sum"] = (true, false, (k, own, _) => own + Sum(2, i => Sum(2, j => k.X!.Value[j] * own))),
        ["data, int index"] = (true, false, (k, own, _) => own + k.D!.Value[0]),
        ["data, loop index"] = (true, false, (k, own, _) => Sum(2, i => k.D!.Value[i])),
        ["data, loop index with own"] = (true, false, (k, own, _) => own * Sum(2, i => k.D!.Value[i + 1] * own)),
        ["index in a new sum"] = (false, true, (k, own, v) => Sum(2, j => v!.Value[k.I])),
        ["index outside sums"] = (false, true, (k, own, v) => own + v!.Value[k.I]),
        ["index shifted in a nested sum"] = (false, true, (k, own, v) => Sum(2, i => Sum(2, j => v!.Value[k.I + 1] * v!.Value[j]))),
    };

    public static TheoryData<string, bool, string, string> Cases()
    {
        var data = new TheoryData<string, bool, string, string>();
        foreach (string source in Sources)
            foreach (bool running in new[] { false, true })
                foreach (var (use, (needsVec, needsOwnVec, _)) in Uses)
                    foreach (string target in Targets)
                        if (!(needsVec && source == "derivative") && !(needsOwnVec && target == "derivative"))
                            data.Add(source, running, use, target);
        return data;
    }

    /// <summary>Runs the target mode on a function of dimension 3 and data length 3 built from <paramref name="use"/>.</summary>
    private static void RunTarget(string target, Func<Scalar, Vec?, Scalar> use)
    {
        double[] x = [0.5, 2, 1.5], data = [1, 2, 3];
        Func<Vec, Vec, Scalar> f = (v, d) => use(v[0] * d[0], v);
        switch (target)
        {
            case "compiled": Grad.Compile(v => use(v[0], v), 3); break;
            case "compiled-data": Grad.Compile(f, 3, 3); break;
            case "tape": Grad.Tape(f, 3, data).ValueAndGradient(x, new double[3]); break;
            case "tape-value": Grad.Tape(f, 3, data).Value(x); break;
            case "forward": Grad.Forward(f, 3, data).ValueAndGradient(x, new double[3]); break;
            case "forward-value": Grad.Forward(f, 3, data).Value(x); break;
            default: Grad.Derivative(t => use(t, null), 0.5); break;
        }
    }

    /// <summary>
    /// One call in <paramref name="source"/> mode whose function makes its values inside a sum's body and hands them to
    /// <paramref name="whileRunning"/> there (null: keeps them for after the call). Returns the values and, for a compiled
    /// source, its node count.
    /// </summary>
    private static (Kept Kept, int Nodes) Source(string source, Action<Kept>? whileRunning)
    {
        Kept? kept = null;
        Scalar Body(Scalar own, Vec? x, Vec? d, LoopIndex i)
        {
            kept = new Kept(own * 3, own > 1, x, d, i);
            whileRunning?.Invoke(kept);
            return own;
        }
        Func<Vec, Vec, Scalar> f = (x, d) => Sum(2, i => Body(x[0], x, d, i) + x[i]);
        double[] point = [0.5, 2, 1.5];
        int nodes = 0;
        switch (source)
        {
            case "compiled": nodes = Grad.Compile(f, 3, 3).NodeCount; break;
            case "tape": Grad.Tape(f, 3, [1.0, 2, 3]).ValueAndGradient(point, new double[3]); break;
            case "forward": Grad.Forward(f, 3, [1.0, 2, 3]).Value(point); break;
            default: Grad.Derivative(t => Sum(2, i => Body(t, null, null, i)), 0.5); break;
        }
        return (kept!, nodes);
    }

    [Theory, MemberData(nameof(Cases))]
    public void A_value_of_another_recording_is_rejected_before_anything_is_recorded(string source, bool running, string use, string target)
    {
        var (_, _, apply) = Uses[use];
        string expected = running ? "different recordings" : "earlier recording";
        // The data of tape and forward mode are constants, valid anywhere, except through a compiled loop index.
        if (use.StartsWith("data", StringComparison.Ordinal) && source is "tape" or "forward")
        {
            if (!(target.StartsWith("compiled", StringComparison.Ordinal) && use.Contains("loop index", StringComparison.Ordinal)))
            {
                Kept constants = Source(source, null).Kept;
                RunTarget(target, (own, v) => apply(constants, own, v));
                return;
            }
            expected = "different recordings";
        }
        if (!running)
        {
            Kept kept = Source(source, null).Kept;
            int before = GraphNodes(kept);
            var e = Assert.Throws<InvalidOperationException>(() => RunTarget(target, (own, v) => apply(kept, own, v)));
            Assert.Contains(expected, e.Message);
            Assert.Equal(before, GraphNodes(kept)); // nothing was added to the ended trace either
            return;
        }
        // The target runs inside the source's sum body; the source must come out as if it had not been called.
        Exception? failure = null;
        int nodes = Source(source, kept =>
        {
            try { RunTarget(target, (own, v) => apply(kept, own, v)); }
            catch (Exception e) { failure = e; }
        }).Nodes;
        var error = Assert.IsType<InvalidOperationException>(failure);
        Assert.Contains(expected, error.Message);
        Assert.Equal(Source(source, null).Nodes, nodes);
    }

    /// <summary>Nodes of the compile-trace graphs the kept values belong to (0 for other recordings).</summary>
    private static int GraphNodes(Kept k)
        => new Recorder?[] { k.S.Owner, k.C.Left.Owner, k.X?.Owner, k.D?.Owner, k.I.Variable?.Owner }
            .OfType<Graph>().Distinct().Sum(g => g.Count);

    public static TheoryData<string> Modes3 => new(["compiled", "tape", "forward"]);

    /// <summary>A loop index kept from an earlier sum of the same call, used in a later sum or after the sums.</summary>
    [Theory, MemberData(nameof(Modes3))]
    public void A_loop_index_kept_from_an_earlier_sum_of_the_same_call_is_rejected(string mode)
    {
        foreach (bool inSum in new[] { true, false })
        {
            LoopIndex kept = default;
            Func<Vec, Scalar> f = v => Sum(2, i => { kept = i; return v[i]; }) + (inSum ? Sum(2, j => v[kept] * v[j]) : v[kept]);
            var e = Assert.Throws<InvalidOperationException>(() => Tests.Modes.Evaluate(Create(mode, f), 1, 2, 3));
            Assert.Contains("earlier recording", e.Message);
            Assert.Contains("LoopIndex", e.Message);
        }
    }

    /// <summary>A Scalar of a compiled sum's body (traced once, symbolically) cannot be used after the sum.</summary>
    [Fact]
    public void A_scalar_of_a_traced_sum_body_used_after_the_sum_is_rejected()
    {
        Scalar kept = default;
        var e = Assert.Throws<InvalidOperationException>(() => Grad.Compile(v => Sum(2, i => kept = v[i] * 2) + kept, 3));
        Assert.Contains("earlier recording", e.Message);
    }

    /// <summary>The same tape or forward instance reuses its input array: its previous call's Vec must still be stale.</summary>
    [Theory]
    [InlineData("tape", false)]
    [InlineData("tape", true)]
    [InlineData("forward", false)]
    [InlineData("forward", true)]
    public void A_vec_kept_by_the_same_instance_from_its_previous_call_is_rejected(string mode, bool loopIndex)
    {
        Vec? kept = null;
        IGradient g = Create(mode, v =>
        {
            if (kept is not { } old) { kept = v; return v[0]; }
            return loopIndex ? Sum(3, i => old[i]) : old[1];
        });
        g.Value([1, 2, 3]);
        Assert.Contains("earlier recording", Assert.Throws<InvalidOperationException>(() => g.ValueAndGradient([4, 5, 6], new double[3])).Message);
    }

    /// <summary>
    /// Regression (issue 11 §2): a Vec kept from an earlier trace and read through a loop index gave garbage, threw
    /// from generated code, or silently read the new trace's inputs; read with an int index it was rejected.
    /// </summary>
    [Fact]
    public void A_vec_kept_from_an_earlier_trace_and_read_through_a_loop_index_is_rejected()
    {
        Vec kept = default;
        Grad.Compile(v => { kept = v; return v[0]; }, 3);
        var e = Assert.Throws<InvalidOperationException>(() => Grad.Compile(v => Sum(3, i => kept[i] * v[i]), 3));
        Assert.Contains("earlier recording", e.Message);
        e = Assert.Throws<InvalidOperationException>(() => Grad.Compile(v => Sum(3, i => kept[i]), 3));
        Assert.Contains("earlier recording", e.Message);
    }

    /// <summary>
    /// The other side of the rule: a recording may run inside another one's function (or sum body) as long as no
    /// value crosses between them; the library's own graph building after a trace is not the enclosing recording's.
    /// </summary>
    [Theory, MemberData(nameof(Modes3))]
    public void Gradients_computed_inside_another_recording_work_when_no_value_crosses(string outer)
    {
        double Inner()
        {
            var gradient = new double[2];
            double sum = Grad.Compile(v => v[0] * Sin(v[1]) + Sum(2, i => v[i] * v[i]), 2).ValueAndGradient([1.0, 2.0], gradient) + gradient[1];
            sum += Grad.CompileExpression((double[] v) => v[0] * v[1], 2).Value([2.0, 3.0]);
            sum += Grad.Tape(v => Sum(2, i => Exp(v[i])), 2).ValueAndGradient([0.0, 0.0], gradient) + gradient[0];
            sum += Grad.Forward(v => v[0] / v[1], 2).ValueAndGradient([1.0, 2.0], gradient) + gradient[1];
            sum += Grad.Derivative(t => Sum(2, i => t * t), 3.0, order: 2);
            return sum;
        }
        double expected = Math.Sin(2) + 5 + Math.Cos(2) + 4 + 6 + 2 + 1 + 0.5 - 0.25 + 4;
        double seen = double.NaN;
        Func<Vec, Scalar> f = v => Sum(2, i => { seen = Inner(); return v[i]; }) * v[0];
        var (value, gradient) = Tests.Modes.Evaluate(Create(outer, f), 1, 2, 3);
        Assert.Equal(expected, seen, 1e-12);
        Assert.Equal(3.0, value);
        Assert.Equal([4.0, 1.0, 0.0], gradient);
    }

    private static IGradient Create(string mode, Func<Vec, Scalar> f) => mode switch
    {
        "compiled" => Grad.Compile(f, 3),
        "tape" => Grad.Tape(f, 3),
        _ => Grad.Forward(f, 3),
    };
}
