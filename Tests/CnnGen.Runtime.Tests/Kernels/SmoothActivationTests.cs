using System.Text.Json;
using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

/// <summary>ReLU6, Hardswish, ELU, GELU, SiLU, Hardsigmoid, Mish and the float erf/exp under them: PyTorch fixtures, naive references, central differences, NaN and kink conventions, and bit identity across vector widths.</summary>
public class SmoothActivationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    delegate void Forward(ReadOnlySpan<float> x, Span<float> y);
    delegate void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx);

    static (Forward Forward, Backward Backward) Kernel(string name, float alpha = 1f) => name switch
    {
        "relu6" => (Activations.ReLU6, Activations.ReLU6Backward),
        "hardswish" => (Activations.Hardswish, Activations.HardswishBackward),
        "elu" or "elu_alpha" => ((x, y) => Activations.ELU(x, y, alpha), (x, dy, dx) => Activations.ELUBackward(x, dy, dx, alpha)),
        "gelu" => (Activations.GELU, Activations.GELUBackward),
        "silu" => (Activations.SiLU, Activations.SiLUBackward),
        "hardsigmoid" => (Activations.Hardsigmoid, Activations.HardsigmoidBackward),
        "mish" => (Activations.Mish, Activations.MishBackward),
        _ => throw new ArgumentException(name),
    };

    static readonly string[] Names = ["relu6", "hardswish", "elu", "elu_alpha", "gelu", "silu"];

    static JsonElement Case(string name) =>
        KernelAssert.Fixture("Kernels", "Fixtures", "layers.json").GetProperty("activations").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Theory]
    [InlineData("relu6")]
    [InlineData("hardswish")]
    [InlineData("elu")]
    [InlineData("elu_alpha")]
    [InlineData("gelu")]
    [InlineData("silu")]
    public void Matches_PyTorch_forward_and_backward(string name)
    {
        var c = Case(name);
        var alpha = c.TryGetProperty("alpha", out var a) ? (float)a.GetDouble() : 1f;
        var (forward, backward) = Kernel(name, alpha);
        var x = c.GetProperty("input").Floats();
        var y = KernelAssert.Poisoned(x.Length);
        forward(x, y);
        // Exact kinks are exact; the transcendental ones differ from PyTorch's SLEEF/polynomial by a few ulp, and
        // PyTorch's own vectorised GELU erf is off by up to 1.5e-7 absolute.
        var exact = name is "relu6" or "hardswish";
        KernelAssert.Close(c.GetProperty("output").Doubles(), y, exact ? 0 : 5e-7, exact ? 0 : 4e-7, $"{name} forward");
        var dx = KernelAssert.Poisoned(x.Length);
        backward(x, c.GetProperty("outputGradient").Floats(), dx);
        KernelAssert.Close(c.GetProperty("inputGradient").Doubles(), dx, exact ? 0 : 5e-7, exact ? 0 : 1e-6, $"{name} backward");
    }

    [Theory]
    [InlineData("relu6")]
    [InlineData("hardswish")]
    [InlineData("elu")]
    [InlineData("elu_alpha")]
    [InlineData("gelu")]
    [InlineData("silu")]
    [InlineData("hardsigmoid")]
    [InlineData("mish")]
    public void Backward_matches_central_differences(string name)
    {
        var (forward, backward) = Kernel(name, 0.37f);
        // Away from the kinks (a central difference across a kink measures neither side).
        var x = KernelAssert.Random(41, 11, 5f).Select(v => MathF.Abs(v) < 0.05f || MathF.Abs(MathF.Abs(v) - 3f) < 0.05f || MathF.Abs(v - 6f) < 0.05f ? v + 0.2f : v).ToArray();
        var r = KernelAssert.Random(x.Length, 12);
        var dx = new float[x.Length];
        backward(x, r, dx);
        var y = new float[x.Length];
        KernelAssert.FiniteDifferences(x, dx, () => { forward(x, y); return KernelAssert.Dot(r, y); }, name, step: 1e-2f, tolerance: 2e-3, samples: 41);
    }

    [Fact]
    public void Kinks_and_NaN_follow_PyTorch()
    {
        float[] x = [float.NaN, -3f, 0f, 3f, 6f];
        float[] ones = [1f, 1f, 1f, 1f, 1f];
        var dx = new float[5];
        var y = new float[5];

        Activations.ReLU6(x, y);
        Assert.True(float.IsNaN(y[0]));
        // PyTorch's vectorised conventions (its scalar loop for a tensor's last elements differs at NaN and at 3).
        Activations.ReLU6Backward(x, ones, dx);
        Assert.Equal([0f, 0f, 0f, 1f, 0f], dx);
        Activations.ReLU6Backward(x, [float.NaN, float.NaN, float.NaN, float.NaN, float.NaN], dx);
        Assert.Equal(0f, dx[2]); // 0 exactly at the kink, even for a NaN gradient (hardtanh_backward)
        Assert.Equal(0f, dx[4]);

        Activations.Hardswish(x, y);
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(-0f, y[1]);
        Assert.True(float.IsNegative(y[1]), "hardswish(−3) is −0 as in PyTorch");
        Activations.HardswishBackward(x, ones, dx);
        Assert.True(float.IsNaN(dx[0]));
        Assert.Equal([-0.5f, 0.5f, 1f, 1f], dx[1..]);

        Activations.ELU(x, y, 1f);
        Assert.True(float.IsNaN(y[0]));
        Activations.ELUBackward(x, ones, dx, 0.5f);
        Assert.True(float.IsNaN(dx[0]));
        Assert.Equal(0.5f, dx[2]); // α at 0: the x ≤ 0 branch

        Activations.GELUBackward(x, ones, dx);
        Assert.True(float.IsNaN(dx[0]));
        Assert.Equal(0.5f, dx[2]);
        Activations.SiLUBackward(x, ones, dx);
        Assert.True(float.IsNaN(dx[0]));
        Assert.Equal(0.5f, dx[2]);
        Activations.SiLU([float.NegativeInfinity, -200f, 200f], y);
        Assert.True(float.IsNaN(y[0]), "silu(−∞) = −∞/∞ is NaN in PyTorch too");
        Assert.Equal([-0f, 200f], y[1..3]);
        Activations.ELU([float.NegativeInfinity], y, 1f);
        Assert.Equal(-1f, y[0]);
    }

    [Fact]
    public void Erf_is_within_1_ulp_of_exact_and_2_ulp_of_torch()
    {
        var grid = KernelAssert.Fixture("Kernels", "Fixtures", "layers.json").GetProperty("erf");
        var x = Decode<float>(grid, "x");
        var torch = Decode<float>(grid, "torch");
        var exact = Decode<double>(grid, "exact");
        var erf = new float[x.Length];
        ErfOf(x, erf);
        double worstExact = 0, worstTorch = 0;
        for (var i = 0; i < x.Length; i++)
        {
            worstExact = Math.Max(worstExact, Math.Abs(erf[i] - exact[i]) / Ulp((float)exact[i]));
            worstTorch = Math.Max(worstTorch, Math.Abs(erf[i] - (double)torch[i]) / Ulp(torch[i]));
        }
        output.WriteLine($"erf on {x.Length} points: max {worstExact:F3} ulp from the exact value, max {worstTorch:F3} ulp from torch.erf");
        Assert.True(worstExact <= 1, $"erf max error {worstExact:F2} ulp against the exact value");
        Assert.True(worstTorch <= 2, $"erf max difference {worstTorch:F2} ulp against torch.erf");

        // GELU on the same grid: against the exact value to a few ulp of its scale, against PyTorch's to its own error.
        var xg = x.Where(v => MathF.Abs(v) <= 4.5f).ToArray();
        var gelu = new float[x.Length];
        Activations.GELU(x, gelu);
        var exactGelu = Decode<double>(grid, "exactGelu");
        var torchGelu = Decode<float>(grid, "torchGelu");
        for (var i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(gelu[i] - exactGelu[i]) <= 4 * Ulp((float)Math.Max(Math.Abs(exactGelu[i]), 1e-30)) + 3e-8 * Math.Abs(x[i]),
                $"gelu({x[i]:R}) = {gelu[i]:R}, exact {exactGelu[i]:R}");
            Assert.True(Math.Abs(gelu[i] - torchGelu[i]) <= 4e-7 * Math.Max(1, Math.Abs(x[i])), $"gelu({x[i]:R}) = {gelu[i]:R}, torch {torchGelu[i]:R}");
        }
    }

    [Fact]
    public void Exp_is_within_1_ulp()
    {
        var worst = 0.0;
        var x = new float[200_001];
        for (var i = 0; i < x.Length; i++) x[i] = (float)(-103.0 + i * (192.0 / (x.Length - 1)));
        var y = new float[x.Length];
        ExpOf(x, y);
        for (var i = 0; i < x.Length; i++)
        {
            var exact = Math.Exp(x[i]);
            if (exact > float.MaxValue) { Assert.Equal(float.PositiveInfinity, y[i]); continue; }
            worst = Math.Max(worst, Math.Abs(y[i] - exact) / Ulp((float)exact));
        }
        output.WriteLine($"exp on {x.Length} points in [-103, 89]: max {worst:F3} ulp");
        Assert.True(worst <= 1, $"exp max error {worst:F3} ulp");
        float[] special = [float.NaN, float.NegativeInfinity, float.PositiveInfinity, 0f, -0f];
        ExpOf(special, y);
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal([0f, float.PositiveInfinity, 1f, 1f], y[1..5]);
    }

    [Theory]
    [InlineData("relu6")]
    [InlineData("hardswish")]
    [InlineData("elu_alpha")]
    [InlineData("gelu")]
    [InlineData("silu")]
    [InlineData("hardsigmoid")]
    [InlineData("mish")]
    public void Every_vector_width_gives_the_same_bits(string name)
    {
        var (forward, backward) = Kernel(name, 0.37f);
        // 53 values: a partial last vector at every width.
        var x = KernelAssert.Random(53, 21, 8f);
        x[0] = float.NaN; x[1] = 0f; x[2] = -3f; x[3] = 6f; x[4] = 1e-30f;
        var dy = KernelAssert.Random(x.Length, 22);
        float[]? firstY = null, firstDx = null;
        foreach (var bits in KernelAssert.Widths)
        {
            var y = new float[x.Length];
            var dx = new float[x.Length];
            Simd.Override = bits;
            try
            {
                forward(x, y);
                backward(x, dy, dx);
            }
            finally
            {
                Simd.Override = 0;
            }
            firstY ??= y;
            firstDx ??= dx;
            Assert.Equal(firstY.Select(BitConverter.SingleToInt32Bits), y.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(firstDx.Select(BitConverter.SingleToInt32Bits), dx.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void In_place_and_short_spans()
    {
        var x = KernelAssert.Random(19, 31, 4f);
        var expected = new float[x.Length];
        Activations.GELU(x, expected);
        var copy = (float[])x.Clone();
        Activations.GELU(copy, copy);
        Assert.Equal(expected, copy);
        Assert.Throws<ArgumentException>(() => Activations.SiLU(x, new float[18]));
        Assert.Throws<ArgumentException>(() => Activations.ReLU6Backward(x, new float[19], new float[3]));
    }

    static void ErfOf(float[] x, float[] y) => SimdMap.Unary<ErfOp>(x, y);
    static void ExpOf(float[] x, float[] y) => SimdMap.Unary<ExpOp>(x, y);

    readonly struct ErfOp : IUnarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec> => SimdMath.Erf<TVec, TOps>(x);
    }

    readonly struct ExpOp : IUnarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec> => SimdMath.Exp<TVec, TOps>(x);
    }

    /// <summary>The spacing of floats at |v| (the smallest subnormal at 0).</summary>
    static double Ulp(float v)
    {
        v = MathF.Abs(v);
        if (float.IsInfinity(v)) return double.PositiveInfinity;
        return (double)MathF.BitIncrement(v) - v;
    }

    static T[] Decode<T>(JsonElement grid, string name) where T : unmanaged =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(Convert.FromBase64String(grid.GetProperty(name).GetString()!)).ToArray();
}
