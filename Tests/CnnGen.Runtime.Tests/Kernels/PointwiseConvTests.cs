using CnnGen.Kernels;
using CnnGen.Threading;

namespace CnnGen.Tests.Kernels;

/// <summary>
/// The 1×1 stride-1 GEMM over NCHW (<see cref="PointwiseConv"/>): exactly the bits of the definition's order of
/// operations (bias, then one fused multiply-add per input channel in order, then the ReLU) on every width, thread
/// count and batch, at MobileNetV2's and ResNet-50's sizes and at the edges of its blocking (position blocks, partial
/// panels, every filter tile and a lone filter).
/// </summary>
public class PointwiseConvTests
{
    public static TheoryData<ConvGeometry> Geometries() => new(
    [
        new ConvGeometry(16, 112, 112, 96, 1, 1, 0),    // MobileNetV2 features.2 expansion
        new ConvGeometry(144, 56, 56, 24, 1, 1, 0),     // projection
        new ConvGeometry(320, 7, 7, 1280, 1, 1, 0),     // last 1×1: 49 positions, one partial panel
        new ConvGeometry(960, 7, 7, 160, 1, 1, 0),      // 960 channels: the narrowest position block
        new ConvGeometry(256, 14, 14, 64, 1, 1, 0),     // ResNet-50 bottleneck at 14 px: several blocks
        new ConvGeometry(3, 5, 7, 13, 1, 1, 0),         // 13 filters: every tile size and a lone filter
        new ConvGeometry(5, 3, 3, 1, 1, 1, 0),          // one filter, 9 positions
        new ConvGeometry(7, 11, 13, 14, 1, 1, 0),       // 14 = 6 + 4 + 4 on 512 bits
    ]);

    static float[] Definition(float[] x, float[] w, float[]? b, ConvGeometry g, int batch, bool rectify)
    {
        var positions = g.Height * g.Width;
        var y = new float[batch * g.OutputLength];
        for (var n = 0; n < batch; n++)
            for (var f = 0; f < g.Filters; f++)
                for (var p = 0; p < positions; p++)
                {
                    var sum = b == null ? 0f : b[f];
                    for (var c = 0; c < g.Channels; c++)
                        sum = MathF.FusedMultiplyAdd(w[f * g.Channels + c], x[(n * g.Channels + c) * positions + p], sum);
                    y[(n * g.Filters + f) * positions + p] = rectify && !(sum > 0) && !float.IsNaN(sum) ? 0f : sum;
                }
        return y;
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_gives_the_definitions_bits_on_every_width_and_thread_count(ConvGeometry g)
    {
        Assert.True(PointwiseConv.Handles(g));
        const int batch = 2;
        var x = KernelAssert.Random(batch * g.InputLength, 41);
        var w = KernelAssert.Random(g.WeightLength, 42);
        var b = KernelAssert.Random(g.Filters, 43);
        foreach (var (bias, rectify) in new[] { (true, false), (false, true) })
        {
            var expected = Definition(x, w, bias ? b : null, g, batch, rectify);
            foreach (var width in KernelAssert.Widths)
                foreach (var threads in new[] { 1, 2 })
                    foreach (var samples in new[] { 1, batch })
                    {
                        var y = KernelAssert.Poisoned(batch * g.OutputLength);
                        Simd.Override = width;
                        try
                        {
                            using var scope = KernelThreads.Use(threads);
                            if (rectify) Conv2D.ForwardWithReLU(x, w, bias ? b : [], y, g, samples);
                            else Conv2D.Forward(x, w, bias ? b : [], y, g, samples);
                        }
                        finally
                        {
                            Simd.Override = 0;
                        }
                        var length = samples * g.OutputLength;
                        Assert.True(expected.AsSpan(0, length).SequenceEqual(y.AsSpan(0, length)),
                            $"{width} bits, {threads} threads, batch {samples}, bias {bias}, ReLU {rectify}");
                        Assert.True(y.AsSpan(length).IndexOfAnyExcept(float.NaN) < 0 || length == y.Length, "wrote past the batch");
                    }
        }
    }
}
