using BenchmarkDotNet.Running;
using ExprGrad.Perf;

// No arguments: the quick comparison (the README's main job). Any argument: the BenchmarkDotNet suite,
// e.g. `-- --filter *` for everything or `-- --filter *Rosenbrock*`.
if (args.Length == 0)
{
    int status = QuickComparison.Run(Console.Out);
    OptimizationDemo.Run(Console.Out);
    return status;
}
BenchmarkSwitcher.FromAssembly(typeof(QuickComparison).Assembly).Run(args);
return 0;
