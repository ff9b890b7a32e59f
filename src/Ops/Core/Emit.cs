using System.Linq.Expressions;

namespace ExprGrad.Ops;

/// <summary>Small helpers for writing an op's forward function as code.</summary>
internal static class Emit
{
    /// <summary>A call to the <see cref="System.Math"/> method <paramref name="name"/> on doubles.</summary>
    public static Expression Math(string name, params Expression[] args)
        => Expression.Call(typeof(System.Math).GetMethod(name, [.. args.Select(_ => typeof(double))])
            ?? throw new MissingMethodException(nameof(System.Math), name), args);

    /// <summary>
    /// The code of an op whose forward function is a call: of the <see cref="System.Math"/> method it names
    /// (<paramref name="mathMethod"/>), or else of its rule's own <c>Eval</c>. Either way the code computes exactly
    /// what <c>Eval</c> computes, and the method's name is written once.
    /// </summary>
    public static Expression Default<TRule>(string? mathMethod, params Expression[] args)
        => mathMethod is not null ? Math(mathMethod, args)
            : Expression.Call(typeof(TRule).GetMethod("Eval", [.. args.Select(_ => typeof(double))])
                ?? throw new MissingMethodException(typeof(TRule).Name, "Eval"), args);

    /// <summary>A double constant.</summary>
    public static Expression Constant(double value) => Expression.Constant(value, typeof(double));
}
