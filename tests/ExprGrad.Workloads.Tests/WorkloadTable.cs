namespace ExprGrad.Workloads.Tests;

/// <summary>The data-free workloads, by name, each with the finite-difference step and tolerance it is checked at.</summary>
internal static class WorkloadTable
{
    private static readonly Dictionary<string, (Func<Workload> Create, double Step, double Tolerance)> Rows = new()
    {
        // Worst errors seen (start point / random point) are in the comments: tolerances leave 10x or more.
        // A wrong derivative shows up as an error of order 0.1 to 1, far above any of these.
        ["Rosenbrock n=2"] = (() => new Rosenbrock(2), 1e-6, 1e-9),              // 1e-11 / 2e-11
        // f is O(1e4) at the random point: the round-off eps |f| / h is about 1e-6 absolute.
        ["Rosenbrock n=100"] = (() => new Rosenbrock(100), 1e-6, 1e-6),           // 4e-9 / 1.1e-7
        // f is O(1e6): a larger step keeps the round-off down; the truncation h^2 |f'''| stays near 1e-8.
        ["Rosenbrock n=10000"] = (() => new Rosenbrock(10_000), 1e-4, 1e-5),      // 1.4e-8 / 1.4e-6
        ["MLP"] = (() => new Mlp(), 1e-6, 1e-8),                                  // 4e-10 / 9e-10
        ["Lecture neuron"] = (() => new LectureNeuron(), 1e-6, 1e-9),             // 7e-11 / 7e-11
        ["Lecture quadratic"] = (() => new LectureQuadratic(), 1e-6, 1e-9),       // 2e-11 / 2e-11
        ["Sin chain 1000"] = (() => new SinChain(), 1e-6, 1e-8),                  // 1.9e-10 at the start point
        ["Random program 2000"] = (() => new RandomProgram(), 1e-6, 1e-7),        // 6.4e-9 at the start point
    };

    public static TheoryData<string> Names => [.. Rows.Keys];

    public static Workload Create(string name) => Rows[name].Create();

    public static double Step(string name) => Rows[name].Step;

    public static double Tolerance(string name) => Rows[name].Tolerance;
}
