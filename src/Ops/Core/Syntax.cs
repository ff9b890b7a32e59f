using System.Linq.Expressions;

namespace ExprGrad.Ops;

/// <summary>
/// Which op a piece of C# syntax means, for the quote frontend: binary operators and comparisons by
/// expression node type, <see cref="Math"/> methods by the name each op declares (<see cref="Op.MathMethod"/>),
/// applied through the public <see cref="Scalar"/> function of that name, as traced code calls it.
/// </summary>
internal static class Syntax
{
    private static readonly Dictionary<ExpressionType, Op> Binary = new()
    {
        [ExpressionType.Add] = OpTable.Add, [ExpressionType.AddChecked] = OpTable.Add,
        [ExpressionType.Subtract] = OpTable.Sub, [ExpressionType.SubtractChecked] = OpTable.Sub,
        [ExpressionType.Multiply] = OpTable.Mul, [ExpressionType.MultiplyChecked] = OpTable.Mul,
        [ExpressionType.Divide] = OpTable.Div,
        [ExpressionType.GreaterThan] = OpTable.Greater, [ExpressionType.GreaterThanOrEqual] = OpTable.GreaterOrEqual,
        [ExpressionType.LessThan] = OpTable.Less, [ExpressionType.LessThanOrEqual] = OpTable.LessOrEqual,
        [ExpressionType.Equal] = OpTable.Equal, [ExpressionType.NotEqual] = OpTable.NotEqual,
    };

    private static readonly Dictionary<(string, int), Op> MathMethods =
        OpTable.All.Where(op => op.MathMethod is not null).ToDictionary(op => (op.MathMethod!, op.Arity));

    private static readonly Dictionary<(string, int), Func<Scalar, Scalar, Scalar>> MathFunctions =
        MathMethods.ToDictionary(m => m.Key, m => ScalarFunction(m.Value));

    /// <summary>The op of a binary operator or comparison, or null.</summary>
    public static Op? BinaryOp(ExpressionType type) => Binary.GetValueOrDefault(type);

    /// <summary>The op computing <c>Math.<paramref name="name"/></c> with <paramref name="arity"/> double arguments, or null.</summary>
    public static Op? MathOp(string name, int arity) => MathMethods.GetValueOrDefault((name, arity));

    /// <summary>
    /// The public <see cref="Scalar"/> function <paramref name="name"/> of <paramref name="arity"/> Scalars (the second
    /// argument is ignored by a unary one), or null: what <c>Math.<paramref name="name"/></c> means in a quoted function.
    /// </summary>
    public static Func<Scalar, Scalar, Scalar>? MathFunction(string name, int arity) => MathFunctions.GetValueOrDefault((name, arity));

    // Scalar.Pow(Scalar, Scalar) lowers a constant exponent as a traced call does; a plain Apply would not.
    private static Func<Scalar, Scalar, Scalar> ScalarFunction(Op op)
    {
        var method = typeof(Scalar).GetMethod(op.MathMethod!, [.. Enumerable.Repeat(typeof(Scalar), op.Arity)])
            ?? throw new MissingMethodException(nameof(Scalar), op.MathMethod);
        if (op.Arity == 1)
        {
            var unary = method.CreateDelegate<Func<Scalar, Scalar>>();
            return (a, _) => unary(a);
        }
        return method.CreateDelegate<Func<Scalar, Scalar, Scalar>>();
    }
}
