using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad.Compiler;

/// <summary>
/// Where generated code finds a delegate it calls (a loop run as a delegate, a chunk of a split loop body): the
/// code reads <see cref="Value"/> at the call, and the compile step fills it before the code first runs. So code
/// generation describes the call without compiling anything, and compiling is a step of its own.
/// </summary>
internal sealed class DelegateSlot<T> where T : Delegate
{
    private static readonly FieldInfo ValueField = typeof(DelegateSlot<T>).GetField(nameof(Value))!;

    /// <summary>The compiled delegate (null until the compile step fills it).</summary>
    public T? Value;

    /// <summary>Code calling the delegate this slot will hold.</summary>
    public Expression Invoke(params Expression[] arguments) => Expression.Invoke(Expression.Field(Expression.Constant(this), ValueField), arguments);
}

/// <summary>A delegate generated code calls: its code, not compiled yet, and the slot the compiled delegate goes to.</summary>
internal abstract class NestedLambda
{
    /// <summary>The delegate's code.</summary>
    public abstract LambdaExpression Code { get; }

    /// <summary>Compiles <see cref="Code"/> with <paramref name="compiler"/> and fills the slot.</summary>
    public abstract void CompileWith(IDelegateCompiler compiler);
}

/// <summary>A <see cref="NestedLambda"/> of delegate type <typeparamref name="T"/>.</summary>
internal sealed class NestedLambda<T>(Expression<T> code, DelegateSlot<T> slot) : NestedLambda where T : Delegate
{
    public override LambdaExpression Code => code;

    public override void CompileWith(IDelegateCompiler compiler) => slot.Value = compiler.Compile(code);
}

/// <summary>Compiles one lambda to its delegate (the backend, see <see cref="KernelCompiler"/>).</summary>
internal interface IDelegateCompiler
{
    T Compile<T>(Expression<T> lambda) where T : Delegate;
}

/// <summary>The delegates one unit of generated code calls, in the order their code was generated (a loop's chunks before its runner).</summary>
internal sealed class NestedLambdas
{
    private readonly List<NestedLambda> all = [];

    public IReadOnlyList<NestedLambda> All => all;

    /// <summary>Adds <paramref name="code"/>; returns the slot the code calling it reads.</summary>
    public DelegateSlot<T> Add<T>(Expression<T> code) where T : Delegate
    {
        var slot = new DelegateSlot<T>();
        all.Add(new NestedLambda<T>(code, slot));
        return slot;
    }
}
