namespace ExprGrad.Optimization.Tests;

/// <summary>
/// A seeded synthetic binary-classification data set: features ~ N(0, 1), labels drawn from
/// P(y = 1) = σ(b + w·x) with known true weights.
/// </summary>
public sealed class SyntheticLogistic
{
    public static readonly double[] TrueWeights = [1.5, -2.0, 0.5, 0.0]; // then the bias
    public const double TrueBias = -0.3;

    public SyntheticLogistic(int rows, int seed)
    {
        var random = new Random(seed);
        Features = new double[rows, TrueWeights.Length];
        Labels = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double z = TrueBias;
            for (int j = 0; j < TrueWeights.Length; j++)
            {
                Features[i, j] = StandardNormal(random);
                z += TrueWeights[j] * Features[i, j];
            }
            Labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
        }
    }

    public double[,] Features { get; }
    public double[] Labels { get; }
    public int Rows => Labels.Length;
    public int Parameters => TrueWeights.Length + 1;

    /// <summary>The rows flattened as a data vector: row i is (x₁ … x₄, label) at <c>[5i … 5i + 4]</c>.</summary>
    public double[] FlattenedRows()
    {
        int d = TrueWeights.Length;
        var data = new double[(d + 1) * Rows];
        for (int i = 0; i < Rows; i++)
        {
            for (int j = 0; j < d; j++) data[(d + 1) * i + j] = Features[i, j];
            data[(d + 1) * i + d] = Labels[i];
        }
        return data;
    }

    /// <summary>Mean log-loss of θ = (w, b): (1/N) Σ softplus(zᵢ) − yᵢzᵢ, zᵢ = b + w·xᵢ.</summary>
    public Scalar Loss(Vec theta)
    {
        int d = TrueWeights.Length;
        Scalar total = 0;
        for (int i = 0; i < Rows; i++)
        {
            Scalar z = theta[d];
            for (int j = 0; j < d; j++) z += Features[i, j] * theta[j];
            total += Scalar.Softplus(z) - Labels[i] * z;
        }
        return total / Rows;
    }

    private static double StandardNormal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
