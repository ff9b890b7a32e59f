namespace ExprGrad;

/// <summary>One step of the Taylor test of a <see cref="GradCheckReport"/>.</summary>
/// <param name="Step">h: the point is x + h v, v the test direction.</param>
/// <param name="Remainder">f(x + h v) - f(x) - g . (h v), g the gradient under test (NaN where f is not finite).</param>
/// <param name="AboveRoundOff">True when the remainder is well above its round-off, so it can measure an order.</param>
/// <param name="Order">log(remainder ratio) / log(step ratio) against the previous step; NaN when either step is below round-off.</param>
public sealed record TaylorStep(double Step, double Remainder, bool AboveRoundOff, double Order);
