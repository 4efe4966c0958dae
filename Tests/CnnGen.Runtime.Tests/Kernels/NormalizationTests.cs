using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

/// <summary>LayerNorm (vectors and per position), GroupNorm and InstanceNorm: PyTorch fixtures, central differences, bit identity across vector widths.</summary>
public class NormalizationTests
{
    [Theory]
    [InlineData("layernorm_vector")]
    [InlineData("layernorm_positions")]
    [InlineData("layernorm_wide")]
    public void LayerNorm_matches_PyTorch(string name)
    {
        var c = KernelAssert.ZooCase("norms", name);
        int channels = c.Int("channels"), spatial = c.Int("spatial"), batch = c.Int("batch");
        var x = c.Tensor("inputs", 0);
        float[] gamma = c.Tensor("parameters", 0), beta = c.Tensor("parameters", 1);
        var y = KernelAssert.Poisoned(x.Length);
        float[] mean = new float[batch * spatial], inverseStd = new float[batch * spatial];
        LayerNorm.Forward(x, y, gamma, beta, mean, inverseStd, channels, spatial, batch, (float)c.GetProperty("epsilon").GetDouble());
        KernelAssert.Close(c.GetProperty("output").Doubles(), y, 2e-6, 2e-6, $"{name} forward");

        float[] dx = KernelAssert.Poisoned(x.Length), dGamma = KernelAssert.Poisoned(channels), dBeta = KernelAssert.Poisoned(channels);
        LayerNorm.Backward(x, c.GetProperty("outputGradient").Floats(), gamma, mean, inverseStd, dGamma, dBeta, dx, channels, spatial, batch);
        KernelAssert.Close(c.Tensor("inputGradients", 0).Select(v => (double)v).ToArray(), dx, 5e-6, 5e-6, $"{name} input gradient");
        KernelAssert.Close(c.Tensor("parameterGradients", 0).Select(v => (double)v).ToArray(), dGamma, 5e-6, 5e-6, $"{name} weight gradient");
        KernelAssert.Close(c.Tensor("parameterGradients", 1).Select(v => (double)v).ToArray(), dBeta, 5e-6, 5e-6, $"{name} bias gradient");
    }

    [Theory]
    [InlineData("groupnorm")]
    [InlineData("groupnorm_one")]
    [InlineData("instancenorm")]
    [InlineData("instancenorm_affine")]
    public void GroupNorm_and_InstanceNorm_match_PyTorch(string name)
    {
        var c = KernelAssert.ZooCase("norms", name);
        int channels = c.Int("channels"), groups = c.Int("groups"), spatial = c.Int("spatial"), batch = c.Int("batch");
        var x = c.Tensor("inputs", 0);
        var affine = c.GetProperty("parameters").GetArrayLength() == 2;
        float[] gamma = affine ? c.Tensor("parameters", 0) : [], beta = affine ? c.Tensor("parameters", 1) : [];
        var y = KernelAssert.Poisoned(x.Length);
        float[] mean = new float[batch * groups], inverseStd = new float[batch * groups];
        GroupNorm.Forward(x, y, gamma, beta, mean, inverseStd, channels, groups, spatial, batch, (float)c.GetProperty("epsilon").GetDouble());
        KernelAssert.Close(c.GetProperty("output").Doubles(), y, 2e-6, 2e-6, $"{name} forward");

        var dx = KernelAssert.Poisoned(x.Length);
        float[] dGamma = affine ? KernelAssert.Poisoned(channels) : [], dBeta = affine ? KernelAssert.Poisoned(channels) : [];
        GroupNorm.Backward(x, c.GetProperty("outputGradient").Floats(), gamma, mean, inverseStd, dGamma, dBeta, dx, channels, groups, spatial, batch);
        KernelAssert.Close(c.Tensor("inputGradients", 0).Select(v => (double)v).ToArray(), dx, 5e-6, 5e-6, $"{name} input gradient");
        if (!affine) return;
        KernelAssert.Close(c.Tensor("parameterGradients", 0).Select(v => (double)v).ToArray(), dGamma, 5e-6, 5e-6, $"{name} weight gradient");
        KernelAssert.Close(c.Tensor("parameterGradients", 1).Select(v => (double)v).ToArray(), dBeta, 5e-6, 5e-6, $"{name} bias gradient");
    }

    [Theory]
    [InlineData(6, 1)]
    [InlineData(5, 9)]
    public void LayerNorm_gradients_match_central_differences(int channels, int spatial)
    {
        const int batch = 2;
        var x = KernelAssert.Random(batch * channels * spatial, 31, 2f);
        float[] gamma = KernelAssert.Random(channels, 32), beta = KernelAssert.Random(channels, 33);
        var r = KernelAssert.Random(x.Length, 34);
        float[] y = new float[x.Length], mean = new float[batch * spatial], inverseStd = new float[batch * spatial];
        double Loss() { LayerNorm.Forward(x, y, gamma, beta, mean, inverseStd, channels, spatial, batch, 1e-5f); return KernelAssert.Dot(r, y); }
        Loss();
        float[] dx = new float[x.Length], dGamma = new float[channels], dBeta = new float[channels];
        LayerNorm.Backward(x, r, gamma, mean, inverseStd, dGamma, dBeta, dx, channels, spatial, batch);
        KernelAssert.FiniteDifferences(x, dx, Loss, "layernorm dx", step: 1e-2f, tolerance: 2e-3, samples: 40);
        KernelAssert.FiniteDifferences(gamma, dGamma, Loss, "layernorm dgamma", step: 1e-2f, tolerance: 2e-3);
        KernelAssert.FiniteDifferences(beta, dBeta, Loss, "layernorm dbeta", step: 1e-2f, tolerance: 2e-3);
    }

    [Theory]
    [InlineData(6, 2, true)]
    [InlineData(4, 4, false)]
    public void GroupNorm_gradients_match_central_differences(int channels, int groups, bool affine)
    {
        const int batch = 2, spatial = 5;
        var x = KernelAssert.Random(batch * channels * spatial, 41, 2f);
        float[] gamma = affine ? KernelAssert.Random(channels, 42) : [], beta = affine ? KernelAssert.Random(channels, 43) : [];
        var r = KernelAssert.Random(x.Length, 44);
        float[] y = new float[x.Length], mean = new float[batch * groups], inverseStd = new float[batch * groups];
        double Loss() { GroupNorm.Forward(x, y, gamma, beta, mean, inverseStd, channels, groups, spatial, batch, 1e-5f); return KernelAssert.Dot(r, y); }
        Loss();
        float[] dx = new float[x.Length], dGamma = affine ? new float[channels] : [], dBeta = affine ? new float[channels] : [];
        GroupNorm.Backward(x, r, gamma, mean, inverseStd, dGamma, dBeta, dx, channels, groups, spatial, batch);
        KernelAssert.FiniteDifferences(x, dx, Loss, "groupnorm dx", step: 1e-2f, tolerance: 2e-3, samples: 60);
        if (!affine) return;
        KernelAssert.FiniteDifferences(gamma, dGamma, Loss, "groupnorm dgamma", step: 1e-2f, tolerance: 2e-3);
        KernelAssert.FiniteDifferences(beta, dBeta, Loss, "groupnorm dbeta", step: 1e-2f, tolerance: 2e-3);
    }

    [Fact]
    public void Every_vector_width_and_thread_count_gives_the_same_bits()
    {
        // Tails at every width: 37 channels for the vector form, 19 positions for the per-position form.
        foreach (var (channels, spatial) in new[] { (37, 1), (6, 19) })
        {
            const int batch = 3;
            var x = KernelAssert.Random(batch * channels * spatial, 51, 3f);
            var dy = KernelAssert.Random(x.Length, 52);
            float[] gamma = KernelAssert.Random(channels, 53), beta = KernelAssert.Random(channels, 54);
            KernelAssert.SameBitsOnEveryWidthAndThreadCount(() =>
            {
                float[] y = new float[x.Length], dx = new float[x.Length], mean = new float[batch * spatial], inverseStd = new float[batch * spatial];
                float[] dGamma = new float[channels], dBeta = new float[channels];
                LayerNorm.Forward(x, y, gamma, beta, mean, inverseStd, channels, spatial, batch, 1e-5f);
                LayerNorm.Backward(x, dy, gamma, mean, inverseStd, dGamma, dBeta, dx, channels, spatial, batch);
                float[] g = new float[x.Length], gdx = new float[x.Length], gMean = new float[batch], gInverseStd = new float[batch];
                float[] gGamma = new float[channels], gBeta = new float[channels];
                GroupNorm.Forward(x, g, gamma, beta, gMean, gInverseStd, channels, 1, spatial, batch, 1e-5f);
                GroupNorm.Backward(x, dy, gamma, gMean, gInverseStd, gGamma, gBeta, gdx, channels, 1, spatial, batch);
                return [y, dx, mean, inverseStd, dGamma, dBeta, g, gdx, gGamma, gBeta];
            }, $"norms over {channels} channels × {spatial} positions");
        }
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        var x = new float[24];
        var stats = new float[8];
        Assert.Throws<ArgumentException>(() => GroupNorm.Forward(x, x, [], [], stats, stats, 6, 4, 2, 2, 1e-5f));
        Assert.Throws<ArgumentException>(() => GroupNorm.Forward(x, x, new float[6], [], stats, stats, 6, 3, 2, 2, 1e-5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupNorm.Forward(x, x, [], [], stats, stats, 6, 0, 2, 2, 1e-5f));
        Assert.Throws<ArgumentException>(() => LayerNorm.Forward(x, x, new float[5], new float[5], stats, stats, 6, 2, 2, 1e-5f));
        Assert.Throws<ArgumentException>(() => LayerNorm.Forward(x, new float[23], [], [], stats, stats, 6, 2, 2, 1e-5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerNorm.Forward(x, x, [], [], stats, stats, 0, 2, 2, 1e-5f));
    }
}
