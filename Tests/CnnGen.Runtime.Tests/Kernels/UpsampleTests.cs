using CnnGen.Kernels;
using CnnGen.Threading;

namespace CnnGen.Tests.Kernels;

public class UpsampleTests
{
    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        { 1, 1, 1, 3 },    // one pixel
        { 2, 3, 5, 2 },
        { 3, 7, 4, 3 },    // odd sizes
        { 2, 5, 9, 4 },
        { 1, 6, 6, 1 },    // scale 1: identity
    };

    /// <summary>PyTorch's definitions in double: nearest source ⌊dst/s⌋; bilinear source (dst + ½)/s − ½ clamped at 0.</summary>
    static double[] Reference(float[] x, UpsampleGeometry g, int batch, bool bilinear)
    {
        var y = new double[batch * g.OutputLength];
        var o = 0;
        for (var p = 0; p < batch * g.Channels; p++)
            for (var oy = 0; oy < g.OutHeight; oy++)
                for (var ox = 0; ox < g.OutWidth; ox++, o++)
                {
                    double At(int iy, int ix) => x[(p * g.Height + iy) * g.Width + ix];
                    if (!bilinear) { y[o] = At(oy / g.Scale, ox / g.Scale); continue; }
                    var (y0, y1, ly) = Axis(oy, g.Scale, g.Height);
                    var (x0, x1, lx) = Axis(ox, g.Scale, g.Width);
                    y[o] = (1 - ly) * ((1 - lx) * At(y0, x0) + lx * At(y0, x1)) + ly * ((1 - lx) * At(y1, x0) + lx * At(y1, x1));
                }
        return y;
    }

    static (int, int, double) Axis(int dst, int scale, int size)
    {
        var src = Math.Max(0, (dst + 0.5) / scale - 0.5);
        var i = (int)src;
        return (i, Math.Min(i + 1, size - 1), src - i);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Nearest_and_bilinear_match_the_definition_and_central_differences(int channels, int height, int width, int scale)
    {
        const int batch = 2;
        var g = new UpsampleGeometry(channels, height, width, scale);
        var x = KernelAssert.Random(batch * g.InputLength, 1);
        foreach (var bilinear in new[] { false, true })
        {
            Action<float[], float[]> forward = bilinear ? (a, b) => Upsample.BilinearForward(a, b, g, batch) : (a, b) => Upsample.NearestForward(a, b, g, batch);
            Action<float[], float[]> backward = bilinear ? (a, b) => Upsample.BilinearBackward(a, b, g, batch) : (a, b) => Upsample.NearestBackward(a, b, g, batch);
            var y = KernelAssert.Poisoned(batch * g.OutputLength);
            forward(x, y);
            KernelAssert.Close(Reference(x, g, batch, bilinear), y, 1e-6, 1e-6, bilinear ? "bilinear" : "nearest");

            var r = KernelAssert.Random(y.Length, 2);
            var dx = KernelAssert.Poisoned(x.Length);
            backward(r, dx);
            KernelAssert.FiniteDifferences(x, dx, () => { forward(x, y); return KernelAssert.Dot(r, y); }, bilinear ? "bilinear dx" : "nearest dx", tolerance: 1e-3);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Matches_PyTorch(int index)
    {
        var c = KernelAssert.Fixture("Kernels", "Fixtures", "layers.json").GetProperty("upsample")[index];
        var g = new UpsampleGeometry(c.GetProperty("channels").GetInt32(), c.GetProperty("height").GetInt32(), c.GetProperty("width").GetInt32(), c.GetProperty("scale").GetInt32());
        var batch = c.GetProperty("batch").GetInt32();
        var bilinear = c.GetProperty("bilinear").GetBoolean();
        var x = c.GetProperty("input").Floats();
        var y = KernelAssert.Poisoned(batch * g.OutputLength);
        var dx = KernelAssert.Poisoned(x.Length);
        if (bilinear)
        {
            Upsample.BilinearForward(x, y, g, batch);
            Upsample.BilinearBackward(c.GetProperty("outputGradient").Floats(), dx, g, batch);
        }
        else
        {
            Upsample.NearestForward(x, y, g, batch);
            Upsample.NearestBackward(c.GetProperty("outputGradient").Floats(), dx, g, batch);
        }
        KernelAssert.Close(c.GetProperty("output").Doubles(), y, bilinear ? 1e-6 : 0, bilinear ? 1e-6 : 0, "output");
        KernelAssert.Close(c.GetProperty("inputGradient").Doubles(), dx, 1e-5, 1e-5, "input gradient");
    }

    [Fact]
    public void Same_bits_on_one_and_two_threads()
    {
        const int batch = 3;
        var g = new UpsampleGeometry(8, 23, 19, 3);
        var x = KernelAssert.Random(batch * g.InputLength, 3);
        var dy = KernelAssert.Random(batch * g.OutputLength, 4);
        float[] Run(int threads)
        {
            using var scope = KernelThreads.Use(threads);
            var y = new float[batch * g.OutputLength];
            var dx = new float[x.Length];
            var dxNearest = new float[x.Length];
            Upsample.BilinearForward(x, y, g, batch);
            Upsample.BilinearBackward(dy, dx, g, batch);
            Upsample.NearestBackward(dy, dxNearest, g, batch);
            return [.. y, .. dx, .. dxNearest];
        }
        Assert.Equal(Run(1), Run(2));
    }

    [Fact]
    public void Rejects_bad_geometry_and_short_spans()
    {
        Assert.Throws<ArgumentException>(() => Upsample.NearestForward(new float[4], new float[16], new UpsampleGeometry(1, 2, 2, 0), 1));
        Assert.Throws<ArgumentException>(() => Upsample.BilinearForward(new float[4], new float[15], new UpsampleGeometry(1, 2, 2, 2), 1));
        Assert.Throws<ArgumentException>(() => Upsample.BilinearBackward(new float[16], new float[3], new UpsampleGeometry(1, 2, 2, 2), 1));
    }
}
