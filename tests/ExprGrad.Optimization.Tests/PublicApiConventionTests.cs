using System.Reflection;

namespace ExprGrad.Optimization.Tests;

/// <summary>
/// The optimizers' public surface: .NET naming conventions (issue 17: <c>cancel</c> was not one), and nothing
/// that belongs to tests (issue 12: the test problems shipped inside the library).
/// </summary>
public class PublicApiConventionTests
{
    public static TheoryData<string> Assemblies => [typeof(Lbfgs).Assembly.GetName().Name!, typeof(MathNetObjective).Assembly.GetName().Name!];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Every_public_cancellation_token_parameter_is_named_cancellationToken(string assembly) =>
        Assert.Empty(PublicParameters(assembly)
            .Where(p => p.Parameter.ParameterType == typeof(CancellationToken) && p.Parameter.Name != "cancellationToken").Select(p => p.Where));

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Every_public_parameter_name_is_camel_case(string assembly) =>
        Assert.Empty(PublicParameters(assembly)
            .Where(p => p.Parameter.Name is not { } name || !char.IsLower(name[0]) || name.Contains('_')).Select(p => p.Where));

    /// <summary>Parameters of public methods (not a positional record's Deconstruct, whose names are its PascalCase properties).</summary>
    private static IEnumerable<(ParameterInfo Parameter, string Where)> PublicParameters(string assembly) =>
        from type in Assembly.Load(assembly).GetExportedTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        where method.Name != "Deconstruct"
        from parameter in method.GetParameters()
        select (parameter, $"{type.Name}.{method.Name}({parameter.Name})");

    [Fact]
    public void The_shipped_library_contains_no_test_problems()
    {
        Type[] types = typeof(Lbfgs).Assembly.GetTypes();

        Assert.DoesNotContain(types, t => t.Namespace?.Contains("TestProblems") == true || t.Name.Contains("GarbowHillstrom"));
        Assert.Equal("ExprGrad.TestProblems", typeof(ExprGrad.TestProblems.TestProblem).Assembly.GetName().Name);
    }
}
