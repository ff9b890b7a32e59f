using System.Text;
using static System.FormattableString;

namespace ExprGrad;

/// <summary>
/// The result of <see cref="GradCheck.Run(IGradient, ReadOnlySpan{double}, GradCheckOptions?)"/>. "Analytic" is
/// the gradient under test (from <see cref="IGradient.ValueAndGradient"/>), "numeric" the finite-difference
/// reference (from <see cref="IGradient.Value"/>). <see cref="ToString"/> prints a table of both.
/// </summary>
public sealed class GradCheckReport
{
    private const int RowsShown = 20;

    internal GradCheckReport(double value, GradCheckRow[] rows, TaylorStep[] taylorSteps, double taylorOrder, bool taylorPassed,
        bool passed, IReadOnlyList<string> notes, GradCheckOptions options)
    {
        Value = value;
        Rows = rows;
        TaylorSteps = taylorSteps;
        TaylorOrder = taylorOrder;
        TaylorPassed = taylorPassed;
        Passed = passed;
        Notes = notes;
        Options = options;
        double worst = 0;
        foreach (GradCheckRow row in rows)
            if (!row.AtKink && !(row.RelativeError <= worst)) worst = row.RelativeError; // NaN wins: it stays NaN
        WorstRelativeError = worst;
    }

    /// <summary>True when every coordinate passed, the Taylor test passed (or could not decide) and Value agrees with ValueAndGradient.</summary>
    public bool Passed { get; }

    /// <summary>The largest <see cref="GradCheckRow.RelativeError"/> over the coordinates without a kink (NaN if any is NaN).</summary>
    public double WorstRelativeError { get; }

    /// <summary>f(x).</summary>
    public double Value { get; }

    /// <summary>One row per coordinate, in index order.</summary>
    public IReadOnlyList<GradCheckRow> Rows { get; }

    /// <summary>
    /// The order at which the Taylor remainder shrinks between the two smallest steps above round-off: about 2
    /// for a right gradient, 1 for a wrong one; NaN when no order could be measured (see <see cref="Notes"/>).
    /// </summary>
    public double TaylorOrder { get; }

    /// <summary>True when <see cref="TaylorOrder"/> is at least <see cref="GradCheckOptions.MinimumTaylorOrder"/>, or could not decide (NaN, or a kink).</summary>
    public bool TaylorPassed { get; }

    /// <summary>The Taylor test's steps, largest first.</summary>
    public IReadOnlyList<TaylorStep> TaylorSteps { get; }

    /// <summary>What else was found: a kink, a Taylor order that could not be measured, Value disagreeing with ValueAndGradient.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The options the check ran with.</summary>
    public GradCheckOptions Options { get; }

    /// <summary>A summary line, a table of the coordinates (the failing and the worst when there are many), the Taylor steps and the notes.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        int failed = Rows.Count(r => !r.Passed);
        text.AppendLine(Invariant($"GradCheck {(Passed ? "passed" : "FAILED")}: {Rows.Count} coordinates, {failed} failed; worst relative error ")
            + Invariant($"{WorstRelativeError:G3} (tolerance {Options.RelativeTolerance:G3}); Taylor order {TaylorOrder:F2} (at least {Options.MinimumTaylorOrder:G3})"));
        text.AppendLine(Invariant($"f(x) = {Value:G17}"));
        text.AppendLine("analytic = the gradient under test (ValueAndGradient); numeric = central differences of Value");
        text.AppendLine(Invariant($"{"i",6} {"analytic",24} {"numeric",24} {"abs error",10} {"rel error",10} {"numeric err",11}  verdict"));
        IEnumerable<GradCheckRow> shown = Rows.Count <= RowsShown ? Rows
            : Rows.OrderBy(r => r.Passed).ThenByDescending(r => double.IsNaN(r.RelativeError) ? double.PositiveInfinity : r.RelativeError)
                .Take(RowsShown).OrderBy(r => r.Index);
        foreach (GradCheckRow r in shown)
            text.AppendLine(Invariant($"{r.Index,6} {r.Analytic,24:G17} {r.Numeric,24:G17} {r.AbsoluteError,10:G3} {r.RelativeError,10:G3} {r.NumericError,11:G3}  ")
                + (r.Passed ? "ok" : "FAIL") + (r.Note is null ? "" : " (" + r.Note + ")"));
        if (Rows.Count > RowsShown) text.AppendLine(Invariant($"({RowsShown} of {Rows.Count} coordinates shown: the failing ones, then the worst)"));
        text.AppendLine(Invariant($"Taylor test along a random direction (seed {Options.DirectionSeed}): remainder r(h) = f(x + h v) - f(x) - h g.v"));
        text.AppendLine(Invariant($"{"h",8} {"remainder",12} {"order",6}"));
        foreach (TaylorStep s in TaylorSteps)
        {
            string order = double.IsNaN(s.Order) ? "" : Invariant($"{s.Order:F2}");
            text.AppendLine(Invariant($"{s.Step,8:G2} {s.Remainder,12:G3} {order,6}") + (s.AboveRoundOff ? "" : "  (round-off level)"));
        }
        foreach (string note in Notes) text.AppendLine("Note: " + note + ".");
        return text.ToString();
    }
}
