namespace ExprGrad.Ops;

/// <summary>
/// Every primitive, one line each. Adding an op = its family file (rule + public functions) + one line
/// here; the table-driven tests and the README's table pick it up from <see cref="All"/>.
/// </summary>
internal static class OpTable
{
    public static readonly Op Add = new BinaryOp<AddRule>("add", AddRule.Info);
    public static readonly Op Sub = new BinaryOp<SubRule>("sub", SubRule.Info);
    public static readonly Op Mul = new BinaryOp<MulRule>("mul", MulRule.Info);
    public static readonly Op Div = new BinaryOp<DivRule>("div", DivRule.Info);
    public static readonly Op Neg = new UnaryOp<NegRule>("neg", NegRule.Info);
    public static readonly Op StrongMul = new BinaryOp<StrongMulRule>("mul0", StrongMulRule.Info);
    public static readonly Op Exp = new UnaryOp<ExpRule>("exp", ExpRule.Info);
    public static readonly Op Log = new UnaryOp<LogRule>("log", LogRule.Info);
    public static readonly Op Sqrt = new UnaryOp<SqrtRule>("sqrt", SqrtRule.Info);
    public static readonly Op Log1p = new UnaryOp<Log1pRule>("log1p", Log1pRule.Info);
    public static readonly Op Expm1 = new UnaryOp<Expm1Rule>("expm1", Expm1Rule.Info);
    public static readonly Op PowInt = new ParametricOp<PowIntRule>("powi", PowIntRule.Info);
    public static readonly Op PowConst = new ParametricOp<PowConstRule>("powc", PowConstRule.Info);
    public static readonly Op Pow = new BinaryOp<PowRule>("pow", PowRule.Info);
    public static readonly Op Sin = new UnaryOp<SinRule>("sin", SinRule.Info);
    public static readonly Op Cos = new UnaryOp<CosRule>("cos", CosRule.Info);
    public static readonly Op Tan = new UnaryOp<TanRule>("tan", TanRule.Info);
    public static readonly Op Asin = new UnaryOp<AsinRule>("asin", AsinRule.Info);
    public static readonly Op Acos = new UnaryOp<AcosRule>("acos", AcosRule.Info);
    public static readonly Op Atan = new UnaryOp<AtanRule>("atan", AtanRule.Info);
    public static readonly Op Atan2 = new BinaryOp<Atan2Rule>("atan2", Atan2Rule.Info);
    public static readonly Op Sinh = new UnaryOp<SinhRule>("sinh", SinhRule.Info);
    public static readonly Op Cosh = new UnaryOp<CoshRule>("cosh", CoshRule.Info);
    public static readonly Op Tanh = new UnaryOp<TanhRule>("tanh", TanhRule.Info);
    public static readonly Op Abs = new UnaryOp<AbsRule>("abs", AbsRule.Info);
    public static readonly Op Sign = new StepOp<SignRule>("sign", SignRule.Info);
    public static readonly Op AtLeast = new ComparisonOp<AtLeastRule>("atleast", AtLeastRule.Info);
    public static readonly Op Max = new BinaryOp<MaxRule>("max", MaxRule.Info);
    public static readonly Op Min = new BinaryOp<MinRule>("min", MinRule.Info);
    public static readonly Op Greater = new ComparisonOp<GreaterRule>("gt", GreaterRule.Info);
    public static readonly Op GreaterOrEqual = new ComparisonOp<GreaterOrEqualRule>("ge", GreaterOrEqualRule.Info);
    public static readonly Op Less = new ComparisonOp<LessRule>("lt", LessRule.Info);
    public static readonly Op LessOrEqual = new ComparisonOp<LessOrEqualRule>("le", LessOrEqualRule.Info);
    public static readonly Op Equal = new ComparisonOp<EqualRule>("eq", EqualRule.Info);
    public static readonly Op NotEqual = new ComparisonOp<NotEqualRule>("ne", NotEqualRule.Info);
    public static readonly Op Select = new SelectOp();
    public static readonly Op StopGradient = new StepOp<StopGradientRule>("stopgrad", StopGradientRule.Info);

    /// <summary>Every primitive, in table order.</summary>
    public static IReadOnlyList<Op> All { get; } =
    [
        Add, Sub, Mul, Div, Neg, StrongMul, Exp, Log, Sqrt, Log1p, Expm1, PowInt, PowConst, Pow,
        Sin, Cos, Tan, Asin, Acos, Atan, Atan2, Sinh, Cosh, Tanh, Abs, Sign, AtLeast, Max, Min,
        Greater, GreaterOrEqual, Less, LessOrEqual, Equal, NotEqual, Select, StopGradient,
    ];
}
