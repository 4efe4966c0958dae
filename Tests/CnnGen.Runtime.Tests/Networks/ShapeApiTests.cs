using CnnGen.Samples;

namespace CnnGen.Tests.Networks;

/// <summary>The generated constants, chunked Forward and Predict of the seed networks.</summary>
public class ShapeApiTests
{
    [Fact]
    public void SimpleConvNet_constants_follow_from_its_layers()
    {
        // conv1 30@5x5 on 1x28x28 → 30x24x24, pool 2 → 30x12x12 = 4320, dense 100, dense 10.
        const int conv = 30 * 1 * 5 * 5 + 30, dense1 = 4320 * 100 + 100, dense2 = 100 * 10 + 10;
        Assert.Equal(784, SimpleConvNet.Sizes.InputLength);
        Assert.Equal(10, SimpleConvNet.Sizes.OutputLength);
        Assert.Equal(conv + dense1 + dense2, SimpleConvNet.Sizes.ParameterCount);
        Assert.Equal(433_890, SimpleConvNet.Sizes.ParameterCount);
        var net = new SimpleConvNet();
        Assert.Equal(SimpleConvNet.Sizes.ParameterCount, net.Parameters.Length);
        Assert.Equal(SimpleConvNet.Sizes.ParameterCount, net.Gradients.Length);
        Assert.Equal(0, net.State.Length);
        Assert.Equal(SimpleConvNet.Sizes.ParameterCount, ((INetwork)net).ParameterCount);
    }

    [Fact]
    public void DeepConvNet_constants_follow_from_its_layers()
    {
        // 28 →(pad 1) 28 → 28 → pool 14 → 14 →(pad 2) 16 → pool 8 → 8 → 8 → pool 4: 64x4x4 = 1024 into dense 50.
        const int convs = (16 * 1 * 9 + 16) + (16 * 16 * 9 + 16) + (32 * 16 * 9 + 32) + (32 * 32 * 9 + 32)
            + (64 * 32 * 9 + 64) + (64 * 64 * 9 + 64);
        const int denses = (1024 * 50 + 50) + (50 * 10 + 10);
        Assert.Equal(784, DeepConvNet.Sizes.InputLength);
        Assert.Equal(10, DeepConvNet.Sizes.OutputLength);
        Assert.Equal(convs + denses, DeepConvNet.Sizes.ParameterCount);
        Assert.Equal(DeepConvNet.Sizes.ParameterCount, new DeepConvNet().Parameters.Length);
    }

    [Fact]
    public void Tensors_tile_the_parameters_in_pytorch_order()
    {
        var net = new SimpleConvNet();
        var tensors = net.Tensors.ToArray();
        Assert.Equal(new[] { "conv1.weight", "conv1.bias", "dense1.weight", "dense1.bias", "dense2.weight", "dense2.bias" },
            tensors.Select(t => t.Name));
        Assert.Equal(new[] { 30, 1, 5, 5 }, tensors[0].Shape);
        Assert.Equal(new[] { 100, 4320 }, tensors[2].Shape);
        var offset = 0;
        foreach (var tensor in tensors)
        {
            Assert.Equal(offset, tensor.Offset);
            offset += tensor.Length;
        }
        Assert.Equal(SimpleConvNet.Sizes.ParameterCount, offset);
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(3, 7)]
    [InlineData(4, 8)]
    public void Forward_of_more_samples_than_MaxBatch_equals_sample_by_sample(int maxBatch, int samples)
    {
        var batched = new SimpleConvNet(maxBatch, seed: 4);
        var single = new SimpleConvNet(1, seed: 4);
        var input = NetworkData.Images(samples, SimpleConvNet.Sizes.InputLength, seed: 10);
        var output = new float[samples * SimpleConvNet.Sizes.OutputLength];
        batched.Forward(input, output);
        var one = new float[SimpleConvNet.Sizes.OutputLength];
        for (var s = 0; s < samples; s++)
        {
            single.Forward(input.AsSpan(s * SimpleConvNet.Sizes.InputLength, SimpleConvNet.Sizes.InputLength), one);
            for (var k = 0; k < one.Length; k++)
            {
                var chunked = output[s * SimpleConvNet.Sizes.OutputLength + k];
                Assert.True(Math.Abs(chunked - one[k]) <= 1e-5f * (1 + Math.Abs(one[k])),
                    $"sample {s}, output {k}: chunked {chunked:R}, alone {one[k]:R}");
            }
        }
    }

    [Fact]
    public void Predict_is_the_argmax_of_Forward()
    {
        var net = new SimpleConvNet(1, seed: 9);
        for (var s = 0; s < 20; s++)
        {
            var sample = NetworkData.Images(1, SimpleConvNet.Sizes.InputLength, seed: 100 + s);
            var output = new float[SimpleConvNet.Sizes.OutputLength];
            net.Forward(sample, output);
            var argmax = 0;
            for (var k = 1; k < output.Length; k++) if (output[k] > output[argmax]) argmax = k;
            Assert.Equal(argmax, net.Predict(sample));
        }
    }

    [Fact]
    public void PredictProbabilities_gives_one_distribution_per_sample_whose_argmax_is_Predict()
    {
        var net = new SimpleConvNet(seed: 4);
        var input = NetworkData.Images(3, net.InputLength, seed: 5);
        var probabilities = new float[3 * net.OutputLength];
        net.PredictProbabilities(input, probabilities);
        for (var n = 0; n < 3; n++)
        {
            var row = probabilities.AsSpan(n * net.OutputLength, net.OutputLength);
            double sum = 0;
            foreach (var p in row) sum += p;
            Assert.InRange(sum, 1 - 1e-5, 1 + 1e-5);
            Assert.Equal(net.Predict(input.AsSpan(n * net.InputLength, net.InputLength)), row.IndexOf(System.Linq.Enumerable.Max(row.ToArray())));
        }
    }
}
