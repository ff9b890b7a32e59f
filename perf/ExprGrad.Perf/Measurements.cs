namespace ExprGrad.Perf;

/// <summary>One approach's time on one workload divided by the hand-written gradient's time.</summary>
internal sealed record RatioToHand(string Workload, string Approach, double Ratio);

/// <summary>One L-BFGS run: the objective after each iteration and the wall time at which it was reached.</summary>
internal sealed record OptimizationTrace(string Gradient, double[] Values, double[] Milliseconds);
