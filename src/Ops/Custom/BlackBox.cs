using System.Linq.Expressions;

namespace ExprGrad.Ops;

/// <summary>
/// A user's function of <see cref="Arity"/> inputs with its own gradient (<see cref="CustomOp.Function"/>): first
/// order only. Graphs record a call of it as a node of its own (<c>NodeKind.Call</c>) whose component is the value
/// or one partial derivative; a partial has no derivative, so a second derivative through it throws.
/// </summary>
internal sealed class BlackBox(string name, int arity, BlackBoxValue value, BlackBoxGradient gradient)
{
    /// <summary>The component of a call that is the function's value (partials are 0..arity-1).</summary>
    public const int ValueComponent = -1;

    public string Name { get; } = name;

    public int Arity { get; } = arity;

    /// <summary>The value (<paramref name="component"/> = <see cref="ValueComponent"/>) or partial derivative <paramref name="component"/> at <paramref name="x"/>.</summary>
    public double Evaluate(ReadOnlySpan<double> x, int component)
        => component == ValueComponent ? value(x) : BlackBoxCalls.Partial(this, x, component);

    /// <summary>The gradient at <paramref name="x"/>, computed by the user's delegate into <paramref name="result"/> (zeroed first).</summary>
    public void Gradient(ReadOnlySpan<double> x, Span<double> result)
    {
        result.Clear();
        gradient(x, result);
    }

    /// <summary>Code computing component <paramref name="component"/> at the arguments in <paramref name="frame"/> (see <see cref="BlackBoxCalls"/>).</summary>
    public Expression Emit(Expression frame, int component)
        => component == ValueComponent
            ? Expression.Call(BlackBoxCalls.ValueMethod, Expression.Constant(this), frame)
            : Expression.Call(BlackBoxCalls.PartialMethod, Expression.Constant(this), frame, Expression.Constant(component));

    /// <summary>The error for a derivative of one of its partials.</summary>
    public NotSupportedException NoSecondDerivative() => new(
        $"A second derivative of the custom function '{Name}' was asked for: CustomOp.Function gives its gradient only (first order). " +
        "Write it with CustomOp.Unary or CustomOp.Binary (derivatives as Scalar functions, differentiable again) or from Scalar ops " +
        "to get higher derivatives.");

    /// <summary>Component <paramref name="component"/> in words: "solver" or "dsolver/dx2".</summary>
    public string Describe(int component) => component == ValueComponent ? Name : $"d{Name}/dx{component}";

    public override string ToString() => Name;
}
