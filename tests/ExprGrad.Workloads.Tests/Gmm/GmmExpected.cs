using System.Globalization;

namespace ExprGrad.Workloads.Tests;

/// <summary>
/// ADBench's golden values, as laid out in test.expected.txt: '#' comment lines, then one line with the
/// objective, then one line with the whole gradient (space-separated, [alphas | means | icf]).
/// </summary>
internal sealed record GmmExpected(double Objective, double[] Gradient)
{
    public static GmmExpected Load(string path)
    {
        string[] lines = File.ReadAllLines(path)
            .Where(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith('#'))
            .ToArray();
        Assert.True(lines.Length == 2, $"{path}: expected 2 data lines (objective, gradient), found {lines.Length}.");
        double objective = Parse(lines[0].Trim());
        double[] gradient = lines[1].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray();
        return new GmmExpected(objective, gradient);
    }

    private static double Parse(string token) => double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
}
