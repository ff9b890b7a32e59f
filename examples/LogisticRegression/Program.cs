// Logistic regression fitted by L-BFGS: the negative log-likelihood is written once with Scalar
// arithmetic, compiled with its gradient, and the rows are passed as data (compiled once, any number of rows).
using ExprGrad;
using ExprGrad.Optimization;
using static ExprGrad.Scalar;

const int rows = 1000, features = 4;
double[] trueWeights = [1.5, -2.0, 0.5, 0.0], data = new double[(features + 1) * rows];
const double trueBias = 0.25;

// Synthetic rows: features ~ N(0, 1), label 1 with probability sigmoid(w . x + b). Row i is
// data[5 * i + 0..3] (features) and data[5 * i + 4] (label).
var random = new Random(42);
for (int i = 0; i < rows; i++)
{
    double z = trueBias;
    for (int j = 0; j < features; j++)
    {
        double x = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        data[5 * i + j] = x;
        z += trueWeights[j] * x;
    }
    data[5 * i + 4] = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
}

// Mean negative log-likelihood; theta = (w0..w3, bias). Softplus(z) - y z is -log p(y | x), overflow-free.
CompiledGradient loss = Grad.Compile((Vec theta, Vec data) => Sum(rows, i =>
{
    Scalar z = theta[features];
    for (int j = 0; j < features; j++) z += data[5 * i + j] * theta[j];
    return Softplus(z) - data[5 * i + 4] * z;
}) / rows, dimension: features + 1, dataLength: data.Length);

OptimizationResult fit = Lbfgs.Minimize(loss.Bind(data), new double[features + 1]);

int correct = 0;
for (int i = 0; i < rows; i++)
{
    double z = fit.X[features];
    for (int j = 0; j < features; j++) z += data[5 * i + j] * fit.X[j];
    if ((z > 0 ? 1 : 0) == data[5 * i + 4]) correct++;
}

Console.WriteLine($"Logistic regression on {rows} synthetic rows, true weights {string.Join(", ", trueWeights)}, bias {trueBias}");
Console.WriteLine($"L-BFGS: {fit.Reason} after {fit.Iterations} iterations ({fit.Evaluations} gradient evaluations)");
Console.WriteLine($"loss {loss.Value(new double[features + 1], data):F4} at zero, {fit.Value:F4} at the fit");
Console.WriteLine($"fitted weights {string.Join(", ", fit.X[..features].Select(w => w.ToString("F2")))}, bias {fit.X[features]:F2}");
Console.WriteLine($"training accuracy: {100.0 * correct / rows:F1} %");
