using CsCheck;
using ExprGrad.Tests.Reliability;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// A random branch program (seed esooFMG5JSQ7) at x0 = 1e-12 reads atan2 at (1e-12, 0.9e-12), a millionth of a millionth
/// from its origin, where partials of order 1e12 cancel: tape mode and the compiled code, summing in other orders,
/// disagreed by 7e-5 relative (0.86407 vs 0.86414), and <see cref="RandomBranchProgramTests"/> asked for 1e-10. The other
/// random-program tests already compared no gradients within <see cref="ReferenceAlgebra.SingularRadius"/> of atan2's or
/// hypot's origin; the branch programs now do the same (values are still compared), and count such points.
/// </summary>
public class Branch_program_next_to_atan2s_origin_held_to_1e_10
{
    [Fact]
    public void The_seeded_program_passes_the_check()
        => Check.Sample(RandomBranchProgramTests.Cases(30), (p, xs) => RandomBranchProgramTests.CheckAgainstTape(p, xs, new RandomBranchProgramTests.Counts()),
            seed: "esooFMG5JSQ7", iter: 1, print: t => RandomBranchProgramTests.Describe(t.Item1, t.Item2));
}
