using System.Text.Json;
using CnnGen.Kernels;
using CnnGen.Threading;

namespace CnnGen.Tests.Kernels;

/// <summary>Grouped, depthwise and dilated Conv2D and ConvTranspose2D: PyTorch fixtures, a naive transposed convolution, central differences, and the same bits for every vector width and thread count.</summary>
public class GroupedAndTransposedConvTests
{
    static JsonElement Case(string kind, int index) => KernelAssert.Fixture("Kernels", "Fixtures", "layers.json").GetProperty(kind)[index];

    static int Int(JsonElement c, string name) => c.GetProperty(name).GetInt32();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Grouped_and_dilated_convolution_matches_PyTorch(int index)
    {
        var c = Case("convolutions", index);
        var g = new ConvGeometry(Int(c, "channels"), Int(c, "height"), Int(c, "width"), Int(c, "filters"), Int(c, "kernel"), Int(c, "stride"), Int(c, "padding"),
            Int(c, "groups"), Int(c, "dilation"));
        Assert.Equal(Int(c, "outHeight"), g.OutHeight);
        Assert.Equal(Int(c, "outWidth"), g.OutWidth);
        AssertMatchesFixture(c, g.WeightLength, g.OutputLength,
            (x, w, b, y, batch) => Conv2D.Forward(x, w, b, y, g, batch),
            (x, w, dy, dw, db, dx, batch) => Conv2D.Backward(x, w, dy, dw, db, dx, g, batch));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Transposed_convolution_matches_PyTorch(int index)
    {
        var c = Case("transposed", index);
        var g = new ConvTransposeGeometry(Int(c, "channels"), Int(c, "height"), Int(c, "width"), Int(c, "filters"), Int(c, "kernel"), Int(c, "stride"), Int(c, "padding"), Int(c, "outputPadding"));
        Assert.Equal(Int(c, "outHeight"), g.OutHeight);
        Assert.Equal(Int(c, "outWidth"), g.OutWidth);
        AssertMatchesFixture(c, g.WeightLength, g.OutputLength,
            (x, w, b, y, batch) => ConvTranspose2D.Forward(x, w, b, y, g, batch),
            (x, w, dy, dw, db, dx, batch) => ConvTranspose2D.Backward(x, w, dy, dw, db, dx, g, batch));
    }

    delegate void ForwardPass(float[] input, float[] weight, float[] bias, float[] output, int batch);

    delegate void BackwardPass(float[] input, float[] weight, float[] outputGradient, float[] weightGradient, float[] biasGradient, float[] inputGradient, int batch);

    /// <summary>Runs one PyTorch case through a kernel's forward and backward; compares the output and the three gradients.</summary>
    static void AssertMatchesFixture(JsonElement c, int weightLength, int outputLength, ForwardPass forward, BackwardPass backward)
    {
        var batch = Int(c, "batch");
        var (x, w, b) = (c.GetProperty("input").Floats(), c.GetProperty("weight").Floats(), c.GetProperty("bias").Floats());
        Assert.Equal(weightLength, w.Length);
        var y = KernelAssert.Poisoned(batch * outputLength);
        forward(x, w, b, y, batch);
        KernelAssert.Close(c.GetProperty("output").Doubles(), y, 1e-5, 1e-5, "output");

        var dw = KernelAssert.Poisoned(w.Length);
        var db = b.Length == 0 ? [] : KernelAssert.Poisoned(b.Length);
        var dx = KernelAssert.Poisoned(x.Length);
        backward(x, w, c.GetProperty("outputGradient").Floats(), dw, db, dx, batch);
        KernelAssert.Close(c.GetProperty("weightGradient").Doubles(), dw, 1e-4, 1e-5, "weight gradient");
        KernelAssert.Close(c.GetProperty("biasGradient").Doubles(), db, 1e-4, 1e-5, "bias gradient");
        KernelAssert.Close(c.GetProperty("inputGradient").Doubles(), dx, 1e-5, 1e-5, "input gradient");
    }

    public static TheoryData<ConvTransposeGeometry> TransposeGeometries() => new(
    [
        new ConvTransposeGeometry(3, 4, 5, 2, 3, 2, 1, 1),
        new ConvTransposeGeometry(2, 5, 3, 4, 4, 2, 1),
        new ConvTransposeGeometry(4, 3, 3, 3, 3, 1, 0),   // stride 1: dx runs through the direct convolution
        new ConvTransposeGeometry(3, 6, 5, 5, 3, 3, 2, 2),
        new ConvTransposeGeometry(1, 1, 1, 3, 2, 2, 0, 1), // one input pixel
        new ConvTransposeGeometry(5, 9, 7, 19, 3, 2, 1, 1),
        // Rectangular (DESIGN §2c): a 2x3 kernel with its own width stride and padding, and a 3x1 kernel strided only vertically.
        new ConvTransposeGeometry(3, 4, 5, 2, 2, 2, 0, 1) { KernelWidth = 3, StrideWidth = 3, PaddingWidth = 1 },
        new ConvTransposeGeometry(2, 3, 4, 3, 3, 2, 1) { KernelWidth = 1, StrideWidth = 1, PaddingWidth = 0 },
    ]);

    /// <summary>nn.ConvTranspose2d by definition: each input pixel scatters W[c, f] into the output at (iy·S − P + ky, ix·SW − PW + kx).</summary>
    static double[] TransposeReference(float[] x, float[] w, float[]? b, in ConvTransposeGeometry g, int batch)
    {
        var y = new double[batch * g.OutputLength];
        int oh = g.OutHeight, ow = g.OutWidth, k = g.Kernel, kw = g.KernelWidth;
        for (var n = 0; n < batch; n++)
        {
            for (var f = 0; f < g.Filters; f++)
                for (var i = 0; i < oh * ow; i++) y[n * g.OutputLength + f * oh * ow + i] = b?[f] ?? 0;
            for (var c = 0; c < g.Channels; c++)
                for (var iy = 0; iy < g.Height; iy++)
                    for (var ix = 0; ix < g.Width; ix++)
                    {
                        double v = x[n * g.InputLength + (c * g.Height + iy) * g.Width + ix];
                        for (var f = 0; f < g.Filters; f++)
                            for (var ky = 0; ky < k; ky++)
                                for (var kx = 0; kx < kw; kx++)
                                {
                                    int oy = iy * g.Stride - g.Padding + ky, ox = ix * g.StrideWidth - g.PaddingWidth + kx;
                                    if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
                                    y[n * g.OutputLength + (f * oh + oy) * ow + ox] += v * w[((c * g.Filters + f) * k + ky) * kw + kx];
                                }
                    }
        }
        return y;
    }

    [Theory]
    [MemberData(nameof(TransposeGeometries))]
    public void Transposed_convolution_matches_the_definition_and_central_differences(ConvTransposeGeometry g)
    {
        const int batch = 2;
        var x = KernelAssert.Random(batch * g.InputLength, 1);
        var w = KernelAssert.Random(g.WeightLength, 2);
        var b = KernelAssert.Random(g.Filters, 3);
        var y = KernelAssert.Poisoned(batch * g.OutputLength);
        ConvTranspose2D.Forward(x, w, b, y, g, batch);
        KernelAssert.Close(TransposeReference(x, w, b, g, batch), y, 1e-5, 1e-5, "with bias");
        ConvTranspose2D.Forward(x, w, [], y, g, batch);
        KernelAssert.Close(TransposeReference(x, w, null, g, batch), y, 1e-5, 1e-5, "without bias");

        var r = KernelAssert.Random(y.Length, 4);
        var dw = new float[w.Length];
        var db = new float[b.Length];
        var dx = new float[x.Length];
        ConvTranspose2D.Backward(x, w, r, dw, db, dx, g, batch);
        double Loss()
        {
            ConvTranspose2D.Forward(x, w, b, y, g, batch);
            return KernelAssert.Dot(r, y);
        }
        KernelAssert.FiniteDifferences(w, dw, Loss, "dL/dW");
        KernelAssert.FiniteDifferences(b, db, Loss, "dL/db");
        KernelAssert.FiniteDifferences(x, dx, Loss, "dL/dx");
    }

    public static TheoryData<ConvGeometry> BitGeometries() => new(
    [
        new ConvGeometry(17, 6, 5, 17, 5, 1, 2, Groups: 17),       // depthwise, 30 positions: partial vectors at every width
        new ConvGeometry(6, 13, 11, 12, 3, 2, 1, Groups: 6),       // depthwise ×2, strided
        new ConvGeometry(8, 10, 9, 12, 3, 1, 2, Groups: 4, Dilation: 2),
        new ConvGeometry(3, 12, 12, 5, 3, 1, 2, Dilation: 2),
    ]);

    /// <summary>Forward, weight, bias and input gradients: one hash of bits per run.</summary>
    static float[] RunConv(ConvGeometry g, int width, int threads)
    {
        const int batch = 5;
        var x = KernelAssert.Random(batch * g.InputLength, 11);
        var w = KernelAssert.Random(g.WeightLength, 12);
        var b = KernelAssert.Random(g.Filters, 13);
        var dy = KernelAssert.Random(batch * g.OutputLength, 14);
        var y = new float[dy.Length];
        var dw = new float[w.Length];
        var db = new float[b.Length];
        var dx = new float[x.Length];
        Simd.Override = width;
        try
        {
            using var scope = KernelThreads.Use(threads);
            Conv2D.Forward(x, w, b, y, g, batch);
            Conv2D.Backward(x, w, dy, dw, db, dx, g, batch);
        }
        finally
        {
            Simd.Override = 0;
        }
        return [.. y, .. dw, .. db, .. dx];
    }

    [Theory]
    [MemberData(nameof(BitGeometries))]
    public void Grouped_paths_give_the_same_bits_on_every_width_and_thread_count(ConvGeometry g)
    {
        var first = RunConv(g, KernelAssert.Widths[0], 1);
        foreach (var width in KernelAssert.Widths)
            foreach (var threads in new[] { 1, 2 })
                Assert.True(first.AsSpan().SequenceEqual(RunConv(g, width, threads)), $"{width} bits, {threads} threads");
    }

    [Fact]
    public void Transposed_gives_the_same_bits_on_every_width_and_thread_count()
    {
        var g = new ConvTransposeGeometry(6, 7, 5, 9, 3, 2, 1, 1);
        const int batch = 5;
        var x = KernelAssert.Random(batch * g.InputLength, 21);
        var w = KernelAssert.Random(g.WeightLength, 22);
        var b = KernelAssert.Random(g.Filters, 23);
        var dy = KernelAssert.Random(batch * g.OutputLength, 24);
        float[] Run(int width, int threads)
        {
            var y = new float[dy.Length];
            var dw = new float[w.Length];
            var db = new float[b.Length];
            var dx = new float[x.Length];
            Simd.Override = width;
            try
            {
                using var scope = KernelThreads.Use(threads);
                ConvTranspose2D.Forward(x, w, b, y, g, batch);
                ConvTranspose2D.Backward(x, w, dy, dw, db, dx, g, batch);
            }
            finally
            {
                Simd.Override = 0;
            }
            return [.. y, .. dw, .. db, .. dx];
        }
        var first = Run(KernelAssert.Widths[0], 1);
        foreach (var width in KernelAssert.Widths)
            foreach (var threads in new[] { 1, 2 })
                Assert.True(first.AsSpan().SequenceEqual(Run(width, threads)), $"{width} bits, {threads} threads");
    }

    [Fact]
    public void Invalid_geometries_are_rejected_like_PyTorch()
    {
        var x = new float[400];
        var y = new float[4000];
        // Groups that do not divide the channels or the filters; non-positive groups or dilation; an empty dilated output.
        Assert.Throws<ArgumentException>(() => Conv2D.Forward(x, new float[400], [], y, new ConvGeometry(4, 5, 5, 6, 3, 1, 1, Groups: 3), 1));
        Assert.Throws<ArgumentException>(() => Conv2D.Forward(x, new float[400], [], y, new ConvGeometry(4, 5, 5, 6, 3, 1, 1, Groups: 4), 1));
        Assert.Throws<ArgumentException>(() => Conv2D.Forward(x, new float[400], [], y, new ConvGeometry(4, 5, 5, 4, 3, 1, 1, Groups: 0), 1));
        Assert.Throws<ArgumentException>(() => Conv2D.Forward(x, new float[400], [], y, new ConvGeometry(4, 5, 5, 4, 3, 1, 1, Dilation: 0), 1));
        Assert.Throws<ArgumentException>(() => Conv2D.Forward(x, new float[400], [], y, new ConvGeometry(4, 5, 5, 4, 3, 1, 0, Dilation: 3), 1));
        // Output padding not smaller than the stride.
        Assert.Throws<ArgumentException>(() => ConvTranspose2D.Forward(x, new float[400], [], y, new ConvTransposeGeometry(2, 3, 3, 2, 3, 2, 1, 2), 1));
        Assert.Throws<ArgumentException>(() => ConvTranspose2D.Forward(x, new float[400], [], y, new ConvTransposeGeometry(2, 3, 3, 2, 3, 1, 0, 1), 1));
        // Padding that leaves no output.
        Assert.Throws<ArgumentException>(() => ConvTranspose2D.Forward(x, new float[400], [], y, new ConvTransposeGeometry(2, 1, 1, 2, 2, 1, 1), 1));
    }
}
