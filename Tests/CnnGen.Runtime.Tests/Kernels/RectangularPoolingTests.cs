using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

/// <summary>Max and average pooling with a window, stride or padding of their own along the width: PyTorch fixtures, central differences, bit identity across vector widths and thread counts.</summary>
public class RectangularPoolingTests
{
    public static TheoryData<int> Cases() => new(Enumerable.Range(0, 4));

    static int[] Pair(System.Text.Json.JsonElement c, string name) => c.GetProperty(name).EnumerateArray().Select(v => v.GetInt32()).ToArray();

    static PoolGeometry Geometry(System.Text.Json.JsonElement c)
    {
        int[] kernel = Pair(c, "kernel"), stride = Pair(c, "stride"), padding = Pair(c, "padding");
        return new PoolGeometry(c.Int("channels"), c.Int("height"), c.Int("width"), kernel[0], stride[0], padding[0], c.GetProperty("ceilMode").GetBoolean(), c.GetProperty("countIncludePad").GetBoolean())
        {
            SizeWidth = kernel[1], StrideWidth = stride[1], PaddingWidth = padding[1],
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Max_and_average_match_PyTorch(int index)
    {
        var c = KernelAssert.ZooCase("rectangularPooling")[index];
        var g = Geometry(c);
        var batch = c.Int("batch");
        foreach (var kind in new[] { "max", "avg" })
        {
            var k = c.GetProperty(kind);
            var shape = k.GetProperty("outputShape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            Assert.Equal([g.OutHeight, g.OutWidth], shape[2..]);
            var x = k.Tensor("inputs", 0);
            var y = KernelAssert.Poisoned(batch * g.OutputLength);
            var dx = KernelAssert.Poisoned(x.Length);
            var dy = k.GetProperty("outputGradient").Floats();
            if (kind == "max")
            {
                var argmax = new byte[y.Length];
                MaxPool2D.Forward<byte>(x, y, argmax, g, batch);
                MaxPool2D.Backward<byte>(dy, argmax, dx, g, batch);
            }
            else
            {
                AvgPool2D.Forward(x, y, g, batch);
                AvgPool2D.Backward(dy, dx, g, batch);
            }
            KernelAssert.Close(k.GetProperty("output").Doubles(), y, 0, 0, $"{kind} forward");
            KernelAssert.Close(k.Tensor("inputGradients", 0).Select(v => (double)v).ToArray(), dx, 0, 0, $"{kind} backward");
        }
    }

    [Fact]
    public void Average_gradient_matches_central_differences()
    {
        var g = new PoolGeometry(2, 7, 10, 3, 2, 1, CountIncludePad: false) { SizeWidth = 2, StrideWidth = 3, PaddingWidth = 0 };
        const int batch = 2;
        var x = KernelAssert.Random(batch * g.InputLength, 101);
        var r = KernelAssert.Random(batch * g.OutputLength, 102);
        var dx = new float[x.Length];
        AvgPool2D.Backward(r, dx, g, batch);
        var y = new float[r.Length];
        KernelAssert.FiniteDifferences(x, dx, () => { AvgPool2D.Forward(x, y, g, batch); return KernelAssert.Dot(r, y); }, "avg", step: 1e-2f, tolerance: 1e-3, samples: 70);
    }

    [Fact]
    public void Every_vector_width_and_thread_count_gives_the_same_bits()
    {
        var g = new PoolGeometry(3, 12, 21, 2, 2, 0) { SizeWidth = 3, StrideWidth = 1, PaddingWidth = 1 };
        const int batch = 3;
        var x = KernelAssert.Random(batch * g.InputLength, 103);
        var dy = KernelAssert.Random(batch * g.OutputLength, 104);
        KernelAssert.SameBitsOnEveryWidthAndThreadCount(() =>
        {
            float[] m = new float[dy.Length], a = new float[dy.Length], dm = new float[x.Length], da = new float[x.Length];
            var argmax = new byte[dy.Length];
            MaxPool2D.Forward<byte>(x, m, argmax, g, batch);
            MaxPool2D.Backward<byte>(dy, argmax, dm, g, batch);
            AvgPool2D.Forward(x, a, g, batch);
            AvgPool2D.Backward(dy, da, g, batch);
            return [m, dm, a, da];
        }, g.ToString());
    }

    [Fact]
    public void A_window_position_must_fit_the_argmax_type()
    {
        // 1×300: positions up to 299 need more than a byte.
        var g = new PoolGeometry(1, 1, 300, 1, 1, 0) { SizeWidth = 300 };
        var error = Assert.Throws<ArgumentException>(() => MaxPool2D.Forward<byte>(new float[300], new float[1], new byte[1], g, 1));
        Assert.Contains("1×300 window", error.Message);
        var output = new float[1];
        var argmax = new short[1];
        var x = Enumerable.Range(0, 300).Select(i => (float)-Math.Abs(i - 211)).ToArray();
        MaxPool2D.Forward<short>(x, output, argmax, g, 1);
        Assert.Equal((short)211, argmax[0]);
    }
}
