using System.Text.RegularExpressions;

namespace ExprGrad.TestProblems;

/// <summary>
/// Where the NIST StRD files are: the folder named by <c>EXPRGRAD_NIST_DATA</c> when set, otherwise
/// <c>shared/data/nist</c> beside the repository (the first folder above the running assembly that holds
/// <c>ExprGrad.sln</c>). The folder's README lists the files it should hold; <see cref="Missing"/> names the
/// listed ones that are not there.
/// </summary>
public static partial class NistData
{
    /// <summary>The environment variable that overrides the folder.</summary>
    public const string EnvironmentVariable = "EXPRGRAD_NIST_DATA";

    /// <summary>The data folder (it may not exist; see <see cref="Available"/>).</summary>
    public static string Folder { get; } = Locate();

    /// <summary>True when <see cref="Folder"/> exists.</summary>
    public static bool Available => Directory.Exists(Folder);

    /// <summary>A skip message for tests when the folder is absent.</summary>
    public static string WhyUnavailable => $"NIST StRD data not found in '{Folder}' (set {EnvironmentVariable} to the folder holding the .dat files).";

    /// <summary>The .dat files present, sorted by name.</summary>
    public static IReadOnlyList<string> Files =>
        Available ? [.. Directory.GetFiles(Folder, "*.dat").Order(StringComparer.Ordinal)] : [];

    /// <summary>The file names the folder's README lists (its table rows <c>| Name.dat | … |</c>), or none without a README.</summary>
    public static IReadOnlyList<string> Listed
    {
        get
        {
            string readme = Path.Combine(Folder, "README.md");
            if (!File.Exists(readme)) return [];
            return [.. File.ReadLines(readme).Select(l => ListedFile().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value)];
        }
    }

    /// <summary>Files the README lists that are not in the folder (e.g. a Thurber.dat that was not copied).</summary>
    public static IReadOnlyList<string> Missing => [.. Listed.Where(f => !File.Exists(Path.Combine(Folder, f)))];

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } set) return Path.GetFullPath(set);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ExprGrad.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "nist"));
        return Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "nist"));
    }

    [GeneratedRegex(@"^\|\s*([A-Za-z0-9]+\.dat)\s*\|")]
    private static partial Regex ListedFile();
}
