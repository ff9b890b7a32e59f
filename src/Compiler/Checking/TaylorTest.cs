namespace ExprGrad.Checking;

/// <summary>
/// The step-free check: along a direction v, r(h) = f(x + h v) - f(x) - h g.v is O(h^2) when g is the gradient
/// and only O(h) when it is not, whatever the step. Its observed order needs no step to be well chosen, only
/// remainders above round-off.
/// </summary>
/// <remarks>
/// v is random (seeded) with entry i scaled by max(|x_i|, 1), so every coordinate moves by a fraction of its own
/// size; h runs over 1e-1 .. 1e-7. The linear term uses the displacement actually taken, (x + h v) - x in
/// doubles, so the rounding of the new point does not pose as a remainder. The order reported is the one between
/// the two smallest steps still well above round-off: the most asymptotic (large steps may still see higher-order
/// terms; a wrong gradient shows order 1 only once h times the error dominates h^2 times the curvature).
/// </remarks>
internal static class TaylorTest
{
    private const int Steps = 7;
    private const double StepRatio = 10;
    // A remainder counts when it is 100 times its round-off: its order is then off by less than 0.01.
    private const double AboveRoundOffFactor = 100;

    public static Result Run(Func<double[], double> f, ReadOnlySpan<double> x, double f0, ReadOnlySpan<double> gradient, int seed)
    {
        int n = x.Length;
        double[] v = Direction(x, seed), point = new double[n];
        var steps = new TaylorStep[Steps];
        double order = double.NaN;
        bool anyFinite = false, anyAbove = false;
        double h = 1;
        for (int k = 0; k < Steps; k++)
        {
            h /= StepRatio;
            double linear = 0, linearSize = 0;
            for (int i = 0; i < n; i++)
            {
                point[i] = x[i] + h * v[i];
                double term = gradient[i] * (point[i] - x[i]);
                linear += term;
                linearSize += Math.Abs(term);
            }
            double fh = f(point);
            double remainder = fh - f0 - linear;
            double roundOff = 8 * CentralDifference.MachineEpsilon * (Math.Abs(fh) + Math.Abs(f0)) + (n + 2) * CentralDifference.MachineEpsilon * linearSize;
            bool above = double.IsFinite(remainder) && Math.Abs(remainder) > AboveRoundOffFactor * roundOff;
            anyFinite |= double.IsFinite(remainder);
            anyAbove |= above;
            double stepOrder = k > 0 && above && steps[k - 1].AboveRoundOff
                ? Math.Log(Math.Abs(steps[k - 1].Remainder) / Math.Abs(remainder)) / Math.Log(StepRatio)
                : double.NaN;
            if (!double.IsNaN(stepOrder)) order = stepOrder;
            steps[k] = new TaylorStep(h, double.IsFinite(fh) ? remainder : double.NaN, above, stepOrder);
        }
        string? note = !double.IsNaN(order) ? null
            : !anyFinite ? "f is not finite at any step along the direction: the Taylor test could not be run"
            : !anyAbove ? "every remainder is at round-off level: the gradient predicts f's change to working precision"
            : "no two consecutive steps are above round-off: no order could be measured";
        return new Result(steps, order, note);
    }

    private static double[] Direction(ReadOnlySpan<double> x, int seed)
    {
        var random = new Random(seed);
        var v = new double[x.Length];
        double largest = 0;
        for (int i = 0; i < v.Length; i++)
        {
            // Box-Muller: a Gaussian direction has no preferred axis.
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            v[i] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            largest = Math.Max(largest, Math.Abs(v[i]));
        }
        for (int i = 0; i < v.Length; i++) v[i] = largest > 0 ? v[i] / largest * Math.Max(Math.Abs(x[i]), 1) : Math.Max(Math.Abs(x[i]), 1);
        return v;
    }

    /// <summary>The steps, the order between the two smallest steps above round-off (NaN if none), and why none.</summary>
    public readonly record struct Result(TaylorStep[] Steps, double Order, string? Note);
}
