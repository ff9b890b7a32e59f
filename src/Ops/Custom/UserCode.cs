namespace ExprGrad.Ops;

/// <summary>
/// Whether compiled code may call user code on this thread. Compiling runs every new delegate once on zeros so that
/// the JIT's work and errors happen then; that run must not call the user's delegates (arguments nobody passed, an
/// exception or a side effect at compile time), so it sets <see cref="Suppressed"/> and user calls give 0.
/// </summary>
internal static class UserCode
{
    [ThreadStatic] public static bool Suppressed;

    public static readonly System.Reflection.FieldInfo SuppressedField = typeof(UserCode).GetField(nameof(Suppressed))!;
}
