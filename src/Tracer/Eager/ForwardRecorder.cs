using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>
/// Forward mode over <see cref="Scalar"/>: each value is a dual number (value, tangent). A value's
/// <see cref="Scalar.Index"/> is 1 when it depends on the seeded input and 0 when its tangent is a structural
/// zero, so <c>inf * 0</c> never leaks from values that do not depend on the input.
/// </summary>
internal sealed class ForwardRecorder : Recorder
{
    private Scalar[] vector = [];
    private double[] point = [];
    private int dimension;

    public override string Kind => "a forward-mode run";
    public override bool KnowsValues => true;

    /// <summary>The direction of a run that computes values only: no input carries a tangent.</summary>
    public const int NoDirection = -1;

    /// <summary>
    /// Copies the point every run of this call starts from: x is read once, before any gradient entry is
    /// written, so a gradient span overlapping x cannot change the later runs.
    /// </summary>
    public void Load(ReadOnlySpan<double> x)
    {
        if (point.Length < x.Length) point = new double[x.Length];
        x.CopyTo(point);
        dimension = x.Length;
    }

    /// <summary>Starts a run at the loaded point with tangent 1 on input <paramref name="direction"/> (or <see cref="NoDirection"/>).</summary>
    public Vec Begin(int direction)
    {
        Renew();
        if (vector.Length < dimension) vector = new Scalar[dimension];
        for (int i = 0; i < dimension; i++) vector[i] = i == direction ? Make(1, point[i], 1) : Make(0, point[i]);
        return new Vec(vector, dimension, this);
    }

    public override Scalar Record(Op op, in Scalar a, in Scalar b, in Scalar c, double p)
    {
        int active = op.ActiveInputs(a.Value, b.Value, c.Value,
            Active(a) | (op.Arity > 1 ? Active(b) << 1 : 0) | (op.Arity > 2 ? Active(c) << 2 : 0));
        double y = op.Eval(a.Value, b.Value, c.Value, p);
        if (active == 0) return Make(0, y);
        double t = Tangent.Of(op, a.Value, b.Value, c.Value, y, p, a.Tangent, b.Tangent, c.Tangent, active);
        return Make(1, y, t);
    }

    /// <summary>A black-box call: its value, and as tangent the gradient's dot product with the arguments' tangents.</summary>
    public override Scalar Call(BlackBox function, ReadOnlySpan<Scalar> arguments)
    {
        double[] x = BlackBoxCalls.Rent(arguments.Length);
        try
        {
            bool active = false;
            for (int i = 0; i < arguments.Length; i++)
            {
                x[i] = arguments[i].Value;
                active |= Active(arguments[i]) == 1;
            }
            ReadOnlySpan<double> point = x.AsSpan(0, arguments.Length);
            double y = function.Evaluate(point, BlackBox.ValueComponent);
            if (!active) return Make(0, y);
            // One gradient call for all directions at this point: the runs of one call differ only in their tangents.
            ReadOnlySpan<double> g = BlackBoxCalls.GradientAt(function, point);
            double t = 0;
            for (int i = 0; i < arguments.Length; i++) if (Active(arguments[i]) == 1) t += g[i] * arguments[i].Tangent;
            return Make(1, y, t);
        }
        finally
        {
            BlackBoxCalls.Return();
        }
    }

    /// <summary>The tangent of a result of this run (0 for constants and values independent of the input).</summary>
    public double TangentOf(in Scalar result)
    {
        Scalar.SharedOwner(result, this);
        return result.Owner is not null && result.Index == 1 ? result.Tangent : 0;
    }

    private static int Active(in Scalar s) => s.Owner is not null && s.Index == 1 ? 1 : 0;
}
