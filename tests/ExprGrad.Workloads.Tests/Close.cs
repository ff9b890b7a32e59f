namespace ExprGrad.Workloads.Tests;

/// <summary>Number comparisons that state their tolerance and report the error they saw.</summary>
internal static class Close
{
    /// <summary>ADBench's rule: |x - y| / max(1, |x| + |y|) &lt; tolerance (absolute near 0, relative for large values).</summary>
    public static void Adbench(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(expected - actual) / Math.Max(1, Math.Abs(expected) + Math.Abs(actual));
        Assert.True(error < tolerance, $"{what}: expected {expected:R}, got {actual:R}; ADBench error {error:E2} is not below {tolerance:E0}.");
    }

    /// <summary>|expected - actual| / |expected| &lt;= tolerance.</summary>
    public static void Relative(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(expected - actual) / Math.Abs(expected);
        Assert.True(error <= tolerance, $"{what}: expected {expected:R}, got {actual:R}; relative error {error:E2} exceeds {tolerance:E0}.");
    }
}
