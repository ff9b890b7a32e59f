using System.Globalization;

namespace ExprGrad.Optimization.Tests.Nist;

/// <summary>
/// A .dat file in NIST's layout (header with line ranges, model, parameter lines, certified RSS, data), built
/// from parts, so the reader is tested on shapes the six files in shared/data do not have: two predictors,
/// a log[y] response (Nelson), a pi line before the model (Roszman1), a model over three lines (ENSO), CRLF.
/// </summary>
public static class SyntheticNistFile
{
    public static string[] Build(string name, string difficulty, string[] modelLines, (double Start1, double Start2, double Certified, double Sd)[] parameters,
        string dataHeader, double[][] rows, bool piLine = false)
    {
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            "NIST/ITL StRD",
            $"Dataset Name:  {name}            ({name}.dat)",
            "",
            "File Format:   ASCII",
            "               Starting Values   (lines {0} to {1})",
            "               Certified Values  (lines {0} to {2})",
            "               Data              (lines {3} to {4})",
            "",
            "Procedure:     Nonlinear Least Squares Regression",
            "",
            "Data:          1 Response  (y = something, with = in it)",
            $"               {dataHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length - 1} Predictors",
            $"               {rows.Length} Observations",
            $"               {difficulty} Level of Difficulty",
            "               Generated Data",
            "",
            "Model:         Test Class",
            $"               {parameters.Length} Parameters (b1 to b{parameters.Length})",
            "",
        };
        if (piLine) lines.Add("               pi = 3.141592653589793238462643383279E0");
        lines.AddRange(modelLines.Select(l => "               " + l));
        lines.AddRange(["", "          Starting values                  Certified Values", "", "        Start 1     Start 2           Parameter     Standard Deviation"]);
        int firstParameter = lines.Count + 1;
        for (int i = 0; i < parameters.Length; i++)
            lines.Add($"  b{i + 1} = {F(parameters[i].Start1),10} {F(parameters[i].Start2),10}    {F(parameters[i].Certified)}  {F(parameters[i].Sd)}");
        int lastParameter = lines.Count;
        lines.Add("");
        lines.Add("Residual Sum of Squares:                    0.0000000000E+00");
        lines.Add("Residual Standard Deviation:                0.0000000000E+00");
        int lastCertified = lines.Count;
        lines.AddRange(["", ""]);
        lines.Add("Data:   " + dataHeader);
        int firstData = lines.Count + 1;
        lines.AddRange(rows.Select(r => "      " + string.Join("     ", r.Select(F))));
        int lastData = lines.Count;
        for (int i = 4; i <= 6; i++) lines[i] = string.Format(CultureInfo.InvariantCulture, lines[i], firstParameter, lastParameter, lastCertified, firstData, lastData);
        return [.. lines];
    }
}
