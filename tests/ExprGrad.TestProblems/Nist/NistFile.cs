using System.Globalization;
using System.Text.RegularExpressions;

namespace ExprGrad.TestProblems;

/// <summary>
/// Reads any NIST StRD nonlinear-regression <c>.dat</c> file. The 27 files share one layout: a header that
/// gives the line ranges of the starting values, the certified values and the data ("Starting Values (lines
/// 41 to 43)"), the model text after "Model:", one parameter line per bᵢ (<c>b1 = start1 start2 certified sd</c>),
/// the certified residual sum of squares, and the observations under a "Data: y x" (or "y x1 x2") line.
/// </summary>
public static partial class NistFile
{
    /// <summary>Loads and parses a file; the problem is named after the file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The file is not in NIST's layout; the message says what is missing and where.</exception>
    public static NistProblem Load(string path) => Parse(File.ReadAllLines(path), Path.GetFileNameWithoutExtension(path));

    /// <summary>Parses the lines of a file (line endings of either kind).</summary>
    public static NistProblem Parse(IReadOnlyList<string> lines, string name)
    {
        (int first, int last) startLines = Range(lines, "Starting Values", name);
        (int first, int last) dataLines = Range(lines, "Data", name);

        // 1. The model: the text after "Model:" from the line whose left-hand side is y or log[y] up to "+ e".
        int modelLine = FindLine(lines, l => l.StartsWith("Model:", StringComparison.Ordinal), 0, name, "a 'Model:' line");
        int equation = FindLine(lines, l => ModelStart().IsMatch(l), modelLine, name, "a model equation 'y = …' after 'Model:'");
        var text = new List<string>();
        for (int i = equation; ; i++)
        {
            if (i >= lines.Count || i >= startLines.first - 1) throw Missing(name, "the end of the model equation ('+ e')");
            text.Add(lines[i].Trim());
            if (ErrorTerm().IsMatch(lines[i])) break;
        }
        string equationText = ErrorTerm().Replace(string.Join(" ", text), "").Trim();
        Match sides = ModelStart().Match(equationText);
        bool logResponse = sides.Groups[1].Value.StartsWith("log", StringComparison.OrdinalIgnoreCase);
        NistModel model = NistModel.Parse(equationText[sides.Length..]);

        // 2. Parameters: b1 = start1 start2 certified sd, in the starting-values lines.
        var starts = new List<double[]>();
        var certified = new List<double>();
        var deviations = new List<double>();
        for (int i = startLines.first; i <= startLines.last; i++)
        {
            Match m = ParameterLine().Match(lines[i - 1]);
            if (!m.Success) throw new FormatException($"{name}: line {i} should be a parameter line 'b{certified.Count + 1} = start1 start2 certified sd': '{lines[i - 1].Trim()}'.");
            double[] numbers = Numbers(m.Groups[2].Value, name, i);
            if (numbers.Length < 3) throw new FormatException($"{name}: line {i} has {numbers.Length} numbers; a parameter line has at least a start, a certified value and its standard deviation.");
            int startCount = numbers.Length - 2;
            while (starts.Count < startCount) starts.Add(new double[startLines.last - startLines.first + 1]);
            for (int s = 0; s < startCount; s++) starts[s][certified.Count] = numbers[s];
            certified.Add(numbers[^2]);
            deviations.Add(numbers[^1]);
        }
        if (model.Parameters != certified.Count)
            throw new FormatException($"{name}: the model uses {model.Parameters} parameters but the file lists {certified.Count}.");

        // 3. The certified residual sum of squares.
        int rssLine = FindLine(lines, l => l.TrimStart().StartsWith("Residual Sum of Squares:", StringComparison.Ordinal), 0, name, "'Residual Sum of Squares:'");
        double rss = Numbers(lines[rssLine].Split(':')[1], name, rssLine + 1)[0];

        // 4. The data: the header line above the range names the columns (y, then x or x1 x2).
        string[] columns = lines[dataLines.first - 2].Split(':')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int predictors = columns.Length - 1;
        if (predictors != model.Predictors)
            throw new FormatException($"{name}: the data has {predictors} predictor columns ({string.Join(" ", columns)}) but the model uses {model.Predictors}.");
        var data = new double[(dataLines.last - dataLines.first + 1) * columns.Length];
        for (int i = dataLines.first, row = 0; i <= dataLines.last; i++, row++)
        {
            double[] values = Numbers(lines[i - 1], name, i);
            if (values.Length != columns.Length) throw new FormatException($"{name}: data line {i} has {values.Length} values; expected {columns.Length} ({string.Join(" ", columns)}).");
            values.CopyTo(data, row * columns.Length);
            if (logResponse) data[row * columns.Length] = Math.Log(values[0]);
        }

        string difficulty = lines.Select(l => Difficulty().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value
            ?? throw Missing(name, "the level of difficulty ('Lower/Average/Higher Level of Difficulty')");
        return new NistProblem(name, difficulty, equationText, model, logResponse, [.. starts], [.. certified], [.. deviations], rss, predictors, data);
    }

    private static (int First, int Last) Range(IReadOnlyList<string> lines, string section, string name)
    {
        var pattern = new Regex(@"^\s*" + section + @"\s+\(lines\s+(\d+)\s+to\s+(\d+)\)");
        foreach (string line in lines.Take(20))
        {
            Match m = pattern.Match(line);
            if (m.Success)
            {
                int first = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), last = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                if (first < 2 || last < first || last > lines.Count)
                    throw new FormatException($"{name}: the header gives {section} as lines {first} to {last}, but the file has {lines.Count} lines.");
                return (first, last);
            }
        }
        throw Missing(name, $"the header line '{section} (lines a to b)'");
    }

    private static int FindLine(IReadOnlyList<string> lines, Func<string, bool> match, int from, string name, string what)
    {
        for (int i = from; i < lines.Count; i++)
            if (match(lines[i])) return i;
        throw Missing(name, what);
    }

    private static double[] Numbers(string text, string name, int lineNumber)
    {
        string[] parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var numbers = new double[parts.Length];
        for (int k = 0; k < parts.Length; k++)
            if (!double.TryParse(parts[k], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[k]))
                throw new FormatException($"{name}: '{parts[k]}' on line {lineNumber} is not a number.");
        return numbers;
    }

    private static FormatException Missing(string name, string what) => new($"{name}: no {what} found; is this a NIST StRD nonlinear regression file?");

    [GeneratedRegex(@"^\s*(y|log\[y\])\s*=\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ModelStart();

    [GeneratedRegex(@"\+\s*e\s*$")]
    private static partial Regex ErrorTerm();

    [GeneratedRegex(@"^\s*b(\d+)\s*=\s*(.*)$")]
    private static partial Regex ParameterLine();

    [GeneratedRegex(@"(Lower|Average|Higher) Level of Difficulty")]
    private static partial Regex Difficulty();
}
