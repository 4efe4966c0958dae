using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

/// <summary><see cref="Concat"/> against torch.cat(dim=1) written out index by index, on odd sizes (vector tails included).</summary>
public class ConcatTests
{
    /// <summary>Operands of 3, 1 and 5 channels of 3x3 (odd block lengths 27, 9, 45), batch 4.</summary>
    static readonly int[] Channels = [3, 1, 5];
    const int Spatial = 9;
    const int Batch = 4;

    [Fact]
    public void Forward_places_each_operand_block_at_its_channel_offset_per_sample()
    {
        var total = Channels.Sum() * Spatial;
        var operands = Channels.Select((c, k) => KernelAssert.Random(Batch * c * Spatial, 10 + k)).ToArray();
        var output = KernelAssert.Poisoned(Batch * total);
        var offset = 0;
        for (var k = 0; k < operands.Length; k++)
        {
            Concat.Forward(operands[k], output, Channels[k] * Spatial, offset, total, Batch);
            offset += Channels[k] * Spatial;
        }

        for (var n = 0; n < Batch; n++)
        {
            var channel = 0;
            for (var k = 0; k < operands.Length; k++)
            {
                for (var c = 0; c < Channels[k]; c++, channel++)
                for (var s = 0; s < Spatial; s++)
                    Assert.Equal(operands[k][(n * Channels[k] + c) * Spatial + s], output[(n * Channels.Sum() + channel) * Spatial + s]);
            }
        }
    }

    [Fact]
    public void Backward_copies_each_block_back_or_adds_it()
    {
        var total = Channels.Sum() * Spatial;
        var outputGradient = KernelAssert.Random(Batch * total, 20);
        var offset = Channels[0] * Spatial;
        var block = Channels[1] * Spatial;

        var copied = KernelAssert.Poisoned(Batch * block);
        Concat.Backward(outputGradient, copied, block, offset, total, Batch, accumulate: false);
        var previous = KernelAssert.Random(Batch * block, 21);
        var added = (float[])previous.Clone();
        Concat.Backward(outputGradient, added, block, offset, total, Batch, accumulate: true);

        for (var n = 0; n < Batch; n++)
        for (var i = 0; i < block; i++)
        {
            var expected = outputGradient[n * total + offset + i];
            Assert.Equal(expected, copied[n * block + i]);
            Assert.Equal(previous[n * block + i] + expected, added[n * block + i]);
        }
    }

    [Fact]
    public void A_block_that_does_not_fit_or_a_short_span_is_refused()
    {
        var output = new float[2 * 10];
        Assert.Throws<ArgumentException>(() => Concat.Forward(new float[2 * 4], output, 4, 7, 10, 2));
        Assert.Throws<ArgumentException>(() => Concat.Forward(new float[7], output, 4, 0, 10, 2));
        Assert.Throws<ArgumentException>(() => Concat.Backward(new float[19], new float[8], 4, 0, 10, 2, accumulate: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Concat.Backward(output, new float[8], 4, -1, 10, 2, accumulate: true));
    }
}
