using System.Linq.Expressions;
using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>
/// The quote frontend: turns a C# expression tree (<c>(double[] x) =&gt; x[0] * Math.Sin(x[1])</c>, or a lambda
/// of 1..4 doubles) into the same graph a trace builds. Walks the tree with an explicit stack (trees can
/// be 100,000 deep) and shares subtrees that occur twice. Anything it cannot differentiate throws a
/// <see cref="NotSupportedException"/> naming the construct.
/// </summary>
internal static class ExpressionQuoter
{
    public static Traced Quote(LambdaExpression lambda, int dimension)
    {
        var parameters = lambda.Parameters;
        bool arrayForm = parameters.Count == 1 && parameters[0].Type == typeof(double[]);
        if (!arrayForm && parameters.Any(p => p.Type != typeof(double)))
            throw new NotSupportedException(
                $"A quoted function takes one double[] or 1..4 doubles; this one takes ({string.Join(", ", parameters.Select(p => p.Type.Name))}).");
        var graph = new Graph(dimension);
        var quoter = new Walk(graph, parameters, arrayForm, dimension);
        Scalar result;
        using (Recorder.Enter(graph)) result = quoter.Run(lambda.Body);
        graph.Seal();
        return new Traced(graph, graph.IdOfResult(result));
    }

    private sealed class Walk(Graph graph, IReadOnlyList<ParameterExpression> parameters, bool arrayForm, int dimension)
    {
        private readonly Dictionary<Expression, Scalar> done = new(ReferenceEqualityComparer.Instance);

        public Scalar Run(Expression body)
        {
            var stack = new Stack<(Expression Node, bool ChildrenDone)>();
            stack.Push((body, false));
            while (stack.Count > 0)
            {
                var (node, childrenDone) = stack.Pop();
                if (done.ContainsKey(node)) continue;
                if (childrenDone) { done[node] = Combine(node); continue; }
                if (TryLeaf(node, out Scalar leaf)) { done[node] = leaf; continue; }
                stack.Push((node, true));
                // Children are pushed right to left so they are built left to right, in the order C# evaluates
                // them when the same code is traced: same node ids, hence the same summation order of adjoints.
                var children = Children(node).ToList();
                for (int i = children.Count - 1; i >= 0; i--) stack.Push((children[i], false));
            }
            return done[body];
        }

        private bool TryLeaf(Expression node, out Scalar value)
        {
            value = default;
            switch (node)
            {
                case ParameterExpression p when !arrayForm:
                    value = graph.Input(IndexOf(p));
                    return true;
                case ParameterExpression p:
                    throw Unsupported(node, $"the array parameter '{p.Name}' itself (only its elements {p.Name}[i] with a constant i can be used)");
                case BinaryExpression { NodeType: ExpressionType.ArrayIndex } index:
                    value = Element(index);
                    return true;
                case ConstantExpression or MemberExpression:
                    value = Number(Evaluate(node), node);
                    return true;
                // Integer (or float, decimal, bool) arithmetic on captured values: C#'s result, read now (n / 2 truncates).
                case not null when node.Type != typeof(double) && CapturedValues.IsCapturedValue(node):
                    value = Number(CapturedValues.Read(node), node);
                    return true;
                default:
                    return false;
            }
        }

        private IEnumerable<Expression> Children(Expression node) => node switch
        {
            BinaryExpression b when Syntax.BinaryOp(b.NodeType) is not null || b.NodeType is ExpressionType.Power
                or ExpressionType.AndAlso or ExpressionType.OrElse => [b.Left, b.Right],
            UnaryExpression u when u.NodeType is ExpressionType.Negate or ExpressionType.NegateChecked
                or ExpressionType.UnaryPlus or ExpressionType.Not => [u.Operand],
            UnaryExpression u when u.NodeType is ExpressionType.Convert or ExpressionType.ConvertChecked => [CheckConversion(u)],
            ConditionalExpression c => [c.Test, c.IfTrue, c.IfFalse],
            MethodCallExpression m when MathOpOf(m) is not null || CustomOpOf(m) is not null => m.Arguments,
            MethodCallExpression m when m.Method.DeclaringType == typeof(Math) && Syntax.MathOp(m.Method.Name, m.Arguments.Count) is not null
                => throw Unsupported(node,
                    $"Math.{m.Method.Name}({string.Join(", ", m.Method.GetParameters().Select(p => p.ParameterType.Name))}): " +
                    "only its double overload has an op (convert the arguments to double)"),
            MethodCallExpression m => throw Unsupported(node,
                $"the method {m.Method.DeclaringType?.Name}.{m.Method.Name}, which has no op (a custom op made with it as its value would be one)"),
            _ => throw Unsupported(node, Describe(node.NodeType)),
        };

        private Scalar Combine(Expression node)
        {
            switch (node)
            {
                case BinaryExpression { NodeType: ExpressionType.Power } b:
                    return Scalar.Pow(done[b.Left], done[b.Right]);
                case BinaryExpression { NodeType: ExpressionType.AndAlso } b:
                    return Scalar.Apply(OpTable.Select, done[b.Left], done[b.Right], 0.0);
                case BinaryExpression { NodeType: ExpressionType.OrElse } b:
                    return Scalar.Apply(OpTable.Select, done[b.Left], 1.0, done[b.Right]);
                case BinaryExpression b:
                    return Scalar.Apply(Syntax.BinaryOp(b.NodeType)!, done[b.Left], done[b.Right]);
                case UnaryExpression { NodeType: ExpressionType.Negate or ExpressionType.NegateChecked } u:
                    return -done[u.Operand];
                case UnaryExpression { NodeType: ExpressionType.Not } u:
                    return Scalar.Apply(OpTable.Equal, done[u.Operand], 0.0);
                case UnaryExpression u:
                    return done[u.Operand];
                case ConditionalExpression c:
                    return Scalar.Apply(OpTable.Select, done[c.Test], done[c.IfTrue], done[c.IfFalse]);
                case MethodCallExpression m when MathOpOf(m) is null && CustomOpOf(m) is { } custom:
                    return Scalar.Apply(custom, done[m.Arguments[0]], m.Arguments.Count > 1 ? done[m.Arguments[1]] : default, default, 0);
                case MethodCallExpression m:
                    var function = Syntax.MathFunction(m.Method.Name, m.Arguments.Count)!;
                    return function(done[m.Arguments[0]], m.Arguments.Count > 1 ? done[m.Arguments[1]] : default);
                default:
                    throw Unsupported(node, Describe(node.NodeType));
            }
        }

        private Scalar Element(BinaryExpression index)
        {
            if (!arrayForm || index.Left is not ParameterExpression)
                throw Unsupported(index, "an array other than the input array");
            object? i = CapturedValues.IsCapturedValue(index.Right) ? CapturedValues.Read(index.Right) : null;
            if (i is not int position)
                throw Unsupported(index,
                    "an array index that is not a constant (only x[i] with i computed from constants and captured variables is supported)");
            if ((uint)position >= (uint)dimension)
                throw new ArgumentException(
                    $"The quoted expression reads x[{position}], outside the dimension {dimension} (valid indices 0..{dimension - 1}).", "function");
            return graph.Input(position);
        }

        private int IndexOf(ParameterExpression p)
        {
            for (int i = 0; i < parameters.Count; i++) if (parameters[i] == p) return i;
            throw Unsupported(p, $"the parameter '{p.Name}' of an inner lambda");
        }

        /// <summary>The custom op made with this static method (<see cref="NamedCustomOps"/>); refused when several were.</summary>
        private static Op? CustomOpOf(MethodCallExpression m)
        {
            Op? op = NamedCustomOps.Find(m.Method, out bool ambiguous);
            if (ambiguous)
                throw Unsupported(m, $"the method {m.Method.DeclaringType?.Name}.{m.Method.Name}, the value of several custom ops " +
                    "(CustomOp.Unary/Binary were given it more than once, so which derivative is meant is unknown)");
            return op;
        }

        private static Op? MathOpOf(MethodCallExpression m)
            => m.Method.DeclaringType == typeof(Math) && m.Method.GetParameters().All(p => p.ParameterType == typeof(double))
                ? Syntax.MathOp(m.Method.Name, m.Arguments.Count) : null;

        // A conversion of a value that depends on the parameters is an identity only when it keeps every value:
        // (int)x truncates (a step function) and (float)x rounds, so quoting them as x would silently change the
        // function. Conversions of captured values are evaluated instead (Number checks the result is exact).
        private static Expression CheckConversion(UnaryExpression u)
        {
            bool exact = u.Type == typeof(double) && (u.Operand.Type == typeof(double) || ExactInDouble.Contains(u.Operand.Type)
                || CapturedValues.IsCapturedValue(u.Operand));
            if (!exact)
                throw Unsupported(u,
                    $"a conversion from {u.Operand.Type.Name} to {u.Type.Name} (only exact conversions to double are differentiable)");
            return u.Operand;
        }

        /// <summary>Types whose every value is a double: converting them to double keeps the value.</summary>
        private static readonly HashSet<Type> ExactInDouble =
            [typeof(float), typeof(Half), typeof(int), typeof(uint), typeof(short), typeof(ushort), typeof(sbyte), typeof(byte), typeof(char),
                typeof(bool)];

        private static Scalar Number(object? value, Expression node)
            => CapturedValues.ToDouble(value, out string reason) ?? throw Unsupported(node, reason);

        /// <summary>
        /// Reads a constant or a captured variable (a chain of fields/properties ending in a constant), or a computed captured value.
        /// </summary>
        private static object? Evaluate(Expression node)
            => CapturedValues.IsCapturedValue(node) ? CapturedValues.Read(node)
                : throw Unsupported(node, "a member of a computed value (only constants and captured variables are read)");

        private static string Describe(ExpressionType type) => type switch
        {
            ExpressionType.Loop => "a loop",
            ExpressionType.Assign or ExpressionType.AddAssign or ExpressionType.SubtractAssign or ExpressionType.MultiplyAssign
                or ExpressionType.DivideAssign or ExpressionType.PreIncrementAssign or ExpressionType.PostIncrementAssign => "an assignment",
            ExpressionType.Block => "a block",
            ExpressionType.Invoke => "a delegate invocation",
            ExpressionType.Lambda => "a nested lambda",
            _ => $"a {type} expression",
        };

        private static NotSupportedException Unsupported(Expression node, string what)
            => new($"Grad.CompileExpression cannot differentiate {what} (node {node.NodeType}: {Text(node)}). Quoted functions may use " +
                "+ - * /, unary minus, Math methods that have an op (Sin, Exp, Log, Sqrt, Pow, Abs, Max, Min, Tanh, Atan2, ...), " +
                "x[i] with a constant i, constants and captured numbers, ?: on comparisons, and numeric conversions.");

        // Expression.ToString() recurses over the whole tree: only print small trees (deep ones overflow the stack).
        private static string Text(Expression node)
        {
            if (!IsSmall(node, 200)) return $"a {node.NodeType} expression of type {node.Type.Name} with a large subtree";
            string text = node.ToString();
            return text.Length <= 200 ? text : text[..200] + "...";
        }

        private static bool IsSmall(Expression root, int limit)
        {
            var pending = new Stack<Expression>();
            pending.Push(root);
            int seen = 0;
            while (pending.Count > 0)
            {
                if (++seen > limit) return false;
                switch (pending.Pop())
                {
                    case BinaryExpression b: pending.Push(b.Left); pending.Push(b.Right); break;
                    case UnaryExpression { Operand: { } o }: pending.Push(o); break;
                    case ConditionalExpression c: pending.Push(c.Test); pending.Push(c.IfTrue); pending.Push(c.IfFalse); break;
                    case MethodCallExpression m: foreach (var a in m.Arguments) pending.Push(a); if (m.Object is { } t) pending.Push(t); break;
                    case BlockExpression k: foreach (var e in k.Expressions) pending.Push(e); break;
                    case InvocationExpression i: pending.Push(i.Expression); foreach (var a in i.Arguments) pending.Push(a); break;
                    case LoopExpression l: pending.Push(l.Body); break;
                    case ConstantExpression or ParameterExpression or MemberExpression or DefaultExpression or GotoExpression: break;
                    default: return false;
                }
            }
            return true;
        }
    }
}
