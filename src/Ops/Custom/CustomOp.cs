using System.Text.RegularExpressions;
using ExprGrad.Ops;

namespace ExprGrad;

/// <summary>
/// Ops the op table lacks, with derivatives the user writes (erf, lgamma, a spline, a call into native code): the
/// result is a function on <see cref="Scalar"/>s that every mode differentiates like a built-in op.
/// </summary>
/// <remarks>
/// The value is plain double code, called as it is from compiled code (no allocation per call); the derivative is
/// written with Scalars, so it is itself differentiable and higher derivatives (<c>Grad.Derivative</c> of order 2..4)
/// work. The delegates must be pure (the same inputs give the same result, no state changed: hash-consing may call
/// the value once for two equal uses, and compiled sums may run on several threads at once). An exception thrown by a
/// delegate reaches the caller of the gradient; the gradient stays usable for the next call. Compiling does not call them.
/// A quoted expression (<c>Grad.CompileExpression</c>) can name an op of one or two inputs whose value is a static method
/// (a method group such as <c>SpecialFunctions.Erf</c>): calling that method there applies the op, as long as only one
/// custom op was made with it.
/// </remarks>
public static class CustomOp
{
    /// <summary>
    /// An op of one input: <paramref name="value"/> computes it, <paramref name="derivative"/> its derivative.
    /// </summary>
    /// <example><code>
    /// Func&lt;Scalar, Scalar&gt; Erf = CustomOp.Unary("erf", SpecialFunctions.Erf,
    ///     derivative: x =&gt; 2 / Math.Sqrt(Math.PI) * Scalar.Exp(-Scalar.Square(x)));
    /// </code></example>
    /// <param name="name">The op's name in messages, generated code and <c>Grad.Explain</c>: letters, digits and '_', not starting with a digit.</param>
    /// <param name="value">The op on doubles.</param>
    /// <param name="derivative">d value / dx, written with Scalars.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a name, or a built-in op's.</exception>
    public static Func<Scalar, Scalar> Unary(string name, Func<double, double> value, Func<Scalar, Scalar> derivative)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(derivative);
        var op = new CustomUnaryOp(name, value, derivative, Info);
        NamedCustomOps.Register(value, op);
        return x => Scalar.Apply(op, x);
    }

    /// <summary>
    /// An op of two inputs: <paramref name="value"/> computes it, <paramref name="partialA"/> and
    /// <paramref name="partialB"/> its partial derivatives with respect to the first and the second input.
    /// </summary>
    /// <param name="name">The op's name (see <see cref="Unary"/>).</param>
    /// <param name="value">The op on doubles.</param>
    /// <param name="partialA">d value / da at (a, b), written with Scalars.</param>
    /// <param name="partialB">d value / db at (a, b), written with Scalars.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a name, or a built-in op's.</exception>
    public static Func<Scalar, Scalar, Scalar> Binary(string name, Func<double, double, double> value,
        Func<Scalar, Scalar, Scalar> partialA, Func<Scalar, Scalar, Scalar> partialB)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(partialA);
        ArgumentNullException.ThrowIfNull(partialB);
        var op = new CustomBinaryOp(name, value, partialA, partialB, Info);
        NamedCustomOps.Register(value, op);
        return (a, b) => Scalar.Apply(op, a, b);
    }

    /// <summary>
    /// A black-box function of <paramref name="arity"/> inputs with its own gradient (an external solver, native code):
    /// first order only. Gradients, forward mode and first derivatives work in every mode; a second derivative
    /// through it throws a <see cref="NotSupportedException"/> naming it.
    /// </summary>
    /// <example><code>
    /// Func&lt;Vec, Scalar&gt; Dot = CustomOp.Function("dot", arity: 4,
    ///     value: x =&gt; x[0] * x[2] + x[1] * x[3],
    ///     gradient: (x, g) =&gt; { g[0] = x[2]; g[1] = x[3]; g[2] = x[0]; g[3] = x[1]; });
    /// Scalar y = Dot(Vec.Of(a, b, c, d));
    /// </code></example>
    /// <param name="name">The function's name (see <see cref="Unary"/>).</param>
    /// <param name="arity">How many inputs it takes (the length of the <see cref="Vec"/> it is applied to), at least 1.</param>
    /// <param name="value">The function on doubles.</param>
    /// <param name="gradient">Its gradient: writes the <paramref name="arity"/> partial derivatives at x (the span is zeroed first).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a name, or a built-in op's.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="arity"/> is less than 1.</exception>
    public static Func<Vec, Scalar> Function(string name, int arity, BlackBoxValue value, BlackBoxGradient gradient)
    {
        CheckName(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(arity, 1);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(gradient);
        var function = new BlackBox(name, arity, value, gradient);
        return x => Scalar.Call(function, x);
    }

    private static readonly OpInfo Info = new(Convention: "user-defined (CustomOp): value and derivative as given");

    private static void CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Regex.IsMatch(name, "^[A-Za-z_][A-Za-z0-9_]*$"))
            throw new ArgumentException(
                $"The custom op name '{name}' is not a name: use letters, digits and '_', not starting with a digit (it appears in messages and generated code).",
                nameof(name));
        if (OpTable.All.Any(op => op.Name == name))
            throw new ArgumentException($"The custom op name '{name}' is a built-in op's: choose another name so that messages and pictures tell them apart.", nameof(name));
    }
}
