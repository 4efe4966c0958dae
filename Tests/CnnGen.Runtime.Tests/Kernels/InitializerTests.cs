using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

public class InitializerTests
{
    const int Length = 40000;

    [Theory]
    [InlineData(Init.Normal, 0.3, 10, 20, 0.3)]
    [InlineData(Init.XavierNormal, 0, 150, 50, 0.1)]      // √(2 / 200)
    [InlineData(Init.HeNormal, 0, 50, 7, 0.2)]            // √(2 / 50)
    public void Normal_schemes_have_zero_mean_and_the_torch_std(Init scheme, double value, int fanIn, int fanOut, double std)
    {
        var values = Fill(scheme, value, fanIn, fanOut, seed: 1);
        var mean = values.Average(v => (double)v);
        var sd = Math.Sqrt(values.Average(v => ((double)v - mean) * ((double)v - mean)));
        // Standard errors: mean σ/200, std σ/283; the bounds are over 5 of them.
        Assert.InRange(mean, -0.03 * std, 0.03 * std);
        Assert.InRange(sd, 0.98 * std, 1.02 * std);
    }

    [Theory]
    [InlineData(Init.Uniform, 0.5, 10, 20, 0.5)]
    [InlineData(Init.XavierUniform, 0, 20, 40, 0.31622776601683794)]   // √(6 / 60)
    [InlineData(Init.HeUniform, 0, 24, 3, 0.5)]                         // √(6 / 24)
    public void Uniform_schemes_fill_plus_minus_the_torch_bound(Init scheme, double value, int fanIn, int fanOut, double bound)
    {
        var values = Fill(scheme, value, fanIn, fanOut, seed: 2);
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        Assert.True(values.Min() < -0.999 * bound && values.Max() > 0.999 * bound, "the whole interval is used");
        var variance = values.Average(v => (double)v * v);
        Assert.InRange(variance, 0.98 * bound * bound / 3, 1.02 * bound * bound / 3);
    }

    [Fact]
    public void Constant_schemes_and_determinism()
    {
        Assert.All(Fill(Init.Zeros, 5, 1, 1, 3), v => Assert.Equal(0f, v));
        Assert.All(Fill(Init.Ones, 5, 1, 1, 3), v => Assert.Equal(1f, v));
        Assert.All(Fill(Init.Constant, 0.25, 1, 1, 3), v => Assert.Equal(0.25f, v));
        Assert.Equal(Fill(Init.HeNormal, 0, 9, 9, 7), Fill(Init.HeNormal, 0, 9, 9, 7));
        Assert.NotEqual(Fill(Init.HeNormal, 0, 9, 9, 7), Fill(Init.HeNormal, 0, 9, 9, 8));
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.Fill(new float[3], Init.HeNormal, 0, 0, 3, new SeededRandom(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.Fill(new float[3], Init.Normal, -1, 3, 3, new SeededRandom(1)));
    }

    static float[] Fill(Init scheme, double value, int fanIn, int fanOut, int seed)
    {
        var values = new float[Length];
        Initializers.Fill(values, scheme, value, fanIn, fanOut, new SeededRandom(seed));
        return values;
    }
}
