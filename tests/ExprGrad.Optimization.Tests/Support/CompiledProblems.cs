using System.Collections.Concurrent;
using ExprGrad.TestProblems;

namespace ExprGrad.Optimization.Tests;

/// <summary>The More-Garbow-Hillstrom problems compiled once per test run and shared by the tests that use them.</summary>
public static class CompiledProblems
{
    private static readonly ConcurrentDictionary<string, CompiledGradient> Cache = new();

    public static IReadOnlyList<TestProblem> Standard { get; } = MoreGarbowHillstrom.Standard();

    public static TestProblem Named(string name) => Standard.Single(p => p.Name == name);

    public static CompiledGradient Gradient(TestProblem problem) =>
        Cache.GetOrAdd(problem.Name, _ => Grad.Compile(problem.Function, problem.Dimension));

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (TestProblem p in Standard) data.Add(p.Name);
            return data;
        }
    }
}
