using System.Collections.Concurrent;
using System.Reflection;

namespace ExprGrad.Ops;

/// <summary>
/// Custom ops a quoted expression can name: those whose value is a static method on doubles (a method group such as
/// <c>SpecialFunctions.Erf</c>), by that method. A quoted <c>SpecialFunctions.Erf(x[0])</c> then differentiates with the
/// custom op's derivative. Two custom ops made with the same method leave it ambiguous: quoting it is refused rather than
/// guessing which derivative was meant.
/// </summary>
internal static class NamedCustomOps
{
    private static readonly ConcurrentDictionary<MethodInfo, Op?> ByMethod = new(); // null: ambiguous

    /// <summary>Registers <paramref name="op"/> under its value's method when that is a static method of doubles.</summary>
    public static void Register(Delegate value, Op op)
    {
        MethodInfo method = value.Method;
        // System.Math's methods name the table's ops in quoted code: a custom op made with Math.Sin must not take them over.
        if (value.Target is not null || !method.IsStatic || method.GetParameters().Length != op.Arity || method.DeclaringType == typeof(Math)) return;
        ByMethod.AddOrUpdate(method, op, (_, existing) => ReferenceEquals(existing, op) ? op : null);
    }

    /// <summary>The custom op made with <paramref name="method"/>, if any; <paramref name="ambiguous"/> when several were.</summary>
    public static Op? Find(MethodInfo method, out bool ambiguous)
    {
        ambiguous = ByMethod.TryGetValue(method, out Op? op) && op is null;
        return op;
    }
}
