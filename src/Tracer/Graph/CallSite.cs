using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>
/// What a <see cref="NodeKind.Call"/> node computes: <see cref="Function"/>'s value (<see cref="BlackBox.ValueComponent"/>)
/// or its partial derivative <see cref="Component"/>, at the graph's nodes <see cref="Arguments"/>.
/// </summary>
internal sealed record CallSite(BlackBox Function, int[] Arguments, int Component)
{
    public bool IsValue => Component == BlackBox.ValueComponent;
}
