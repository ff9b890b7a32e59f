using ExprGrad.Workloads;

namespace ExprGrad.Perf;

/// <summary>The workloads of the comparison: the lecture's examples, Rosenbrock, ADBench GMM, the MLP and a branchy fit.</summary>
internal static class WorkloadCatalog
{
    /// <summary>
    /// All workloads, in table order, each written with C# loops (unrolled by tracing) and then, where it
    /// has one, with Scalar.Sum (compiled as a loop; data passed as data); GMM only when the ADBench data is present.
    /// </summary>
    public static IEnumerable<Workload> Quick()
    {
        yield return new LectureNeuron();
        yield return new LectureQuadratic();
        yield return new Rosenbrock(2);
        yield return new Rosenbrock(100);
        yield return new RosenbrockSum(100);
        yield return new Rosenbrock(10_000);
        yield return new RosenbrockSum(10_000);
        if (GmmData.Available)
        {
            GmmInstance instance = GmmData.Load("1k/gmm_d2_K5.txt");
            yield return new Gmm(instance);
            yield return new GmmSum(instance);
        }
        yield return new Mlp();
        yield return new MlpSum();
        yield return new ClampedFit();
    }

    /// <summary>
    /// The ADBench GMM instances of the GMM table and <see cref="GmmBenchmarks"/>, as paths in the data folder
    /// without ".txt": all nine 1k instances, then d = 2, 10, 20 with K = 5, 25 at 10k.
    /// </summary>
    public static IEnumerable<string> GmmInstances()
    {
        foreach (int d in new[] { 2, 10, 20 })
            foreach (int k in new[] { 5, 10, 25 })
                yield return $"1k/gmm_d{d}_K{k}";
        foreach (int d in new[] { 2, 10, 20 })
            foreach (int k in new[] { 5, 25 })
                yield return $"10k/gmm_d{d}_K{k}";
    }

    /// <summary>Loads an instance named as in <see cref="GmmInstances"/>.</summary>
    public static GmmInstance LoadGmm(string instance) => GmmData.Load(instance + ".txt");

    /// <summary>A workload by its <see cref="Workload.Name"/>, for BenchmarkDotNet parameters.</summary>
    public static Workload ByName(string name) => Quick().First(w => w.Name == name);

    /// <summary>The names, for BenchmarkDotNet's <c>ParamsSource</c>.</summary>
    public static IEnumerable<string> Names() => Quick().Select(w => w.Name);
}
