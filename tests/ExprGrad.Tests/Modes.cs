namespace ExprGrad.Tests;

/// <summary>The ways to get a gradient, for tests that run one function through all of them.</summary>
public static class Modes
{
    public static readonly string[] Names = ["compiled-fec", "compiled-system", "compiled-units", "tape", "forward"];

    public static TheoryData<string> All => new(Names);

    /// <summary>The modes that take <see cref="GradOptions.NanSafe"/> (forward mode needs no switch), one per code shape.</summary>
    public static readonly string[] NanSafeNames = ["compiled-fec", "compiled-units", "tape"];

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
        "tape" => Grad.Tape(f, dimension, new GradOptions { NanSafe = nanSafe }),
        "forward" => Grad.Forward(f, dimension),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown mode"),
    };

    public static (double Value, double[] Gradient) Evaluate(IGradient g, params double[] x)
    {
        var gradient = new double[g.Dimension];
        double value = g.ValueAndGradient(x, gradient);
        return (value, gradient);
    }
}
