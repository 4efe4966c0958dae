using CnnGen.Samples;
using CnnGen.Tests.Performance;

namespace CnnGen.Tests.Networks;

/// <summary>
/// A network built without <c>maxBatch</c> takes any batch, as a PyTorch module does: a larger batch than before grows
/// its buffers once, and from then on nothing is allocated. Its sizes and summary are members of the instance.
/// </summary>
[Collection(nameof(PerformanceContract))]
public class GrowingBatchTests
{
    const int Batch = 8;

    [Fact]
    public void A_network_built_without_maxBatch_trains_a_batch_of_eight_with_the_bits_of_one_built_for_it()
    {
        var growing = new DeepConvNet(seed: 3);
        var sized = new DeepConvNet(maxBatch: Batch, seed: 3);
        Assert.True(growing.GrowsMaxBatch);
        Assert.False(sized.GrowsMaxBatch);
        Assert.Equal(1, growing.MaxBatch);
        var input = NetworkData.Images(Batch, growing.InputLength, seed: 4);
        var labels = NetworkData.Labels(Batch, growing.OutputLength, seed: 5);
        var adamGrowing = new Adam(0.001);
        var adamSized = new Adam(0.001);
        for (var step = 0; step < 2; step++)
        {
            Assert.Equal(sized.TrainStep(input, labels, adamSized), growing.TrainStep(input, labels, adamGrowing));
        }
        Assert.Equal(Batch, growing.MaxBatch);
        Assert.Equal(sized.Parameters.ToArray(), growing.Parameters.ToArray());
        Assert.Equal(sized.State.ToArray(), growing.State.ToArray());
    }

    [Fact]
    public void Forward_training_and_backward_grow_too_and_a_smaller_batch_keeps_the_buffers()
    {
        var net = new DeepConvNet(seed: 1);
        var input = NetworkData.Images(5, net.InputLength, seed: 2);
        var output = new float[5 * net.OutputLength];
        net.ForwardTraining(input, output);
        Assert.Equal(5, net.MaxBatch);
        var inputGradient = new float[input.Length];
        net.Backward(NetworkData.Images(5, net.OutputLength, seed: 3), inputGradient);
        Assert.Contains(inputGradient, v => v != 0);
        net.ForwardTraining(input.AsSpan(0, 2 * net.InputLength), output.AsSpan(0, 2 * net.OutputLength));
        Assert.Equal(5, net.MaxBatch);
    }

    [Fact]
    public void Forward_grows_to_at_most_64_samples_and_gives_the_bits_of_a_sized_network()
    {
        var growing = new SimpleConvNet(seed: 2);
        var sized = new SimpleConvNet(maxBatch: 100, seed: 2);
        var input = NetworkData.Images(100, growing.InputLength, seed: 6);
        var expected = new float[100 * sized.OutputLength];
        var actual = new float[expected.Length];
        sized.Forward(input, expected);
        growing.Forward(input, actual);
        Assert.Equal(64, growing.MaxBatch);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Once_grown_forward_gradients_and_training_steps_allocate_nothing()
    {
        var net = new DeepConvNet(seed: 1) { Threads = 2 };
        var input = NetworkData.Images(Batch, net.InputLength, seed: 2);
        var labels = NetworkData.Labels(Batch, net.OutputLength, seed: 3);
        var output = new float[Batch * net.OutputLength];
        var optimizer = new Adam(0.001);
        for (var i = 0; i < 3; i++)
        {
            net.TrainStep(input, labels, optimizer);
            net.Forward(input, output);
        }

        long Allocated() => GC.GetAllocatedBytesForCurrentThread() + CnnGen.Threading.WorkerPool.WorkerAllocatedBytes;
        var before = Allocated();
        for (var i = 0; i < 3; i++)
        {
            net.TrainStep(input, labels, optimizer);
            net.TrainStep(input.AsSpan(0, 3 * net.InputLength), labels.AsSpan(0, 3), optimizer);
            net.Forward(input, output);
            net.ComputeGradients(input, labels);
        }
        var allocated = Allocated() - before;
        Assert.True(allocated == 0, $"a grown DeepConvNet allocated {allocated} B in three rounds of steps of 8 and 3 samples, Forward and ComputeGradients (expected 0)");
    }

    [Fact]
    public void An_explicit_maxBatch_still_bounds_the_gradient_calls()
    {
        var net = new SimpleConvNet(maxBatch: 4, seed: 0);
        var input = NetworkData.Images(Batch, net.InputLength, seed: 1);
        var error = Assert.Throws<ArgumentException>(() => net.ComputeGradients(input, new int[Batch]));
        Assert.Contains("MaxBatch = 4", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, net.MaxBatch);
    }

    [Fact]
    public void Trainer_fits_a_network_built_without_maxBatch()
    {
        var images = NetworkData.Images(40, SimpleConvNet.Sizes.InputLength, seed: 1);
        var labels = NetworkData.Labels(40, SimpleConvNet.Sizes.OutputLength, seed: 2);
        var net = new SimpleConvNet(seed: 0);
        var result = new CnnGen.Training.Trainer(new CnnGen.Training.TrainerOptions { Epochs = 1, BatchSize = 16 })
            .Fit(net, new Adam(0.001), new CnnGen.Data.Dataset(images, labels, 1, 28, 28, 10));
        Assert.Single(result.History);
        Assert.True(net.MaxBatch >= 16, $"MaxBatch {net.MaxBatch} after training batches of 16");
    }

    [Fact]
    public void Sizes_and_summary_are_members_of_the_instance_with_the_values_of_the_constants()
    {
        var net = new ResNet20(seed: 0);
        Assert.Equal(ResNet20.Sizes.InputLength, net.InputLength);
        Assert.Equal(ResNet20.Sizes.OutputLength, net.OutputLength);
        Assert.Equal(ResNet20.Sizes.ParameterCount, net.ParameterCount);
        Assert.Equal(net.Parameters.Length, net.ParameterCount);
        Assert.StartsWith("ResNet20: trained with SoftmaxCrossEntropy", net.Summary, StringComparison.Ordinal);
        Assert.Equal(((INetwork)net).Summary, net.Summary);
    }
}
