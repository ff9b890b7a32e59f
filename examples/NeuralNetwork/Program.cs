// A small neural network (1 input, 16 tanh hidden units, 1 output) fitted to y = sin(x) with Adam. The loss
// is written once as plain C# over Scalar; Grad.Compile turns it and its backpropagation into one delegate.
using ExprGrad;
using ExprGrad.Optimization;
using static ExprGrad.Scalar;

const int samples = 64, hidden = 16;
// Parameters, one vector: input weights w[0..15], hidden biases b[16..31], output weights v[32..47], output bias c[48].
const int inputWeights = 0, hiddenBiases = hidden, outputWeights = 2 * hidden, outputBias = 3 * hidden, parameters = 3 * hidden + 1;

// Training set: x evenly spaced in [-3, 3], data[2 * i] = x, data[2 * i + 1] = sin(x).
var data = new double[2 * samples];
for (int i = 0; i < samples; i++)
{
    double x = -3 + 6.0 * i / (samples - 1);
    data[2 * i] = x;
    data[2 * i + 1] = Math.Sin(x);
}

// The network's output for one input; the same C# runs symbolically when compiled.
static Scalar Network(Vec p, Scalar x)
{
    Scalar y = p[outputBias];
    for (int k = 0; k < hidden; k++) y += p[outputWeights + k] * Tanh(p[inputWeights + k] * x + p[hiddenBiases + k]);
    return y;
}

// Mean squared error over the samples, compiled as one loop over the data.
CompiledGradient loss = Grad.Compile((Vec p, Vec data) =>
    Sum(samples, i => Square(Network(p, data[2 * i]) - data[2 * i + 1])) / samples,
    dimension: parameters, dataLength: data.Length);

// Small random start (fixed seed, so every run prints the same numbers).
var random = new Random(7);
double[] start = new double[parameters];
for (int k = 0; k < parameters; k++) start[k] = random.NextDouble() - 0.5;

IGradient objective = loss.Bind(data);
Console.WriteLine($"Network 1-{hidden}-1 (tanh), {parameters} parameters, {samples} samples of sin(x) on [-3, 3]");
Console.WriteLine($"mean squared error at the start: {objective.Value(start):F4}");

OptimizationResult fit = Adam.Minimize(objective, start, new AdamOptions { LearningRate = 0.01, MaxIterations = 5000 });
Console.WriteLine($"Adam: {fit.Reason} after {fit.Iterations} iterations");

// The trained network itself: the same C# function, compiled with x as data.
CompiledGradient network = Grad.Compile((Vec p, Vec x) => Network(p, x[0]), dimension: parameters, dataLength: 1);
foreach (double x in new[] { -2.0, 0.0, 1.0, 2.5 })
    Console.WriteLine($"  x = {x,4:F1}: network {network.Value(fit.X, [x]),7:F4}, sin(x) {Math.Sin(x),7:F4}");
Console.WriteLine($"mean squared error after training: {fit.Value:G3}");
