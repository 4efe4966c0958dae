using CnnGen.Kernels;
using Xunit.Abstractions;

namespace CnnGen.Tests.Kernels;

/// <summary>
/// The Winograd 3×3 stride-1 convolution against the naive and direct convolutions and PyTorch, within the golden
/// tolerance 1e-4 + 2e-3·|ref|; the same bits on every width and thread count; no steady-state allocation.
/// </summary>
public class WinogradConvTests(ITestOutputHelper log)
{
    const double Absolute = 1e-4, Relative = 2e-3;

    public static TheoryData<ConvGeometry> Geometries() => new(
    [
        new ConvGeometry(3, 7, 9, 4, 3, 1, 1),      // F(2×2): odd sizes, few filters (padded to 32)
        new ConvGeometry(5, 13, 11, 37, 3, 1, 1),   // F(4×4): partial tiles at the bottom and right, 37 filters
        new ConvGeometry(2, 12, 12, 33, 3, 1, 0),   // no padding
        new ConvGeometry(4, 10, 14, 8, 3, 1, 2),    // padding 2
        new ConvGeometry(16, 19, 18, 64, 3, 1, 1),  // 25 tiles: register tiles of 12, 4 and 1 (6, 4, 1 below 512 bits)
        new ConvGeometry(7, 8, 8, 5, 3, 1, 1),      // 8×8: F(2×2) at the threshold
        new ConvGeometry(1, 1, 1, 3, 3, 1, 1),      // one pixel, all taps but the centre padded
    ]);

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_matches_the_naive_convolution_with_each_epilogue(ConvGeometry g)
    {
        const int batch = 3;
        var input = KernelAssert.Random(batch * g.InputLength, 1);
        var weight = KernelAssert.Random(g.WeightLength, 2);
        var bias = KernelAssert.Random(g.Filters, 3);
        var transformed = Transform(weight, g);
        var output = KernelAssert.Poisoned(batch * g.OutputLength);

        WinogradConv.Forward(input, transformed, bias, output, g, batch);
        var expected = Reference.ConvForward(input, weight, bias, g, batch);
        KernelAssert.Close(expected, output, Absolute, Relative, "with bias");

        WinogradConv.ForwardWithReLU(input, transformed, bias, output, g, batch);
        KernelAssert.Close(expected.Select(v => Math.Max(v, 0)).ToArray(), output, Absolute, Relative, "with ReLU");
        Assert.DoesNotContain(output, v => BitConverter.SingleToInt32Bits(v) == int.MinValue);   // ReLU stores +0, never −0

        // Bias 3 lifts outputs past 6, so the clamp is exercised.
        var high = bias.Select(b => b + 3).ToArray();
        WinogradConv.ForwardWithReLU6(input, transformed, high, output, g, batch);
        var clamped = Reference.ConvForward(input, weight, high, g, batch).Select(v => Math.Clamp(v, 0, 6)).ToArray();
        KernelAssert.Close(clamped, output, Absolute, Relative, "with ReLU6");

        WinogradConv.Forward(input, transformed, [], output, g, batch);
        KernelAssert.Close(Reference.ConvForward(input, weight, null, g, batch), output, Absolute, Relative, "without bias");
    }

    [Fact]
    public void Tile_size_is_four_above_8x8_maps_and_two_at_or_below()
    {
        Assert.Equal(4, WinogradConv.TileSize(new ConvGeometry(64, 56, 56, 64, 3, 1, 1)));
        Assert.Equal(4, WinogradConv.TileSize(new ConvGeometry(256, 14, 14, 256, 3, 1, 1)));
        Assert.Equal(2, WinogradConv.TileSize(new ConvGeometry(512, 7, 7, 512, 3, 1, 1)));
        Assert.Equal(36L * 64 * 64, WinogradConv.TransformedLength(new ConvGeometry(64, 56, 56, 64, 3, 1, 1)));
        Assert.Equal(16L * 3 * 32, WinogradConv.TransformedLength(new ConvGeometry(3, 7, 7, 5, 3, 1, 1)));
    }

    public static TheoryData<int> GoldenCases() => new(Enumerable.Range(0, 8));

    /// <summary>ResNet-18's 3×3 stride-1 layers (64@56, 128@28, 256@14, 512@7; padding 1; batch 1 and 2) against PyTorch (float64) and the direct convolution.</summary>
    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Forward_matches_PyTorch_and_the_direct_convolution_at_ResNet18_layer_shapes(int index)
    {
        var fixture = KernelAssert.Fixture("Kernels", "Fixtures", "winograd.json").GetProperty("cases")[index];
        int channels = fixture.Int("channels"), size = fixture.Int("size"), filters = fixture.Int("filters"), batch = fixture.Int("batch");
        var scale = (float)fixture.GetProperty("weightScale").GetDouble();
        var g = new ConvGeometry(channels, size, size, filters, 3, 1, 1);
        var input = Values(batch * g.InputLength, 1, 0.5f, 0f);
        var weight = Values(g.WeightLength, 2, scale, -scale);
        var bias = fixture.GetProperty("bias").GetBoolean() ? Values(filters, 3, 0.5f, -0.5f) : [];
        var output = KernelAssert.Poisoned(batch * g.OutputLength);
        WinogradConv.Forward(input, Transform(weight, g), bias, output, g, batch);

        var indices = fixture.GetProperty("indices").EnumerateArray().Select(i => i.GetInt32()).ToArray();
        var expected = fixture.GetProperty("expected").Doubles();
        var sampled = indices.Select(i => output[i]).ToArray();
        KernelAssert.Close(expected, sampled, Absolute, Relative, $"{filters}@{size}, batch {batch}, against PyTorch");
        var worst = expected.Select((e, i) => Math.Abs(sampled[i] - e) / (Absolute + Relative * Math.Abs(e))).Max();
        var largest = expected.Select((e, i) => Math.Abs(sampled[i] - e)).Max();
        log.WriteLine($"{filters}@{size}, batch {batch}, F({WinogradConv.TileSize(g)}×{WinogradConv.TileSize(g)}): max |ours − PyTorch| {largest:E2} over {sampled.Length} samples, {worst:P1} of the tolerance at worst");

        var direct = new float[output.Length];
        Conv2D.Forward(input, weight, bias, direct, g, batch);
        KernelAssert.Close(direct.Select(v => (double)v).ToArray(), output, Absolute, Relative, $"{filters}@{size}, batch {batch}, against the direct convolution");
    }

    [Fact]
    public void Forward_gives_the_same_bits_on_every_width_and_thread_count()
    {
        ConvGeometry[] geometries = [new(16, 19, 18, 64, 3, 1, 1), new(24, 7, 7, 40, 3, 1, 1)];
        KernelAssert.SameBitsOnEveryWidthAndThreadCount(() => geometries.Select(g =>
        {
            const int batch = 2;
            var input = KernelAssert.Random(batch * g.InputLength, 7);
            var output = new float[batch * g.OutputLength];
            WinogradConv.ForwardWithReLU(input, Transform(KernelAssert.Random(g.WeightLength, 8), g), KernelAssert.Random(g.Filters, 9), output, g, batch);
            return output;
        }).ToArray(), "WinogradConv.ForwardWithReLU");
    }

    [Fact]
    public void Forward_allocates_nothing_after_a_warm_call()
    {
        var g = new ConvGeometry(16, 19, 18, 64, 3, 1, 1);
        var input = KernelAssert.Random(2 * g.InputLength, 1);
        var transformed = Transform(KernelAssert.Random(g.WeightLength, 2), g);
        var output = new float[2 * g.OutputLength];
        WinogradConv.Forward(input, transformed, [], output, g, 2);
        var before = GC.GetAllocatedBytesForCurrentThread();
        WinogradConv.Forward(input, transformed, [], output, g, 2);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Rejects_a_convolution_it_does_not_compute_and_short_spans()
    {
        var strided = new ConvGeometry(4, 8, 8, 4, 3, 2, 1);
        var error = Assert.Throws<ArgumentException>(() => WinogradConv.TransformFilters(new float[strided.WeightLength], new float[4096], strided));
        Assert.Contains("stride 1", error.Message);
        var g = new ConvGeometry(4, 8, 8, 4, 3, 1, 1);
        Assert.Throws<ArgumentException>(() => WinogradConv.TransformFilters(new float[g.WeightLength], new float[WinogradConv.TransformedLength(g) - 1], g));
        Assert.Throws<ArgumentException>(() => WinogradConv.Forward(new float[g.InputLength], new float[WinogradConv.TransformedLength(g)], [], new float[g.OutputLength - 1], g, 1));
    }

    static float[] Transform(float[] weight, in ConvGeometry g)
    {
        var transformed = KernelAssert.Poisoned((int)WinogradConv.TransformedLength(g));
        WinogradConv.TransformFilters(weight, transformed, g);
        return transformed;
    }

    /// <summary>The fixture's inputs (tools/golden/make_winograd_golden.py): (h &gt;&gt; 8)·2⁻²³·scale + offset, h = i·2654435761 + stream·40503 mod 2³².</summary>
    static float[] Values(int count, int stream, float scale, float offset)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            var h = unchecked((uint)i * 2654435761u + (uint)stream * 40503u);
            values[i] = (h >> 8) * (1f / (1 << 23)) * scale + offset;
        }
        return values;
    }
}
