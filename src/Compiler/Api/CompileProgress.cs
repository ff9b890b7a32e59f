namespace ExprGrad;

/// <summary>The steps of <see cref="Grad.Compile(Func{Vec, Scalar}, int, GradOptions?)"/>, in order (docs/ARCHITECTURE.md).</summary>
public enum CompileStage
{
    /// <summary>The function runs once on symbolic inputs and its graph is recorded.</summary>
    Tracing,

    /// <summary>Sums written as plain C# loops, which tracing unrolled, become loops again (<see cref="GradOptions.RecoverLoops"/>).</summary>
    RecoveringLoops,

    /// <summary>The reverse transform builds the fused forward-and-adjoint program.</summary>
    Transforming,

    /// <summary>The program is cut into units of flat code, described as expression trees.</summary>
    Generating,

    /// <summary>The expression compiler turns each unit into a delegate (<see cref="CompileProgress.Done"/> of <see cref="CompileProgress.Total"/> units).</summary>
    Compiling,

    /// <summary>
    /// Each delegate runs once so the JIT compiles it now, not on the first call; for large programs the longest step.
    /// Reports of this step come from thread-pool threads.
    /// </summary>
    WarmingUp,
}

/// <summary>
/// A progress report of a compile (<see cref="GradOptions.Progress"/>): the step and how much of it is done. Every step
/// is reported when it starts (<see cref="Done"/> = 0) and when it ends (<see cref="Done"/> = <see cref="Total"/>);
/// <see cref="CompileStage.Compiling"/> and <see cref="CompileStage.WarmingUp"/> also after each unit.
/// </summary>
/// <param name="Stage">The step.</param>
/// <param name="Done">Work items of the step done: units for compiling and warming up, else 0 or 1.</param>
/// <param name="Total">Work items of the step.</param>
public readonly record struct CompileProgress(CompileStage Stage, int Done, int Total);
