using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

/// <summary>
/// The backward kernels of a frozen layer (<c>Trainable = false</c>) get empty weight and bias gradients: they compute
/// only the input gradient, with the bits of the full backward's. And the backward of a batch norm with frozen
/// statistics (<c>BatchNorm(Frozen = true)</c>), <see cref="BatchNorm.BackwardInference"/>.
/// </summary>
public class FrozenLayerKernelTests
{
    public static TheoryData<ConvGeometry> Geometries() => new(Reference.ConvGeometries());

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Conv2D_without_parameter_gradients_gives_the_input_gradient_of_the_full_backward(ConvGeometry g)
    {
        const int batch = 3;
        var input = KernelAssert.Random(batch * g.InputLength, 31);
        var weight = KernelAssert.Random(g.WeightLength, 32);
        var outputGradient = KernelAssert.Random(batch * g.OutputLength, 33);
        foreach (var throughReLU in new[] { false, true })
        {
            var full = KernelAssert.Poisoned(input.Length);
            var frozen = KernelAssert.Poisoned(input.Length);
            if (throughReLU)
            {
                Conv2D.BackwardThroughReLU(input, weight, outputGradient, new float[g.WeightLength], new float[g.Filters], full, g, batch);
                Conv2D.BackwardThroughReLU(input, weight, outputGradient, [], [], frozen, g, batch);
            }
            else
            {
                Conv2D.Backward(input, weight, outputGradient, new float[g.WeightLength], new float[g.Filters], full, g, batch);
                Conv2D.Backward(input, weight, outputGradient, [], [], frozen, g, batch);
            }
            Assert.Equal(full, frozen);
        }

        // A bias gradient without the weight gradient: the same sums as with it.
        var biasGradient = new float[g.Filters];
        var alone = KernelAssert.Poisoned(g.Filters);
        Conv2D.Backward(input, weight, outputGradient, new float[g.WeightLength], biasGradient, [], g, batch);
        Conv2D.Backward(input, weight, outputGradient, [], alone, [], g, batch);
        Assert.Equal(biasGradient, alone);
    }

    [Fact]
    public void Dense_and_transposed_convolution_without_parameter_gradients_give_the_input_gradient_of_the_full_backward()
    {
        const int batch = 4, inputs = 7, outputs = 5;
        var x = KernelAssert.Random(batch * inputs, 41);
        var w = KernelAssert.Random(outputs * inputs, 42);
        var dy = KernelAssert.Random(batch * outputs, 43);
        var full = KernelAssert.Poisoned(x.Length);
        var frozen = KernelAssert.Poisoned(x.Length);
        Dense.Backward(x, w, dy, new float[w.Length], new float[outputs], full, inputs, outputs, batch);
        Dense.Backward(x, w, dy, [], [], frozen, inputs, outputs, batch);
        Assert.Equal(full, frozen);

        var g = new ConvTransposeGeometry(3, 5, 4, 4, 3, 2, 1, 1);
        var tx = KernelAssert.Random(batch * g.InputLength, 44);
        var tw = KernelAssert.Random(g.WeightLength, 45);
        var tdy = KernelAssert.Random(batch * g.OutputLength, 46);
        var transposedFull = KernelAssert.Poisoned(tx.Length);
        var transposedFrozen = KernelAssert.Poisoned(tx.Length);
        ConvTranspose2D.Backward(tx, tw, tdy, new float[g.WeightLength], new float[g.Filters], transposedFull, g, batch);
        ConvTranspose2D.Backward(tx, tw, tdy, [], [], transposedFrozen, g, batch);
        Assert.Equal(transposedFull, transposedFrozen);
    }

    [Fact]
    public void BatchNorm_backward_without_gamma_and_beta_gradients_gives_the_input_gradient_of_the_full_backward()
    {
        const int batch = 3, channels = 4, spatial = 5;
        var input = KernelAssert.Random(batch * channels * spatial, 51, 2f);
        var gamma = KernelAssert.Random(channels, 52);
        var dy = KernelAssert.Random(input.Length, 53);
        var (mean, inverseStd) = (new float[channels], new float[channels]);
        BatchNorm.ForwardTraining(input, new float[input.Length], gamma, new float[channels], new float[channels], new float[channels], mean, inverseStd, channels, spatial, batch, 0.1f, 1e-5f);
        var full = KernelAssert.Poisoned(input.Length);
        var frozen = KernelAssert.Poisoned(input.Length);
        BatchNorm.Backward(input, dy, gamma, mean, inverseStd, new float[channels], new float[channels], full, channels, spatial, batch);
        BatchNorm.Backward(input, dy, gamma, mean, inverseStd, [], [], frozen, channels, spatial, batch);
        Assert.Equal(full, frozen);
    }

    const int Batch = 3, Channels = 2, Spatial = 4;

    [Fact]
    public void BackwardInference_agrees_with_central_differences_of_the_inference_forward()
    {
        var input = KernelAssert.Random(Batch * Channels * Spatial, 61, 2f);
        var gamma = KernelAssert.Random(Channels, 62);
        var beta = KernelAssert.Random(Channels, 63);
        float[] runningMean = [0.3f, -0.2f], runningVariance = [0.7f, 1.6f];
        var r = KernelAssert.Random(input.Length, 64);
        var output = new float[input.Length];
        double Loss()
        {
            BatchNorm.ForwardInference(input, output, gamma, beta, runningMean, runningVariance, Channels, Spatial, Batch, 1e-5f);
            return KernelAssert.Dot(r, output);
        }

        Loss();
        var dGamma = KernelAssert.Poisoned(Channels);
        var dBeta = KernelAssert.Poisoned(Channels);
        var dx = KernelAssert.Poisoned(input.Length);
        BatchNorm.BackwardInference(input, r, gamma, runningMean, runningVariance, dGamma, dBeta, dx, Channels, Spatial, Batch, 1e-5f);
        KernelAssert.FiniteDifferences(input, dx, Loss, "dL/dx");
        KernelAssert.FiniteDifferences(gamma, dGamma, Loss, "dL/dgamma");
        KernelAssert.FiniteDifferences(beta, dBeta, Loss, "dL/dbeta");

        // The running statistics are constants: dx is dy scaled per channel, γ/√(var + ε).
        for (var i = 0; i < input.Length; i++)
        {
            var c = i / Spatial % Channels;
            var expected = r[i] * gamma[c] / Math.Sqrt(runningVariance[c] + 1e-5);
            Assert.True(Math.Abs(dx[i] - expected) <= 1e-6 * (1 + Math.Abs(expected)), $"dx[{i}]: {dx[i]:R}, expected {expected:R}");
        }

        // Without gamma and beta gradients (Trainable = false too): the same input gradient.
        var frozen = KernelAssert.Poisoned(input.Length);
        BatchNorm.BackwardInference(input, r, gamma, runningMean, runningVariance, [], [], frozen, Channels, Spatial, Batch, 1e-5f);
        Assert.Equal(dx, frozen);
    }

    [Fact]
    public void BackwardInference_gives_the_same_bits_on_every_width_and_thread_count()
    {
        // 37 positions: partial vectors at every width.
        const int batch = 3, channels = 5, spatial = 37;
        var input = KernelAssert.Random(batch * channels * spatial, 71);
        var dy = KernelAssert.Random(input.Length, 72);
        var gamma = KernelAssert.Random(channels, 73);
        var runningMean = KernelAssert.Random(channels, 74);
        var runningVariance = KernelAssert.Random(channels, 75).Select(v => 1.5f + v).ToArray();
        KernelAssert.SameBitsOnEveryWidthAndThreadCount(() =>
        {
            var (dGamma, dBeta, dx) = (new float[channels], new float[channels], new float[input.Length]);
            BatchNorm.BackwardInference(input, dy, gamma, runningMean, runningVariance, dGamma, dBeta, dx, channels, spatial, batch, 1e-5f);
            return [dGamma, dBeta, dx];
        }, "BatchNorm.BackwardInference");
    }

    [Fact]
    public void BackwardInference_names_the_span_that_is_too_short()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            BatchNorm.BackwardInference(new float[8], new float[8], [1, 1], [0], [1, 1], [], [], new float[8], 2, 4, 1, 1e-5f));
        Assert.Contains("runningMean", error.Message, StringComparison.Ordinal);
    }
}
