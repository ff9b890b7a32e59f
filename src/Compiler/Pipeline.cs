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
        // The compiled gradient keeps the recovered graph, so the value-only kernel compiles the same loops.
        var (recovered, program) = Transform(traced, options, monitor);
        // A large straight-line program may run interpreted at once while steps 3 and 4 run in the background (the JIT dominates).
        if (options.InterpretWhileCompiling && InterpretedSweep.TryCreate(program) is { } sweep && sweep.OperationCount > options.InterpretAbove)
            return new CompiledGradient(new CompiledProgram(recovered, program, sweep, dataLength, options, monitor), dimension, dataLength);
        GeneratedCode code = Generate(program, dataLength, options, monitor);
        CompiledKernel kernel = KernelCompiler.Compile(code, options.Backend, monitor);
        return new CompiledGradient(new CompiledProgram(recovered, code, kernel, dataLength, options), dimension, dataLength);
    }

    /// <summary>
    /// Steps 1b to 4 for one traced graph (the graph compiled is returned with the code); a path traced at a point gets its
    /// decisions checked in its code.
    /// </summary>
    public static (Traced Traced, GeneratedCode Code, CompiledKernel Kernel) CompileCode(Traced traced, int dataLength, GradOptions options,
        CompileMonitor monitor)
    {
        var (recovered, program) = Transform(traced, options, monitor);
        GeneratedCode code = Generate(program, dataLength, options, monitor);
        return (recovered, code, KernelCompiler.Compile(code, options.Backend, monitor));
    }

    /// <summary>Steps 1b and 2: the graph compiled (after loop recovery) and its value-and-gradient program.</summary>
    private static (Traced Traced, GradientProgram Program) Transform(Traced traced, GradOptions options, CompileMonitor monitor)
    {
        // Library code from here on: Grad.Compile may be called inside another recording's function, whose
        // recorder must not claim the graphs the transforms build.
        using var library = Recorder.Enter(null);
        // 1b. Loop recovery (Recovery/): sums written as plain C# loops, unrolled by tracing, become loops again. Not on a
        //     path: its decisions name nodes of the graph as traced (a recovered graph is a new one).
        monitor.Start(CompileStage.RecoveringLoops);
        if (options.RecoverLoops && traced.Decisions.Count == 0) traced = LoopRecovery.Apply(traced, options.MinRecoveredIterations);
        monitor.End(CompileStage.RecoveringLoops);
        monitor.Start(CompileStage.Transforming);
        // 2. Reverse transform (Transforms/): forward nodes, then adjoints in reverse order. Simplification happens as
        //    nodes are built: hash-consing is CSE across forward and reverse code, folding, x*1, x+0. The forward nodes keep
        //    their ids, so a path's decisions name the same comparisons in the new graph.
        GradientProgram program = ReverseTransform.Apply(traced.Graph, traced.Output, options.NanSafe) with { Guards = traced.Decisions };
        monitor.End(CompileStage.Transforming);
        return (traced, program);
    }

    /// <summary>
    /// Step 3, code generation (CodeGen/, Loops/): flat single assignments cut into units the JIT optimises, described as
    /// expression trees (nothing is compiled yet). Step 4 (Backend/) compiles each unit and the delegates it calls, then runs
    /// each once (JIT cost and errors surface there).
    /// </summary>
    public static GeneratedCode Generate(GradientProgram program, int dataLength, GradOptions options, CompileMonitor monitor)
    {
        using var library = Recorder.Enter(null);
        monitor.Start(CompileStage.Generating);
        GeneratedCode code = CodeGenerator.Generate(program, dataLength, options);
        monitor.End(CompileStage.Generating);
        return code;
    }

    /// <summary>Step 2 again, for pictures of the program (a pure function of the traced graph; a path's guards included).</summary>
    public static GradientProgram Program(Traced traced, GradOptions options)
    {
        using var library = Recorder.Enter(null);
        return ReverseTransform.Apply(traced.Graph, traced.Output, options.NanSafe) with { Guards = traced.Decisions };
    }

        /// <summary>Steps 3 and 4 for the value alone (with a path's guards), compiled on the first call that asks only for the value.</summary>
    public static CompiledKernel CompileValueKernel(Traced traced, int dataLength, GradOptions options)
    {
        var program = GradientProgram.ValueOnly(traced.Graph, traced.Output) with { Guards = traced.Decisions };
        GeneratedCode code = CodeGenerator.Generate(program, dataLength, options);
        return KernelCompiler.Compile(code, options.Backend, CompileMonitor.None);
    }
}
