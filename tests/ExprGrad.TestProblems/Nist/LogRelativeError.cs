namespace ExprGrad.TestProblems;

/// <summary>
/// The log relative error of the NIST StRD literature and Ceres Solver's NIST example: the number of significant
/// digits a value shares with the certified one, −log₁₀(|b − c| / |c|), capped to [0, 11] (the certified values
/// have 11 digits). A run's LRE is the minimum over its parameters; a run with LRE ≥ 4 counts as solved.
/// </summary>
public static class LogRelativeError
{
    /// <summary>The cap: the digits the certified values are given to.</summary>
    public const double MaxDigits = 11;

    /// <summary>The digits a run needs in every parameter to count as solved.</summary>
    public const double SolvedDigits = 4;

    /// <summary>LRE of one value against its certified value (11 when equal, 0 when NaN or worse than 100% off).</summary>
    public static double Of(double value, double certified)
    {
        double lre = -Math.Log10(Math.Abs(value - certified) / Math.Abs(certified));
        return double.IsNaN(lre) ? 0 : Math.Clamp(lre, 0, MaxDigits);
    }

    /// <summary>LRE of each parameter.</summary>
    public static double[] PerParameter(ReadOnlySpan<double> values, ReadOnlySpan<double> certified)
    {
        var lre = new double[certified.Length];
        for (int i = 0; i < lre.Length; i++) lre[i] = Of(values[i], certified[i]);
        return lre;
    }

    /// <summary>A run's LRE: the smallest over its parameters.</summary>
    public static double OfRun(ReadOnlySpan<double> values, ReadOnlySpan<double> certified) => PerParameter(values, certified).Min();
}
