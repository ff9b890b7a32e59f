using System.Reflection;
using ExprGrad.Compiler;
using ExprGrad.Ops;
using ExprGrad.Tests.Reliability;
using ExprGrad.Tracer;

namespace ExprGrad.Tests.Ops;

/// <summary>
/// What is derived from <see cref="OpTable.All"/> by hand elsewhere, checked against it: every op has its public
/// <see cref="Scalar"/> function and its <see cref="Dual"/> twin, and the random-program generator produces it
/// (the README's row is checked by <see cref="ReadmeOpTableTests"/>). A new op that misses one fails here by name.
/// </summary>
public class OpTableCompletenessTests
{
    /// <summary>
    /// Ops without a Dual function: a comparison gives a <see cref="Condition"/>, which only <c>Scalar.Where</c> takes;
    /// dual numbers carry known values, so code on them compares <c>.Value</c> and chooses with C#'s <c>?:</c>.
    /// </summary>
    private static readonly HashSet<string> NoDual = ["gt", "ge", "lt", "le", "eq", "ne", "select"];

    /// <summary>
    /// Ops the random programs may never make, with the reason (none today: mul0, the NaN-safe product, comes from
    /// pow's partial). The test fails when an op listed here is made after all, so the list cannot go stale.
    /// </summary>
    private static readonly HashSet<string> NotGenerated = [];

    /// <summary>The table's ops only: user-defined ops have no public function, row or generator kind of their own.</summary>
    public static TheoryData<string> Names => new(OpTable.All.Select(op => op.Name));

    [Theory, MemberData(nameof(Names))]
    public void Every_op_has_a_public_Scalar_function_unless_it_is_internal(string name)
    {
        Op op = OpCases.Find(name);
        bool hasFunction = PublicFunctions.OfScalar.ContainsKey(op);
        bool isInternal = ReadmeOpTable.Internal.ContainsKey(name);
        Assert.True(hasFunction != isInternal, hasFunction
            ? $"'{name}' has a public Scalar function but is listed as internal in ReadmeOpTable.Internal"
            : $"'{name}' has no public Scalar function applying it to its arguments: add one in its family file (src/Ops/Families)");
    }

    [Theory, MemberData(nameof(Names))]
    public void Every_op_with_a_public_function_has_a_Dual_twin_that_computes_the_same(string name)
    {
        Op op = OpCases.Find(name);
        if (NoDual.Contains(name) || !PublicFunctions.OfScalar.TryGetValue(op, out var functions)) return;
        foreach (var function in functions)
        {
            MethodInfo scalar = function.Method;
            Type[] types = [.. scalar.GetParameters().Select(p => p.ParameterType == typeof(Scalar) ? typeof(Dual) : p.ParameterType)];
            MethodInfo? dual = typeof(Dual).GetMethod(scalar.Name, BindingFlags.Public | BindingFlags.Static, types);
            Assert.True(dual is not null && dual.ReturnType == typeof(Dual),
                $"'{name}': Scalar.{scalar.Name}({string.Join(", ", scalar.GetParameters().Select(p => p.ParameterType.Name))}) has no Dual twin");
            // The twin applies the same op: value and derivative in the first argument match the rule's.
            double[] x = [.. Enumerable.Range(0, op.Arity).Select(i => op.Domain.Low + (op.Domain.High - op.Domain.Low) * (0.3 + 0.2 * i))];
            int next = 0;
            object[] args = [.. types.Select(t => t == typeof(double) ? (object)function.Parameter
                : next == 0 ? Dual.Variable(x[next++]) : (object)Dual.Constant(x[next++]))];
            var result = (Dual)dual.Invoke(null, args)!;
            double y = op.Eval(x[0], x.ElementAtOrDefault(1), x.ElementAtOrDefault(2), function.Parameter);
            OpCases.AssertClose(y, result.Value, 1e-15, $"Dual.{dual.Name} value");
            double partial = op.PartialTimesReal(0, x[0], x.ElementAtOrDefault(1), x.ElementAtOrDefault(2), y, function.Parameter, 1, false);
            OpCases.AssertClose(partial, result.Derivative, 1e-15, $"Dual.{dual.Name} derivative");
        }
    }

    [Fact]
    public void The_random_program_generator_makes_every_op()
    {
        var made = new HashSet<Op>();
        for (int kind = 0; kind < RandomProgramGen.AllKinds.Length; kind++)
            for (int variant = 0; variant < 84; variant++) // every exponent, comparison and guard of every kind
            {
                RandomProgram program = RandomProgramGen.Build(4, [new RandomProgramGen.RawNode(kind, variant, [0, 1, 2, 3])],
                    RandomProgramGen.AllKinds, RandomProgramGen.AllGuards);
                Traced traced = FunctionTracer.Trace(program.AsFunction(), program.Inputs);
                Graph reverse = ReverseTransform.Apply(traced.Graph, traced.Output, strongZero: false).Graph; // derivatives too: atleast
                for (int k = 0; k < reverse.Count; k++) if (reverse[k].Kind == NodeKind.Operation) made.Add(reverse[k].Op);
            }
        string[] missing = [.. OpTable.All.Where(op => !made.Contains(op) && !NotGenerated.Contains(op.Name)).Select(op => op.Name)];
        Assert.True(missing.Length == 0,
            $"The random programs never make {string.Join(", ", missing)}: add a Kind to tests/ExprGrad.Tests/Reliability/RandomProgram.cs");
        Assert.DoesNotContain(OpTable.All.Where(op => NotGenerated.Contains(op.Name)), made.Contains);
    }
}
