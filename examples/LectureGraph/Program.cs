// The lecture's two backprop exercises, answered by ExprGrad: the steps backprop takes, in order, with their
// numbers, and the computational graph as a picture; then the compiled gradient checked against finite differences.
using ExprGrad;

// 1. H = max(0, W x + b) at W = 2, x = 3, b = 1.
BackpropTrace layer = Grad.Explain(x => Scalar.Relu(x[0] * x[1] + x[2]), [2.0, 3.0, 1.0], names: ["W", "x", "b"]);
Console.WriteLine(layer);

// 2. y = x (x + 1) at x = 17: x is used twice, so its adjoint adds two contributions.
BackpropTrace shared = Grad.Explain(x => x[0] * (x[0] + 1), [17.0], names: ["x"], output: "y");
Console.WriteLine(shared);

// The graphs, drawn without Graphviz (open the .svg in a browser); the .dot files are for Graphviz's dot.
string folder = Path.Combine(Path.GetTempPath(), "exprgrad-lecture");
Directory.CreateDirectory(folder);
File.WriteAllText(Path.Combine(folder, "relu_layer.svg"), layer.ToSvg());
File.WriteAllText(Path.Combine(folder, "relu_layer.dot"), layer.ToDot());
File.WriteAllText(Path.Combine(folder, "shared_node.svg"), shared.ToSvg());
Console.WriteLine($"pictures written to {folder}");

// The same layer compiled, and its gradient checked by central differences and a Taylor test.
CompiledGradient compiled = Grad.Compile(x => Scalar.Relu(x[0] * x[1] + x[2]), 3);
GradCheckReport report = GradCheck.Run(compiled, [2.0, 3.0, 1.0]);
Console.WriteLine(report);
Console.WriteLine(report.Passed
    ? $"gradient check passed: dH/dW = {layer.Gradient[0]}, dH/dx = {layer.Gradient[1]}, dH/db = {layer.Gradient[2]}"
    : "gradient check FAILED");
