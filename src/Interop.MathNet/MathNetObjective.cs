using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ExprGrad.Optimization;

/// <summary>
/// An <see cref="IGradient"/> as MathNet.Numerics' <see cref="IObjectiveFunction"/>, so MathNet's BFGS,
/// L-BFGS and conjugate-gradient minimizers run on ExprGrad gradients; given an <see cref="IHessian"/> (e.g. a
/// compiled Hessian) it also supplies the Hessian, so MathNet's <see cref="NewtonMinimizer"/> runs on it. For
/// least squares, <see cref="MathNetLeastSquares.Model"/> turns an <see cref="IJacobian"/> into MathNet's
/// <see cref="IObjectiveModel"/> for its <see cref="LevenbergMarquardtMinimizer"/>.
/// </summary>
/// <remarks>
/// Lives in <c>ExprGrad.Optimization</c> rather than a namespace called <c>ExprGrad.MathNet</c>: inside any
/// <c>ExprGrad.*</c> namespace such a name would hide the real <c>MathNet</c> root namespace.
/// Each <see cref="EvaluateAt"/> makes one <see cref="IGradient.ValueAndGradient"/> call (value and gradient
/// together, since every gradient-based MathNet minimizer reads both); the Hessian is computed on its first read
/// at each point, by one <see cref="IHessian.ValueGradientHessian"/> call. Copies made by <see cref="Fork"/> and
/// <see cref="CreateNew"/> share one <see cref="Evaluations"/> counter.
/// </remarks>
/// <example>
/// <code>
/// var objective = new MathNetObjective(Grad.Compile(f, n));
/// var result = new LimitedMemoryBfgsMinimizer(1e-8, 1e-12, 1e-12, memory: 10).FindMinimum(objective, start);
/// </code>
/// </example>
public sealed class MathNetObjective : IObjectiveFunction
{
    private readonly IGradient function;
    private readonly IHessian? hessianFunction;
    private readonly EvaluationCounter counter;
    private Vector<double>? point;
    private Vector<double>? gradient;
    private Matrix<double>? hessian;

    /// <summary>Wraps <paramref name="function"/>; the Hessian is available when it is an <see cref="IHessian"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    public MathNetObjective(IGradient function)
        : this(function ?? throw new ArgumentNullException(nameof(function)), new EvaluationCounter())
    {
    }

    private MathNetObjective(IGradient function, EvaluationCounter counter)
    {
        this.function = function;
        hessianFunction = function as IHessian;
        this.counter = counter;
    }

    /// <summary>
    /// Evaluations made by this objective and every copy of it (MathNet's line searches work on copies): one per
    /// <see cref="EvaluateAt"/>, one more per point whose <see cref="Hessian"/> is read.
    /// </summary>
    public int Evaluations => counter.Count;

    /// <inheritdoc/>
    public Vector<double> Point => point ?? throw NotEvaluated();

    /// <inheritdoc/>
    public double Value { get; private set; }

    /// <inheritdoc/>
    public bool IsGradientSupported => true;

    /// <inheritdoc/>
    public Vector<double> Gradient => gradient ?? throw NotEvaluated();

    /// <summary>True when the wrapped function is an <see cref="IHessian"/>.</summary>
    public bool IsHessianSupported => hessianFunction is not null;

    /// <summary>The dense Hessian at <see cref="Point"/>, computed on first read (one more evaluation).</summary>
    /// <exception cref="NotSupportedException">The wrapped function is not an <see cref="IHessian"/>.</exception>
    /// <exception cref="InvalidOperationException">The objective has not been evaluated yet.</exception>
    public Matrix<double> Hessian
    {
        get
        {
            if (hessianFunction is null)
                throw new NotSupportedException(
                    $"MathNetObjective wraps an {function.GetType().Name}, which provides values and gradients only; wrap an IHessian for a Hessian, or choose a MathNet minimizer that needs none (BFGS, L-BFGS, conjugate gradient).");
            if (hessian is not null) return hessian;
            double[] x = Point.ToArray(), g = new double[x.Length], h = new double[x.Length * x.Length];
            counter.Count++;
            hessianFunction.ValueGradientHessian(x, g, h);
            // Row-major into MathNet's column-major storage: the transpose, which is the same symmetric matrix.
            hessian = Matrix<double>.Build.Dense(x.Length, x.Length, h).Transpose();
            return hessian;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="point"/> does not have the function's dimension.</exception>
    public void EvaluateAt(Vector<double> point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Count != function.Dimension)
            throw new ArgumentException(
                $"The point has {point.Count} entries but the function has Dimension {function.Dimension}.", nameof(point));
        double[] x = point.ToArray();
        double[] g = new double[x.Length];
        counter.Count++;
        Value = function.ValueAndGradient(x, g);
        // MathNet keeps references to earlier points and gradients, so each evaluation gets fresh vectors.
        this.point = Vector<double>.Build.DenseOfArray(x);
        gradient = Vector<double>.Build.DenseOfArray(g);
        hessian = null;
    }

    /// <inheritdoc/>
    public IObjectiveFunction Fork() => new MathNetObjective(function, counter)
    {
        point = point,
        gradient = gradient,
        hessian = hessian,
        Value = Value,
    };

    /// <inheritdoc/>
    public IObjectiveFunction CreateNew() => new MathNetObjective(function, counter);

    private static InvalidOperationException NotEvaluated() =>
        new("The objective has not been evaluated yet: call EvaluateAt first.");

    /// <summary>Shared by an objective and its copies.</summary>
    private sealed class EvaluationCounter
    {
        public int Count;
    }
}
