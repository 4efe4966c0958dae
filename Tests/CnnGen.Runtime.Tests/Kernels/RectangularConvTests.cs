using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

/// <summary>Convolutions with a kernel, stride, padding or dilation of their own along the width (Inception-v3's 1×7 and 7×1): PyTorch fixtures, central differences, bit identity across vector widths and thread counts.</summary>
public class RectangularConvTests
{
    public static TheoryData<int> Cases() => new(Enumerable.Range(0, 5));

    static int[] Pair(System.Text.Json.JsonElement c, string name) => c.GetProperty(name).EnumerateArray().Select(v => v.GetInt32()).ToArray();

    static ConvGeometry Geometry(System.Text.Json.JsonElement c)
    {
        int[] kernel = Pair(c, "kernel"), stride = Pair(c, "stride"), padding = Pair(c, "padding"), dilation = Pair(c, "dilation");
        return new ConvGeometry(c.Int("channels"), c.Int("height"), c.Int("width"), c.Int("filters"), kernel[0], stride[0], padding[0], c.Int("groups"), dilation[0])
        {
            KernelWidth = kernel[1], StrideWidth = stride[1], PaddingWidth = padding[1], DilationWidth = dilation[1],
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_PyTorch_forward_and_backward(int index)
    {
        var c = KernelAssert.ZooCase("rectangular")[index];
        var g = Geometry(c);
        var batch = c.Int("batch");
        var shape = c.GetProperty("outputShape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.Equal([g.Filters, g.OutHeight, g.OutWidth], shape[1..]);
        var x = c.Tensor("inputs", 0);
        var weight = c.Tensor("parameters", 0);
        var hasBias = c.GetProperty("parameters").GetArrayLength() == 2;
        var bias = hasBias ? c.Tensor("parameters", 1) : [];
        var y = KernelAssert.Poisoned(batch * g.OutputLength);
        Conv2D.Forward(x, weight, bias, y, g, batch);
        KernelAssert.Close(c.GetProperty("output").Doubles(), y, 2e-6, 2e-6, "rectangular conv forward");

        float[] dx = KernelAssert.Poisoned(x.Length), dw = KernelAssert.Poisoned(weight.Length), db = hasBias ? KernelAssert.Poisoned(bias.Length) : [];
        Conv2D.Backward(x, weight, c.GetProperty("outputGradient").Floats(), dw, db, dx, g, batch);
        KernelAssert.Close(c.Tensor("inputGradients", 0).Select(v => (double)v).ToArray(), dx, 2e-6, 2e-6, "rectangular conv input gradient");
        KernelAssert.Close(c.Tensor("parameterGradients", 0).Select(v => (double)v).ToArray(), dw, 1e-5, 1e-5, "rectangular conv weight gradient");
        if (hasBias) KernelAssert.Close(c.Tensor("parameterGradients", 1).Select(v => (double)v).ToArray(), db, 1e-5, 1e-5, "rectangular conv bias gradient");
    }

    [Fact]
    public void Square_values_along_the_width_change_nothing()
    {
        var square = new ConvGeometry(3, 9, 10, 4, 3, 2, 1, Dilation: 2);
        var spelled = square with { KernelWidth = 3, StrideWidth = 2, PaddingWidth = 1, DilationWidth = 2 };
        Assert.True(spelled.IsSquare);
        Assert.Equal(square, spelled);
        Assert.False((square with { PaddingWidth = 0 }).IsSquare);
        Assert.Equal((0, 1), ((square with { PaddingWidth = 0 }).PaddingWidth, (square with { PaddingWidth = 0 }).Padding));
    }

    [Fact]
    public void Gradients_match_central_differences()
    {
        var g = new ConvGeometry(2, 6, 9, 3, 3, 2, 1) { KernelWidth = 2, StrideWidth = 1, PaddingWidth = 0, DilationWidth = 3 };
        const int batch = 2;
        var x = KernelAssert.Random(batch * g.InputLength, 91);
        var weight = KernelAssert.Random(g.WeightLength, 92);
        var bias = KernelAssert.Random(g.Filters, 93);
        var r = KernelAssert.Random(batch * g.OutputLength, 94);
        float[] dx = new float[x.Length], dw = new float[weight.Length], db = new float[bias.Length];
        Conv2D.Backward(x, weight, r, dw, db, dx, g, batch);
        var y = new float[r.Length];
        double Loss() { Conv2D.Forward(x, weight, bias, y, g, batch); return KernelAssert.Dot(r, y); }
        KernelAssert.FiniteDifferences(x, dx, Loss, "dx", step: 1e-2f, tolerance: 1e-3, samples: 50);
        KernelAssert.FiniteDifferences(weight, dw, Loss, "dw", step: 1e-2f, tolerance: 1e-3, samples: 36);
        KernelAssert.FiniteDifferences(bias, db, Loss, "db", step: 1e-2f, tolerance: 1e-3);
    }

    [Fact]
    public void Every_vector_width_and_thread_count_gives_the_same_bits()
    {
        // 1×7 over 19-wide rows (tails at every width), then a strided, dilated 3×2 with groups.
        foreach (var g in new[]
        {
            new ConvGeometry(5, 11, 19, 7, 1, 1, 0) { KernelWidth = 7, PaddingWidth = 3 },
            new ConvGeometry(4, 13, 17, 6, 3, 2, 2, Groups: 2) { KernelWidth = 2, StrideWidth = 1, PaddingWidth = 0, DilationWidth = 2 },
        })
        {
            const int batch = 5;
            var x = KernelAssert.Random(batch * g.InputLength, 95);
            var weight = KernelAssert.Random(g.WeightLength, 96);
            var bias = KernelAssert.Random(g.Filters, 97);
            var dy = KernelAssert.Random(batch * g.OutputLength, 98);
            KernelAssert.SameBitsOnEveryWidthAndThreadCount(() =>
            {
                float[] y = new float[dy.Length], dx = new float[x.Length], dw = new float[weight.Length], db = new float[bias.Length];
                Conv2D.Forward(x, weight, bias, y, g, batch);
                Conv2D.Backward(x, weight, dy, dw, db, dx, g, batch);
                return [y, dx, dw, db];
            }, g.ToString());
        }
    }

    [Fact]
    public void Rejects_a_width_the_kernel_does_not_fit()
    {
        var g = new ConvGeometry(1, 5, 4, 1, 1, 1, 0) { KernelWidth = 7, PaddingWidth = 1 };
        Assert.Throws<ArgumentException>(() => Conv2D.Forward(new float[20], new float[7], [], new float[20], g, 1));
    }
}
