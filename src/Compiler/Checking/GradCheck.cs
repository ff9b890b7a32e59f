using ExprGrad.Checking;
using ExprGrad.Ops;
using static System.FormattableString;

namespace ExprGrad;

/// <summary>
/// Checks any <see cref="IGradient"/>'s gradient against its own values, as JAX's <c>check_grads</c> and
/// PyTorch's <c>gradcheck</c> do: per coordinate, a central difference of <see cref="IGradient.Value"/>
/// (Richardson-extrapolated, with a step chosen for that coordinate), and along a random direction the
/// step-free Taylor test (the remainder f(x + h v) - f(x) - h g.v must shrink like h^2).
/// </summary>
/// <example><code>
/// GradCheckReport report = GradCheck.Run(g, x);
/// if (!report.Passed) Console.WriteLine(report);   // rows say which value is the analytic and which the numeric one
/// </code></example>
public static class GradCheck
{
    /// <summary>
    /// Checks <paramref name="gradient"/> at <paramref name="x"/>: 4 evaluations of f per coordinate, 7 along the
    /// Taylor direction, one gradient. Where f is not differentiable along a coordinate (a kink: the one-sided
    /// difference quotients disagree) the gradient passes when it lies between them (a one-sided derivative or
    /// subgradient, as the op table's conventions such as relu'(0) = 0 are), and the Taylor test, which assumes
    /// smoothness, is reported but does not decide.
    /// </summary>
    /// <param name="gradient">The gradient under test.</param>
    /// <param name="x">The point; its length must be <see cref="IGradient.Dimension"/> and every entry finite.</param>
    /// <param name="options">Tolerances and the Taylor direction's seed (<see cref="GradCheckOptions.Default"/> if null).</param>
    /// <exception cref="ArgumentNullException"><paramref name="gradient"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> has the wrong length or a non-finite entry, or f(x) is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static GradCheckReport Run(IGradient gradient, ReadOnlySpan<double> x, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        options ??= GradCheckOptions.Default;
        options.Validate();
        Arguments.CheckLength(x.Length, gradient.Dimension, nameof(x));
        for (int i = 0; i < x.Length; i++)
            if (!double.IsFinite(x[i]))
                throw new ArgumentException(Invariant($"x[{i}] is {x[i]}: a gradient can only be checked at a point with finite coordinates."), nameof(x));

        double[] point = x.ToArray();
        double f0 = gradient.Value(point);
        if (!double.IsFinite(f0))
            throw new ArgumentException(Invariant($"f(x) = {f0} (from Value) at this x: a gradient can only be checked where f is finite."), nameof(x));
        var analytic = new double[x.Length];
        double valueWithGradient = gradient.ValueAndGradient(point, analytic);
        var notes = new List<string>();
        bool valuesAgree = Math.Abs(valueWithGradient - f0) <= 4 * CentralDifference.MachineEpsilon * Math.Abs(f0) + options.AbsoluteTolerance;
        if (!valuesAgree) notes.Add(Invariant($"Value gives f(x) = {f0:R} but ValueAndGradient returns {valueWithGradient:R}"));

        double F(double[] at) => gradient.Value(at);
        var rows = new GradCheckRow[x.Length];
        for (int i = 0; i < rows.Length; i++) rows[i] = Judge(i, analytic[i], CentralDifference.At(F, point, i, f0, options), options);

        // An order that cannot be measured (remainders at round-off, f not finite along v) is reported, not failed.
        TaylorTest.Result taylor = TaylorTest.Run(F, x, f0, analytic, options.DirectionSeed);
        bool anyKink = rows.Any(r => r.AtKink);
        bool taylorPassed = anyKink || double.IsNaN(taylor.Order) || taylor.Order >= options.MinimumTaylorOrder;
        if (anyKink) notes.Add("f has a kink along some coordinate, so the Taylor test (which assumes smoothness) does not decide");
        else if (taylor.Note is not null) notes.Add(taylor.Note);
        bool passed = valuesAgree && taylorPassed && rows.All(r => r.Passed);
        return new GradCheckReport(f0, rows, taylor.Steps, taylor.Order, taylorPassed, passed, notes, options);
    }

    private static GradCheckRow Judge(int i, double analytic, CentralDifference.Estimate numeric, GradCheckOptions options)
    {
        double absolute = Math.Abs(analytic - numeric.Numeric);
        double scale = Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric.Numeric)),
            (options.AbsoluteTolerance + numeric.Error) / options.RelativeTolerance);
        double relative = absolute == 0 ? 0 : absolute / scale;
        if (double.IsNaN(numeric.Numeric))
            return new GradCheckRow(i, analytic, numeric.Numeric, double.NaN, double.NaN, double.NaN, false, false, numeric.Note);
        if (!double.IsFinite(analytic))
            return new GradCheckRow(i, analytic, numeric.Numeric, absolute, double.NaN, numeric.Error, false, false,
                "the analytic derivative is not finite where f is");
        if (numeric.AtKink)
        {
            bool between = analytic >= numeric.Low && analytic <= numeric.High;
            return new GradCheckRow(i, analytic, numeric.Numeric, absolute, relative, numeric.Error, true, between,
                Invariant($"kink: one-sided slopes span [{numeric.Low:G6}, {numeric.High:G6}]; the analytic value ") +
                (between ? "lies between them (a one-sided derivative or subgradient)" : "lies outside them"));
        }
        return new GradCheckRow(i, analytic, numeric.Numeric, absolute, relative, numeric.Error, false,
            relative <= options.RelativeTolerance, numeric.Note);
    }
}
