namespace ExprGrad.Ops;

/// <summary>
/// What a derivative rule may compute with. Rules are written once, generically over this interface,
/// and instantiated with <see cref="Real"/> (tape and dual numbers) and with <see cref="Scalar"/>
/// (symbolic graphs: the compiler and higher derivatives), so every mode reads the same rule.
/// </summary>
internal interface IAlgebra<T> where T : IAlgebra<T>
{
    static abstract T Apply(Op op, T a);
    static abstract T Apply(Op op, T a, T b);
    static abstract T Apply(Op op, T a, T b, T c);
    static abstract T Apply(Op op, T a, double parameter);

    static abstract T operator +(T a, T b);
    static abstract T operator -(T a, T b);
    static abstract T operator *(T a, T b);
    static abstract T operator /(T a, T b);
    static abstract T operator -(T a);
    static abstract implicit operator T(double value);
}
