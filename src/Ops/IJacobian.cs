namespace ExprGrad;

/// <summary>
/// A differentiable vector function r: ℝ^<see cref="Dimension"/> → ℝ^<see cref="Outputs"/> with its Jacobian,
/// e.g. the residuals of a least-squares fit: the shape <c>LevenbergMarquardt</c> minimises ½‖r(x)‖² on.
/// </summary>
/// <remarks>
/// The Jacobian is dense and row-major: entry (i, j) = ∂rᵢ/∂xⱼ is at <c>jacobian[i * Dimension + j]</c>, so row i
/// is the gradient of output i. Implementations in ExprGrad are safe to call from many threads at once and
/// throw <see cref="ArgumentException"/> naming the expected and the actual length when a span has the wrong
/// length; implement both rules in your own.
/// </remarks>
public interface IJacobian
{
    /// <summary>Number of inputs: the length of every input span.</summary>
    int Dimension { get; }

    /// <summary>Number of outputs: the length of every values span (the Jacobian has Outputs × Dimension entries).</summary>
    int Outputs { get; }

    /// <summary>Evaluates r(x) only (no derivatives): the allocation-free "predict" path.</summary>
    /// <param name="x">The inputs, length <see cref="Dimension"/>.</param>
    /// <param name="values">Receives r(x), length <see cref="Outputs"/>.</param>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names the expected and the actual length.</exception>
    void Evaluate(ReadOnlySpan<double> x, Span<double> values);

    /// <summary>Evaluates r(x) and its Jacobian.</summary>
    /// <param name="x">The inputs, length <see cref="Dimension"/>.</param>
    /// <param name="values">Receives r(x), length <see cref="Outputs"/>.</param>
    /// <param name="jacobian">Receives ∂r/∂x, row-major, length <see cref="Outputs"/> × <see cref="Dimension"/>.</param>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names the expected and the actual length.</exception>
    void Evaluate(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian);
}
