using CnnGen.Kernels;
using CnnGen.Quantization;

namespace CnnGen.Tests.Quantization;

/// <summary>Int8 pooling, Add, Concat and the ReLU clamps against straightforward scalar code (and against float pooling where the formula says they agree).</summary>
public class Int8PointwiseTests
{
    public static TheoryData<PoolGeometry> Pools => new()
    {
        new PoolGeometry(3, 8, 8, 2, 2, 0),
        new PoolGeometry(2, 24, 24, 2, 2, 0),   // SimpleConvNet's pool1: eight outputs per vector, then four
        new PoolGeometry(2, 9, 35, 2, 2, 0),    // odd sizes: the last row and column are left out
        new PoolGeometry(2, 7, 9, 3, 2, 1),
        new PoolGeometry(2, 7, 7, 3, 2, 1, CeilMode: true),
        new PoolGeometry(2, 6, 6, 3, 1, 1, CountIncludePad: false),
    };

    [Theory]
    [MemberData(nameof(Pools))]
    public void MaxPool_is_the_float_max_pool_of_the_stored_values(PoolGeometry g)
    {
        const int batch = 2;
        var x = Int8Data.Activations(batch * g.InputLength, 31);
        var y = new byte[batch * g.OutputLength];
        QuantizedPooling.MaxPool(x, y, g, batch);
        // Max pooling commutes with the monotonic dequantization: the float kernel on the same values agrees.
        var floats = x.Select(v => (float)v).ToArray();
        var expected = new float[y.Length];
        MaxPool2D.Forward(floats, expected, new byte[y.Length], g, batch);
        Assert.Equal(expected, y.Select(v => (float)v).ToArray());
    }

    [Theory]
    [MemberData(nameof(Pools))]
    public void AvgPool_requantizes_the_exact_window_sum(PoolGeometry g)
    {
        const int batch = 2;
        var x = Int8Data.Activations(batch * g.InputLength, 32);
        QuantizationParameters input = new(0.04f, 30), output = new(0.05f, 12);
        var y = new byte[batch * g.OutputLength];
        QuantizedPooling.AvgPool(x, input, y, output, g, batch);
        // The float kernel on (x − z_x) gives Σ/divisor; the int8 kernel rounds Σ · ratio / divisor once.
        var centred = x.Select(v => (float)(v - input.ZeroPoint)).ToArray();
        var average = new float[y.Length];
        AvgPool2D.Forward(centred, average, g, batch);
        var ratio = input.Scale / output.Scale;
        for (var i = 0; i < y.Length; i++)
        {
            var exact = average[i] * ratio + output.ZeroPoint;
            Assert.True(Math.Abs(y[i] - Math.Clamp(exact, 0, 255)) <= 0.5f + 1e-3f, $"{i}: {y[i]} vs {exact}");
        }
        // Same parameters in and out: the nearest integer to the exact average, ties to even.
        var same = new byte[y.Length];
        QuantizedPooling.AvgPool(x, input, same, input, g, batch);
        for (var i = 0; i < y.Length; i++) Assert.Equal(Int8Reference.Store(average[i], input.ZeroPoint, 0, 255), same[i]);
    }

    [Fact]
    public void GlobalAvgPool_rounds_the_channel_mean()
    {
        var x = new byte[] { 10, 11, 12, 14, /* channel 2 */ 200, 201, 202, 202 };
        var y = new byte[2];
        var p = new QuantizationParameters(0.1f, 10);
        QuantizedPooling.GlobalAvgPool(x, p, y, p, 2, 4, 1);
        Assert.Equal(new byte[] { 12, 201 }, y);  // 11.75 → 12; 201.25 → 201
    }

    [Fact]
    public void Add_requantizes_both_operands_to_the_output_scale_with_a_fused_ReLU()
    {
        var a = Int8Data.Activations(500, 41);
        var b = Int8Data.Activations(500, 42);
        QuantizationParameters pa = new(0.02f, 100), pb = new(0.05f, 7), py = new(0.06f, 60);
        var y = new byte[a.Length];
        QuantizedElementwise.Add(a, pa, b, pb, y, py, py.ReLU);
        for (var i = 0; i < a.Length; i++)
        {
            var steps = MathF.FusedMultiplyAdd(b[i] - pb.ZeroPoint, pb.Scale / py.Scale, (a[i] - pa.ZeroPoint) * (pa.Scale / py.Scale));
            Assert.Equal(Int8Reference.Store(steps, py.ZeroPoint, py.ZeroPoint, 255), y[i]);
            var real = pa.Dequantize(a[i]) + pb.Dequantize(b[i]);
            Assert.True(Math.Abs(py.Dequantize(y[i]) - Math.Max(real, 0f)) <= py.Scale * 0.5f + 1e-4f || y[i] == 255, $"{i}: {py.Dequantize(y[i])} vs {real}");
        }
        Assert.Contains(y, v => v == py.ZeroPoint);
        Assert.Throws<ArgumentException>(() => QuantizedElementwise.Add(a, pa, b, pb, y, py, new Int8Output(0, 0, 255)));
        Assert.Throws<ArgumentException>(() => QuantizedElementwise.Add(a, pa, b.AsSpan(1), pb, y, py, py.Output));
    }

    [Fact]
    public void Concat_copies_operands_at_the_output_scale_and_requantizes_the_others()
    {
        const int batch = 2;
        var a = Int8Data.Activations(batch * 6, 51);
        var b = Int8Data.Activations(batch * 4, 52);
        QuantizationParameters pa = new(0.1f, 3), pb = new(0.05f, 128);
        var y = new byte[batch * 10];
        QuantizedElementwise.Concat(a, pa, y, pa, 6, 0, 10, batch);
        QuantizedElementwise.Concat(b, pb, y, pa, 4, 6, 10, batch);
        for (var n = 0; n < batch; n++)
        {
            Assert.Equal(a.AsSpan(n * 6, 6).ToArray(), y.AsSpan(n * 10, 6).ToArray());
            for (var i = 0; i < 4; i++)
                Assert.Equal(Int8Reference.Store((b[n * 4 + i] - pb.ZeroPoint) * (pb.Scale / pa.Scale), pa.ZeroPoint, 0, 255), y[n * 10 + 6 + i]);
        }
        Assert.Throws<ArgumentException>(() => QuantizedElementwise.Concat(b, pb, y, pa, 4, 7, 10, batch));
    }

    [Fact]
    public void ReLU_and_ReLU6_are_clamps_at_the_steps_of_zero_and_six()
    {
        var p = new QuantizationParameters(0.05f, 20);
        byte[] x = [0, 19, 20, 21, 139, 140, 141, 255];
        var relu = new byte[x.Length];
        var relu6 = new byte[x.Length];
        QuantizedElementwise.Clamp(x, relu, p.ReLU);
        QuantizedElementwise.Clamp(x, relu6, p.ReLU6);
        Assert.Equal(new byte[] { 20, 20, 20, 21, 139, 140, 141, 255 }, relu);
        Assert.Equal(new byte[] { 20, 20, 20, 21, 139, 140, 140, 140 }, relu6);
    }
}
