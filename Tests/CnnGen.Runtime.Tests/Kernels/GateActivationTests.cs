using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

/// <summary>
/// Hardsigmoid, Mish and PReLU: PyTorch fixtures, kink and NaN conventions; PReLU's central differences and bit identity
/// across vector widths (Hardsigmoid's and Mish's are <see cref="SmoothActivationTests"/>' theories).
/// </summary>
public class GateActivationTests
{
    delegate void Forward(ReadOnlySpan<float> x, Span<float> y);
    delegate void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx);

    static (Forward Forward, Backward Backward) Kernel(string name) => name switch
    {
        "hardsigmoid" => (Activations.Hardsigmoid, Activations.HardsigmoidBackward),
        "mish" => (Activations.Mish, Activations.MishBackward),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [InlineData("hardsigmoid")]
    [InlineData("mish")]
    public void Matches_PyTorch_forward_and_backward(string name)
    {
        var c = KernelAssert.ZooCase("activations", name);
        var (forward, backward) = Kernel(name);
        var x = c.Tensor("inputs", 0);
        var y = KernelAssert.Poisoned(x.Length);
        forward(x, y);
        // Hardsigmoid is PyTorch's operations in PyTorch's order; Mish's tanh(softplus) is a different formula, a few ulp off.
        var exact = name == "hardsigmoid";
        KernelAssert.Close(c.GetProperty("output").Doubles(), y, exact ? 0 : 1e-7, exact ? 0 : 1e-6, $"{name} forward");
        var dx = KernelAssert.Poisoned(x.Length);
        backward(x, c.GetProperty("outputGradient").Floats(), dx);
        KernelAssert.Close(c.Tensor("inputGradients", 0).Select(v => (double)v).ToArray(), dx, exact ? 0 : 1e-7, exact ? 0 : 2e-6, $"{name} backward");
    }

    [Fact]
    public void Kinks_saturation_and_NaN_follow_PyTorch()
    {
        float[] x = [float.NaN, -3f, 3f, 0f, float.PositiveInfinity, float.NegativeInfinity, 21f];
        float[] ones = [1f, 1f, 1f, 1f, 1f, 1f, 1f];
        var y = new float[x.Length];
        var dx = new float[x.Length];

        Activations.Hardsigmoid(x, y);
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal([0f, 1f, 0.5f, 1f, 0f, 1f], y[1..]);
        Activations.HardsigmoidBackward(x, ones, dx);
        Assert.Equal([0f, 0f, 0f, 1f / 6f, 0f, 0f, 0f], dx); // +0 at ±3 and for NaN (hardsigmoid_backward's open interval)

        Activations.Mish(x, y);
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(float.PositiveInfinity, y[4]);
        Assert.True(float.IsNaN(y[5]), "mish(−∞) = −∞·tanh(0) is NaN in PyTorch too");
        Assert.Equal(21f, y[6]);
        Activations.MishBackward(x, ones, dx);
        Assert.True(float.IsNaN(dx[0]));
        Assert.Equal(0.6f, dx[3], 6); // tanh(ln 2) = 0.6
        Assert.Equal(1f, dx[6]);
    }

    [Theory]
    [InlineData("shared")]
    [InlineData("channels")]
    [InlineData("vector")]
    public void PReLU_matches_PyTorch_forward_and_backward(string name)
    {
        var c = KernelAssert.ZooCase("prelu", name);
        var shape = c.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        int batch = shape[0], channels = shape[1], spatial = shape.Skip(2).Aggregate(1, (a, b) => a * b);
        var x = c.Tensor("inputs", 0);
        var weight = c.Tensor("parameters", 0);
        var y = KernelAssert.Poisoned(x.Length);
        PReLU.Forward(x, weight, y, channels, spatial, batch);
        KernelAssert.Close(c.GetProperty("output").Doubles(), y, 0, 0, "prelu forward");

        var dx = KernelAssert.Poisoned(x.Length);
        var dw = KernelAssert.Poisoned(weight.Length);
        PReLU.Backward(x, weight, c.GetProperty("outputGradient").Floats(), dw, dx, channels, spatial, batch);
        KernelAssert.Close(c.Tensor("inputGradients", 0).Select(v => (double)v).ToArray(), dx, 0, 0, "prelu input gradient");
        KernelAssert.Close(c.Tensor("parameterGradients", 0).Select(v => (double)v).ToArray(), dw, 1e-6, 1e-6, "prelu weight gradient");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void PReLU_gradients_match_central_differences(int slopes)
    {
        const int batch = 2, channels = 3, spatial = 7;
        var x = KernelAssert.Random(batch * channels * spatial, 3, 2f).Select(v => MathF.Abs(v) < 0.05f ? v + 0.2f : v).ToArray();
        var weight = KernelAssert.Random(slopes, 4, 0.5f);
        var r = KernelAssert.Random(x.Length, 5);
        var dx = new float[x.Length];
        var dw = new float[slopes];
        PReLU.Backward(x, weight, r, dw, dx, channels, spatial, batch);
        var y = new float[x.Length];
        double Loss() { PReLU.Forward(x, weight, y, channels, spatial, batch); return KernelAssert.Dot(r, y); }
        KernelAssert.FiniteDifferences(x, dx, Loss, "prelu dx", step: 1e-2f, tolerance: 1e-3, samples: 42);
        KernelAssert.FiniteDifferences(weight, dw, Loss, "prelu dw", step: 1e-2f, tolerance: 1e-3);
    }

    [Fact]
    public void PReLU_gives_the_same_bits_on_every_vector_width_and_thread_count()
    {
        float[] slopes = [0.25f, -0.5f, 0.1f];
        var image = KernelAssert.Random(2 * 3 * 19, 23, 3f);
        var gradient = KernelAssert.Random(image.Length, 24);
        KernelAssert.SameBitsOnEveryWidthAndThreadCount(() =>
        {
            var y = new float[image.Length];
            var dx = new float[image.Length];
            var dw = new float[3];
            PReLU.Forward(image, slopes, y, 3, 19, 2);
            PReLU.Backward(image, slopes, gradient, dw, dx, 3, 19, 2);
            return [y, dx, dw];
        }, "prelu");
    }

    [Fact]
    public void PReLU_rejects_a_slope_count_that_is_neither_one_nor_the_channels()
    {
        var x = new float[24];
        var error = Assert.Throws<ArgumentException>(() => PReLU.Forward(x, new float[2], x, 3, 4, 2));
        Assert.Contains("Expected 1 or 3 (channels) slopes", error.Message);
        Assert.Throws<ArgumentException>(() => PReLU.Forward(x, new float[3], new float[23], 3, 4, 2));
        Assert.Throws<ArgumentException>(() => PReLU.Backward(x, new float[1], x, new float[0], x, 3, 4, 2));
    }
}
