namespace ExprGrad.Workloads.Tests;

/// <summary>Every data-free workload: hand gradient checked by GradCheck, and the IGradient contract.</summary>
public class HandGradientTests
{
    public static TheoryData<string> Names => WorkloadTable.Names;

    [Theory, MemberData(nameof(Names))]
    public void Gradient_passes_GradCheck_at_the_start_point(string name)
    {
        Workload workload = WorkloadTable.Create(name);
        FiniteDifference.Check(workload, workload.StartPoint());
    }

    [Theory, MemberData(nameof(Names))]
    public void Gradient_passes_GradCheck_at_a_seeded_random_point(string name)
    {
        Workload workload = WorkloadTable.Create(name);
        FiniteDifference.Check(workload, FiniteDifference.NearStart(workload, seed: 7));
    }

    [Theory, MemberData(nameof(Names))]
    public void Value_and_gradient_returns_the_primal_value(string name)
    {
        Workload workload = WorkloadTable.Create(name);
        double[] x = FiniteDifference.NearStart(workload, seed: 11);
        double value = workload.ValueAndGradient(x, new double[workload.Dimension]);
        // Same arithmetic in both paths; 1e-14 leaves room for a reordered sum.
        Close.Relative(workload.Value(x), value, 1e-14, name);
    }

    [Theory, MemberData(nameof(Names))]
    public void Hand_code_allocates_nothing_per_call(string name)
    {
        Workload workload = WorkloadTable.Create(name);
        Allocations.AssertNone(workload);
    }

    [Theory, MemberData(nameof(Names))]
    public void Wrong_lengths_are_rejected(string name)
    {
        Workload workload = WorkloadTable.Create(name);
        var tooLong = new double[workload.Dimension + 1];
        Assert.Throws<ArgumentException>(() => workload.Value(tooLong));
        Assert.Throws<ArgumentException>(() => workload.ValueAndGradient(workload.StartPoint(), tooLong));
    }

    [Theory, MemberData(nameof(Names))]
    public void Start_point_has_the_dimension_and_is_a_fresh_copy(string name)
    {
        Workload workload = WorkloadTable.Create(name);
        double[] first = workload.StartPoint();
        Assert.Equal(workload.Dimension, first.Length);
        double original = first[0];
        first[0] = 1e300;
        Assert.Equal(original, workload.StartPoint()[0], 0.0);
    }
}
