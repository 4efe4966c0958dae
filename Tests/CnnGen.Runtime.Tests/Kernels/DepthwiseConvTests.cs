using CnnGen.Kernels;
using CnnGen.Threading;

namespace CnnGen.Tests.Kernels;

/// <summary>
/// The direct depthwise kernel (<see cref="DepthwiseConv"/>): exactly the bits of the definition's order of operations
/// (bias, then one fused multiply-add per tap in (ky, kx) order, padding taps included), on every width and thread
/// count, at MobileNetV2's and EfficientNet-B0's sizes and at the edge cases of its tiling (flat narrow rows, partial
/// tiles of rows and columns, odd sizes, wide padding).
/// </summary>
public class DepthwiseConvTests
{
    public static TheoryData<ConvGeometry> Geometries() => new(
    [
        new ConvGeometry(32, 112, 112, 32, 3, 1, 1, Groups: 32),   // MobileNetV2 features.1
        new ConvGeometry(24, 112, 112, 24, 3, 2, 1, Groups: 24),   // features.2, stride 2
        new ConvGeometry(16, 14, 14, 16, 3, 1, 1, Groups: 16),     // 14-wide rows (flat on 512 bits)
        new ConvGeometry(20, 7, 7, 20, 3, 1, 1, Groups: 20),       // 7-wide rows (flat on 256 and 512 bits)
        new ConvGeometry(12, 14, 14, 12, 3, 2, 1, Groups: 12),     // stride 2 to 7 wide
        new ConvGeometry(8, 56, 56, 8, 5, 2, 2, Groups: 8),        // EfficientNet-B0 5×5 stride 2
        new ConvGeometry(8, 28, 28, 8, 5, 1, 2, Groups: 8),        // EfficientNet-B0 5×5 stride 1
        new ConvGeometry(5, 13, 11, 5, 3, 2, 0, Groups: 5),        // odd sizes, no padding
        new ConvGeometry(3, 9, 37, 3, 5, 1, 3, Groups: 3),         // padding wider than K/2, rows of 3 tiles
        new ConvGeometry(4, 10, 19, 4, 5, 2, 1, Groups: 4),        // 5×5 stride 2, odd phase widths, narrow padding
        new ConvGeometry(2, 3, 4, 2, 5, 1, 2, Groups: 2),          // 5×5 over an image smaller than the kernel
    ]);

    /// <summary>bias, then fma(w[ky, kx], x, ·) in (ky, kx) order with x = 0 outside the image; ReLU if asked.</summary>
    static float[] Definition(float[] x, float[] w, float[]? b, ConvGeometry g, int batch, bool rectify)
    {
        int k = g.Kernel, oh = g.OutHeight, ow = g.OutWidth;
        var y = new float[batch * g.OutputLength];
        for (var n = 0; n < batch; n++)
            for (var c = 0; c < g.Channels; c++)
                for (var oy = 0; oy < oh; oy++)
                    for (var ox = 0; ox < ow; ox++)
                    {
                        var sum = b == null ? 0f : b[c];
                        for (var ky = 0; ky < k; ky++)
                            for (var kx = 0; kx < k; kx++)
                            {
                                int iy = oy * g.Stride + ky - g.Padding, ix = ox * g.Stride + kx - g.Padding;
                                var value = iy >= 0 && iy < g.Height && ix >= 0 && ix < g.Width ? x[((n * g.Channels + c) * g.Height + iy) * g.Width + ix] : 0f;
                                sum = MathF.FusedMultiplyAdd(w[(c * k + ky) * k + kx], value, sum);
                            }
                        y[((n * g.Channels + c) * oh + oy) * ow + ox] = rectify && !(sum > 0) && !float.IsNaN(sum) ? 0f : sum;
                    }
        return y;
    }

    static float[] Run(ConvGeometry g, float[] x, float[] w, float[] b, int batch, bool rectify, int width, int threads)
    {
        var y = KernelAssert.Poisoned(batch * g.OutputLength);
        Simd.Override = width;
        try
        {
            using var scope = KernelThreads.Use(threads);
            if (rectify) Conv2D.ForwardWithReLU(x, w, b, y, g, batch);
            else Conv2D.Forward(x, w, b, y, g, batch);
        }
        finally
        {
            Simd.Override = 0;
        }
        return y;
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_gives_the_definitions_bits_on_every_width_and_thread_count(ConvGeometry g)
    {
        Assert.True(DepthwiseConv.Handles(g));
        const int batch = 2;
        var x = KernelAssert.Random(batch * g.InputLength, 31);
        var w = KernelAssert.Random(g.WeightLength, 32);
        var b = KernelAssert.Random(g.Filters, 33);
        foreach (var (bias, rectify) in new[] { (true, false), (false, true) })
        {
            var expected = Definition(x, w, bias ? b : null, g, batch, rectify);
            foreach (var width in KernelAssert.Widths)
                foreach (var threads in new[] { 1, 2 })
                    foreach (var samples in new[] { 1, batch })
                    {
                        var y = Run(g, x, w, bias ? b : [], samples, rectify, width, threads);
                        var length = samples * g.OutputLength;
                        Assert.True(expected.AsSpan(0, length).SequenceEqual(y.AsSpan(0, length)),
                            $"{width} bits, {threads} threads, batch {samples}, bias {bias}, ReLU {rectify}: first difference at {FirstDifference(expected, y, length)}");
                    }
        }
    }

    static int FirstDifference(float[] expected, float[] actual, int length)
    {
        for (var i = 0; i < length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i])) return i;
        return -1;
    }

    /// <summary>
    /// PyTorch's <c>nn.Conv2d</c> forward (tools/golden/make_mobile_golden.py): depthwise 3×3 and 5×5 at strides 1 and 2
    /// and two 1×1 convolutions (<see cref="PointwiseConv"/>), rows wide enough for the row-tiled paths, half with ReLU.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Depthwise_and_pointwise_forward_match_PyTorch(int index)
    {
        var c = KernelAssert.Fixture("Kernels", "Fixtures", "mobile.json").GetProperty("convolutions")[index];
        int Int(string name) => c.GetProperty(name).GetInt32();
        var g = new ConvGeometry(Int("channels"), Int("height"), Int("width"), Int("filters"), Int("kernel"), Int("stride"), Int("padding"), Int("groups"));
        Assert.Equal(Int("outHeight"), g.OutHeight);
        Assert.Equal(Int("outWidth"), g.OutWidth);
        Assert.True(DepthwiseConv.Handles(g) || PointwiseConv.Handles(g));
        var (x, w, b) = (c.GetProperty("input").Floats(), c.GetProperty("weight").Floats(), c.GetProperty("bias").Floats());
        var relu = c.GetProperty("relu").GetBoolean();
        foreach (var width in KernelAssert.Widths)
        {
            var y = Run(g, x, w, b, Int("batch"), relu, width, threads: 1);
            KernelAssert.Close(c.GetProperty("output").Doubles(), y, 1e-5, 1e-5, $"output at {width} bits");
        }
    }

    [Fact]
    public void A_depthwise_multiplier_or_dilation_takes_the_general_path()
    {
        Assert.False(DepthwiseConv.Handles(new ConvGeometry(4, 9, 9, 8, 3, 1, 1, Groups: 4)));
        Assert.False(DepthwiseConv.Handles(new ConvGeometry(4, 9, 9, 4, 3, 1, 2, Groups: 4, Dilation: 2)));
        Assert.False(DepthwiseConv.Handles(new ConvGeometry(4, 9, 9, 4, 3, 3, 1, Groups: 4)));
        Assert.False(DepthwiseConv.Handles(new ConvGeometry(4, 9, 9, 4, 3, 1, 1, Groups: 2)));
    }
}
