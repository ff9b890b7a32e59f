using System.Globalization;

namespace ExprGrad.Workloads;

/// <summary>
/// One ADBench GMM instance: the starting parameters, the data points and the Wishart prior, as read from
/// a <c>gmm_dD_KK.txt</c> file (format in <c>shared/data/adbench-gmm/README.md</c>).
/// </summary>
public sealed class GmmInstance
{
    private readonly double[] alphas, means, icf, points;

    private GmmInstance(int d, int k, int n, double[] alphas, double[] means, double[] icf, double[] points, double gamma, double m)
    {
        (D, K, N, Gamma, M) = (d, k, n, gamma, m);
        (this.alphas, this.means, this.icf, this.points) = (alphas, means, icf, points);
    }

    /// <summary>d, the dimension of a data point.</summary>
    public int D { get; }

    /// <summary>K, the number of mixture components.</summary>
    public int K { get; }

    /// <summary>n, the number of data points.</summary>
    public int N { get; }

    /// <summary>Wishart prior parameter gamma.</summary>
    public double Gamma { get; }

    /// <summary>Wishart prior parameter m.</summary>
    public double M { get; }

    /// <summary>Numbers per component in <see cref="Icf"/>: d log-diagonal entries, then d(d-1)/2 below the diagonal.</summary>
    public int IcfSize => D * (D + 1) / 2;

    /// <summary>Length of the parameter vector [alphas | means | icf]: K + K*d + K*d(d+1)/2.</summary>
    public int ParameterCount => K + K * D + K * IcfSize;

    /// <summary>The K unnormalised log mixture weights.</summary>
    public ReadOnlySpan<double> Alphas => alphas;

    /// <summary>The K means, each d values, component by component.</summary>
    public ReadOnlySpan<double> Means => means;

    /// <summary>The K icf blocks, each <see cref="IcfSize"/> values: log-diagonal of Q_k, then its strict lower triangle column by column.</summary>
    public ReadOnlySpan<double> Icf => icf;

    /// <summary>The n data points, each d values, point by point.</summary>
    public ReadOnlySpan<double> Points => points;

    /// <summary>The file's parameters in gradient order [alphas | means | icf] (a fresh array).</summary>
    public double[] Parameters() => [.. alphas, .. means, .. icf];

    /// <summary>Reads an instance file.</summary>
    /// <exception cref="FormatException">The file is not a well-formed GMM instance; the message names the file.</exception>
    public static GmmInstance Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses the text of an instance file; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="FormatException">The text is not a well-formed GMM instance.</exception>
    public static GmmInstance Parse(string text, string source = "GMM text")
    {
        string[] tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        int next = 0;
        int d = Count("d"), k = Count("K"), n = Count("n");
        int icfSize = d * (d + 1) / 2;
        long expected = 3 + k + (long)k * d + (long)k * icfSize + (long)n * d + 2;
        if (tokens.Length != expected)
            throw new FormatException($"{source}: a GMM file with d={d}, K={k}, n={n} holds {expected} numbers " +
                $"(header, K alphas, K*d means, K*d(d+1)/2 icf, n*d points, gamma and m), but it has {tokens.Length}.");
        double[] alphas = Numbers(k), means = Numbers(k * d), icf = Numbers(k * icfSize), points = Numbers(n * d);
        double gamma = Number(), m = Number();
        return new GmmInstance(d, k, n, alphas, means, icf, points, gamma, m);

        int Count(string name)
        {
            if (next >= tokens.Length || !int.TryParse(tokens[next], NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < 1)
                throw new FormatException($"{source}: the header must start with three positive integers d K n; {name} is missing or invalid.");
            next++;
            return value;
        }

        double[] Numbers(int count)
        {
            var values = new double[count];
            for (int i = 0; i < count; i++) values[i] = Number();
            return values;
        }

        double Number()
        {
            string token = tokens[next];
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw new FormatException($"{source}: number {next + 1} ('{token}') is not a number.");
            next++;
            return value;
        }
    }
}
