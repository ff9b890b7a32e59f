using static ExprGrad.Scalar;

namespace ExprGrad.Workloads;

/// <summary>
/// A random straight-line program with nothing to recover (issue 13 §3): 20 inputs, then 2,000 operations
/// (add, subtract, multiply, sine, tanh, times a constant) on earlier values, drawn with a fixed seed; the result is
/// the sum of the values nothing else reads. Operands come mostly from the last 32 values, as in code people write.
/// </summary>
/// <remarks>
/// The hand gradient is a hand-written reverse sweep over the array of operations (plain C#, no ExprGrad code): a
/// switch on the operation per node forward and backward, values and adjoints in arrays. It is an interpreter of
/// the program, not the program written out as C# statements, so it pays a dispatch per node that a person writing
/// the 2,000 statements out would not.
/// </remarks>
public sealed class RandomProgram : Workload
{
    /// <summary>Number of operations after the inputs.</summary>
    public const int Operations = 2000;

    private const int Inputs = 20, Window = 32, Seed = 2026;
    private enum Op : byte { Add, Sub, Mul, Sin, Tanh, Scale }

    private readonly Op[] ops = new Op[Operations];
    private readonly int[] left = new int[Operations], right = new int[Operations];
    private readonly double[] constants = new double[Operations];
    private readonly bool[] sink;
    private readonly double[] values = new double[Inputs + Operations], adjoints = new double[Inputs + Operations];

    /// <summary>Draws the program (the same one every time).</summary>
    public RandomProgram() : base($"Random program {Operations}", Inputs)
    {
        var random = new Random(Seed);
        sink = new bool[Inputs + Operations];
        Array.Fill(sink, true);
        for (int k = 0; k < Operations; k++)
        {
            int count = Inputs + k;
            int Pick() => random.Next(4) == 0 ? random.Next(count) : count - 1 - random.Next(Math.Min(Window, count));
            ops[k] = (Op)random.Next(6);
            left[k] = Pick();
            right[k] = Pick();
            constants[k] = Math.Round(random.NextDouble() * 2 - 1, 3);
            sink[left[k]] = false;
            if (ops[k] is Op.Add or Op.Sub or Op.Mul) sink[right[k]] = false;
        }
    }

    /// <inheritdoc/>
    public override Func<Vec, Scalar> Function => Objective;

    /// <summary>Inputs spread over [-1, 1].</summary>
    public override double[] StartPoint()
    {
        var x = new double[Inputs];
        for (int i = 0; i < Inputs; i++) x[i] = -1 + 2.0 * i / (Inputs - 1);
        return x;
    }

    private Scalar Objective(Vec x)
    {
        var v = new Scalar[Inputs + Operations];
        for (int i = 0; i < Inputs; i++) v[i] = x[i];
        for (int k = 0; k < Operations; k++)
        {
            Scalar a = v[left[k]], b = v[right[k]];
            v[Inputs + k] = ops[k] switch
            {
                Op.Add => a + b,
                Op.Sub => a - b,
                Op.Mul => a * b,
                Op.Sin => Sin(a),
                Op.Tanh => Tanh(a),
                _ => a * constants[k],
            };
        }
        Scalar sum = 0.0;
        for (int i = Inputs; i < v.Length; i++) if (sink[i]) sum += v[i];
        return sum;
    }

    /// <inheritdoc/>
    protected override double HandValue(ReadOnlySpan<double> x)
    {
        Forward(x);
        double sum = 0;
        for (int i = Inputs; i < values.Length; i++) if (sink[i]) sum += values[i];
        return sum;
    }

    /// <inheritdoc/>
    protected override double HandGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        double sum = HandValue(x);
        Array.Clear(adjoints);
        for (int i = Inputs; i < values.Length; i++) if (sink[i]) adjoints[i] = 1;
        for (int k = Operations - 1; k >= 0; k--)
        {
            double d = adjoints[Inputs + k];
            int a = left[k], b = right[k];
            switch (ops[k])
            {
                case Op.Add: adjoints[a] += d; adjoints[b] += d; break;
                case Op.Sub: adjoints[a] += d; adjoints[b] -= d; break;
                case Op.Mul: adjoints[a] += d * values[b]; adjoints[b] += d * values[a]; break;
                case Op.Sin: adjoints[a] += d * Math.Cos(values[a]); break;
                case Op.Tanh: { double t = values[Inputs + k]; adjoints[a] += d * (1 - t * t); break; }
                default: adjoints[a] += d * constants[k]; break;
            }
        }
        for (int i = 0; i < Inputs; i++) gradient[i] = adjoints[i];
        return sum;
    }

    private void Forward(ReadOnlySpan<double> x)
    {
        x.CopyTo(values);
        for (int k = 0; k < Operations; k++)
        {
            double a = values[left[k]], b = values[right[k]];
            values[Inputs + k] = ops[k] switch
            {
                Op.Add => a + b,
                Op.Sub => a - b,
                Op.Mul => a * b,
                Op.Sin => Math.Sin(a),
                Op.Tanh => Math.Tanh(a),
                _ => a * constants[k],
            };
        }
    }
}
