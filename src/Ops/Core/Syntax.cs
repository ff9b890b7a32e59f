using System.Linq.Expressions;

namespace ExprGrad.Ops;

/// <summary>
/// Which op a piece of C# syntax means, for the quote frontend: binary operators and comparisons by
/// expression node type, <see cref="Math"/> methods by the name each op declares (<see cref="Op.MathMethod"/>).
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

    /// <summary>The op of a binary operator or comparison, or null.</summary>
    public static Op? BinaryOp(ExpressionType type) => Binary.GetValueOrDefault(type);

    /// <summary>The op computing <c>Math.<paramref name="name"/></c> with <paramref name="arity"/> double arguments, or null.</summary>
    public static Op? MathOp(string name, int arity) => MathMethods.GetValueOrDefault((name, arity));
}
