using System.Reflection;
using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Tests.Ops;

/// <summary>
/// Finds, by running them, the public functions of <see cref="Scalar"/> that apply one op of the table to their
/// arguments: each public static method or operator is called on the inputs of a fresh symbolic graph, and it is
/// the function of op X when it records exactly one node, X applied to those inputs in order. So the list is
/// derived from the code (nothing to keep by hand), and <c>Square(x) = x * x</c> does not count as mul's function.
/// </summary>
internal static class PublicFunctions
{
    /// <summary>One public function of an op, with the compile-time parameter it was called with (0 for none).</summary>
    public sealed record Function(MethodInfo Method, double Parameter)
    {
        /// <summary>The function as a user writes it: <c>Sin(x)</c>, <c>a + b</c>, <c>-x</c>, <c>Pow(x, exponent)</c>.</summary>
        public string Spelling => Operators.TryGetValue(Method.Name, out string? symbol)
            ? Method.GetParameters().Length == 1 ? $"{symbol}x" : $"a {symbol} b"
            : $"{Method.Name}({string.Join(", ", Method.GetParameters().Select(p => p.Name))})";
    }

    private static readonly Dictionary<string, string> Operators = new()
    {
        ["op_Addition"] = "+", ["op_Subtraction"] = "-", ["op_Multiply"] = "*", ["op_Division"] = "/", ["op_UnaryNegation"] = "-",
        ["op_GreaterThan"] = ">", ["op_GreaterThanOrEqual"] = ">=", ["op_LessThan"] = "<", ["op_LessThanOrEqual"] = "<=",
        ["op_Equality"] = "==", ["op_Inequality"] = "!=",
    };

    // The compile-time parameters tried for double arguments: an integer exponent (powi) and a real one (powc).
    private static readonly double[] Parameters = [2.0, 0.5];

    /// <summary>Every op with at least one public Scalar function, and those functions.</summary>
    public static IReadOnlyDictionary<Op, List<Function>> OfScalar { get; } = Discover();

    private static Dictionary<Op, List<Function>> Discover()
    {
        var found = new Dictionary<Op, List<Function>>();
        foreach (MethodInfo method in typeof(Scalar).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            if (method.ReturnType != typeof(Scalar) && method.ReturnType != typeof(Condition)) continue;
            Type[] types = [.. method.GetParameters().Select(p => p.ParameterType)];
            if (types.Length == 0 || types.Any(t => t != typeof(Scalar) && t != typeof(double) && t != typeof(Condition))) continue;
            foreach (double p in types.Contains(typeof(double)) ? Parameters : [0.0])
                if (AppliedOp(method, types, p) is { } op)
                {
                    if (!found.TryGetValue(op, out var functions)) found[op] = functions = [];
                    if (!functions.Any(f => f.Method == method)) functions.Add(new Function(method, p));
                }
        }
        return found;
    }

    /// <summary>The op <paramref name="method"/> applies to its arguments, or null when it records anything else.</summary>
    private static Op? AppliedOp(MethodInfo method, Type[] types, double parameter)
    {
        var g = new Graph(types.Length + 2);
        var args = new object[types.Length];
        var inputs = new List<int>();
        int next = 0;
        for (int i = 0; i < types.Length; i++)
        {
            if (types[i] == typeof(double)) { args[i] = parameter; continue; }
            if (types[i] == typeof(Scalar)) { inputs.Add(next); args[i] = g.Input(next++); continue; }
            // A condition made beforehand (its 0/1 node recorded), so the function records only its own op.
            var condition = g.Input(next) > g.Input(next + 1);
            next += 2;
            _ = condition.Indicator("condition");
            args[i] = condition;
        }
        int before = g.Count;
        object? result;
        using (Recorder.Enter(g)) result = method.Invoke(null, args);
        if (result is Condition c)
            return g.Count == before && ReferenceEquals(c.Left.Owner, g) && ReferenceEquals(c.Right.Owner, g)
                && c.Left.Index == inputs[0] && c.Right.Index == inputs[1] ? c.Comparison : null;
        if (result is not Scalar { Owner: not null } s || g.Count != before + 1 || s.Index != before) return null;
        Node node = g[s.Index];
        return node.Kind == NodeKind.Operation && OperandsAreTheArguments(g, node, types, inputs) ? node.Op : null;
    }

    // mul(x, x) is not x * y: the op's inputs must be the function's Scalar arguments, in order (a condition's
    // 0/1 node counts as the condition argument).
    private static bool OperandsAreTheArguments(Graph g, Node node, Type[] types, List<int> inputs)
    {
        var operands = Enumerable.Range(0, node.Op.Arity).Select(node.Operand).ToList();
        var expected = new List<int>();
        int input = 0;
        foreach (Type t in types)
        {
            if (t == typeof(Scalar)) expected.Add(inputs[input++]);
            else if (t == typeof(Condition)) expected.Add(operands.FirstOrDefault(o => g[o].Kind == NodeKind.Operation, Node.None));
        }
        return operands.SequenceEqual(expected);
    }
}
