using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ExprGrad.Optimization;

/// <summary>
/// ExprGrad residuals as MathNet.Numerics' least-squares model, so MathNet's
/// <see cref="LevenbergMarquardtMinimizer"/> (and its trust-region minimizers) fit them.
/// </summary>
/// <example>
/// <code>
/// IObjectiveModel model = MathNetLeastSquares.Model(residuals);
/// NonlinearMinimizationResult fit = new LevenbergMarquardtMinimizer().FindMinimum(model, Vector&lt;double&gt;.Build.DenseOfArray(start));
/// </code>
/// </example>
public static class MathNetLeastSquares
{
    /// <summary>
    /// MathNet's model with observations y = 0 and model values f(p) = −r(p), so its residuals y − f(p) are exactly
    /// r(p) and its Jacobian of f is −J. Each model evaluation is one <see cref="IJacobian"/>.Evaluate call (the
    /// values-only one when MathNet asks for values only); the observed x handed to MathNet are the output
    /// indices 0 … Outputs − 1, unused.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="residuals"/> is null.</exception>
    /// <exception cref="ArgumentException">MathNet passes parameters whose count is not the residuals' Dimension.</exception>
    public static IObjectiveModel Model(IJacobian residuals)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        int m = residuals.Outputs, n = residuals.Dimension;

        Vector<double> Values(Vector<double> p, Vector<double> x)
        {
            double[] r = new double[m];
            residuals.Evaluate(Parameters(p), r);
            for (int i = 0; i < m; i++) r[i] = -r[i];
            return Vector<double>.Build.DenseOfArray(r);
        }

        Matrix<double> Derivative(Vector<double> p, Vector<double> x)
        {
            double[] r = new double[m], jacobian = new double[m * n];
            residuals.Evaluate(Parameters(p), r, jacobian);
            return Matrix<double>.Build.Dense(m, n, (i, j) => -jacobian[i * n + j]);
        }

        double[] Parameters(Vector<double> p) => p.Count == n ? p.ToArray()
            : throw new ArgumentException($"MathNet passed {p.Count} parameters but the residuals have Dimension {n}.", nameof(p));

        return ObjectiveFunction.NonlinearModel(Values, Derivative,
            Vector<double>.Build.Dense(m, i => i), Vector<double>.Build.Dense(m));
    }
}
