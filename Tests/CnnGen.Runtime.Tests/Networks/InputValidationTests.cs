using CnnGen.Samples;

namespace CnnGen.Tests.Networks;

/// <summary>DESIGN §3: bad lengths, batches and labels → ArgumentException naming expected and actual values; nothing half-updated.</summary>
public class InputValidationTests
{
    const int MaxBatch = 2;

    static (SimpleConvNet Net, float[] Before, float[] Input, int[] Labels) Setup()
    {
        var net = new SimpleConvNet(MaxBatch, seed: 1);
        return (net, net.Parameters.ToArray(), NetworkData.Images(MaxBatch, SimpleConvNet.Sizes.InputLength, 2),
            NetworkData.Labels(MaxBatch, SimpleConvNet.Sizes.OutputLength, 3));
    }

    static void AssertRejected(SimpleConvNet net, float[] before, Action call, params string[] mentioned)
    {
        var error = Assert.ThrowsAny<ArgumentException>(call);
        foreach (var value in mentioned)
            Assert.Contains(value, error.Message, StringComparison.Ordinal);
        Assert.True(net.Parameters.SequenceEqual(before), "parameters changed by a rejected call");
    }

    [Fact]
    public void Forward_rejects_an_input_that_is_not_a_multiple_of_InputLength()
    {
        var (net, before, _, _) = Setup();
        var input = new float[SimpleConvNet.Sizes.InputLength + 5];
        AssertRejected(net, before, () => net.Forward(input, new float[2 * SimpleConvNet.Sizes.OutputLength]), "784", "789");
    }

    [Fact]
    public void Forward_rejects_an_output_of_the_wrong_length()
    {
        var (net, before, input, _) = Setup();
        AssertRejected(net, before, () => net.Forward(input, new float[SimpleConvNet.Sizes.OutputLength + 1]), "20", "11");
    }

    [Fact]
    public void Gradient_calls_reject_more_samples_than_MaxBatch()
    {
        var (net, before, _, _) = Setup();
        var input = NetworkData.Images(MaxBatch + 1, SimpleConvNet.Sizes.InputLength, 4);
        var labels = NetworkData.Labels(MaxBatch + 1, SimpleConvNet.Sizes.OutputLength, 5);
        AssertRejected(net, before, () => net.ComputeGradients(input, labels), "3", "2");
        AssertRejected(net, before, () => net.TrainStep(input, labels, new Sgd(0.1)), "3", "2");
    }

    [Fact]
    public void Gradient_calls_reject_a_label_outside_the_classes()
    {
        var (net, before, input, labels) = Setup();
        labels[1] = 10;
        AssertRejected(net, before, () => net.TrainStep(input, labels, new Sgd(0.1)), "10");
        labels[1] = -1;
        AssertRejected(net, before, () => net.TrainStep(input, labels, new Sgd(0.1)), "-1");
    }

    [Fact]
    public void Gradient_calls_reject_a_label_count_that_differs_from_the_samples()
    {
        var (net, before, input, _) = Setup();
        AssertRejected(net, before, () => net.TrainStep(input, [1], new Sgd(0.1)), "2", "1");
    }

    [Fact]
    public void Gradient_calls_reject_targets_of_the_wrong_length()
    {
        var (net, before, input, _) = Setup();
        var targets = new float[MaxBatch * SimpleConvNet.Sizes.OutputLength - 1];
        AssertRejected(net, before, () => net.TrainStep(input, targets, new Sgd(0.1)), "20", "19");
    }
}
