namespace ExprGrad.Optimization;

/// <summary>The one wording of every option check, so messages name the type, the setting and its value.</summary>
internal static class OptionRules
{
    public static void Require(bool condition, object options, string setting, double value, string rule)
    {
        if (!condition)
            throw new ArgumentException($"{options.GetType().Name}.{setting} {rule} (was {value:R}).", "options");
    }
}
