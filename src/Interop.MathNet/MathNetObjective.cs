using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ExprGrad.Optimization;

/// <summary>
/// An <see cref="IGradient"/> as MathNet.Numerics' <see cref="IObjectiveFunction"/>, so MathNet's BFGS,
/// L-BFGS and conjugate-gradient minimizers run on ExprGrad gradients.
/// </summary>
/// <remarks>
/// Lives in <c>ExprGrad.Optimization</c> rather than a namespace called <c>ExprGrad.MathNet</c>: inside any
/// <c>ExprGrad.*</c> namespace such a name would hide the real <c>MathNet</c> root namespace.
/// Each <see cref="EvaluateAt"/> makes one <see cref="IGradient.ValueAndGradient"/> call (value and gradient
/// together, since every gradient-based MathNet minimizer reads both). Copies made by
/// <see cref="Fork"/> and <see cref="CreateNew"/> share one <see cref="Evaluations"/> counter.
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
    private readonly EvaluationCounter counter;
    private Vector<double>? point;
    private Vector<double>? gradient;

    /// <summary>Wraps <paramref name="function"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    public MathNetObjective(IGradient function)
        : this(function ?? throw new ArgumentNullException(nameof(function)), new EvaluationCounter())
    {
    }

    private MathNetObjective(IGradient function, EvaluationCounter counter)
    {
        this.function = function;
        this.counter = counter;
    }

    /// <summary>Evaluations made by this objective and every copy of it (MathNet's line searches work on copies).</summary>
    public int Evaluations => counter.Count;

    /// <inheritdoc/>
    public Vector<double> Point => point ?? throw NotEvaluated();

    /// <inheritdoc/>
    public double Value { get; private set; }

    /// <inheritdoc/>
    public bool IsGradientSupported => true;

    /// <inheritdoc/>
    public Vector<double> Gradient => gradient ?? throw NotEvaluated();

    /// <inheritdoc/>
    public bool IsHessianSupported => false;

    /// <summary>Not available: ExprGrad computes gradients only.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public Matrix<double> Hessian => throw new NotSupportedException(
        "MathNetObjective provides values and gradients only; choose a MathNet minimizer that needs no Hessian (BFGS, L-BFGS, conjugate gradient).");

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
    }

    /// <inheritdoc/>
    public IObjectiveFunction Fork() => new MathNetObjective(function, counter)
    {
        point = point,
        gradient = gradient,
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
