namespace ExprGrad.Optimization;

/// <summary>
/// Armijo backtracking: try t, t·ρ, t·ρ², … until f(x + t d) ≤ f(x) + c₁ t ∇f·d. A NaN or infinite trial
/// counts as "too long" and is shrunk like any other rejected step.
/// </summary>
internal static class BacktrackingLineSearch
{
    public static LineSearchOutcome Search(OptimizationRun run, GradientDescentOptions options,
        ReadOnlySpan<double> x, double value, ReadOnlySpan<double> direction, double slope, double initialStep,
        Span<double> xTrial, Span<double> gradientTrial)
    {
        double step = initialStep;
        bool lastNonFinite = false;
        for (int i = 0; i < options.MaxLineSearchEvaluations; i++)
        {
            SpanMath.AddScaled(x, step, direction, xTrial);
            double trial = run.Evaluate(xTrial, gradientTrial);
            lastNonFinite = !double.IsFinite(trial) || !SpanMath.AllFinite(gradientTrial);
            if (!lastNonFinite && trial <= value + options.SufficientDecrease * step * slope)
                return LineSearchOutcome.Accept(step, trial);
            step *= options.ShrinkFactor;
        }
        return LineSearchOutcome.Fail(lastNonFinite);
    }
}
