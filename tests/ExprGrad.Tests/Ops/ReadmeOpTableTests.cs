using System.Runtime.CompilerServices;

namespace ExprGrad.Tests.Ops;

/// <summary>
/// The README's op table is generated from the op table (<see cref="ReadmeOpTable"/>): this test fails when the README
/// differs, and rewrites it with EXPRGRAD_UPDATE_README=1 (then review the diff), like the golden files.
/// </summary>
public class ReadmeOpTableTests
{
    [Fact]
    public void Readme_op_table_is_the_one_generated_from_the_op_table()
    {
        string path = Path.Combine(SourceDirectory(), "..", "..", "..", "README.md");
        string readme = File.ReadAllText(path).Replace("\r\n", "\n");
        int begin = readme.IndexOf(ReadmeOpTable.Begin, StringComparison.Ordinal);
        int end = readme.IndexOf(ReadmeOpTable.End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"README.md has no op table between the markers '{ReadmeOpTable.Begin}' and '{ReadmeOpTable.End}'.");
        string current = readme[begin..(end + ReadmeOpTable.End.Length)];
        string generated = ReadmeOpTable.Generate();
        if (Environment.GetEnvironmentVariable("EXPRGRAD_UPDATE_README") == "1" && current != generated)
        {
            File.WriteAllText(path, readme[..begin] + generated + readme[(end + ReadmeOpTable.End.Length)..]);
            current = generated;
        }
        Assert.Equal(generated, current);
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
