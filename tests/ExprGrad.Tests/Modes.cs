namespace ExprGrad.Tests;

/// <summary>The ways to get a gradient, for tests that run one function through all of them.</summary>
public static class Modes
{
    public static readonly string[] Names = ["compiled-fec", "compiled-system", "compiled-units", "compiled-interpreted", "tape", "forward"];

    public static TheoryData<string> All => new(Names);

    /// <summary>The modes that take <see cref="GradOptions.NanSafe"/> (forward mode needs no switch), one per code shape.</summary>
    public static readonly string[] NanSafeNames = ["compiled-fec", "compiled-units", "compiled-interpreted", "tape"];

    /// <summary>Every mode as is, then the NaN-safe ones with the option on.</summary>
    public static TheoryData<string, bool> AllAndNanSafe()
    {
        var data = new TheoryData<string, bool>();
        foreach (string mode in Names) data.Add(mode, false);
        foreach (string mode in NanSafeNames) data.Add(mode, true);
        return data;
    }

    public static IGradient Create(string mode, Func<Vec, Scalar> f, int dimension, bool nanSafe = false) => mode switch
    {
        "compiled-fec" => Grad.Compile(f, dimension, new GradOptions { Backend = CompilerBackend.FastExpressionCompiler, NanSafe = nanSafe }),
        "compiled-system" => Grad.Compile(f, dimension, new GradOptions { Backend = CompilerBackend.SystemLinqExpressions, NanSafe = nanSafe }),
        // The workspace code of large programs (units of 3 statements, values crossing them in cells, loops caching values).
        "compiled-units" => Grad.Compile(f, dimension, new GradOptions { UnitSize = 3, NanSafe = nanSafe }),
        // The tier that is ready at once (GradOptions.InterpretWhileCompiling), kept: its background compile never starts.
        // Programs it does not take (loops, branches, user code) compile as in "compiled-fec".
        "compiled-interpreted" => Grad.Compile(f, dimension, Interpreted with { NanSafe = nanSafe }),
        "tape" => Grad.Tape(f, dimension, new GradOptions { NanSafe = nanSafe }),
        "forward" => Grad.Forward(f, dimension),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown mode"),
    };

    /// <summary>
    /// <see cref="GradOptions.InterpretWhileCompiling"/> on a program of any size, whose compile waits for a task that never
    /// completes: every call is interpreted (nothing is blocked: the background task awaits). A new task each time: one
    /// shared task would hold every gradient compiled in this mode (its continuations) until the test process ends.
    /// </summary>
    public static GradOptions Interpreted => new()
    {
        InterpretWhileCompiling = true, InterpretAbove = 0, HoldBackgroundCompile = new TaskCompletionSource().Task,
    };

    /// <summary>Compiled code shapes a loop can take: both backends, workspace units, bodies in chunks run in parallel blocks.</summary>
    public static readonly GradOptions[] LoopShapes =
    [
        new(), new() { Backend = CompilerBackend.SystemLinqExpressions }, new() { UnitSize = 3 },
        new() { UnitSize = 3, SplitAbove = 2, Parallel = true, ParallelMinimumWork = 0 },
    ];

    /// <summary><paramref name="f"/>'s value and gradient at (w, data) on tape, in forward mode, and compiled in every <see cref="LoopShapes"/>.</summary>
    public static IEnumerable<(string Mode, (double Value, double[] Gradient) Result)> EveryShape(Func<Vec, Vec, Scalar> f, double[] w, double[] data)
    {
        yield return ("tape", Evaluate(Grad.Tape(f, w.Length, data), w));
        yield return ("forward", Evaluate(Grad.Forward(f, w.Length, data), w));
        foreach (GradOptions options in LoopShapes)
        {
            var gradient = new double[w.Length];
            double value = Grad.Compile(f, w.Length, data.Length, options).ValueAndGradient(w, data, gradient);
            yield return ($"compiled, {options}", (value, gradient));
        }
    }

    /// <summary><paramref name="actual"/> gives <paramref name="expected"/>'s value and gradient in <paramref name="mode"/> at every point.</summary>
    public static void AssertSameFunction(string mode, Func<Vec, Scalar> expected, Func<Vec, Scalar> actual, int dimension, double[][] points, double tolerance)
    {
        IGradient e = Create(mode, expected, dimension), a = Create(mode, actual, dimension);
        foreach (double[] x in points) Ops.OpCases.AssertSameResult(Evaluate(e, x), Evaluate(a, x), tolerance, $"{mode} at {Ops.OpCases.Show(x)}");
    }

    public static (double Value, double[] Gradient) Evaluate(IGradient g, params double[] x)
    {
        var gradient = new double[g.Dimension];
        double value = g.ValueAndGradient(x, gradient);
        return (value, gradient);
    }
}
