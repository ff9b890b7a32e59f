using System.Linq.Expressions;
using System.Numerics;
using System.Reflection;

namespace ExprGrad.Tracer;

/// <summary>
/// The parts of a quoted function that do not depend on its parameters — constants, captured variables, and
/// arithmetic, comparisons and conversions over them — read once at compile time with C#'s own semantics
/// (<c>n / 2</c> on ints truncates, as the lambda would), then turned into a double only when that is exact.
/// </summary>
internal static class CapturedValues
{
    /// <summary>Integers up to 2^53 in magnitude are exact doubles; beyond, a long or ulong may round.</summary>
    public const long ExactIntegerLimit = 1L << 53;

    /// <summary>
    /// True when <paramref name="node"/> reads no parameter and only constants, fields, properties, array elements,
    /// operators and conversions (never a method call: it could have effects, and would be frozen).
    /// </summary>
    public static bool IsCapturedValue(Expression node)
    {
        var pending = new Stack<Expression>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case ConstantExpression:
                    break;
                case MemberExpression m:
                    if (m.Expression is { } target) pending.Push(target);
                    break;
                case UnaryExpression u when u.Method is null || u.Method.DeclaringType == u.Operand.Type || u.Method.DeclaringType == u.Type:
                    pending.Push(u.Operand); // operators and conversions, also decimal's and other numeric types' own
                    break;
                case BinaryExpression b when b.Conversion is null:
                    pending.Push(b.Left);
                    pending.Push(b.Right);
                    break;
                case ConditionalExpression c:
                    pending.Push(c.Test);
                    pending.Push(c.IfTrue);
                    pending.Push(c.IfFalse);
                    break;
                default:
                    return false; // a parameter, a call, a lambda, a block...
            }
        }
        return true;
    }

    /// <summary>
    /// Reads a captured value (see <see cref="IsCapturedValue"/>): members by reflection, anything else evaluated as C# evaluates it.
    /// </summary>
    /// <exception cref="ArgumentException">Evaluating it throws (the quoted function would throw at every call).</exception>
    public static object? Read(Expression node)
    {
        if (TryReadMembers(node, out object? value)) return value;
        try
        {
            return Expression.Lambda<Func<object?>>(Expression.Convert(node, typeof(object))).Compile(preferInterpretation: true)();
        }
        catch (Exception e)
        {
            throw new ArgumentException($"Reading the captured expression {node} threw {e.GetType().Name}: {e.Message}", "function", e);
        }
    }

    /// <summary>A constant, or a chain of fields/properties ending in a constant or a static member.</summary>
    private static bool TryReadMembers(Expression node, out object? value)
    {
        var chain = new Stack<MemberInfo>();
        Expression? e = node;
        while (e is MemberExpression m) { chain.Push(m.Member); e = m.Expression; }
        value = null;
        if (e is ConstantExpression c) value = c.Value;
        else if (e is not null) return false;
        while (chain.Count > 0)
        {
            MemberInfo member = chain.Pop();
            if (member is FieldInfo f) value = f.GetValue(value);
            else if (member is PropertyInfo p) value = p.GetValue(value);
            else return false;
        }
        return true;
    }

    /// <summary>
    /// The double a captured value stands for, or null with the reason when there is none exactly: every sbyte, byte,
    /// short, ushort, int, uint, char, float and Half is a double; a long or ulong only up to 2^53 in
    /// magnitude; a decimal only when it is a double's value (0.5m, not 0.1m); a bool is 1 or 0.
    /// </summary>
    public static double? ToDouble(object? value, out string reason)
    {
        reason = "";
        switch (value)
        {
            case double d: return d;
            case float f: return f;
            case Half h: return (double)h;
            case int or short or sbyte or byte or ushort or uint: return Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            case char c: return c;
            case bool b: return b ? 1 : 0;
            case long or ulong:
                Int128 n = value is long l ? l : (ulong)value;
                if (Int128.Abs(n) <= ExactIntegerLimit) return (double)n;
                reason = $"the {value.GetType().Name} {n}: integers beyond 2^53 = {ExactIntegerLimit} in magnitude are not all exact doubles " +
                    "(convert it to double outside the quoted function if rounding is intended)";
                return null;
            case decimal m:
                double rounded = (double)m;
                if (Equal(m, rounded)) return rounded;
                reason = $"the decimal {m}, which is not exactly a double (convert it to double outside the quoted function if rounding is intended)";
                return null;
            default:
                reason = $"a value of type {value?.GetType().Name ?? "null"} (only numbers can be captured)";
                return null;
        }
    }

    /// <summary>Exact comparison ((decimal)d rounds to 15 digits, so it cannot tell 0.1m from the double nearest 0.1).</summary>
    private static bool Equal(decimal m, double d)
    {
        // m = n / 10^scale and d = mantissa * 2^exponent: compare n * 2^-exponent with mantissa * 10^scale as integers.
        int[] bits = decimal.GetBits(m);
        BigInteger n = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        if (bits[3] < 0) n = -n;
        int scale = (bits[3] >> 16) & 0xFF;
        long raw = BitConverter.DoubleToInt64Bits(d);
        int biased = (int)((raw >> 52) & 0x7FF);
        long fraction = raw & ((1L << 52) - 1);
        BigInteger mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        if (raw < 0) mantissa = -mantissa;
        int exponent = (biased == 0 ? 1 : biased) - 1075;
        BigInteger left = exponent < 0 ? n << -exponent : n;
        BigInteger right = (exponent > 0 ? mantissa << exponent : mantissa) * BigInteger.Pow(10, scale);
        return left == right;
    }
}
