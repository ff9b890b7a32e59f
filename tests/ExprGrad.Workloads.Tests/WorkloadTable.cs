namespace ExprGrad.Workloads.Tests;

/// <summary>The data-free workloads, by name.</summary>
internal static class WorkloadTable
{
    private static readonly Dictionary<string, Func<Workload>> Rows = new()
    {
        ["Rosenbrock n=2"] = () => new Rosenbrock(2),
        ["Rosenbrock n=100"] = () => new Rosenbrock(100),
        ["Rosenbrock n=10000"] = () => new Rosenbrock(10_000),
        ["MLP"] = () => new Mlp(),
        ["Lecture neuron"] = () => new LectureNeuron(),
        ["Lecture quadratic"] = () => new LectureQuadratic(),
        ["Sin chain 1000"] = () => new SinChain(),
        ["Random program 2000"] = () => new RandomProgram(),
    };

    public static TheoryData<string> Names => [.. Rows.Keys];

    public static Workload Create(string name) => Rows[name]();
}
