using ExprGrad.Compiler;
using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad;

public static partial class Grad
{
    /// <summary>
    /// Traces a vector function once and compiles its values and its Jacobian, e.g.
    /// <c>Grad.CompileJacobian(b =&gt; Vec.Of(b[0] - 1, 10 * (b[1] - b[0] * b[0])), 2)</c>. The function returns a list
    /// (<see cref="Vec.Of(Scalar[])"/>) or a map (<see cref="Vec.Map"/>, compiled as a loop). Jacobian-vector and vector-Jacobian
    /// products come with it (<see cref="CompiledJacobian.Jvp(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double})"/>,
    /// <see cref="CompiledJacobian.Vjp(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double})"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is less than 1, or the Jacobian is too large for any array.</exception>
    /// <exception cref="ArgumentException">The function returns an empty Vec.</exception>
    /// <exception cref="InvalidOperationException">The function branches on a traced value or misuses a Scalar.</exception>
    public static CompiledJacobian CompileJacobian(Func<Vec, Vec> function, int dimension, GradOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return CompileJacobian((x, _) => function(x), dimension, 0, options);
    }

    /// <summary>
    /// Traces a vector function of inputs and data once and compiles its values and its Jacobian with respect to the inputs;
    /// the data is passed at every call or bound once (<see cref="CompiledJacobian.Bind"/>). One residual per data row:
    /// <c>Grad.CompileJacobian((b, data) =&gt; Vec.Map(m, i =&gt; data[2 * i + 1] - b[0] * Scalar.Exp(b[1] * data[2 * i])), 2, 2 * m)</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is less than 1 or <paramref name="dataLength"/> negative.</exception>
    /// <exception cref="ArgumentException">The function returns an empty Vec.</exception>
    public static CompiledJacobian CompileJacobian(Func<Vec, Vec, Vec> function, int dimension, int dataLength, GradOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        Arguments.CheckCompiledSize(dimension, dataLength);
        options ??= GradOptions.Default;
        var monitor = CompileMonitor.For(options);
        // 1. Trace: run the function once on symbolic inputs; its Vec is a list of outputs or one map.
        monitor.Start(CompileStage.Tracing);
        VectorTraced traced = VectorTracer.Trace(function, dimension, dataLength);
        monitor.End(CompileStage.Tracing);
        // 1b. Loop recovery: sums written as plain C# loops become loops, here and in every derivative.
        monitor.Start(CompileStage.RecoveringLoops);
        if (options.RecoverLoops)
            using (Recorder.Enter(null))
            {
                var (graph, outputs) = LoopRecovery.Apply(traced.Graph, traced.Roots, options.MinRecoveredIterations);
                traced = traced.With(graph, outputs);
            }
        monitor.End(CompileStage.RecoveringLoops);
        JacobianArguments.CheckSize((long)traced.Count * (dimension + 1) + dimension, "The Jacobian with its values");
        // 2.-4. Pattern, mode and colouring, then the program computing the compressed Jacobian, generated and compiled.
        JacobianPlan plan;
        using (Recorder.Enter(null)) plan = JacobianPlan.Create(traced, dataLength, options, monitor);
        return new CompiledJacobian(traced, dimension, dataLength, plan, options);
    }

    /// <summary>
    /// Traces a scalar function once and compiles its value, gradient, Hessian-vector products (forward-over-reverse) and
    /// Hessian (compressed by a star colouring of its pattern): an <see cref="IHessian"/> for Newton methods.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is less than 1, or the Hessian is too large for any array.</exception>
    /// <exception cref="InvalidOperationException">The function branches on a traced value or misuses a Scalar.</exception>
    /// <exception cref="NotSupportedException">A derivative flows into a black box (<see cref="CustomOp.Function"/>): it has no second derivative.</exception>
    public static CompiledHessian CompileHessian(Func<Vec, Scalar> function, int dimension, GradOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return CompileHessian((x, _) => function(x), dimension, 0, options);
    }

    /// <summary>
    /// Traces a scalar function of inputs and data once and compiles its value, gradient, Hessian-vector products and Hessian
    /// with respect to the inputs; the data is passed at every call or bound once (<see cref="CompiledHessian.Bind"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is less than 1 or <paramref name="dataLength"/> negative.</exception>
    /// <exception cref="NotSupportedException">A derivative flows into a black box (<see cref="CustomOp.Function"/>): it has no second derivative.</exception>
    public static CompiledHessian CompileHessian(Func<Vec, Vec, Scalar> function, int dimension, int dataLength, GradOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        Arguments.CheckCompiledSize(dimension, dataLength);
        JacobianArguments.CheckSize((long)dimension * (dimension + 1), "The Hessian with its gradient");
        options ??= GradOptions.Default;
        var monitor = CompileMonitor.For(options);
        monitor.Start(CompileStage.Tracing);
        Traced traced = FunctionTracer.Trace(function, dimension, dataLength);
        monitor.End(CompileStage.Tracing);
        monitor.Start(CompileStage.RecoveringLoops);
        if (options.RecoverLoops)
            using (Recorder.Enter(null)) traced = LoopRecovery.Apply(traced, options.MinRecoveredIterations);
        monitor.End(CompileStage.RecoveringLoops);
        // The gradient as Grad.Compile builds it (from the recovered loops), and its program again for the forward-over-reverse
        // code (a pure transform).
        CompiledGradient gradient = Pipeline.Compile(traced, dimension, dataLength, options with { RecoverLoops = false }, monitor);
        GradientProgram program;
        using (Recorder.Enter(null)) program = ReverseTransform.Apply(traced.Graph, traced.Output, options.NanSafe);
        return new CompiledHessian(gradient, program, dataLength, options);
    }
}
