using ExprGrad.Workloads;

namespace ExprGrad.Perf;

/// <summary>The workloads of the comparison: the lecture's examples, Rosenbrock, ADBench GMM and the MLP.</summary>
internal static class WorkloadCatalog
{
    /// <summary>All workloads, in table order; GMM only when the ADBench data is present.</summary>
    public static IEnumerable<Workload> Quick()
    {
        yield return new LectureNeuron();
        yield return new LectureQuadratic();
        yield return new Rosenbrock(2);
        yield return new Rosenbrock(100);
        yield return new Rosenbrock(10_000);
        if (GmmData.Available) yield return new Gmm(GmmData.Load("1k/gmm_d2_K5.txt"));
        yield return new Mlp();
    }

    /// <summary>A workload by its <see cref="Workload.Name"/>, for BenchmarkDotNet parameters.</summary>
    public static Workload ByName(string name) => Quick().First(w => w.Name == name);

    /// <summary>The names, for BenchmarkDotNet's <c>ParamsSource</c>.</summary>
    public static IEnumerable<string> Names() => Quick().Select(w => w.Name);
}
