using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

public class Dropout2DTests
{
    [Fact]
    public void Zeroes_whole_channels_scales_the_rest_and_backward_uses_the_same_mask()
    {
        const int batch = 3, channels = 7, spatial = 13;
        const float rate = 0.4f;
        var x = KernelAssert.Random(batch * channels * spatial, 1);
        var y = KernelAssert.Poisoned(x.Length);
        var mask = KernelAssert.Poisoned(batch * channels);
        Dropout2D.Forward(x, y, mask, rate, new SeededRandom(5), channels, spatial, batch);

        // The mask is Dropout's rule on one draw per plane, in order.
        var random = new SeededRandom(5);
        var scale = 1f / (1f - rate);
        for (var p = 0; p < batch * channels; p++)
        {
            var expected = random.NextSingle() >= rate ? scale : 0f;
            Assert.Equal(expected, mask[p]);
            for (var i = 0; i < spatial; i++) Assert.Equal(x[p * spatial + i] * expected, y[p * spatial + i]);
        }
        Assert.Contains(0f, mask);
        Assert.Contains(scale, mask);

        var dy = KernelAssert.Random(x.Length, 2);
        var dx = KernelAssert.Poisoned(x.Length);
        Dropout2D.Backward(mask, dy, dx, channels, spatial, batch);
        for (var i = 0; i < x.Length; i++) Assert.Equal(dy[i] * mask[i / spatial], dx[i]);
    }

    [Fact]
    public void Drop_rate_is_about_rate_and_rate_zero_is_identity()
    {
        const int planes = 20000;
        var x = new float[planes];
        Array.Fill(x, 1f);
        var y = new float[planes];
        var mask = new float[planes];
        Dropout2D.Forward(x, y, mask, 0.25f, new SeededRandom(9), channels: planes, spatial: 1, batch: 1);
        var dropped = mask.Count(m => m == 0f) / (double)planes;
        Assert.InRange(dropped, 0.23, 0.27);

        Dropout2D.Forward(x, y, mask, 0f, new SeededRandom(9), channels: 4, spatial: 5000, batch: 1);
        Assert.Equal(x, y);
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        var x = new float[12];
        var mask = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => Dropout2D.Forward(x, x, mask, 1f, new SeededRandom(1), 2, 3, 2));
        Assert.Throws<ArgumentException>(() => Dropout2D.Forward(x, x, new float[3], 0.5f, new SeededRandom(1), 2, 3, 2));
        Assert.Throws<ArgumentException>(() => Dropout2D.Backward(mask, x, new float[11], 2, 3, 2));
        Assert.Throws<ArgumentNullException>(() => Dropout2D.Forward(x, x, mask, 0.5f, null!, 2, 3, 2));
    }
}
