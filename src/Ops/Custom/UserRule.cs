using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace ExprGrad.Ops;

/// <summary>
/// What user-defined ops share: their forward code calls the user's delegate, and their derivatives, written with
/// <see cref="Scalar"/>s, are evaluated in whichever algebra a mode differentiates with (numbers for the tape and
/// forward mode, graph nodes for the compiler and higher derivatives).
/// </summary>
internal static class UserRule
{
    /// <summary>
    /// Code calling <paramref name="function"/> (0 while <see cref="UserCode.Suppressed"/>): a direct call when it is a public static method (a method group such
    /// as <c>SpecialFunctions.Erf</c>: no delegate to go through), else an invocation of the delegate as a constant.
    /// </summary>
    public static Expression Call(Delegate function, params Expression[] args)
    {
        MethodInfo method = function.Method;
        Expression call = function.Target is null && method.IsStatic && method.IsPublic && method.DeclaringType is { IsVisible: true }
            ? Expression.Call(method, args)
            : Expression.Invoke(Expression.Constant(function), args);
        return Expression.Condition(Expression.Field(null, UserCode.SuppressedField), Ops.Emit.Constant(0.0), call);
    }

    /// <summary>A value of algebra <typeparamref name="T"/> as the Scalar the user's derivative takes (a constant for numbers).</summary>
    public static Scalar ToScalar<T>(T value) where T : IAlgebra<T>
    {
        if (typeof(T) == typeof(Scalar)) return Unsafe.As<T, Scalar>(ref value);
        if (typeof(T) == typeof(Real)) return new Scalar(Unsafe.As<T, Real>(ref value).V);
        throw new NotSupportedException($"No user derivative is evaluated with {typeof(T).Name}.");
    }

    /// <summary>The user's derivative <paramref name="result"/> back in algebra <typeparamref name="T"/>.</summary>
    public static T FromScalar<T>(Scalar result, string op) where T : IAlgebra<T>
    {
        if (typeof(T) == typeof(Scalar)) return Unsafe.As<Scalar, T>(ref result);
        Real number = new(Number(result, op));
        return Unsafe.As<Real, T>(ref number);
    }

    /// <summary>
    /// The number a derivative computed from constant arguments: a recorded value means the derivative used a Scalar of
    /// the user's function (captured), which would be recorded while the gradient is being computed.
    /// </summary>
    public static double Number(in Scalar result, string op) => result.IsConstant ? result.Value
        : throw new InvalidOperationException(
            $"The derivative of the custom op '{op}' returned a Scalar of {result.Owner!.Kind}: a derivative must compute from its " +
            "arguments only (and constants), not from Scalars it captured from the function it is used in.");
}
