namespace ExprGrad.Ops;

/// <summary>Forward mode's one rule: the tangent of an op's result from its inputs' tangents.</summary>
internal static class Tangent
{
    /// <summary>
    /// Sums <c>dy/dx_i * t_i</c> over the inputs flagged in <paramref name="active"/> (bit i = input i has a
    /// tangent). Inactive inputs are structural zeros: they contribute nothing, not even <c>inf * 0</c>.
    /// </summary>
    public static double Of(Op op, double a, double b, double c, double y, double p,
        double ta, double tb, double tc, int active)
    {
        double t = 0;
        bool any = false;
        if ((active & 1) != 0 && op.HasPartial(0)) { t = op.PartialTimesReal(0, a, b, c, y, p, ta, false); any = true; }
        if ((active & 2) != 0 && op.HasPartial(1)) { double d = op.PartialTimesReal(1, a, b, c, y, p, tb, false); t = any ? t + d : d; any = true; }
        if ((active & 4) != 0 && op.HasPartial(2)) { double d = op.PartialTimesReal(2, a, b, c, y, p, tc, false); t = any ? t + d : d; }
        return t;
    }
}
