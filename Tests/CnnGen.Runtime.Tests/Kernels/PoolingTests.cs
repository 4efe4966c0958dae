using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

public class PoolingTests
{
    public static TheoryData<PoolGeometry> Geometries() => new(
    [
        new PoolGeometry(30, 24, 24, 2, 2, 0),   // the seed network's pool1
        new PoolGeometry(2, 7, 5, 2, 2, 0),      // odd sizes: last row/column dropped
        new PoolGeometry(3, 6, 7, 3, 2, 1),      // overlapping windows with padding
        new PoolGeometry(1, 5, 5, 3, 1, 1),      // stride 1
        new PoolGeometry(2, 1, 1, 1, 1, 0),      // 1×1
        new PoolGeometry(1, 4, 6, 4, 3, 2),      // windows that are half padding
        new PoolGeometry(2, 19, 21, 2, 2, 0),    // 2×2 vector path: 10 windows per row (overlapping last block), odd row and column left over
        new PoolGeometry(2, 7, 5, 2, 2, 0, CeilMode: true),                          // ceil mode: the odd row and column get their own windows
        new PoolGeometry(2, 19, 21, 2, 2, 0, CeilMode: true),                        // the same at vector-path sizes
        new PoolGeometry(3, 6, 7, 3, 2, 1, CeilMode: true),                          // ceil-mode windows running past the padded input
        new PoolGeometry(1, 5, 5, 3, 3, 1, CeilMode: true, CountIncludePad: false),  // last window would start in the right padding: dropped
        new PoolGeometry(2, 8, 9, 3, 2, 1, CountIncludePad: false),                  // padded positions not counted
        new PoolGeometry(1, 4, 6, 4, 3, 2, CeilMode: true, CountIncludePad: false),
        new PoolGeometry(2, 2, 3, 3, 3, 0, CeilMode: true),                          // ceil-mode window larger than its input: 1×1
        new PoolGeometry(2, 1, 3, 5, 2, 2, CeilMode: true),                          // a padded window larger than its input
    ]);

    [Theory]
    [MemberData(nameof(Geometries))]
    public void MaxPool_matches_the_definition(PoolGeometry g)
    {
        const int batch = 2;
        var input = KernelAssert.Random(batch * g.InputLength, 1);
        var output = KernelAssert.Poisoned(batch * g.OutputLength);
        var argmax = new byte[output.Length];
        MaxPool2D.Forward(input, output, argmax, g, batch);

        var expectedGradient = new double[input.Length];
        var upstream = KernelAssert.Random(output.Length, 2);
        for (var i = 0; i < upstream.Length; i += 3) upstream[i] = -0f;
        var o = 0;
        for (var n = 0; n < batch; n++)
            for (var c = 0; c < g.Channels; c++)
                for (var oy = 0; oy < g.OutHeight; oy++)
                    for (var ox = 0; ox < g.OutWidth; ox++, o++)
                    {
                        var best = double.NegativeInfinity;
                        int winner = -1, position = -1;
                        for (var ky = 0; ky < g.Size; ky++)
                            for (var kx = 0; kx < g.Size; kx++)
                            {
                                int y = oy * g.Stride - g.Padding + ky, x = ox * g.Stride - g.Padding + kx;
                                if (y < 0 || y >= g.Height || x < 0 || x >= g.Width) continue;
                                var index = (c * g.Height + y) * g.Width + x;
                                if (input[n * g.InputLength + index] > best) { best = input[n * g.InputLength + index]; winner = index; position = ky * g.Size + kx; }
                            }
                        Assert.Equal((float)best, output[o]);
                        Assert.Equal(position, argmax[o]);
                        expectedGradient[n * g.InputLength + winner] += upstream[o];
                    }

        var inputGradient = KernelAssert.Poisoned(input.Length);
        MaxPool2D.Backward(upstream, argmax, inputGradient, g, batch);
        KernelAssert.Close(expectedGradient, inputGradient, 1e-6, 1e-6, "input gradient");
        // Positions that receive nothing, or a −0, hold +0 (cleared, then added to), whichever path ran.
        for (var i = 0; i < inputGradient.Length; i++)
            if (expectedGradient[i] == 0) Assert.True(BitConverter.SingleToInt32Bits(inputGradient[i]) == 0, $"input gradient {i}: {inputGradient[i]:R}, expected +0");

        // A wider argmax type (the generated code's choice for windows over 16×16) records the same positions and
        // routes the same gradient, through the general paths.
        var wideOutput = new float[output.Length];
        var wide = new int[output.Length];
        MaxPool2D.Forward(input, wideOutput, wide, g, batch);
        Assert.Equal(output, wideOutput);
        Assert.Equal(argmax.Select(p => (int)p).ToArray(), wide);
        var wideGradient = KernelAssert.Poisoned(input.Length);
        MaxPool2D.Backward(upstream, wide, wideGradient, g, batch);
        Assert.Equal(inputGradient, wideGradient);
    }

    [Fact]
    public void MaxPool_argmax_type_must_hold_every_window_position()
    {
        // 17×17 = 289 positions: a byte cannot hold 288, a ushort can.
        var g = new PoolGeometry(1, 17, 17, 17, 17, 0);
        var input = KernelAssert.Random(g.InputLength, 9);
        var output = new float[1];
        var error = Assert.Throws<ArgumentException>(() => MaxPool2D.Forward(input, output, new byte[1], g, 1));
        Assert.Equal("argmax", error.ParamName);
        Assert.Contains("up to 288 (a 17×17 window)", error.Message);
        Assert.Contains("Byte", error.Message);

        var winner = new ushort[1];
        MaxPool2D.Forward(input, output, winner, g, 1);
        Assert.Equal(input.Max(), output[0]);
        Assert.Equal(Array.IndexOf(input, input.Max()), winner[0]);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void MaxPool_after_ReLU_gives_the_bits_of_a_ReLU_layer_then_the_pooling(PoolGeometry g)
    {
        const int batch = 3;
        // Negative windows, zeros, ties and NaNs: where the fused pair could differ from the two layers.
        var input = KernelAssert.Random(batch * g.InputLength, 5);
        var random = new Random(6);
        for (var i = 0; i < input.Length; i++)
        {
            var roll = random.Next(20);
            if (roll == 0) input[i] = 0f;
            else if (roll == 1) input[i] = -0f;
            else if (roll == 2 && i > 0) input[i] = input[i - 1];
            else if (roll == 3 && i % 7 == 0) input[i] = float.NaN;
        }
        var upstream = KernelAssert.Random(batch * g.OutputLength, 7);
        for (var i = 0; i < upstream.Length; i += 5) upstream[i] = -0f;   // 0 + (−0) is +0 in the two layers

        var rectified = new float[input.Length];
        Activations.ReLU(input, rectified);
        var pooled = new float[upstream.Length];
        var winners = new byte[upstream.Length];
        MaxPool2D.Forward(rectified, pooled, winners, g, batch);
        var rectifiedGradient = KernelAssert.Poisoned(input.Length);
        MaxPool2D.Backward(upstream, winners, rectifiedGradient, g, batch);
        var expected = new float[input.Length];
        Activations.ReLUBackward(rectified, rectifiedGradient, expected);

        var fusedPooled = KernelAssert.Poisoned(upstream.Length);
        var fusedWinners = new byte[upstream.Length];
        MaxPool2D.ForwardAfterReLU(input, fusedPooled, fusedWinners, g, batch);
        var fusedGradient = KernelAssert.Poisoned(input.Length);
        MaxPool2D.BackwardAfterReLU(upstream, fusedPooled, fusedWinners, fusedGradient, g, batch);

        for (var i = 0; i < pooled.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(pooled[i]) == BitConverter.SingleToInt32Bits(fusedPooled[i]), $"output {i}: {pooled[i]:R} vs fused {fusedPooled[i]:R}");
        for (var i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(fusedGradient[i]), $"input gradient {i}: {expected[i]:R} vs fused {fusedGradient[i]:R}");
    }

    [Fact]
    public void MaxPool_ties_go_to_the_first_maximum_and_nan_wins_like_pytorch()
    {
        var g = new PoolGeometry(1, 2, 4, 2, 2, 0);
        float[] input = [5, 5, 1, float.NaN, 5, 5, 2, 3];
        var output = new float[2];
        var argmax = new byte[2];
        MaxPool2D.Forward(input, output, argmax, g, 1);
        Assert.Equal(5f, output[0]);
        Assert.Equal(0, argmax[0]);
        Assert.True(float.IsNaN(output[1]));
        Assert.Equal(1, argmax[1]);   // the NaN: top row, second column of its window

        // A window of −∞ keeps its first in-bounds position, as PyTorch does: with padding 1, each window of this
        // 2×2 input has one in-bounds position, the bottom-right, bottom-left, top-right and top-left one.
        var padded = new PoolGeometry(1, 2, 2, 2, 2, 1);
        float[] negative = [float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity];
        var pooled = new float[4];
        var winners = new byte[4];
        MaxPool2D.Forward(negative, pooled, winners, padded, 1);
        Assert.Equal([3, 2, 1, 0], winners);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void AvgPool_divisor_follows_PyTorch_and_backward_matches_central_differences(PoolGeometry g)
    {
        const int batch = 2;
        var input = KernelAssert.Random(batch * g.InputLength, 3);
        var output = KernelAssert.Poisoned(batch * g.OutputLength);
        AvgPool2D.Forward(input, output, g, batch);

        var expected = new double[output.Length];
        var o = 0;
        for (var n = 0; n < batch; n++)
            for (var c = 0; c < g.Channels; c++)
                for (var oy = 0; oy < g.OutHeight; oy++)
                    for (var ox = 0; ox < g.OutWidth; ox++, o++)
                    {
                        double sum = 0, inside = 0, insidePadded = 0;
                        for (var ky = 0; ky < g.Size; ky++)
                            for (var kx = 0; kx < g.Size; kx++)
                            {
                                int y = oy * g.Stride - g.Padding + ky, x = ox * g.Stride - g.Padding + kx;
                                if (y >= -g.Padding && y < g.Height + g.Padding && x >= -g.Padding && x < g.Width + g.Padding) insidePadded++;
                                if (y < 0 || y >= g.Height || x < 0 || x >= g.Width) continue;
                                inside++;
                                sum += input[n * g.InputLength + (c * g.Height + y) * g.Width + x];
                            }
                        // PyTorch's divisor: the positions in the padded input (count_include_pad), else in the input.
                        expected[o] = sum / (g.CountIncludePad ? insidePadded : inside);
                    }
        KernelAssert.Close(expected, output, 1e-6, 1e-5, "output");

        var r = KernelAssert.Random(output.Length, 4);
        var inputGradient = KernelAssert.Poisoned(input.Length);
        AvgPool2D.Backward(r, inputGradient, g, batch);
        KernelAssert.FiniteDifferences(input, inputGradient, () =>
        {
            AvgPool2D.Forward(input, output, g, batch);
            return KernelAssert.Dot(r, output);
        }, "dL/dx");
    }

    [Fact]
    public void GlobalAvgPool_is_the_mean_and_spreads_its_gradient()
    {
        const int channels = 3, spatial = 7, batch = 2;
        var input = KernelAssert.Random(batch * channels * spatial, 5);
        var output = KernelAssert.Poisoned(batch * channels);
        GlobalAvgPool.Forward(input, output, channels, spatial, batch);
        var expected = Enumerable.Range(0, batch * channels).Select(p => input.Skip(p * spatial).Take(spatial).Average(v => (double)v)).ToArray();
        KernelAssert.Close(expected, output, 1e-6, 1e-6, "output");

        var r = KernelAssert.Random(output.Length, 6);
        var inputGradient = KernelAssert.Poisoned(input.Length);
        GlobalAvgPool.Backward(r, inputGradient, channels, spatial, batch);
        KernelAssert.Close(Enumerable.Range(0, input.Length).Select(i => r[i / spatial] / (double)spatial).ToArray(), inputGradient, 1e-7, 1e-6, "input gradient");
    }
}

/// <summary>Ceil-mode and count_include_pad pooling against PyTorch's nn.MaxPool2d / nn.AvgPool2d (tools/golden/make_layer_golden.py).</summary>
public class PoolingGoldenTests
{
    public static TheoryData<string, int> Cases()
    {
        var cases = new TheoryData<string, int>();
        foreach (var index in Enumerable.Range(0, 8)) cases.Add("pooling", index);
        // Ceil-mode windows larger than their input, with count_include_pad's divisor clipped at the padded input.
        foreach (var index in Enumerable.Range(0, 5)) cases.Add("ceilWindows", index);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_PyTorch(string group, int index)
    {
        var c = KernelAssert.Fixture("Kernels", "Fixtures", "layers.json").GetProperty(group)[index];
        int Int(string name) => c.GetProperty(name).GetInt32();
        var g = new PoolGeometry(Int("channels"), Int("height"), Int("width"), Int("size"), Int("stride"), Int("padding"),
            c.GetProperty("ceilMode").GetBoolean(), c.GetProperty("countIncludePad").GetBoolean());
        var batch = Int("batch");
        var x = c.GetProperty("input").Floats();

        var max = c.GetProperty("max");
        Assert.Equal(max.GetProperty("outHeight").GetInt32(), g.OutHeight);
        Assert.Equal(max.GetProperty("outWidth").GetInt32(), g.OutWidth);
        var y = KernelAssert.Poisoned(batch * g.OutputLength);
        var argmax = new byte[y.Length];
        MaxPool2D.Forward(x, y, argmax, g, batch);
        KernelAssert.Close(max.GetProperty("output").Doubles(), y, 0, 0, "max output");
        var dx = KernelAssert.Poisoned(x.Length);
        MaxPool2D.Backward(max.GetProperty("outputGradient").Floats(), argmax, dx, g, batch);
        KernelAssert.Close(max.GetProperty("inputGradient").Doubles(), dx, 1e-6, 1e-6, "max input gradient");

        var avg = c.GetProperty("avg");
        Assert.Equal(avg.GetProperty("outHeight").GetInt32(), g.OutHeight);
        AvgPool2D.Forward(x, y, g, batch);
        KernelAssert.Close(avg.GetProperty("output").Doubles(), y, 1e-6, 1e-6, "avg output");
        AvgPool2D.Backward(avg.GetProperty("outputGradient").Floats(), dx, g, batch);
        KernelAssert.Close(avg.GetProperty("inputGradient").Doubles(), dx, 1e-6, 1e-6, "avg input gradient");
    }

    /// <summary>ONNX's backend cases <c>test_maxpool_2d_ceil</c> and <c>test_averagepool_2d_ceil</c> (onnx 1.12 test data): 1…16 as 4×4, 3×3 windows at stride 2.</summary>
    [Fact]
    public void Matches_the_onnx_backend_ceil_mode_cases()
    {
        var g = new PoolGeometry(1, 4, 4, 3, 2, 0, CeilMode: true);
        var x = Enumerable.Range(1, 16).Select(v => (float)v).ToArray();
        var y = new float[4];
        MaxPool2D.Forward(x, y, new byte[4], g, 1);
        Assert.Equal([11f, 12, 15, 16], y);
        AvgPool2D.Forward(x, y, g, 1);
        Assert.Equal([6f, 7.5f, 12, 13.5f], y);
    }

    /// <summary>PyTorch: "Output size is too small" when a ceil-mode window would start past the input's left padding.</summary>
    [Theory]
    [InlineData(1, 3, 1, 0)]   // ⌈(1 − 3)/1⌉ + 1 = −1
    [InlineData(1, 5, 3, 0)]   // ⌈(1 − 5)/3⌉ + 1 = 0 (rounding towards −∞)
    public void A_ceil_mode_window_with_no_output_is_rejected_like_PyTorch(int extent, int size, int stride, int padding)
    {
        var g = new PoolGeometry(1, extent, extent, size, stride, padding, CeilMode: true);
        Assert.Equal(0, g.OutHeight);
        Assert.Throws<ArgumentException>(() => MaxPool2D.Forward(new float[extent * extent], new float[1], new byte[1], g, 1));
        Assert.Throws<ArgumentException>(() => AvgPool2D.Forward(new float[extent * extent], new float[1], g, 1));
    }

    [Fact]
    public void Padding_over_half_a_window_is_rejected_like_PyTorch()
    {
        var g = new PoolGeometry(1, 5, 5, 3, 1, 2);
        Assert.Throws<ArgumentException>(() => AvgPool2D.Forward(new float[25], new float[100], g, 1));
    }
}
