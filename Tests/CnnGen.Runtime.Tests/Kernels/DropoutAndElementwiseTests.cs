using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

public class DropoutAndElementwiseTests
{
    [Fact]
    public void Dropout_keeps_about_one_minus_rate_and_scales_the_kept()
    {
        const int length = 20000;
        const float rate = 0.3f;
        var x = KernelAssert.Random(length, 1);
        var y = KernelAssert.Poisoned(length);
        var mask = KernelAssert.Poisoned(length);
        Dropout.Forward(x, y, mask, rate, new SeededRandom(42));

        var scale = 1f / (1f - rate);
        var kept = 0;
        for (var i = 0; i < length; i++)
        {
            Assert.True(mask[i] == 0f || mask[i] == scale, $"mask[{i}] = {mask[i]}");
            Assert.Equal(x[i] * mask[i], y[i]);
            if (mask[i] != 0) kept++;
        }
        // Binomial(20000, 0.7): std ≈ 65, so ±400 is beyond 6σ.
        Assert.InRange(kept, 14000 - 400, 14000 + 400);

        // The same seed draws the same mask; another seed a different one.
        var again = new float[length];
        Dropout.Forward(x, new float[length], again, rate, new SeededRandom(42));
        Assert.Equal(mask, again);
        Dropout.Forward(x, new float[length], again, rate, new SeededRandom(43));
        Assert.NotEqual(mask, again);

        var dy = KernelAssert.Random(length, 2);
        var dx = KernelAssert.Poisoned(length);
        Dropout.Backward(mask, dy, dx);
        for (var i = 0; i < length; i++) Assert.Equal(dy[i] * mask[i], dx[i]);
    }

    [Fact]
    public void Dropout_rejects_a_rate_outside_zero_to_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Dropout.Forward(new float[2], new float[2], new float[2], 1f, new SeededRandom(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dropout.Forward(new float[2], new float[2], new float[2], -0.1f, new SeededRandom(1)));
    }

    [Fact]
    public void Add_and_add_in_place()
    {
        var a = KernelAssert.Random(29, 3);
        var b = KernelAssert.Random(29, 4);
        var sum = KernelAssert.Poisoned(29);
        Elementwise.Add(a, b, sum);
        for (var i = 0; i < a.Length; i++) Assert.Equal(a[i] + b[i], sum[i]);
        var target = (float[])b.Clone();
        Elementwise.AddInPlace(a, target);
        Assert.Equal(sum, target);
        Assert.Throws<ArgumentException>(() => Elementwise.Add(a, b, new float[28]));
    }

    [Fact]
    public void AddReLU_gives_the_bits_of_add_then_relu()
    {
        // 37 values: whole vectors at every width plus a scalar tail; sums that are negative, -0 (-1 + 1 → +0, -0 + -0 → -0), NaN and infinite.
        var a = KernelAssert.Random(37, 5);
        var b = KernelAssert.Random(37, 6);
        (a[0], b[0]) = (-0f, -0f);
        (a[1], b[1]) = (-1f, 1f);
        (a[2], b[2]) = (float.NaN, 1f);
        (a[3], b[3]) = (float.PositiveInfinity, float.NegativeInfinity);
        (a[35], b[35]) = (float.NaN, -2f);
        (a[36], b[36]) = (-0f, -0f);
        var expected = new float[37];
        Elementwise.Add(a, b, expected);
        Activations.ReLU(expected, expected);
        var actual = KernelAssert.Poisoned(37);
        Elementwise.AddReLU(a, b, actual);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        Assert.True(float.IsNaN(actual[2]) && BitConverter.SingleToInt32Bits(actual[0]) == 0);
        // In place over an operand, as Add.
        Elementwise.AddReLU(a, b, a);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), a.Select(BitConverter.SingleToInt32Bits));
        Assert.Throws<ArgumentException>(() => Elementwise.AddReLU(a, b, new float[36]));
    }
}
