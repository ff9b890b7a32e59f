using System.Collections;

namespace ExprGrad.Tracer;

/// <summary>
/// The nodes a node reads (<see cref="Graph.InputsOf"/>): an operation's operands, an extract's loop, a loop's captures
/// and its initial value, a black-box call's arguments. A struct with a struct enumerator: <c>foreach</c> over it allocates nothing, which matters
/// in passes that visit every node of graphs of 10^5 nodes.
/// </summary>
internal readonly struct NodeInputs : IEnumerable<int>
{
    private readonly int a, b, c, count;
    private readonly int[]? captures;
    private readonly int initial;

    /// <summary>Up to three operands.</summary>
    public NodeInputs(int count, int a = Node.None, int b = Node.None, int c = Node.None)
    {
        this.count = count;
        (this.a, this.b, this.c) = (a, b, c);
        initial = Node.None;
    }

    /// <summary>A loop's captures, then its initial value if it has one (a call's arguments with none).</summary>
    public NodeInputs(int[] captures, int initial)
    {
        this.captures = captures;
        this.initial = initial;
        count = captures.Length + (initial == Node.None ? 0 : 1);
        a = b = c = Node.None;
    }

    public int Count => count;

    public int this[int j] => captures is not null ? (j < captures.Length ? captures[j] : initial) : j switch { 0 => a, 1 => b, _ => c };

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<int> IEnumerable<int>.GetEnumerator()
    {
        for (int j = 0; j < count; j++) yield return this[j];
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<int>)this).GetEnumerator();

    public struct Enumerator(NodeInputs inputs)
    {
        private int next = -1;

        public readonly int Current => inputs[next];

        public bool MoveNext() => ++next < inputs.count;
    }
}
