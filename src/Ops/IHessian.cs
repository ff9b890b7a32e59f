namespace ExprGrad;

/// <summary>
/// A twice-differentiable scalar function: an <see cref="IGradient"/> that also gives its Hessian, dense or as
/// Hessian-vector products (the shape <c>TrustRegion</c> runs Newton's method on).
/// </summary>
/// <remarks>
/// The dense Hessian is row-major, <see cref="IGradient.Dimension"/> × <see cref="IGradient.Dimension"/>:
/// entry (i, j) = ∂²f/∂xᵢ∂xⱼ is at <c>hessian[i * Dimension + j]</c> (symmetric, so the order only matters to
/// rounding). Implementations in ExprGrad are safe to call from many threads at once and throw
/// <see cref="ArgumentException"/> naming the expected and the actual length when a span has the wrong length.
/// </remarks>
public interface IHessian : IGradient
{
    /// <summary>Evaluates f(x), its gradient and its dense Hessian.</summary>
    /// <param name="x">The inputs, length Dimension.</param>
    /// <param name="gradient">Receives ∇f(x), length Dimension.</param>
    /// <param name="hessian">Receives ∇²f(x), row-major, length Dimension × Dimension.</param>
    /// <returns>f(x).</returns>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names the expected and the actual length.</exception>
    double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian);

    /// <summary>Evaluates f(x), its gradient and the Hessian-vector product ∇²f(x) v, without forming the Hessian.</summary>
    /// <param name="x">The inputs, length Dimension.</param>
    /// <param name="v">The direction, length Dimension.</param>
    /// <param name="gradient">Receives ∇f(x), length Dimension.</param>
    /// <param name="hv">Receives ∇²f(x) v, length Dimension.</param>
    /// <returns>f(x).</returns>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names the expected and the actual length.</exception>
    double HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> gradient, Span<double> hv);
}
