using System.Globalization;
using System.Text;

namespace ExprGrad.Tests.Reliability;

/// <summary>What a node computes. Kinds not special-cased in <see cref="RandomProgram.Apply{T}"/> are one call of the Scalar function of the same name.</summary>
public enum Kind
{
    Const, Add, Sub, Mul, Neg, Div, Exp, ExpM1, Log, Log1P, Sqrt, PowInt, PowReal, Pow, Sin, Cos, Tan, Asin, Acos, Atan,
    Atan2, Sinh, Cosh, Tanh, Abs, Sign, Max, Min, Square, Sigmoid, Softplus, Relu, Hypot, LogSumExp, Where,
    StopGradient,
    /// <summary>User-defined ops (<see cref="RandomCustomOps"/>): one of one input, one of two, a black box of three.</summary>
    Erf, SmoothMax, Box,
}

/// <summary>How an op that needs a positive argument (log, sqrt, real powers, a divisor, pow's base) gets one.</summary>
public enum Guard { None, Exp, SquarePlusHalf, SoftplusPlusTenth }

/// <summary>
/// One statement <c>var tK = ...</c>: <see cref="Args"/> index the program's values (inputs first, then nodes);
/// <see cref="Constant"/> is a constant node's value or an exponent; <see cref="Comparison"/> is a Where's operator.
/// </summary>
public sealed record Node(Kind Kind, int[] Args, double Constant = 0, Guard Guard = Guard.None, string Comparison = ">");

/// <summary>
/// The few operations a program is made of. Each interpretation of a program is one implementation: traced
/// <see cref="Scalar"/>s, plain doubles (the reference), C# source text, a quoted expression tree.
/// </summary>
public interface IProgramAlgebra<T>
{
    T Input(int i);
    T Constant(double c);
    T Binary(string op, T a, T b);   // + - * /
    T Negate(T a);
    T Call(string function, params T[] args);   // a Scalar function by name: Exp, Pow, Max, LogSumExp, ...
    T Where(string comparison, T left, T right, T ifTrue, T ifFalse);
}

/// <summary>
/// A random user function as data: <see cref="Inputs"/> inputs, then one node per statement in order, and the
/// output = the sum of the values listed in <see cref="Outputs"/> (a scalar program lists every node nothing
/// else reads, so no node is dead). Run it with any <see cref="IProgramAlgebra{T}"/>; print it with <see cref="ToCSharp"/>.
/// </summary>
public sealed record RandomProgram(int Inputs, IReadOnlyList<Node> Nodes, int[] Outputs)
{
    /// <summary>Every value of the program (inputs, then nodes) under <paramref name="m"/>.</summary>
    public T[] Values<T>(IProgramAlgebra<T> m)
    {
        var values = new T[Inputs + Nodes.Count];
        for (int i = 0; i < Inputs; i++) values[i] = m.Input(i);
        for (int k = 0; k < Nodes.Count; k++)
            values[Inputs + k] = Apply(m, Nodes[k], [.. Nodes[k].Args.Select(a => values[a])]);
        return values;
    }

    /// <summary>The output (the sum of <see cref="Outputs"/>, left to right) under <paramref name="m"/>.</summary>
    public T Run<T>(IProgramAlgebra<T> m)
    {
        T[] values = Values(m);
        T sum = values[Outputs[0]];
        for (int j = 1; j < Outputs.Length; j++) sum = m.Binary("+", sum, values[Outputs[j]]);
        return sum;
    }

    /// <summary>The user function the modes differentiate.</summary>
    public Func<Vec, Scalar> AsFunction() => v => Run(new ScalarAlgebra(i => v[i]));

    /// <summary>One node's template: the op on its arguments, with the guard that keeps the argument inside its domain.</summary>
    public static T Apply<T>(IProgramAlgebra<T> m, Node node, T[] x) => node.Kind switch
    {
        Kind.Const => m.Constant(node.Constant),
        Kind.Add => m.Binary("+", x[0], x[1]),
        Kind.Sub => m.Binary("-", x[0], x[1]),
        Kind.Mul => m.Binary("*", x[0], x[1]),
        Kind.Div => m.Binary("/", x[0], Positive(m, node.Guard, x[1])),
        Kind.Neg => m.Negate(x[0]),
        Kind.Log or Kind.Sqrt => m.Call(node.Kind.ToString(), Positive(m, node.Guard, x[0])),
        Kind.Log1P or Kind.Asin or Kind.Acos => m.Call(node.Kind.ToString(), Scaled(m, x[0], 0.9)),
        Kind.Tan => m.Call("Tan", Scaled(m, x[0], 1.2)),   // |argument| < 1.2 < pi/2
        Kind.PowInt or Kind.PowReal => m.Call("Pow", Positive(m, node.Guard, x[0]), m.Constant(node.Constant)),
        Kind.Pow => m.Call("Pow", Positive(m, node.Guard, x[0]), x[1]),
        Kind.Where => m.Where(node.Comparison, x[0], x[1], x[2], x[3]),
        _ => m.Call(node.Kind.ToString(), x),
    };

    private static T Scaled<T>(IProgramAlgebra<T> m, T u, double scale) => m.Binary("*", m.Call("Tanh", u), m.Constant(scale));

    private static T Positive<T>(IProgramAlgebra<T> m, Guard guard, T u) => guard switch
    {
        Guard.None => u,
        Guard.Exp => m.Call("Exp", u),
        Guard.SquarePlusHalf => m.Binary("+", m.Call("Square", u), m.Constant(0.5)),
        Guard.SoftplusPlusTenth => m.Binary("+", m.Call("Softplus", u), m.Constant(0.1)),
        _ => throw new ArgumentOutOfRangeException(nameof(guard)),
    };

    /// <summary>A value's name in printed source: <c>v[i]</c> for an input, <c>tK</c> for node K.</summary>
    public string NameOf(int value) => value < Inputs ? $"v[{value}]" : $"t{value - Inputs}";

    /// <summary>The program as a C# lambda for <c>Grad.Compile</c> (with <c>using static ExprGrad.Scalar;</c>), ready to paste into a regression test.</summary>
    public string ToCSharp()
    {
        var text = new StringBuilder("v =>\n{\n");
        var source = new SourceAlgebra();
        for (int k = 0; k < Nodes.Count; k++)
        {
            Node node = Nodes[k];
            string expression = node.Kind == Kind.Const
                ? "(Scalar)" + source.Constant(node.Constant)   // "(Scalar)(-1.5)": a cast of a negative literal needs the parentheses
                : SourceAlgebra.Unwrap(Apply(source, node, [.. node.Args.Select(NameOf)]));
            text.Append($"    var {NameOf(Inputs + k)} = {expression};\n");
        }
        return text.Append($"    return {string.Join(" + ", Outputs.Select(NameOf))};\n}}").ToString();
    }

    /// <summary>What a failure message shows: the source, the dimension and the point, all pasteable.</summary>
    public string Describe(double[] x) => $"{ToCSharp()}\ndimension: {Inputs}, x = {Show(x)}";

    public static string Show(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    public static string Show(IEnumerable<double> xs) => $"[{string.Join(", ", xs.Select(Show))}]";
}

/// <summary>C# source text; every compound result is parenthesised, and a statement drops its outer pair.</summary>
public sealed class SourceAlgebra : IProgramAlgebra<string>
{
    public string Input(int i) => $"v[{i}]";
    public string Constant(double c) => c < 0 ? $"({RandomProgram.Show(c)})" : RandomProgram.Show(c);
    public string Binary(string op, string a, string b) => $"({a} {op} {b})";
    public string Negate(string a) => $"(-{a})";
    public string Call(string function, params string[] args) => function == "Box"   // a black box takes a Vec
        ? $"Box(Vec.Of({string.Join(", ", args.Select(Unwrap))}))"
        : $"{function}({string.Join(", ", args.Select(Unwrap))})";
    public string Where(string comparison, string left, string right, string ifTrue, string ifFalse)
        => $"Where({Unwrap(left)} {comparison} {Unwrap(right)}, {Unwrap(ifTrue)}, {Unwrap(ifFalse)})";

    /// <summary>Drops one pair of parentheses around the whole text, if they match each other.</summary>
    public static string Unwrap(string s)
    {
        if (s.Length < 2 || s[0] != '(' || s[^1] != ')') return s;
        int depth = 0;
        for (int i = 0; i < s.Length - 1; i++)
        {
            depth += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
            if (depth == 0) return s;   // the first '(' closes before the end: "(a) + (b)"
        }
        return s[1..^1];
    }
}
