namespace ExprGrad;

/// <summary>The value of a black-box function (<see cref="CustomOp.Function"/>) at <paramref name="x"/>.</summary>
/// <param name="x">The function's inputs (as many as its arity); valid only during the call.</param>
public delegate double BlackBoxValue(ReadOnlySpan<double> x);

/// <summary>
/// Writes the gradient of a black-box function (<see cref="CustomOp.Function"/>) at <paramref name="x"/> into
/// <paramref name="gradient"/>, which is zeroed before the call.
/// </summary>
/// <param name="x">The function's inputs (as many as its arity); valid only during the call.</param>
/// <param name="gradient">Where the partial derivatives go, one per input; valid only during the call.</param>
public delegate void BlackBoxGradient(ReadOnlySpan<double> x, Span<double> gradient);
