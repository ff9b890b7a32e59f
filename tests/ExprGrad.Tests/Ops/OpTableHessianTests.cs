using ExprGrad.Ops;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Ops;

/// <summary>
/// Every op of <see cref="OpTable.All"/> through <see cref="Grad.CompileHessian(Func{Vec, Scalar}, int, GradOptions?)"/>
/// (forward-over-reverse: the op's partials, built as graph nodes, differentiated again through the same table), on
/// both backends: the dense Hessian against central differences of the tape's gradient, against
/// <see cref="Grad.Derivative"/> of order 2 for unary ops (forward over forward, another path through the rules), its
/// symmetry, and H·v against the dense Hessian times v. Tolerances are relative differences (<see cref="OpCases.RelativeDifference"/>).
/// </summary>
public class OpTableHessianTests
{
    private const double ModeTolerance = 1e-12;            // the same rules, possibly reassociated
    private const double FiniteDifferenceTolerance = 1e-5; // central differences of exact gradients, h = 1e-6 max(1, |x|)

    [Theory, MemberData(nameof(OpCases.Names), MemberType = typeof(OpCases))]
    public void Hessians_and_Hessian_vector_products_match_finite_differences_of_the_gradient_on_both_backends(string name)
    {
        Op op = Find(name);
        int n = op.Arity;
        double[] v = [.. new[] { 1.0, -0.5, 0.25 }.Take(n)];
        foreach (double p in Parameters(op))
        {
            IGradient tape = Grad.Tape(Function(op, p), n);
            foreach (CompilerBackend backend in new[] { CompilerBackend.FastExpressionCompiler, CompilerBackend.SystemLinqExpressions })
            {
                CompiledHessian h = Grad.CompileHessian(Function(op, p), n, new GradOptions { Backend = backend });
                foreach (double[] x in Points(op))
                {
                    string at = $"{op}(p = {Show(p)}) at {Show(x)}, {backend}";
                    double[] gradient = new double[n], hessian = new double[n * n], hv = new double[n], hvGradient = new double[n];
                    double value = h.ValueGradientHessian(x, gradient, hessian);
                    double hvValue = h.HessianVectorProduct(x, v, hvGradient, hv);
                    var (tapeValue, tapeGradient) = Modes.Evaluate(tape, x);
                    AssertClose(tapeValue, value, ModeTolerance, $"{at}: value vs tape");
                    AssertClose(tapeValue, hvValue, ModeTolerance, $"{at}: value of H·v vs tape");
                    for (int i = 0; i < n; i++)
                    {
                        AssertClose(tapeGradient[i], gradient[i], ModeTolerance, $"{at}: d/dx{i} vs tape");
                        AssertClose(tapeGradient[i], hvGradient[i], ModeTolerance, $"{at}: d/dx{i} of H·v vs tape");
                        double product = 0;
                        for (int j = 0; j < n; j++)
                        {
                            string entry = $"{at}: H[{i}, {j}]";
                            AssertClose(hessian[j * n + i], hessian[i * n + j], ModeTolerance, $"{entry} vs H[{j}, {i}]");
                            // An input without a partial (select's condition) may switch branches between x ± h: its row is zero.
                            double expected = op.HasPartial(i) && op.HasPartial(j) ? CentralDifference(tape, x, i, j) : 0;
                            AssertClose(expected, hessian[i * n + j], FiniteDifferenceTolerance, $"{entry} vs central difference of the gradient");
                            product += hessian[i * n + j] * v[j];
                        }
                        AssertClose(product, hv[i], ModeTolerance, $"{at}: (H·v)[{i}] vs the dense Hessian times v");
                    }
                    if (n == 1 && op.HasPartial(0))
                    {
                        double second = Grad.Derivative(t => Scalar.Apply(op, t, default, default, p), x[0], order: 2);
                        AssertClose(second, hessian[0], ModeTolerance, $"{at}: H vs Grad.Derivative of order 2");
                    }
                }
            }
        }
    }

    // d/dx_j of the tape's gradient entry i; step h = 1e-6 * max(1, |x_j|), as the first-order op tests take.
    private static double CentralDifference(IGradient tape, double[] x, int i, int j)
    {
        double h = 1e-6 * Math.Max(1, Math.Abs(x[j]));
        double[] up = [.. x], down = [.. x];
        up[j] += h;
        down[j] -= h;
        return (Modes.Evaluate(tape, up).Gradient[i] - Modes.Evaluate(tape, down).Gradient[i]) / (up[j] - down[j]);
    }
}
