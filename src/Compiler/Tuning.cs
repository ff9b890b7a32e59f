namespace ExprGrad.Compiler;

/// <summary>
/// Every threshold that shapes the generated code, with the measurement that chose it (2-core x64, .NET 10,
/// FastExpressionCompiler 6.0.0). <see cref="GradOptions"/>' internal knobs default from here; tests set them
/// lower to make every code shape appear in small programs.
/// </summary>
internal static class Tuning
{
    /// <summary>
    /// Fewest terms of a plain C# sum that loop recovery turns into a loop (<see cref="GradOptions.RecoverLoops"/>).
    /// Shorter runs stay straight-line: a loop of a few iterations saves little code and costs its loop overhead.
    /// </summary>
    public const int MinRecoveredIterations = 8;

    /// <summary>
    /// Fewest operations of a program that <see cref="GradOptions.InterpretWhileCompiling"/> interprets while its code is
    /// compiled (about its statements): below this the JIT takes ~10-25 ms (10-25 µs a statement), not worth a second tier.
    /// </summary>
    public const int InterpretAbove = 1000;

    /// <summary>
    /// Statements per unit of large programs and per chunk of large loop bodies. Past ~20,000 IL instructions the JIT
    /// stops optimising a method; the sweet spot measured here (Rosenbrock n = 24..1000, units of 64..400) is about 250.
    /// </summary>
    public const int UnitSize = 250;

    /// <summary>
    /// Up to this many statements (a loop counting its body) the code reads and writes the caller's spans directly
    /// (through tiny helpers the JIT inlines in small methods), with no workspace and no copies: a call costs what the
    /// arithmetic costs. Larger code, loops run as delegates and loops keeping values for their adjoint loops work on
    /// the workspace array (in large methods the JIT stops inlining the span helpers: ~4x slower access at 400 statements).
    /// </summary>
    public const int SpanLimit = 250;

    /// <summary>
    /// Loop bodies larger than this reuse dead locals (their names become t0, t1, ...): FastExpressionCompiler declines
    /// about 2% of loop bodies declaring 2,000 variables, at random, and none declaring 1,000.
    /// </summary>
    public const int ReuseAbove = 400;

    /// <summary>
    /// Loop bodies heavier than this are cut into chunks of <see cref="UnitSize"/> statements, each a delegate
    /// the loop calls per iteration (values crossing chunks go through the workspace): one method holding a
    /// body of thousands of statements is compiled by the JIT without optimisation (GMM d = 10, K = 10 ran at
    /// 1.8x the hand-written gradient with a 6,640-statement body in one method).
    /// </summary>
    public const int SplitAbove = 1000;

    /// <summary>
    /// Most values an adjoint loop reads from its forward loop instead of recomputing them (iterations times values
    /// per iteration): 65,536 doubles, 512 KB of workspace. Caching the tanh of an MLP's hidden layer took the MLP Sum
    /// gradient from 1.76x to 0.64x the hand-written one.
    /// </summary>
    public const int MaxCachedValues = 1 << 16;

    /// <summary>
    /// Ranges a loop run in parallel is cut into (at most): 8 per core on this 2-core machine, enough to balance uneven
    /// iterations. Fixed, whatever the number of cores, so the result has the same bits on every machine.
    /// </summary>
    public const int ParallelBlocks = 16;

    /// <summary>Iterations times body statements below which a loop stays serial (a parallel call costs ~10-20 µs).</summary>
    public const long ParallelMinimumWork = 200_000;

    /// <summary>
    /// Above this many statements <see cref="CompiledGradient.Value(ReadOnlySpan{double})"/> runs the value-and-gradient
    /// code instead of compiling a value-only kernel (the JIT costs 10-40 µs per statement: seconds for the first call).
    /// </summary>
    public const int SeparateValueKernelLimit = 50_000;

    /// <summary>
    /// Attempts of FastExpressionCompiler on one unit, its code generated anew each time, before it counts as declined.
    /// It declines some code always (a second attempt then costs one more code generation) and large loop bodies rarely,
    /// at random (about 1 in 50 of the largest GMM bodies under test load): then the same tree declines again on every
    /// retry, but the same code generated again with new expression objects compiles (2 of 2 such declines in two runs
    /// of the workload tests).
    /// </summary>
    public const int FastCompilerAttempts = 2;

    /// <summary>
    /// Most directions one Jacobian or Hessian program computes at once (its code grows by a copy of the tangent code per
    /// direction): more colours run the same program once per batch of this many, with the batch's seeds passed as data.
    /// </summary>
    public const int MaxDirections = 16;

    /// <summary>
    /// Set operations the structural analysis of a Jacobian or Hessian may spend (about a second) before it takes the pattern
    /// as dense: unrolled graphs of 10^5 nodes over 10^4 inputs could otherwise hold 10^9 entries.
    /// </summary>
    public const long PatternBudget = 50_000_000;

    /// <summary>Steps a colouring may take before one colour per column is used instead (dense patterns need no search).</summary>
    public const long ColouringBudget = 50_000_000;
}
