namespace ExprGrad.Workloads.Tests;

/// <summary>The data-folder lookup, driven through its internal entry point (no process environment involved).</summary>
public class GmmDataTests
{
    [Fact]
    public void Override_wins()
    {
        var (folder, whereLooked) = GmmData.Locate("/some/data", AppContext.BaseDirectory);
        Assert.Equal(Path.GetFullPath("/some/data"), folder);
        Assert.Contains(GmmData.EnvironmentVariable, whereLooked);
    }

    [Fact]
    public void Without_override_it_is_shared_data_beside_the_folder_holding_the_solution()
    {
        string root = Directory.CreateTempSubdirectory("exprgrad-locate-").FullName;
        try
        {
            string repo = Directory.CreateDirectory(Path.Combine(root, "repo")).FullName;
            File.WriteAllText(Path.Combine(repo, "ExprGrad.sln"), "");
            string deep = Directory.CreateDirectory(Path.Combine(repo, "tests", "bin", "Debug")).FullName;

            var (folder, whereLooked) = GmmData.Locate(null, deep);

            Assert.Equal(Path.Combine(root, "shared", "data", "adbench-gmm"), folder);
            Assert.Contains(repo, whereLooked);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void No_solution_above_gives_no_folder_and_says_where_it_looked()
    {
        string lonely = Directory.CreateTempSubdirectory("exprgrad-locate-").FullName;
        try
        {
            var (folder, whereLooked) = GmmData.Locate("  ", lonely);
            Assert.Null(folder);
            Assert.Contains(lonely, whereLooked);
        }
        finally
        {
            Directory.Delete(lonely, recursive: true);
        }
    }
}
