namespace ExprGrad.Compiler;

/// <summary>Span element access for generated code (indexers returning refs cannot be called from expression trees).</summary>
internal static class SpanAccess
{
    public static readonly System.Reflection.MethodInfo LoadMethod = typeof(SpanAccess).GetMethod(nameof(Load))!;
    public static readonly System.Reflection.MethodInfo StoreMethod = typeof(SpanAccess).GetMethod(nameof(Store))!;

    public static double Load(ReadOnlySpan<double> span, int index) => span[index];

    public static void Store(Span<double> span, int index, double value) => span[index] = value;

    public static readonly System.Reflection.MethodInfo AddMethod = typeof(SpanAccess).GetMethod(nameof(Add))!;

    /// <summary>span[index] = span[index] + value, with one bounds check (generated code never emits AddAssign).</summary>
    public static void Add(Span<double> span, int index, double value)
    {
        ref double cell = ref span[index];
        cell += value;
    }

    public static readonly System.Reflection.MethodInfo AddTwoMethod = typeof(SpanAccess).GetMethod(nameof(AddTwo))!;

    /// <summary>span[index] = (span[index] + first) + second.</summary>
    public static void AddTwo(Span<double> span, int index, double first, double second)
    {
        ref double cell = ref span[index];
        cell = cell + first + second;
    }

    public static readonly System.Reflection.MethodInfo SubtractMethod = typeof(SpanAccess).GetMethod(nameof(Subtract))!;

    /// <summary>span[index] = span[index] - value (adds a negated scatter <c>-1 * value</c>: the same bits).</summary>
    public static void Subtract(Span<double> span, int index, double value)
    {
        ref double cell = ref span[index];
        cell -= value;
    }

    public static readonly System.Reflection.MethodInfo AddSubtractMethod = typeof(SpanAccess).GetMethod(nameof(AddSubtract))!;

    /// <summary>span[index] = (span[index] + first) - second.</summary>
    public static void AddSubtract(Span<double> span, int index, double first, double second)
    {
        ref double cell = ref span[index];
        cell = cell + first - second;
    }
}
