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
/// struct, ran as unoptimised tier-0 code for most of a process's first compiles. Eight bytes a slot here (the id and
/// the node's hash, so growing the table and skipping a collision read no node), and the two methods are compiled
/// optimised at once.
/// </remarks>
internal sealed class InternTable
{
    private int[] ids = new int[64];    // node id + 1; 0 is an empty slot
    private int[] hashes = new int[64]; // the hash of the node in the slot
    private int shift = 32 - 6;         // 32 - log2(slots)
    private int count;

    // Fibonacci hashing: the hash times 2^32/phi, its top bits the home slot, so a hash whose low bits repeat (a struct
    // hash of small ids and doubles) still spreads over the table.
    private int Home(int hash) => (int)(((uint)hash * 2654435769u) >> shift);

    /// <summary>The id of the node of <paramref name="nodes"/> equal to <paramref name="node"/>, or -1; <paramref name="hash"/> is its hash, for <see cref="Add"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(List<Node> nodes, in Node node, out int hash)
    {
        ReadOnlySpan<Node> all = CollectionsMarshal.AsSpan(nodes);
        hash = node.GetHashCode();
        int mask = ids.Length - 1;
        for (int s = Home(hash); ; s = (s + 1) & mask)
        {
            int id = ids[s] - 1;
            if (id < 0) return -1;
            if (hashes[s] == hash && all[id].Equals(node)) return id;
        }
    }

    /// <summary>Indexes node <paramref name="id"/> (not yet in the table), whose hash <see cref="Find"/> gave.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int id, int hash)
    {
        if (2 * (count + 1) > ids.Length)
        {
            int[] oldIds = ids, oldHashes = hashes;
            ids = new int[oldIds.Length * 2];
            hashes = new int[oldIds.Length * 2];
            shift--;
            for (int s = 0; s < oldIds.Length; s++) if (oldIds[s] != 0) Place(oldIds[s] - 1, oldHashes[s]);
        }
        Place(id, hash);
        count++;
    }

    private void Place(int id, int hash)
    {
        int mask = ids.Length - 1;
        int s = Home(hash);
        while (ids[s] != 0) s = (s + 1) & mask;
        ids[s] = id + 1;
        hashes[s] = hash;
    }
}
