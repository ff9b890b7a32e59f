using System.Linq.Expressions;

namespace ExprGrad.Ops;

/// <summary>Small helpers for writing an op's forward function as code.</summary>
internal static class Emit
{
    /// <summary>A call to the <see cref="System.Math"/> method <paramref name="name"/> on doubles.</summary>
    public static Expression Math(string name, params Expression[] args)
        => Expression.Call(typeof(System.Math).GetMethod(name, [.. args.Select(_ => typeof(double))])
            ?? throw new MissingMethodException(nameof(System.Math), name), args);

    /// <summary>A double constant.</summary>
    public static Expression Constant(double value) => Expression.Constant(value, typeof(double));
}
