using System.Globalization;

namespace ExprGrad.TestProblems;

/// <summary>
/// The right-hand side of a NIST StRD model, e.g. <c>b1*(1-exp[-b2*x])</c>, parsed into postfix order and
/// evaluated with <see cref="Scalar"/> ops, so it is differentiable in every ExprGrad mode.
/// </summary>
/// <remarks>
/// The grammar is NIST's Fortran-like notation: numbers (<c>12</c>, <c>.5</c>, <c>3.1E0</c>), parameters
/// <c>b1</c>…<c>bN</c>, predictors <c>x</c> (or <c>x1</c>, <c>x2</c>), <c>pi</c>, <c>+ - * /</c>, <c>**</c>
/// (right-associative, binding tighter than unary minus: <c>-x**2</c> is −(x²)), and the functions
/// <c>exp</c>, <c>log</c>, <c>sqrt</c>, <c>sin</c>, <c>cos</c>, <c>arctan</c> with <c>[…]</c> or <c>(…)</c>.
/// Parsed by the shunting-yard algorithm and evaluated with an explicit stack: no recursion.
/// </remarks>
public sealed class NistModel
{
    private readonly Token[] postfix;

    private NistModel(string text, Token[] postfix, int parameters, int predictors)
    {
        Text = text;
        this.postfix = postfix;
        Parameters = parameters;
        Predictors = predictors;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The highest parameter number used (b1…bN gives N).</summary>
    public int Parameters { get; }

    /// <summary>The number of predictor variables used: 1 for <c>x</c>, 2 when <c>x2</c> appears.</summary>
    public int Predictors { get; }

    /// <summary>The model's value at parameters <paramref name="b"/> (b[0] is b1) and the given predictors.</summary>
    /// <exception cref="ArgumentException">Fewer parameters or predictors than the model uses.</exception>
    public Scalar Evaluate(Vec b, ReadOnlySpan<Scalar> predictors)
    {
        if (b.Length < Parameters) throw new ArgumentException($"The model uses {Parameters} parameters; b has {b.Length}.", nameof(b));
        if (predictors.Length < Predictors) throw new ArgumentException($"The model uses {Predictors} predictors; {predictors.Length} given.", nameof(predictors));
        var stack = new Stack<Scalar>();
        foreach (Token t in postfix)
        {
            switch (t.Kind)
            {
                case Kind.Number: stack.Push(t.Number); break;
                case Kind.Parameter: stack.Push(b[t.Index]); break;
                case Kind.Predictor: stack.Push(predictors[t.Index]); break;
                case Kind.Negate: stack.Push(-stack.Pop()); break;
                case Kind.Function: stack.Push(Apply(t.Text, stack.Pop())); break;
                default:
                    Scalar right = stack.Pop(), left = stack.Pop();
                    stack.Push(t.Text switch
                    {
                        "+" => left + right,
                        "-" => left - right,
                        "*" => left * right,
                        "/" => left / right,
                        _ => Scalar.Pow(left, right),
                    });
                    break;
            }
        }
        return stack.Pop();
    }

    private static Scalar Apply(string function, Scalar x) => function switch
    {
        "exp" => Scalar.Exp(x),
        "log" => Scalar.Log(x),
        "sqrt" => Scalar.Sqrt(x),
        "sin" => Scalar.Sin(x),
        "cos" => Scalar.Cos(x),
        _ => Scalar.Atan(x),
    };

    /// <summary>Parses a model's right-hand side.</summary>
    /// <exception cref="FormatException">The text is not a model; the message names the token and its position.</exception>
    public static NistModel Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new List<Token>();
        var operators = new Stack<Token>();
        int parameters = 0, predictors = 0;
        bool expectOperand = true;
        foreach (Token t in Tokenize(text))
        {
            switch (t.Kind)
            {
                case Kind.Number or Kind.Parameter or Kind.Predictor:
                    if (!expectOperand) throw Error(text, t, "an operator was expected");
                    output.Add(t);
                    if (t.Kind == Kind.Parameter) parameters = Math.Max(parameters, t.Index + 1);
                    if (t.Kind == Kind.Predictor) predictors = Math.Max(predictors, t.Index + 1);
                    expectOperand = false;
                    break;
                case Kind.Function:
                    if (!expectOperand) throw Error(text, t, "an operator was expected");
                    operators.Push(t);
                    break;
                case Kind.Open:
                    if (!expectOperand) throw Error(text, t, "an operator was expected");
                    operators.Push(t);
                    break;
                case Kind.Close:
                    if (expectOperand) throw Error(text, t, "an operand was expected");
                    while (operators.Count > 0 && operators.Peek().Kind != Kind.Open) output.Add(operators.Pop());
                    if (operators.Count == 0) throw Error(text, t, "it closes nothing");
                    if (operators.Pop().Text != (t.Text == ")" ? "(" : "[")) throw Error(text, t, "it does not match the open bracket");
                    if (operators.Count > 0 && operators.Peek().Kind == Kind.Function) output.Add(operators.Pop());
                    break;
                case Kind.Binary when expectOperand && t.Text is "-" or "+" && expectOperand:
                    if (t.Text == "-") operators.Push(new Token(Kind.Negate, "-", 0, 0, t.Position));
                    break;
                case Kind.Binary:
                    if (expectOperand) throw Error(text, t, "an operand was expected");
                    while (operators.Count > 0 && operators.Peek().Kind is Kind.Binary or Kind.Negate &&
                           (Precedence(operators.Peek()) > Precedence(t) || (Precedence(operators.Peek()) == Precedence(t) && t.Text != "**")))
                        output.Add(operators.Pop());
                    operators.Push(t);
                    expectOperand = true;
                    break;
            }
            if (t.Kind is Kind.Function or Kind.Open) expectOperand = true;
        }
        if (expectOperand) throw new FormatException($"The model '{text}' ends where an operand was expected.");
        while (operators.Count > 0)
        {
            Token t = operators.Pop();
            if (t.Kind == Kind.Open) throw Error(text, t, "it is never closed");
            output.Add(t);
        }
        return new NistModel(text, [.. output], parameters, predictors);
    }

    // Unary minus binds tighter than * and / but looser than **, as in Fortran: -x**2 = -(x**2).
    private static int Precedence(Token t) => t.Kind == Kind.Negate ? 3 : t.Text switch { "+" or "-" => 1, "*" or "/" => 2, _ => 4 };

    private static IEnumerable<Token> Tokenize(string text)
    {
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            int start = i;
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.')) i++;
                if (i < text.Length && text[i] is 'e' or 'E' && i + 1 < text.Length && (char.IsDigit(text[i + 1]) || text[i + 1] is '+' or '-'))
                {
                    i += 2;
                    while (i < text.Length && char.IsDigit(text[i])) i++;
                }
                string number = text[start..i];
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    throw new FormatException($"'{number}' at position {start} of the model '{text}' is not a number.");
                yield return new Token(Kind.Number, number, value, 0, start);
            }
            else if (char.IsLetter(c))
            {
                while (i < text.Length && char.IsLetterOrDigit(text[i])) i++;
                yield return Word(text, text[start..i], start);
            }
            else if (c == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                i += 2;
                yield return new Token(Kind.Binary, "**", 0, 0, start);
            }
            else
            {
                i++;
                yield return c switch
                {
                    '+' or '-' or '*' or '/' => new Token(Kind.Binary, c.ToString(), 0, 0, start),
                    '(' or '[' => new Token(Kind.Open, c.ToString(), 0, 0, start),
                    ')' or ']' => new Token(Kind.Close, c.ToString(), 0, 0, start),
                    _ => throw new FormatException($"'{c}' at position {start} of the model '{text}' is not part of the NIST model notation."),
                };
            }
        }
    }

    private static Token Word(string text, string word, int position)
    {
        string lower = word.ToLowerInvariant();
        if (lower is "exp" or "log" or "sqrt" or "sin" or "cos" or "arctan") return new Token(Kind.Function, lower, 0, 0, position);
        if (lower == "pi") return new Token(Kind.Number, "pi", Math.PI, 0, position);
        if (lower == "x") return new Token(Kind.Predictor, word, 0, 0, position);
        if (lower.Length > 1 && lower[0] is 'b' or 'x' && int.TryParse(lower[1..], NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k >= 1)
            return new Token(lower[0] == 'b' ? Kind.Parameter : Kind.Predictor, word, 0, k - 1, position);
        throw new FormatException($"'{word}' at position {position} of the model '{text}' is not a parameter (b1, b2, …), a predictor (x, x1, x2), pi or a function (exp, log, sqrt, sin, cos, arctan).");
    }

    private static FormatException Error(string text, Token t, string problem) =>
        new($"'{t.Text}' at position {t.Position} of the model '{text}': {problem}.");

    private enum Kind { Number, Parameter, Predictor, Binary, Negate, Function, Open, Close }

    private readonly record struct Token(Kind Kind, string Text, double Number, int Index, int Position);
}
