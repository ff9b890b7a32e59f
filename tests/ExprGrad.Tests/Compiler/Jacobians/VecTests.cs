using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Jacobians;

/// <summary>Vec.Of and Vec.Map in every mode: lists and maps are built eagerly in tape and forward mode, traced in compiled mode.</summary>
public class VecTests
{
    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Vec_Of_and_Vec_Map_build_vectors_a_function_can_read(string mode)
    {
        // Eager modes iterate the map; compiled mode reads only lists (a traced map's entries are outputs).
        Scalar F(Vec x)
        {
            Vec list = Vec.Of(x[0] * x[1], 2.0, Sin(x[1]));
            Scalar total = list[0] + list[1] * list[2];
            if (!mode.StartsWith("compiled", StringComparison.Ordinal))
            {
                Vec squares = Vec.Map(x.Length, i => Square(x[i]));
                total += squares[0] + squares[1];
            }
            return total;
        }
        var (value, gradient) = Modes.Evaluate(Modes.Create(mode, F, 2), 0.5, -1.5);
        bool eager = !mode.StartsWith("compiled", StringComparison.Ordinal);
        Assert.Equal(0.5 * -1.5 + 2 * Math.Sin(-1.5) + (eager ? 0.25 + 2.25 : 0), value, 1e-15);
        Assert.Equal(-1.5 + (eager ? 1.0 : 0), gradient[0], 1e-15);
        Assert.Equal(0.5 + 2 * Math.Cos(-1.5) + (eager ? -3.0 : 0), gradient[1], 1e-15);
    }

    [Fact]
    public void Vec_Of_copies_its_entries_and_converts_constants()
    {
        Scalar[] items = [1.0, 2.0];
        Vec v = Vec.Of(items);
        items[0] = 5.0;
        Assert.Equal(2, v.Length);
        Assert.Equal("1", v[0].ToString());
        Assert.Equal(0, Vec.Of().Length);
        Assert.Equal(3, Vec.Of(1.0, 2.0, 3.0).Length);
    }

    [Fact]
    public void Vec_Map_outside_any_recording_evaluates_constants()
    {
        Vec v = Vec.Map(4, i => Square(Vec.Of(1.0, 2.0, 3.0, 4.0)[i]));
        Assert.Equal(["1", "4", "9", "16"], Enumerable.Range(0, 4).Select(k => v[k].ToString()));
        Assert.Equal(0, Vec.Map(0, i => 1.0).Length);
    }

    [Fact]
    public void A_function_may_return_its_inputs_or_its_data()
    {
        var identity = Grad.CompileJacobian(x => x, 3);
        double[] values = new double[3], jacobian = new double[9];
        identity.Evaluate([1.0, 2, 3], values, jacobian);
        Assert.Equal([1.0, 2, 3], values);
        Assert.Equal([1.0, 0, 0, 0, 1, 0, 0, 0, 1], jacobian);
        Assert.Equal(1, identity.Colors);

        var data = Grad.CompileJacobian((x, d) => d, 2, 3);
        data.Evaluate([1.0, 2], [7.0, 8, 9], values, new double[6]);
        Assert.Equal([7.0, 8, 9], values);
    }
}
