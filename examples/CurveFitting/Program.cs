// Nonlinear least squares: NIST StRD's Misra1a (y = b1 (1 - exp(-b2 x)), 14 observations, public domain) fitted by
// Levenberg-Marquardt on a compiled Jacobian. The residuals are one Vec.Map over the data rows: compiled once as a
// loop, the data passed per call or bound once. The fit is checked against NIST's certified values.
using System.Globalization;
using ExprGrad;
using ExprGrad.Optimization;
using static ExprGrad.Scalar;

// Row i is (x, y) = (data[2 i], data[2 i + 1]).
double[] data =
[
    77.6, 10.07, 114.9, 14.73, 141.1, 17.94, 190.8, 23.93, 239.9, 29.61, 289.0, 35.18, 332.8, 40.02,
    378.4, 44.82, 434.8, 50.76, 477.3, 55.05, 536.8, 61.01, 593.1, 66.40, 689.1, 75.47, 760.0, 81.78,
];
int m = data.Length / 2;
double[] certified = [2.3894212918E+02, 5.5015643181E-04];
const double certifiedRss = 1.2455138894E-01;
double[][] starts = [[500, 1e-4], [250, 5e-4]];

// r_i(b) = y_i - b1 (1 - exp(-b2 x_i)): its Jacobian is m x 2, computed by columns (two directional derivatives).
CompiledJacobian residuals = Grad.CompileJacobian((Vec b, Vec d) =>
    Vec.Map(m, i => d[2 * i + 1] - b[0] * (1 - Exp(-b[1] * d[2 * i]))), dimension: 2, dataLength: data.Length);
IJacobian bound = residuals.Bind(data);
Console.WriteLine($"Misra1a: {residuals.Outputs} residuals, {residuals.Dimension} parameters, Jacobian by {residuals.Mode} mode in {residuals.Colors} colours");

double lowest = double.PositiveInfinity;
bool correct = true;
foreach (double[] start in starts)
{
    OptimizationResult fit = LevenbergMarquardt.Minimize(bound, start);
    var r = new double[m];
    residuals.Values(fit.X, data, r); // the allocation-free "predict" path: values without derivatives
    double rss = r.Sum(v => v * v);
    double[] lre = [.. fit.X.Select((b, j) => Lre(b, certified[j]))];
    lowest = Math.Min(lowest, lre.Min());
    bool solved = lre.All(l => l >= 6) && Lre(rss, certifiedRss) >= 6;
    correct &= solved;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"start ({start[0]}, {start[1]}): {fit.Reason} after {fit.Iterations} iterations, b1 = {fit.X[0]:R}, b2 = {fit.X[1]:R}, " +
        $"RSS = {rss:G11}, LRE {lre[0]:F1} / {lre[1]:F1}{(solved ? "" : "  WRONG")}"));
}

if (!correct)
{
    Console.WriteLine("the fit does not match NIST's certified values");
    return 1;
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"certified values reproduced from both starts (lowest LRE {lowest:F1})"));
return 0;

// Log relative error: the number of digits of the certified value the estimate reproduces (capped at 11, as NIST's tables do).
static double Lre(double estimate, double certified)
    => estimate == certified ? 11 : Math.Min(11, -Math.Log10(Math.Abs(estimate - certified) / Math.Abs(certified)));
