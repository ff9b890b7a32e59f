namespace ExprGrad.Workloads.Tests;

public class GmmInstanceTests
{
    private const string Tiny = "2 1 2\n0.5\n1 2 \n-1 0 0.25 \n3 4 \n5 6 \n1.000000 0 \n";

    [Fact]
    public void Parse_reads_every_section_in_order()
    {
        GmmInstance instance = GmmInstance.Parse(Tiny);
        Assert.Equal((2, 1, 2), (instance.D, instance.K, instance.N));
        Assert.Equal((1.0, 0.0), (instance.Gamma, instance.M));
        Assert.Equal([0.5], instance.Alphas.ToArray());
        Assert.Equal([1.0, 2.0], instance.Means.ToArray());
        Assert.Equal([-1.0, 0.0, 0.25], instance.Icf.ToArray());
        Assert.Equal([3.0, 4.0, 5.0, 6.0], instance.Points.ToArray());
        Assert.Equal(3, instance.IcfSize);
        Assert.Equal(6, instance.ParameterCount);
        Assert.Equal([0.5, 1.0, 2.0, -1.0, 0.0, 0.25], instance.Parameters());
    }

    [Theory]
    [InlineData("2 1 2\n0.5\n1 2\n-1 0 0.25\n3 4\n5 6\n1\n", "holds 15 numbers")]   // m missing
    [InlineData("2 1 2\n0.5\n1 2\n-1 0 0.25\n3 4\n5 x\n1 0\n", "('x') is not a number")]
    [InlineData("2 0 2\n", "three positive integers")]
    public void Parse_rejects_malformed_text_with_a_message_naming_the_source(string text, string fragment)
    {
        var error = Assert.Throws<FormatException>(() => GmmInstance.Parse(text, "bad.txt"));
        Assert.Contains("bad.txt", error.Message);
        Assert.Contains(fragment, error.Message);
    }

    [SkippableFact]
    public void Load_reads_the_ADBench_test_instance()
    {
        Skip.If(!GmmData.Available, GmmReferenceTests.Missing);
        GmmInstance instance = GmmData.Load("test.txt");
        Assert.Equal((2, 3, 1), (instance.D, instance.K, instance.N));
        Assert.Equal(-0.649014, instance.Alphas[0], 0.0);
        Assert.Equal(0.166813, instance.Icf[6], 0.0);
        Assert.Equal([1.175171, 2.029160], instance.Points.ToArray());
        Assert.Equal((1.0, 0.0), (instance.Gamma, instance.M));
    }

    [SkippableFact]
    public void Load_reads_a_1k_instance()
    {
        Skip.If(!GmmData.Available, GmmReferenceTests.Missing);
        GmmInstance instance = GmmData.Load("1k/gmm_d10_K25.txt");
        Assert.Equal((10, 25, 1000), (instance.D, instance.K, instance.N));
        Assert.Equal(25 + 250 + 25 * 55, instance.ParameterCount);
        Assert.Equal(10_000, instance.Points.Length);
    }
}
