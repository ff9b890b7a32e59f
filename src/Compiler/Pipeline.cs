using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Compiled mode from a traced function to a delegate, one step per type and per folder (docs/ARCHITECTURE.md).
/// Step 1, tracing (<see cref="FunctionTracer"/>) or quoting (<see cref="ExpressionQuoter"/>), is in <see cref="Grad"/>.
/// </summary>
internal static class Pipeline
{
    /// <summary>Steps 1b to 4: the value-and-gradient delegate of a traced function.</summary>
    public static CompiledGradient Compile(Traced traced, int dimension, int dataLength, GradOptions options, CompileMonitor monitor)
    {
        // Library code from here on: Grad.Compile may be called inside another recording's function, whose
        // recorder must not claim the graphs the transforms build.
        using var library = Recorder.Enter(null);
        // 1b. Loop recovery (Recovery/): sums written as plain C# loops, unrolled by tracing, become loops again. The
        //     compiled gradient keeps the recovered graph, so the value-only kernel compiles the same loops.
        monitor.Start(CompileStage.RecoveringLoops);
        if (options.RecoverLoops) traced = LoopRecovery.Apply(traced, options.MinRecoveredIterations);
        monitor.End(CompileStage.RecoveringLoops);
        monitor.Start(CompileStage.Transforming);
        // 2. Reverse transform (Transforms/): forward nodes, then adjoints in reverse order. Simplification happens as
        //    nodes are built: hash-consing is CSE across forward and reverse code, folding, x*1, x+0.
        GradientProgram program = ReverseTransform.Apply(traced.Graph, traced.Output, options.NanSafe);
        monitor.End(CompileStage.Transforming);
        // 3. Code generation (CodeGen/, Loops/): flat single assignments cut into units the JIT optimises, described
        //    as expression trees (nothing is compiled yet).
        monitor.Start(CompileStage.Generating);
        GeneratedCode code = CodeGenerator.Generate(program, dataLength, options);
        monitor.End(CompileStage.Generating);
        // 4. Compile (Backend/): each unit and the delegates it calls, then run each once (JIT cost and errors surface here).
        CompiledKernel kernel = KernelCompiler.Compile(code, options.Backend, monitor);
        return new CompiledGradient(traced, dimension, dataLength, code, kernel, options);
    }

    /// <summary>Step 2 again, for pictures of the program (a pure function of the traced graph).</summary>
    public static GradientProgram Program(Traced traced, GradOptions options)
    {
        using var library = Recorder.Enter(null);
        return ReverseTransform.Apply(traced.Graph, traced.Output, options.NanSafe);
    }

    /// <summary>Steps 3 and 4 for the value alone, compiled on the first call that asks only for the value.</summary>
    public static CompiledKernel CompileValueKernel(Traced traced, int dataLength, GradOptions options)
    {
        GeneratedCode code = CodeGenerator.Generate(GradientProgram.ValueOnly(traced.Graph, traced.Output), dataLength, options);
        return KernelCompiler.Compile(code, options.Backend, CompileMonitor.None);
    }
}
