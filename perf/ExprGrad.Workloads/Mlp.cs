using static ExprGrad.Scalar;

namespace ExprGrad.Workloads;

/// <summary>
/// W3, a small neural network's training loss: 10 inputs, 32 tanh hidden units, 1 linear output, and the
/// mean squared error over 100 fixed samples, L = (1/100) * sum over s of (y(sample s) - target s)^2,
/// as a function of all 385 weights.
/// </summary>
/// <remarks>
/// Weight layout (<see cref="Workload.Dimension"/> = 385): W1 (32 x 10, row-major: W1[h, i] at h*10 + i), then b1 (32),
/// then W2 (32), then b2 (1). The network is y = b2 + sum over h of W2[h] tanh(b1[h] + sum over i of W1[h, i] x[i]).
/// Samples: <c>new Random(<see cref="Mlp.SampleSeed"/>)</c> draws the 100 x 10 inputs, row by row, uniformly in
/// [-1, 1); the target of sample x is sin(x[0] + x[1]) + x[2] x[3]. Start point: <c>new Random(<see cref="Mlp.StartSeed"/>)</c>
/// draws W1 uniformly in [-1, 1)/sqrt(10), then W2 uniformly in [-1, 1)/sqrt(32); the biases start at 0.
/// </remarks>
public sealed class Mlp : Workload
{
    /// <summary>Inputs per sample.</summary>
    public const int Inputs = 10;
    /// <summary>Hidden tanh units.</summary>
    public const int Hidden = 32;
    /// <summary>Number of fixed training samples.</summary>
    public const int Samples = 100;
    /// <summary>Seed of the <see cref="Random"/> that draws the samples.</summary>
    public const int SampleSeed = 2024;
    /// <summary>Seed of the <see cref="Random"/> that draws the start weights.</summary>
    public const int StartSeed = 2025;

    private const int B1 = Hidden * Inputs, W2 = B1 + Hidden, B2 = W2 + Hidden, WeightCount = B2 + 1;

    private readonly double[] inputs = new double[Samples * Inputs];
    private readonly double[] targets = new double[Samples];
    private readonly double[] activations = new double[Hidden];
    private readonly Func<Vec, Scalar> traced;

    /// <summary>Creates the network and draws its samples.</summary>
    public Mlp() : base($"MLP {Inputs}-{Hidden}-1, {Samples} samples", WeightCount)
    {
        var random = new Random(SampleSeed);
        for (int k = 0; k < inputs.Length; k++) inputs[k] = 2 * random.NextDouble() - 1;
        for (int s = 0; s < Samples; s++)
        {
            ReadOnlySpan<double> x = SampleInputs(s);
            targets[s] = Math.Sin(x[0] + x[1]) + x[2] * x[3];
        }
        traced = Loss;
    }

    /// <summary>The inputs of sample <paramref name="s"/> (the same data the function closes over).</summary>
    internal ReadOnlySpan<double> SampleInputs(int s) => inputs.AsSpan(s * Inputs, Inputs);

    /// <summary>The target of sample <paramref name="s"/>.</summary>
    internal double Target(int s) => targets[s];

    /// <inheritdoc/>
    public override bool HasPlainLoops => true;

    /// <inheritdoc/>
    public override Func<Vec, Scalar> Function => traced;

    /// <summary>Small random weights, zero biases (see the remarks for the seed and ranges).</summary>
    public override double[] StartPoint()
    {
        var w = new double[WeightCount];
        var random = new Random(StartSeed);
        for (int k = 0; k < B1; k++) w[k] = (2 * random.NextDouble() - 1) / Math.Sqrt(Inputs);
        for (int h = 0; h < Hidden; h++) w[W2 + h] = (2 * random.NextDouble() - 1) / Math.Sqrt(Hidden);
        return w;
    }

    private Scalar Loss(Vec w)
    {
        Scalar loss = 0.0;
        for (int s = 0; s < Samples; s++)
        {
            Scalar y = w[B2];
            for (int h = 0; h < Hidden; h++)
            {
                Scalar z = w[B1 + h];
                for (int i = 0; i < Inputs; i++) z += w[h * Inputs + i] * inputs[s * Inputs + i];
                y += w[W2 + h] * Tanh(z);
            }
            loss += Square(y - targets[s]);
        }
        return loss / Samples;
    }

    /// <inheritdoc/>
    protected override double HandValue(ReadOnlySpan<double> w)
    {
        double loss = 0;
        for (int s = 0; s < Samples; s++)
        {
            ReadOnlySpan<double> x = inputs.AsSpan(s * Inputs, Inputs);
            double y = w[B2];
            for (int h = 0; h < Hidden; h++)
            {
                ReadOnlySpan<double> row = w.Slice(h * Inputs, Inputs);
                double z = w[B1 + h];
                for (int i = 0; i < Inputs; i++) z += row[i] * x[i];
                y += w[W2 + h] * Math.Tanh(z);
            }
            double r = y - targets[s];
            loss += r * r;
        }
        return loss / Samples;
    }

    /// <inheritdoc/>
    protected override double HandGradient(ReadOnlySpan<double> w, Span<double> gradient)
    {
        gradient.Clear();
        Span<double> a = activations;
        double loss = 0;
        for (int s = 0; s < Samples; s++)
        {
            ReadOnlySpan<double> x = inputs.AsSpan(s * Inputs, Inputs);
            double y = w[B2];
            for (int h = 0; h < Hidden; h++)
            {
                ReadOnlySpan<double> row = w.Slice(h * Inputs, Inputs);
                double z = w[B1 + h];
                for (int i = 0; i < Inputs; i++) z += row[i] * x[i];
                a[h] = Math.Tanh(z);
                y += w[W2 + h] * a[h];
            }
            double r = y - targets[s];
            loss += r * r;

            double yBar = 2 * r / Samples;
            gradient[B2] += yBar;
            for (int h = 0; h < Hidden; h++)
            {
                gradient[W2 + h] += yBar * a[h];
                double zBar = yBar * w[W2 + h] * (1 - a[h] * a[h]);
                gradient[B1 + h] += zBar;
                Span<double> rowBar = gradient.Slice(h * Inputs, Inputs);
                for (int i = 0; i < Inputs; i++) rowBar[i] += zBar * x[i];
            }
        }
        return loss / Samples;
    }
}
