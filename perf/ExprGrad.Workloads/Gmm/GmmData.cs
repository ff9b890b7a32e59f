namespace ExprGrad.Workloads;

/// <summary>
/// Where the ADBench GMM files are: the folder named by the environment variable <c>EXPRGRAD_DATA</c> if it
/// is set, otherwise <c>shared/data/adbench-gmm</c> beside the repository (the first folder above
/// <see cref="AppContext.BaseDirectory"/> that holds <c>ExprGrad.sln</c>), i.e. <c>&lt;repo&gt;/../shared/data/adbench-gmm</c>.
/// </summary>
public static class GmmData
{
    /// <summary>The environment variable that, when set, names the GMM data folder (the one holding test.txt, 1k/ and 10k/).</summary>
    public const string EnvironmentVariable = "EXPRGRAD_DATA";

    private static readonly Lazy<(string? Folder, string WhereLooked)> Located = new(() => Locate(
        Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory));

    /// <summary>The data folder, or null when neither the variable is set nor the repository is found.</summary>
    public static string? Folder => Located.Value.Folder;

    /// <summary>True when <see cref="Folder"/> exists.</summary>
    public static bool Available => Folder is not null && Directory.Exists(Folder);

    /// <summary>Where the data was looked for, for skip and error messages.</summary>
    public static string WhereLooked => Located.Value.WhereLooked;

    /// <summary>The full path of a file in the data folder, e.g. <c>PathOf("1k/gmm_d2_K5.txt")</c>.</summary>
    /// <exception cref="DirectoryNotFoundException">The data folder is not available; the message says where it was looked for.</exception>
    public static string PathOf(string relativePath)
    {
        if (!Available) throw new DirectoryNotFoundException($"ADBench GMM data not found: {WhereLooked}.");
        return Path.Combine(Folder!, relativePath);
    }

    /// <summary>Loads an instance from the data folder, e.g. <c>Load("10k/gmm_d2_K5.txt")</c>.</summary>
    public static GmmInstance Load(string relativePath) => GmmInstance.Load(PathOf(relativePath));

    /// <summary>The lookup itself, apart from the process environment so tests can drive it.</summary>
    internal static (string? Folder, string WhereLooked) Locate(string? overrideFolder, string startDirectory)
    {
        if (!string.IsNullOrWhiteSpace(overrideFolder))
        {
            string folder = Path.GetFullPath(overrideFolder);
            return (folder, $"{EnvironmentVariable} is set, to '{folder}'");
        }
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ExprGrad.sln")))
            {
                string folder = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "adbench-gmm"));
                return (folder, $"looked in '{folder}' (beside the repository at '{dir.FullName}'; set {EnvironmentVariable} to override)");
            }
        }
        return (null, $"{EnvironmentVariable} is not set and no folder above '{startDirectory}' holds ExprGrad.sln");
    }
}
