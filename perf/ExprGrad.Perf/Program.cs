using BenchmarkDotNet.Running;
using ExprGrad.Perf;

// No arguments: the quick comparison (the README's main job). `gmm`: the ADBench GMM table. `chain`: the
// million-node straight-line program. `nist`: Levenberg-Marquardt on the NIST StRD files. Any other
// arguments: the BenchmarkDotNet suite, e.g. `-- --filter *` for everything or `-- --filter *GmmBenchmarks*`.
if (args.Length == 0)
{
    var (comparison, lbfgs) = ProgressDisplay.Run(display => (QuickComparison.Run(display), OptimizationDemo.Run(display)));
    Console.WriteLine();
    Console.WriteLine(comparison.Table);
    Console.WriteLine();
    Console.WriteLine(lbfgs.Table);
    string folder = PictureFolder();
    var clock = System.Diagnostics.Stopwatch.StartNew();
    IReadOnlyList<string> files = Pictures.Write(folder, comparison.Ratios, lbfgs.Traces);
    Console.WriteLine();
    Console.WriteLine($"Pictures ({files.Count} files, PNG and SVG, drawn in {clock.Elapsed.TotalSeconds:F1} s): {folder}");
    return comparison.AllCorrect ? 0 : 1;
}
if (args is ["gmm"]) return GmmTable.Run(Console.Out);
if (args is ["chain"]) { MillionNodeChain.Run(Console.Out); return 0; }
if (args is ["nist"]) return NistTable.Run(Console.Out);
BenchmarkSwitcher.FromAssembly(typeof(QuickComparison).Assembly).Run(args);
return 0;

// perf/out of the repository the job runs in (found from the working directory), else ./perf-out.
static string PictureFolder()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "ExprGrad.sln"))) return Path.Combine(dir.FullName, "perf", "out");
    return Path.GetFullPath("perf-out");
}
