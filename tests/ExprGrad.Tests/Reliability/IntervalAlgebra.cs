namespace ExprGrad.Tests.Reliability;

/// <summary>A closed range of values.</summary>
public readonly record struct Interval(double Lo, double Hi)
{
    /// <summary>The range of every input.</summary>
    public static readonly Interval Input = new(-2, 2);

    public double Magnitude => Math.Max(Math.Abs(Lo), Math.Abs(Hi));

    public static Interval Hull(params double[] values) => new(values.Min(), values.Max());
}

/// <summary>
/// Interval arithmetic over a node's template: the range of its result for arguments in given ranges, and
/// <see cref="Widest"/>, the largest magnitude of any value the template computes (guards included). The
/// generator keeps <see cref="Widest"/> below <see cref="RandomProgramGen.Cap"/>, so no program overflows or
/// loses every digit to cancellation, and nested exponentials still occur where their arguments are small.
/// </summary>
public sealed class IntervalAlgebra : IProgramAlgebra<Interval>
{
    public double Widest { get; private set; }

    /// <summary>True when <paramref name="node"/>, with arguments up to <paramref name="slot"/> as chosen and later ones inputs, stays below the cap.</summary>
    public static bool Fits(Node node, int slot, IReadOnlyList<Interval> ranges)
    {
        var m = new IntervalAlgebra();
        var args = node.Args.Select((a, i) => i <= slot ? ranges[a] : Interval.Input).ToArray();
        m.Track(RandomProgram.Apply(m, node, args));
        return m.Widest <= RandomProgramGen.Cap;   // false for NaN
    }

    public static Interval Range(Node node, Interval[] args) => RandomProgram.Apply(new IntervalAlgebra(), node, args);

    public Interval Input(int i) => Interval.Input;
    public Interval Constant(double c) => Track(new(c, c));
    public Interval Negate(Interval a) => Track(new(-a.Hi, -a.Lo));

    public Interval Binary(string op, Interval a, Interval b) => Track(op switch
    {
        "+" => new(a.Lo + b.Lo, a.Hi + b.Hi),
        "-" => new(a.Lo - b.Hi, a.Hi - b.Lo),
        "*" => Interval.Hull(a.Lo * b.Lo, a.Lo * b.Hi, a.Hi * b.Lo, a.Hi * b.Hi),
        "/" when b.Lo > 0 => Interval.Hull(a.Lo / b.Lo, a.Lo / b.Hi, a.Hi / b.Lo, a.Hi / b.Hi),
        _ => new(double.NegativeInfinity, double.PositiveInfinity),
    });

    public Interval Call(string function, params Interval[] args)
    {
        Interval a = args[0], b = args.Length > 1 ? args[1] : default;
        double m = a.Magnitude, low = a.Lo > 0 ? a.Lo : a.Hi < 0 ? -a.Hi : 0;   // |a| lies in [low, m]
        return Track(function switch
        {
            "Sin" or "Cos" or "Sign" => new(-1, 1),
            "Atan2" => new(-Math.PI, Math.PI),
            "Acos" => new(Math.Acos(a.Hi), Math.Acos(a.Lo)),
            "Cosh" => new(1, Math.Cosh(m)),
            "Abs" => new(low, m),
            "Square" => new(low * low, m * m),
            "Max" => new(Math.Max(a.Lo, b.Lo), Math.Max(a.Hi, b.Hi)),
            "Min" => new(Math.Min(a.Lo, b.Lo), Math.Min(a.Hi, b.Hi)),
            "Hypot" => new(0, Math.Sqrt(Track(new(0, m * m + b.Magnitude * b.Magnitude)).Hi)),   // a^2 + b^2 is computed
            "LogSumExp" => LogSumExp(args),
            "SmoothMax" => new(Math.Max(a.Lo, b.Lo), Math.Max(a.Hi, b.Hi) + Math.Log(2)),
            "Box" => Binary("+", Binary("*", a, b), new(-1, 1)),
            "Pow" => Power(a, b),
            _ => Increasing(function, a),
        });
    }

    public Interval Where(string comparison, Interval left, Interval right, Interval ifTrue, Interval ifFalse)
        => Track(new(Math.Min(ifTrue.Lo, ifFalse.Lo), Math.Max(ifTrue.Hi, ifFalse.Hi)));

    private Interval LogSumExp(Interval[] args)
    {
        double top = args.Max(r => r.Hi);
        Track(new(0, top - args.Min(r => r.Lo)));   // the arguments shifted by their maximum
        return new(args.Max(r => r.Lo), top + Math.Log(args.Length));
    }

    // The remaining functions increase on their domain (Tan is only applied within (-1.2, 1.2); StopGradient, Erf).
    private static Interval Increasing(string function, Interval a)
    {
        var f = new ReferenceAlgebra([]);
        return new(f.Call(function, a.Lo), f.Call(function, a.Hi));
    }

    // a^b: for a > 0, b log a is bilinear, so the extremes are at corners; an integer power of any a by cases.
    private static Interval Power(Interval a, Interval b)
    {
        if (a.Lo > 0) return Interval.Hull(Math.Pow(a.Lo, b.Lo), Math.Pow(a.Lo, b.Hi), Math.Pow(a.Hi, b.Lo), Math.Pow(a.Hi, b.Hi));
        if (b.Lo != b.Hi || b.Lo != Math.Round(b.Lo) || b.Lo < 0) return new(double.NaN, double.NaN);
        double n = b.Lo, m = a.Magnitude, low = a.Lo > 0 ? a.Lo : a.Hi < 0 ? -a.Hi : 0;
        return n % 2 == 0 ? new(Math.Pow(low, n), Math.Pow(m, n)) : new(Math.Pow(a.Lo, n), Math.Pow(a.Hi, n));
    }

    private Interval Track(Interval r)
    {
        double magnitude = double.IsNaN(r.Lo) || double.IsNaN(r.Hi) ? double.PositiveInfinity : r.Magnitude;
        Widest = Math.Max(Widest, magnitude);
        return r;
    }
}
