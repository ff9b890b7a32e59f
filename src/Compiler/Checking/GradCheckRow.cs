namespace ExprGrad;

/// <summary>One coordinate of a <see cref="GradCheckReport"/>: the gradient under test against the numeric derivative.</summary>
/// <param name="Index">The coordinate i.</param>
/// <param name="Analytic">df/dx_i from <see cref="IGradient.ValueAndGradient"/> (the value under test).</param>
/// <param name="Numeric">df/dx_i from finite differences of <see cref="IGradient.Value"/> (the reference).</param>
/// <param name="AbsoluteError">|Analytic - Numeric|.</param>
/// <param name="RelativeError">
/// AbsoluteError / max(|Analytic|, |Numeric|, (AbsoluteTolerance + NumericError) / RelativeTolerance): relative
/// to the derivative's size, and absolute where the derivative is too small for the numeric one to resolve.
/// </param>
/// <param name="NumericError">The estimated error of <paramref name="Numeric"/> itself (truncation plus round-off).</param>
/// <param name="AtKink">
/// True when f is not differentiable along x_i here (its one-sided difference quotients disagree in a way no
/// smooth function's do). The coordinate then passes when <paramref name="Analytic"/> lies between the one-sided
/// quotients, as a one-sided derivative or subgradient does (the op table's conventions, e.g. relu'(0) = 0).
/// </param>
/// <param name="Passed">Whether this coordinate passed.</param>
/// <param name="Note">Why the coordinate was judged as it was, when that is not the plain relative error; else null.</param>
public sealed record GradCheckRow(int Index, double Analytic, double Numeric, double AbsoluteError, double RelativeError,
    double NumericError, bool AtKink, bool Passed, string? Note);
