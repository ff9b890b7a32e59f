using ExprGrad.Explain;

namespace ExprGrad;

/// <summary>
/// What one use of a value adds to its adjoint: <c>LocalDerivative * d(output)/d(User)</c>, e.g.
/// <c>relu'(U2) * dH/dH = 1 * 1</c>. A value used twice (x in x * (x + 1)) has two.
/// </summary>
/// <param name="User">The step that uses the value.</param>
/// <param name="LocalDerivative">The partial derivative of <paramref name="User"/> with respect to the value, as the op table writes it.</param>
/// <param name="LocalDerivativeValue">Its number.</param>
/// <param name="UserAdjoint">d(output)/d(User), already complete when this use is reached (reverse order).</param>
/// <param name="Value">The contribution: local derivative times the user's adjoint.</param>
public sealed record AdjointContribution(string User, string LocalDerivative, double LocalDerivativeValue, double UserAdjoint, double Value)
{
    /// <summary><c>local derivative * d(output)/d(user)</c> for the output named <paramref name="output"/>.</summary>
    internal string Term(string output) => $"{StepText.Factor(LocalDerivative)} * d{output}/d{User}";

    /// <summary>The same with numbers: <c>1 * 1</c>.</summary>
    internal string Numbers => $"{StepText.Operand(LocalDerivativeValue)} * {StepText.Operand(UserAdjoint)}";
}
