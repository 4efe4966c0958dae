using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

/// <summary>AdaptiveAvgPool2D, AdaptiveMaxPool2D and GlobalMaxPool: PyTorch fixtures, central differences, window rule, bit identity across vector widths.</summary>
public class AdaptivePoolingTests
{
    public static TheoryData<int> Cases() => new(Enumerable.Range(0, 6));

    static (System.Text.Json.JsonElement Case, AdaptivePoolGeometry Geometry, int Batch) Fixture(int index)
    {
        var c = KernelAssert.ZooCase("adaptive")[index];
        return (c, new AdaptivePoolGeometry(c.Int("channels"), c.Int("height"), c.Int("width"), c.Int("outHeight"), c.Int("outWidth")), c.Int("batch"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Average_matches_PyTorch(int index)
    {
        var (c, g, batch) = Fixture(index);
        var avg = c.GetProperty("avg");
        var x = avg.Tensor("inputs", 0);
        var y = KernelAssert.Poisoned(batch * g.OutputLength);
        AdaptiveAvgPool2D.Forward(x, y, g, batch);
        // PyTorch's loop, operation for operation; a 1×1 output is its mean over H and W (a differently ordered sum of 25
        // values of about 1: a few 1e-8 apart).
        var whole = g.OutHeight == 1 && g.OutWidth == 1;
        KernelAssert.Close(avg.GetProperty("output").Doubles(), y, whole ? 1e-7 : 0, 0, "adaptive avg forward");
        var dx = KernelAssert.Poisoned(x.Length);
        AdaptiveAvgPool2D.Backward(avg.GetProperty("outputGradient").Floats(), dx, g, batch);
        KernelAssert.Close(avg.Tensor("inputGradients", 0).Select(v => (double)v).ToArray(), dx, 0, 0, "adaptive avg backward");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Max_matches_PyTorch(int index)
    {
        var (c, g, batch) = Fixture(index);
        var max = c.GetProperty("max");
        var x = max.Tensor("inputs", 0);
        var y = KernelAssert.Poisoned(batch * g.OutputLength);
        var argmax = new int[y.Length];
        AdaptiveMaxPool2D.Forward(x, y, argmax, g, batch);
        KernelAssert.Close(max.GetProperty("output").Doubles(), y, 0, 0, "adaptive max forward");
        var dx = KernelAssert.Poisoned(x.Length);
        AdaptiveMaxPool2D.Backward(max.GetProperty("outputGradient").Floats(), argmax, dx, g, batch);
        KernelAssert.Close(max.Tensor("inputGradients", 0).Select(v => (double)v).ToArray(), dx, 0, 0, "adaptive max backward");
    }

    [Fact]
    public void Global_max_matches_PyTorch()
    {
        var c = KernelAssert.ZooCase("globalMax");
        int channels = c.Int("channels"), spatial = c.Int("spatial"), batch = c.Int("batch");
        var x = c.Tensor("inputs", 0);
        var y = KernelAssert.Poisoned(batch * channels);
        var argmax = new int[y.Length];
        GlobalMaxPool.Forward(x, y, argmax, channels, spatial, batch);
        KernelAssert.Close(c.GetProperty("output").Doubles(), y, 0, 0, "global max forward");
        var dx = KernelAssert.Poisoned(x.Length);
        GlobalMaxPool.Backward(c.GetProperty("outputGradient").Floats(), argmax, dx, channels, spatial, batch);
        KernelAssert.Close(c.Tensor("inputGradients", 0).Select(v => (double)v).ToArray(), dx, 0, 0, "global max backward");
    }

    [Fact]
    public void Windows_follow_PyTorchs_start_and_end_rule()
    {
        // 10 rows into 4: [0, 3), [2, 5), [5, 8), [7, 10) — sizes 3, 3, 3, 3, overlapping by one row.
        Assert.Equal([0, 2, 5, 7], Enumerable.Range(0, 4).Select(i => AdaptivePoolGeometry.Start(i, 4, 10)));
        Assert.Equal([3, 5, 8, 10], Enumerable.Range(0, 4).Select(i => AdaptivePoolGeometry.End(i, 4, 10)));
        // More outputs than inputs: every window holds one input, some repeated.
        Assert.Equal([0, 0, 1, 1, 2], Enumerable.Range(0, 5).Select(i => AdaptivePoolGeometry.Start(i, 5, 3)));
        Assert.Equal([1, 2, 2, 3, 3], Enumerable.Range(0, 5).Select(i => AdaptivePoolGeometry.End(i, 5, 3)));
    }

    [Fact]
    public void Max_keeps_the_first_of_equal_values_and_propagates_NaN()
    {
        var g = new AdaptivePoolGeometry(1, 2, 4, 1, 2);
        float[] x = [1f, 5f, float.NaN, 2f, 5f, 3f, 9f, 9f];
        var y = new float[2];
        var argmax = new int[2];
        AdaptiveMaxPool2D.Forward(x, y, argmax, g, 1);
        Assert.Equal(5f, y[0]);
        Assert.Equal(1, argmax[0]);
        Assert.True(float.IsNaN(y[1]));
        Assert.Equal(2, argmax[1]);
        Assert.Throws<ArgumentException>(() => AdaptiveMaxPool2D.Backward([1f, 1f], [1, 8], new float[8], g, 1));
    }

    [Fact]
    public void Average_gradient_matches_central_differences()
    {
        var g = new AdaptivePoolGeometry(2, 7, 6, 3, 4);
        const int batch = 2;
        var x = KernelAssert.Random(batch * g.InputLength, 7);
        var r = KernelAssert.Random(batch * g.OutputLength, 8);
        var dx = new float[x.Length];
        AdaptiveAvgPool2D.Backward(r, dx, g, batch);
        var y = new float[r.Length];
        KernelAssert.FiniteDifferences(x, dx, () => { AdaptiveAvgPool2D.Forward(x, y, g, batch); return KernelAssert.Dot(r, y); }, "adaptive avg", step: 1e-2f, tolerance: 1e-3, samples: 84);
    }

    [Fact]
    public void Every_vector_width_and_thread_count_gives_the_same_bits()
    {
        var g = new AdaptivePoolGeometry(3, 11, 9, 4, 5);
        var x = KernelAssert.Random(2 * g.InputLength, 9);
        var dy = KernelAssert.Random(2 * g.OutputLength, 10);
        KernelAssert.SameBitsOnEveryWidthAndThreadCount(() =>
        {
            float[] y = new float[dy.Length], m = new float[dy.Length], dx = new float[x.Length], dm = new float[x.Length];
            var argmax = new int[dy.Length];
            AdaptiveAvgPool2D.Forward(x, y, g, 2);
            AdaptiveAvgPool2D.Backward(dy, dx, g, 2);
            AdaptiveMaxPool2D.Forward(x, m, argmax, g, 2);
            AdaptiveMaxPool2D.Backward(dy, argmax, dm, g, 2);
            return [y, dx, m, dm];
        }, "adaptive pooling");
    }

    [Fact]
    public void Rejects_bad_geometry_and_short_spans()
    {
        Assert.Throws<ArgumentException>(() => AdaptiveAvgPool2D.Forward(new float[12], new float[4], new AdaptivePoolGeometry(1, 3, 4, 0, 2), 1));
        Assert.Throws<ArgumentException>(() => AdaptiveAvgPool2D.Forward(new float[11], new float[4], new AdaptivePoolGeometry(1, 3, 4, 2, 2), 1));
        Assert.Throws<ArgumentException>(() => AdaptiveMaxPool2D.Forward(new float[12], new float[4], new int[3], new AdaptivePoolGeometry(1, 3, 4, 2, 2), 1));
        Assert.Throws<ArgumentException>(() => GlobalMaxPool.Forward(new float[12], new float[1], new int[3], 3, 4, 1));
    }
}
