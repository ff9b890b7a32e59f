using System.Linq.Expressions;
using CsCheck;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Random quoted functions <c>Expression&lt;Func&lt;double[], double&gt;&gt;</c>: a random program over the kinds C# can
/// write with <see cref="Math"/> (+ - * /, unary minus, constants, <c>x[i]</c>, <c>?:</c> on comparisons), turned into
/// an expression tree. The program is also the equivalent traced function (its composites Square, Relu and Hypot
/// are written as <c>u * u</c>, <c>u &gt; 0 ? u : 0</c> and <c>Math.Sqrt(a * a + b * b)</c>, exactly their definitions);
/// the custom ops of one and two inputs are named by their value methods (<see cref="RandomCustomOps.Quoted"/>).
/// </summary>
public static class QuotedExpressionGen
{
    public static readonly Kind[] Kinds =
    [
        Kind.Const, Kind.Add, Kind.Sub, Kind.Mul, Kind.Neg, Kind.Div, Kind.Exp, Kind.Log, Kind.Sqrt, Kind.PowInt, Kind.PowReal,
        Kind.Pow, Kind.Sin, Kind.Cos, Kind.Tan, Kind.Asin, Kind.Acos, Kind.Atan, Kind.Atan2, Kind.Sinh, Kind.Cosh, Kind.Tanh,
        Kind.Abs, Kind.Max, Kind.Min, Kind.Square, Kind.Relu, Kind.Hypot, Kind.Where, Kind.Erf, Kind.SmoothMax,
    ];

    public static readonly Guard[] Guards = [Guard.Exp, Guard.SquarePlusHalf];

    /// <summary>Trees larger than this many nodes are quoted with shared subtrees instead (a tree doubles with every reuse).</summary>
    public const int MaxTreeSize = 500;

    /// <summary>A program, a point, and whether repeated subexpressions are one shared node or separate copies, as a C# compiler writes them.</summary>
    public static Gen<(RandomProgram Program, double[] X, bool Copies)> Cases =>
        from program in RandomProgramGen.Program(Kinds, Guards, maxNodes: 25)
        from x in RandomProgramGen.Point(program.Inputs)
        from copies in Gen.Bool
        select (program, x, copies && TreeSize(program) <= MaxTreeSize);

    /// <summary>The program as a quoted function of <c>double[] x</c>.</summary>
    public static Expression<Func<double[], double>> ToExpression(RandomProgram program, bool copies)
    {
        var x = Expression.Parameter(typeof(double[]), "x");
        var m = new ExpressionAlgebra(x);
        if (!copies) return Expression.Lambda<Func<double[], double>>(program.Run(m), x);
        // A fresh subtree for every use of a value (recursion depth is at most the 25 nodes).
        Expression Copy(int value) => value < program.Inputs ? m.Input(value)
            : RandomProgram.Apply(m, program.Nodes[value - program.Inputs], [.. program.Nodes[value - program.Inputs].Args.Select(Copy)]);
        Expression body = program.Outputs.Select(Copy).Aggregate((sum, next) => m.Binary("+", sum, next));
        return Expression.Lambda<Func<double[], double>>(body, x);
    }

    /// <summary>Nodes of the program written as a tree without sharing.</summary>
    public static long TreeSize(RandomProgram program)
    {
        var size = new long[program.Inputs + program.Nodes.Count];
        for (int i = 0; i < program.Inputs; i++) size[i] = 1;
        for (int k = 0; k < program.Nodes.Count; k++)
            size[program.Inputs + k] = Math.Min(1L << 40, 1 + program.Nodes[k].Args.Sum(a => size[a]));
        return program.Outputs.Sum(o => size[o]);
    }
}

/// <summary>A program as System.Linq.Expressions nodes over the array parameter.</summary>
public sealed class ExpressionAlgebra(ParameterExpression x) : IProgramAlgebra<Expression>
{
    public Expression Input(int i) => Expression.ArrayIndex(x, Expression.Constant(i));
    public Expression Constant(double c) => Expression.Constant(c);
    public Expression Negate(Expression a) => Expression.Negate(a);

    public Expression Binary(string op, Expression a, Expression b) => Expression.MakeBinary(op switch
    {
        "+" => ExpressionType.Add, "-" => ExpressionType.Subtract, "*" => ExpressionType.Multiply, "/" => ExpressionType.Divide,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    }, a, b);

    public Expression Call(string function, params Expression[] args) => function switch
    {
        "Square" => Expression.Multiply(args[0], args[0]),
        "Relu" => Expression.Condition(Expression.GreaterThan(args[0], Constant(0)), args[0], Constant(0)),
        "Hypot" => Call("Sqrt", Expression.Add(Expression.Multiply(args[0], args[0]), Expression.Multiply(args[1], args[1]))),
        "Erf" or "SmoothMax" => RandomCustomOps.Quoted(function, args),
        _ => Expression.Call(typeof(Math).GetMethod(function, [.. args.Select(_ => typeof(double))])
            ?? throw new NotSupportedException($"Math.{function} with {args.Length} doubles"), args),
    };

    public Expression Where(string comparison, Expression left, Expression right, Expression ifTrue, Expression ifFalse)
        => Expression.Condition(Expression.MakeBinary(comparison switch
        {
            ">" => ExpressionType.GreaterThan, ">=" => ExpressionType.GreaterThanOrEqual, "<" => ExpressionType.LessThan,
            "<=" => ExpressionType.LessThanOrEqual, "==" => ExpressionType.Equal, "!=" => ExpressionType.NotEqual,
            _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, null),
        }, left, right), ifTrue, ifFalse);
}
