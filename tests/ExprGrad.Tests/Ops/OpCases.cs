using System.Globalization;
using ExprGrad.Ops;

namespace ExprGrad.Tests.Ops;

/// <summary>
/// What the table-driven op tests need from <see cref="OpTable.All"/>: names, sample points, parameters,
/// the function applying one op to a <see cref="Vec"/>, and number comparisons with readable failures.
/// Everything is derived from the table, so a new op is tested without new test code; user-defined ops registered in
/// <see cref="TestCustomOps"/> are tested the same way.
/// </summary>
public static class OpCases
{
    /// <summary>The table's ops, then the user-defined ops the tests register (<see cref="TestCustomOps"/>).</summary>
    public static TheoryData<string> Names => new(All.Select(op => op.Name));

    internal static IEnumerable<Op> All => OpTable.All.Concat(TestCustomOps.All);

    internal static Op Find(string name) => All.Single(op => op.Name == name);

    // Irregular fractions of the domain: no sample lands on a kink at its centre (abs at 0), and input i
    // reads them shifted by 2i, so the inputs of a binary op never tie (max, min).
    private static readonly double[] Fractions = [0.06, 0.21, 0.39, 0.54, 0.73, 0.91];

    // The exponents the brief asks for; any other parametric op is sampled at its edge cases' parameters.
    private static readonly Dictionary<string, double[]> ParametersByName = new()
    {
        ["powi"] = [2, 3, -1, 5, 0, 1, -2],
        ["powc"] = [0.5, 1.7, 0, 1, -0.5],
    };

    /// <summary>The compile-time parameters to test <paramref name="op"/> with (just 0 when it takes none).</summary>
    internal static double[] Parameters(Op op)
    {
        if (ParametersByName.TryGetValue(op.Name, out double[]? known)) return known;
        bool parametric = op.GetType().IsGenericType && op.GetType().GetGenericTypeDefinition() == typeof(ParametricOp<>);
        return parametric ? [.. op.EdgeCases.Select(e => e.Parameter).Distinct()] : [0];
    }

    /// <summary>
    /// Deterministic points inside <see cref="Op.Domain"/>. An input without a partial in an op whose other
    /// inputs have one is a selector (select's condition): it alternates 0 and 1 so both branches are sampled.
    /// </summary>
    internal static IEnumerable<double[]> Points(Op op)
    {
        bool anyPartial = Enumerable.Range(0, op.Arity).Any(op.HasPartial);
        Domain d = op.Domain;
        for (int k = 0; k < Fractions.Length; k++)
        {
            var x = new double[op.Arity];
            for (int i = 0; i < op.Arity; i++)
                x[i] = anyPartial && !op.HasPartial(i) ? k % 2
                    : d.Low + (d.High - d.Low) * Fractions[(k + 2 * i) % Fractions.Length];
            yield return x;
        }
    }

    /// <summary><paramref name="op"/> applied to the first <see cref="Op.Arity"/> entries of the input vector.</summary>
    internal static Func<Vec, Scalar> Function(Op op, double p)
        => v => Scalar.Apply(op, v[0], op.Arity > 1 ? v[1] : default, op.Arity > 2 ? v[2] : default, p);

    internal static double Eval(Op op, double[] x, double p)
        => op.Eval(x[0], op.Arity > 1 ? x[1] : 0, op.Arity > 2 ? x[2] : 0, p);

    /// <summary>
    /// The relative difference |a - b| / max(1, |a|, |b|) used by every tolerance in these tests: an
    /// absolute difference for numbers below 1, a relative one above.
    /// </summary>
    public static double RelativeDifference(double a, double b)
        => Math.Abs(a - b) / Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    /// <summary>
    /// <paramref name="actual"/> is <paramref name="expected"/>: NaN only for NaN, infinities exactly,
    /// finite numbers to <paramref name="tolerance"/> relative difference (-0.0 equals 0.0).
    /// </summary>
    public static void AssertClose(double expected, double actual, double tolerance, string what)
    {
        bool same = double.IsNaN(expected) ? double.IsNaN(actual)
            : double.IsInfinity(expected) || double.IsInfinity(actual) ? expected == actual
            : !double.IsNaN(actual) && RelativeDifference(expected, actual) <= tolerance;
        Assert.True(same, $"{what}: expected {Show(expected)}, got {Show(actual)} (tolerance {Show(tolerance)} relative)");
    }

    /// <summary>Value and every gradient entry of <paramref name="actual"/> are <paramref name="expected"/>'s (<see cref="AssertClose"/>).</summary>
    public static void AssertSameResult((double Value, double[] Gradient) expected, (double Value, double[] Gradient) actual, double tolerance, string what)
    {
        AssertClose(expected.Value, actual.Value, tolerance, $"{what}: value");
        for (int i = 0; i < expected.Gradient.Length; i++) AssertClose(expected.Gradient[i], actual.Gradient[i], tolerance, $"{what}: d/dx{i}");
    }

    public static string Show(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    public static string Show(IEnumerable<double> xs) => $"({string.Join(", ", xs.Select(Show))})";
}
