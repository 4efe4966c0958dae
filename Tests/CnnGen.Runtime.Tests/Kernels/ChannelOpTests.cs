using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

/// <summary>
/// Narrow, ChannelShuffle, ZeroPad2D, the products (same shape, channel broadcast, Scale), StochasticDepth and the
/// per-position Dense: PyTorch fixtures, central differences, bit identity across vector widths and thread counts.
/// </summary>
public class ChannelOpTests
{
    static double[] Expected(System.Text.Json.JsonElement c, string list, int i) => c.Tensor(list, i).Select(v => (double)v).ToArray();

    [Fact]
    public void Narrow_matches_PyTorch_and_accumulates_when_asked()
    {
        var c = KernelAssert.ZooCase("copies", "narrow");
        int channels = c.Int("channels"), start = c.Int("start"), length = c.Int("length"), spatial = c.Int("spatial"), batch = c.Int("batch");
        var x = c.Tensor("inputs", 0);
        var y = KernelAssert.Poisoned(batch * length * spatial);
        Narrow.Forward(x, y, channels, start, length, spatial, batch);
        KernelAssert.Close(c.GetProperty("output").Doubles(), y, 0, 0, "narrow forward");
        var dy = c.GetProperty("outputGradient").Floats();
        var dx = KernelAssert.Poisoned(x.Length);
        Narrow.Backward(dy, dx, channels, start, length, spatial, batch, accumulate: false);
        KernelAssert.Close(Expected(c, "inputGradients", 0), dx, 0, 0, "narrow backward");

        // The two halves of a chunk: the second adds its block to the first's gradient.
        var sum = new float[x.Length];
        Narrow.Backward(dy, sum, channels, 0, length, spatial, batch, accumulate: false);
        Narrow.Backward(dy, sum, channels, length, length, spatial, batch, accumulate: true);
        for (var n = 0; n < batch; n++)
            for (var i = 0; i < channels * spatial; i++)
                Assert.Equal(dy[n * length * spatial + i % (length * spatial)], sum[n * channels * spatial + i]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Narrow.Forward(x, y, channels, 4, 3, spatial, batch));
        Assert.Throws<ArgumentOutOfRangeException>(() => Narrow.Forward(x, y, channels, 0, 0, spatial, batch));
    }

    [Theory]
    [InlineData("shuffle2")]
    [InlineData("shuffle3")]
    public void ChannelShuffle_matches_PyTorch(string name)
    {
        var c = KernelAssert.ZooCase("copies", name);
        int channels = c.Int("channels"), groups = c.Int("groups"), spatial = c.Int("spatial"), batch = c.Int("batch");
        var x = c.Tensor("inputs", 0);
        var y = KernelAssert.Poisoned(x.Length);
        ChannelShuffle.Forward(x, y, channels, groups, spatial, batch);
        KernelAssert.Close(c.GetProperty("output").Doubles(), y, 0, 0, $"{name} forward");
        var dx = KernelAssert.Poisoned(x.Length);
        ChannelShuffle.Backward(c.GetProperty("outputGradient").Floats(), dx, channels, groups, spatial, batch);
        KernelAssert.Close(Expected(c, "inputGradients", 0), dx, 0, 0, $"{name} backward");
        Assert.Throws<ArgumentException>(() => ChannelShuffle.Forward(x, y, channels, 4, spatial, batch));
    }

    [Theory]
    [InlineData("pad")]
    [InlineData("crop")]
    public void ZeroPad2D_matches_PyTorch(string name)
    {
        var c = KernelAssert.ZooCase("copies", name);
        var g = new PadGeometry(c.Int("channels"), c.Int("height"), c.Int("width"), c.Int("left"), c.Int("right"), c.Int("top"), c.Int("bottom"));
        var batch = c.Int("batch");
        var x = c.Tensor("inputs", 0);
        var y = KernelAssert.Poisoned(batch * g.OutputLength);
        ZeroPad2D.Forward(x, y, g, batch);
        KernelAssert.Close(c.GetProperty("output").Doubles(), y, 0, 0, $"{name} forward");
        var dx = KernelAssert.Poisoned(x.Length);
        ZeroPad2D.Backward(c.GetProperty("outputGradient").Floats(), dx, g, batch);
        KernelAssert.Close(Expected(c, "inputGradients", 0), dx, 0, 0, $"{name} backward");
        Assert.Throws<ArgumentException>(() => ZeroPad2D.Forward(x, y, g with { Left = -3, Right = -2 }, batch));
    }

    [Fact]
    public void Products_match_PyTorch()
    {
        var same = KernelAssert.ZooCase("products", "same");
        float[] a = same.Tensor("inputs", 0), b = same.Tensor("inputs", 1);
        var y = KernelAssert.Poisoned(a.Length);
        Multiply.Forward(a, b, y);
        KernelAssert.Close(same.GetProperty("output").Doubles(), y, 0, 0, "a * b");
        float[] da = KernelAssert.Poisoned(a.Length), db = KernelAssert.Poisoned(a.Length);
        Multiply.Backward(a, b, same.GetProperty("outputGradient").Floats(), da, db);
        KernelAssert.Close(Expected(same, "inputGradients", 0), da, 0, 0, "d(a * b)/da");
        KernelAssert.Close(Expected(same, "inputGradients", 1), db, 0, 0, "d(a * b)/db");

        var gate = KernelAssert.ZooCase("products", "channels");
        int channels = gate.Int("channels"), spatial = gate.Int("spatial"), batch = gate.Int("batch");
        float[] x = gate.Tensor("inputs", 0), scales = gate.Tensor("inputs", 1);
        var gated = KernelAssert.Poisoned(x.Length);
        Multiply.ForwardChannels(x, scales, gated, channels, spatial, batch);
        KernelAssert.Close(gate.GetProperty("output").Doubles(), gated, 0, 0, "x * scale");
        float[] dx = KernelAssert.Poisoned(x.Length), dScales = KernelAssert.Poisoned(scales.Length);
        Multiply.BackwardChannels(x, scales, gate.GetProperty("outputGradient").Floats(), dx, dScales, channels, spatial, batch);
        KernelAssert.Close(Expected(gate, "inputGradients", 0), dx, 0, 0, "d(x * scale)/dx");
        KernelAssert.Close(Expected(gate, "inputGradients", 1), dScales, 1e-6, 1e-6, "d(x * scale)/dscale");

        var layerScale = KernelAssert.ZooCase("products", "scale");
        var gamma = layerScale.Tensor("parameters", 0);
        var scaled = KernelAssert.Poisoned(x.Length);
        Scale.Forward(x, gamma, scaled, channels, spatial, batch);
        KernelAssert.Close(layerScale.GetProperty("output").Doubles(), scaled, 0, 0, "gamma * x");
        float[] dGamma = KernelAssert.Poisoned(channels);
        Scale.Backward(x, gamma, layerScale.GetProperty("outputGradient").Floats(), dGamma, dx, channels, spatial, batch);
        KernelAssert.Close(Expected(layerScale, "inputGradients", 0), dx, 0, 0, "d(gamma * x)/dx");
        KernelAssert.Close(Expected(layerScale, "parameterGradients", 0), dGamma, 1e-6, 1e-6, "d(gamma * x)/dgamma");
    }

    [Fact]
    public void Product_gradients_match_central_differences()
    {
        const int batch = 2, channels = 3, spatial = 7;
        var x = KernelAssert.Random(batch * channels * spatial, 61, 2f);
        var scales = KernelAssert.Random(batch * channels, 62, 2f);
        var gamma = KernelAssert.Random(channels, 63, 2f);
        var r = KernelAssert.Random(x.Length, 64);
        var y = new float[x.Length];
        float[] dx = new float[x.Length], dScales = new float[scales.Length], dGamma = new float[channels];
        Multiply.BackwardChannels(x, scales, r, dx, dScales, channels, spatial, batch);
        double Gated() { Multiply.ForwardChannels(x, scales, y, channels, spatial, batch); return KernelAssert.Dot(r, y); }
        KernelAssert.FiniteDifferences(x, dx, Gated, "gate dx", step: 1e-2f, tolerance: 1e-3);
        KernelAssert.FiniteDifferences(scales, dScales, Gated, "gate dscale", step: 1e-2f, tolerance: 1e-3);
        Scale.Backward(x, gamma, r, dGamma, dx, channels, spatial, batch);
        double Scaled() { Scale.Forward(x, gamma, y, channels, spatial, batch); return KernelAssert.Dot(r, y); }
        KernelAssert.FiniteDifferences(x, dx, Scaled, "scale dx", step: 1e-2f, tolerance: 1e-3);
        KernelAssert.FiniteDifferences(gamma, dGamma, Scaled, "scale dgamma", step: 1e-2f, tolerance: 1e-3);
    }

    [Fact]
    public void Dense_per_position_matches_PyTorchs_channels_last_Linear()
    {
        var c = KernelAssert.ZooCase("densePositions");
        int inputs = c.Int("inputChannels"), outputs = c.Int("outputs"), positions = c.Int("positions"), batch = c.Int("batch");
        var x = c.Tensor("inputs", 0);
        float[] weight = c.Tensor("parameters", 0), bias = c.Tensor("parameters", 1);
        var y = KernelAssert.Poisoned(batch * outputs * positions);
        Dense.ForwardPositions(x, weight, bias, y, inputs, outputs, positions, batch);
        KernelAssert.Close(c.GetProperty("output").Doubles(), y, 1e-6, 1e-6, "dense per position forward");
        float[] dx = KernelAssert.Poisoned(x.Length), dw = KernelAssert.Poisoned(weight.Length), db = KernelAssert.Poisoned(bias.Length);
        Dense.BackwardPositions(x, weight, c.GetProperty("outputGradient").Floats(), dw, db, dx, inputs, outputs, positions, batch);
        KernelAssert.Close(Expected(c, "inputGradients", 0), dx, 1e-6, 1e-6, "dense per position input gradient");
        KernelAssert.Close(Expected(c, "parameterGradients", 0), dw, 1e-5, 1e-5, "dense per position weight gradient");
        KernelAssert.Close(Expected(c, "parameterGradients", 1), db, 1e-5, 1e-5, "dense per position bias gradient");
    }

    [Fact]
    public void StochasticDepth_drops_whole_samples_and_backward_uses_the_same_mask()
    {
        const int batch = 400, sampleLength = 6;
        const float rate = 0.3f;
        var x = KernelAssert.Random(batch * sampleLength, 71);
        var y = KernelAssert.Poisoned(x.Length);
        var mask = KernelAssert.Poisoned(batch);
        StochasticDepth.Forward(x, y, mask, rate, new SeededRandom(3), sampleLength, batch);
        var random = new SeededRandom(3);
        var survivor = 1f / (1f - rate);
        for (var n = 0; n < batch; n++)
        {
            // torchvision's row mode: one Bernoulli(1 − p) draw per sample, survivors divided by 1 − p.
            var expected = random.NextSingle() >= rate ? survivor : 0f;
            Assert.Equal(expected, mask[n]);
            for (var i = 0; i < sampleLength; i++) Assert.Equal(x[n * sampleLength + i] * expected, y[n * sampleLength + i]);
        }
        Assert.InRange(mask.Count(m => m == 0f) / (double)batch, 0.24, 0.36);
        var dy = KernelAssert.Random(x.Length, 72);
        var dx = KernelAssert.Poisoned(x.Length);
        StochasticDepth.Backward(mask, dy, dx, sampleLength, batch);
        for (var i = 0; i < x.Length; i++) Assert.Equal(dy[i] * mask[i / sampleLength], dx[i]);
    }

    [Fact]
    public void Every_vector_width_and_thread_count_gives_the_same_bits()
    {
        const int batch = 2, channels = 5, spatial = 19, units = 11;
        var x = KernelAssert.Random(batch * channels * spatial, 81, 2f);
        var other = KernelAssert.Random(x.Length, 82, 2f);
        var scales = KernelAssert.Random(batch * channels, 83, 2f);
        var gamma = KernelAssert.Random(channels, 84);
        var weight = KernelAssert.Random(units * channels, 85);
        var bias = KernelAssert.Random(units, 86);
        var dy = KernelAssert.Random(x.Length, 87);
        var denseDy = KernelAssert.Random(batch * units * spatial, 88);
        KernelAssert.SameBitsOnEveryWidthAndThreadCount(() =>
        {
            float[] product = new float[x.Length], da = new float[x.Length], db = new float[x.Length];
            Multiply.Forward(x, other, product);
            Multiply.Backward(x, other, dy, da, db);
            float[] gated = new float[x.Length], dGated = new float[x.Length], dScales = new float[scales.Length];
            Multiply.ForwardChannels(x, scales, gated, channels, spatial, batch);
            Multiply.BackwardChannels(x, scales, dy, dGated, dScales, channels, spatial, batch);
            float[] scaled = new float[x.Length], dScaled = new float[x.Length], dGamma = new float[channels];
            Scale.Forward(x, gamma, scaled, channels, spatial, batch);
            Scale.Backward(x, gamma, dy, dGamma, dScaled, channels, spatial, batch);
            float[] dense = new float[denseDy.Length], dDense = new float[x.Length], dw = new float[weight.Length], dBias = new float[units];
            Dense.ForwardPositions(x, weight, bias, dense, channels, units, spatial, batch);
            Dense.BackwardPositions(x, weight, denseDy, dw, dBias, dDense, channels, units, spatial, batch);
            return [product, da, db, gated, dGated, dScales, scaled, dScaled, dGamma, dense, dDense, dw, dBias];
        }, "products and dense per position");
    }
}
