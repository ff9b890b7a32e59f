using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>A program on <see cref="Scalar"/>s: the user function every mode traces, tapes or runs on dual numbers.</summary>
public sealed class ScalarAlgebra(Func<int, Scalar> input) : IProgramAlgebra<Scalar>
{
    private static readonly Dictionary<string, Func<Scalar[], Scalar>> Functions = new()
    {
        ["Exp"] = a => Exp(a[0]), ["ExpM1"] = a => ExpM1(a[0]), ["Log"] = a => Log(a[0]), ["Log1P"] = a => Log1P(a[0]),
        ["Sqrt"] = a => Sqrt(a[0]), ["Pow"] = a => Pow(a[0], a[1]), ["Sin"] = a => Sin(a[0]), ["Cos"] = a => Cos(a[0]),
        ["Tan"] = a => Tan(a[0]), ["Asin"] = a => Asin(a[0]), ["Acos"] = a => Acos(a[0]), ["Atan"] = a => Atan(a[0]),
        ["Atan2"] = a => Atan2(a[0], a[1]), ["Sinh"] = a => Sinh(a[0]), ["Cosh"] = a => Cosh(a[0]), ["Tanh"] = a => Tanh(a[0]),
        ["Abs"] = a => Abs(a[0]), ["Sign"] = a => Sign(a[0]), ["Max"] = a => Max(a[0], a[1]), ["Min"] = a => Min(a[0], a[1]),
        ["Square"] = a => Square(a[0]), ["Sigmoid"] = a => Sigmoid(a[0]), ["Softplus"] = a => Softplus(a[0]),
        ["Relu"] = a => Relu(a[0]), ["Hypot"] = a => Hypot(a[0], a[1]), ["LogSumExp"] = a => LogSumExp(a),
        ["StopGradient"] = a => StopGradient(a[0]), ["Erf"] = a => RandomCustomOps.Erf(a[0]),
        ["SmoothMax"] = a => RandomCustomOps.SmoothMax(a[0], a[1]), ["Box"] = a => RandomCustomOps.Box(Vec.Of(a)),
    };

    public Scalar Input(int i) => input(i);
    public Scalar Constant(double c) => c;
    public Scalar Negate(Scalar a) => -a;
    public Scalar Call(string function, params Scalar[] args) => Functions[function](args);

    public Scalar Binary(string op, Scalar a, Scalar b) => op switch
    {
        "+" => a + b, "-" => a - b, "*" => a * b, "/" => a / b,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    public Scalar Where(string comparison, Scalar left, Scalar right, Scalar ifTrue, Scalar ifFalse)
        => Scalar.Where(comparison switch
        {
            ">" => left > right, ">=" => left >= right, "<" => left < right, "<=" => left <= right,
            "==" => left == right, "!=" => left != right,
            _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, null),
        }, ifTrue, ifFalse);
}

/// <summary>
/// The program on plain doubles with textbook formulas from <see cref="Math"/> (independent of the op table), for
/// finite differences. It records where the point is not smooth: <see cref="KinkDistance"/>, how close a kink
/// is (abs, sign, relu at 0; max, min and Where at a tie; atan2 at its cut), with <see cref="Branches"/>, the
/// side taken at every kink, so a finite difference can tell whether its stencil crosses one; and
/// <see cref="SingularDistance"/>, how close the arguments of atan2 or hypot come to the origin, outside their
/// domain: there partials grow like 1 / r and cancel catastrophically (atan2(t, t) at t = 1e-29 has partials of
/// 1e29 that cancel only in exact arithmetic), and at r = 0 they are NaN or inf, which each mode stops or
/// propagates in its own way (IEEE behaviour, see <c>GradOptions.NanSafe</c>).
/// </summary>
/// <remarks>
/// <c>StopGradient(u)</c> is u at the point; evaluated at another point with the values <see cref="Stopped"/> at the point
/// (<paramref name="frozen"/>), it keeps those: a finite difference then sees it as the constant the gradient sees.
/// </remarks>
public sealed class ReferenceAlgebra(double[] x, IReadOnlyList<double>? frozen = null) : IProgramAlgebra<double>
{
    private static readonly Dictionary<string, Func<double[], double>> Functions = new()
    {
        ["Exp"] = a => Math.Exp(a[0]), ["ExpM1"] = a => Math.Exp(a[0]) - 1, ["Log"] = a => Math.Log(a[0]),
        ["Log1P"] = a => Math.Log(1 + a[0]), ["Sqrt"] = a => Math.Sqrt(a[0]), ["Pow"] = a => Math.Pow(a[0], a[1]),
        ["Sin"] = a => Math.Sin(a[0]), ["Cos"] = a => Math.Cos(a[0]), ["Tan"] = a => Math.Tan(a[0]),
        ["Asin"] = a => Math.Asin(a[0]), ["Acos"] = a => Math.Acos(a[0]), ["Atan"] = a => Math.Atan(a[0]),
        ["Atan2"] = a => Math.Atan2(a[0], a[1]), ["Sinh"] = a => Math.Sinh(a[0]), ["Cosh"] = a => Math.Cosh(a[0]),
        ["Tanh"] = a => Math.Tanh(a[0]), ["Abs"] = a => Math.Abs(a[0]), ["Sign"] = a => Math.Sign(a[0]),
        ["Max"] = a => Math.Max(a[0], a[1]), ["Min"] = a => Math.Min(a[0], a[1]), ["Square"] = a => a[0] * a[0],
        ["Sigmoid"] = a => 1 / (1 + Math.Exp(-a[0])),
        ["Softplus"] = a => a[0] > 0 ? a[0] + Math.Log(1 + Math.Exp(-a[0])) : Math.Log(1 + Math.Exp(a[0])),
        ["Relu"] = a => Math.Max(a[0], 0), ["Hypot"] = a => Math.Sqrt(a[0] * a[0] + a[1] * a[1]),
        ["LogSumExp"] = a => a.Max() + Math.Log(a.Sum(v => Math.Exp(v - a.Max()))),
        ["Erf"] = a => MathNet.Numerics.SpecialFunctions.Erf(a[0]), ["SmoothMax"] = a => RandomCustomOps.SmoothMaxValue(a[0], a[1]),
        ["Box"] = a => RandomCustomOps.BoxValue(a[0], a[1], a[2]),
    };

    /// <summary>
    /// Closer than this to atan2's or hypot's origin, partials of order 1 / r &gt; 1e6 may cancel, and two
    /// summation orders may differ by eps / r &gt; 1e-10: modes cannot be asked to agree to 1e-10 there.
    /// </summary>
    public const double SingularRadius = 1e-6;

    private readonly List<int> branches = [];
    private readonly List<double> stopped = [];

    /// <summary>The values of the StopGradient calls, in program order.</summary>
    public IReadOnlyList<double> Stopped => stopped;

    /// <summary>The smallest distance to a kink (+inf when none).</summary>
    public double KinkDistance { get; private set; } = double.PositiveInfinity;

    /// <summary>The side taken at each kink, in program order.</summary>
    public IReadOnlyList<int> Branches => branches;

    /// <summary>The smallest distance of atan2's or hypot's arguments to the origin (+inf when none).</summary>
    public double SingularDistance { get; private set; } = double.PositiveInfinity;

    public double Input(int i) => x[i];
    public double Constant(double c) => c;
    public double Negate(double a) => -a;

    public double Binary(string op, double a, double b) => op switch
    {
        "+" => a + b, "-" => a - b, "*" => a * b, "/" => a / b,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    public double Call(string function, params double[] args)
    {
        switch (function)
        {
            case "Abs" or "Sign" or "Relu":
                Kink(Math.Abs(args[0]), Math.Sign(args[0]));
                break;
            case "Max" or "Min":
                Kink(Math.Abs(args[0] - args[1]), args[0] >= args[1] ? 1 : 0);
                break;
            case "StopGradient":
                stopped.Add(frozen is null ? args[0] : frozen[stopped.Count]);
                return stopped[^1];
            case "Atan2" or "Hypot":
                SingularDistance = Math.Min(SingularDistance, Math.Sqrt(args[0] * args[0] + args[1] * args[1]));
                if (function == "Atan2" && args[1] < 0)   // the cut along the negative x axis: a jump of 2 pi
                    Kink(Math.Abs(args[0]), double.IsNegative(args[0]) ? -1 : 1);
                break;
        }
        return Functions[function](args);
    }

    public double Where(string comparison, double left, double right, double ifTrue, double ifFalse)
    {
        bool holds = comparison switch
        {
            ">" => left > right, ">=" => left >= right, "<" => left < right, "<=" => left <= right,
            "==" => left == right, "!=" => left != right,
            _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, null),
        };
        Kink(Math.Abs(left - right), holds ? 1 : 0);
        return holds ? ifTrue : ifFalse;
    }

    private void Kink(double distance, int side)
    {
        KinkDistance = Math.Min(KinkDistance, distance);
        branches.Add(side);
    }

    /// <summary>The program's value at the point (after <see cref="Evaluate"/>).</summary>
    public double Value { get; private set; } = double.NaN;

    /// <summary>
    /// Runs <paramref name="program"/> at <paramref name="point"/>, recording its kinks and singular points; stopped values
    /// are <paramref name="frozen"/> when given (those of another evaluation).
    /// </summary>
    public static ReferenceAlgebra Evaluate(RandomProgram program, double[] point, IReadOnlyList<double>? frozen = null)
    {
        var m = new ReferenceAlgebra(point, frozen);
        m.Value = program.Run(m);
        return m;
    }
}
