using BenchmarkDotNet.Running;
using ExprGrad.Perf;

// No arguments: the quick comparison (the README's main job). `gmm`: the ADBench GMM table. `chain`: the
// million-node straight-line program. `nist`: Levenberg-Marquardt on the NIST StRD files. Any other
// arguments: the BenchmarkDotNet suite, e.g. `-- --filter *` for everything or `-- --filter *GmmBenchmarks*`.
if (args.Length == 0)
{
    int status = QuickComparison.Run(Console.Out);
    OptimizationDemo.Run(Console.Out);
    return status;
}
if (args is ["gmm"]) return GmmTable.Run(Console.Out);
if (args is ["chain"]) { MillionNodeChain.Run(Console.Out); return 0; }
if (args is ["nist"]) return NistTable.Run(Console.Out);
BenchmarkSwitcher.FromAssembly(typeof(QuickComparison).Assembly).Run(args);
return 0;
