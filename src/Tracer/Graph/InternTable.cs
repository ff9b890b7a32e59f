using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ExprGrad.Tracer;

/// <summary>
/// The hash-consing index of a <see cref="Graph"/>: the ids of its interned nodes in an open-addressing table
/// (linear probing, at most half full), looked up by comparing the graph's own nodes.
/// </summary>
/// <remarks>
/// A 10,000-iteration C# loop interns ~170,000 nodes in one trace. A <c>Dictionary&lt;Node, int&gt;</c> kept a copy of
/// every node beside the graph's (~60 bytes an entry, cache misses on every insert) and, instantiated over our own
/// struct, ran as unoptimised tier-0 code for most of a process's first compiles. Four bytes a slot here, and the two
/// methods are compiled optimised at once.
/// </remarks>
internal sealed class InternTable
{
    private int[] slots = new int[64]; // node id + 1; 0 is an empty slot
    private int shift = 32 - 6;        // 32 - log2(slots.Length)
    private int count;

    // Fibonacci hashing: the hash times 2^32/phi, its top bits the home slot, so a hash whose low bits repeat (a struct
    // hash of small ids and doubles) still spreads over the table.
    private int Home(int hash) => (int)(((uint)hash * 2654435769u) >> shift);

    /// <summary>The id of the node of <paramref name="nodes"/> equal to <paramref name="node"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(List<Node> nodes, in Node node)
    {
        ReadOnlySpan<Node> all = CollectionsMarshal.AsSpan(nodes);
        int mask = slots.Length - 1;
        for (int s = Home(node.GetHashCode()); ; s = (s + 1) & mask)
        {
            int id = slots[s] - 1;
            if (id < 0) return -1;
            if (all[id].Equals(node)) return id;
        }
    }

    /// <summary>Indexes node <paramref name="id"/> of <paramref name="nodes"/> (not yet in the table).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(List<Node> nodes, int id)
    {
        if (2 * (count + 1) > slots.Length)
        {
            int[] old = slots;
            slots = new int[old.Length * 2];
            shift--;
            foreach (int held in old) if (held != 0) Place(nodes, held - 1);
        }
        Place(nodes, id);
        count++;
    }

    private void Place(List<Node> nodes, int id)
    {
        int mask = slots.Length - 1;
        int s = Home(nodes[id].GetHashCode());
        while (slots[s] != 0) s = (s + 1) & mask;
        slots[s] = id + 1;
    }
}
