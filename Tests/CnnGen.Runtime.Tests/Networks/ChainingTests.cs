using CnnGen.Samples;
using CnnGen.Tests.Golden;

namespace CnnGen.Tests.Networks;

/// <summary>
/// The chaining API's contract (DESIGN §3) beyond its numbers (those are in <see cref="GoldenTests"/> and
/// <see cref="GradientCheckTests"/>): Backward needs a ForwardTraining that nothing has overwritten since, lengths are
/// checked with the expected and actual values, it agrees with ComputeGradients given the loss's own gradient, and it
/// gives the same bits on any thread count.
/// </summary>
public class ChainingTests
{
    const int Batch = 4;

    static (DeepConvNet Net, float[] Input, float[] Output, float[] OutputGradient) Setup(int maxBatch = Batch, int threads = 1)
    {
        var net = new DeepConvNet(maxBatch, seed: 5) { Threads = threads };
        return (net, NetworkData.Images(Batch, DeepConvNet.Sizes.InputLength, seed: 6), new float[Batch * DeepConvNet.Sizes.OutputLength],
            NetworkData.Images(Batch, DeepConvNet.Sizes.OutputLength, seed: 7).Select(v => v - 0.5f).ToArray());
    }

    [Fact]
    public void Backward_without_a_ForwardTraining_throws_InvalidOperationException()
    {
        var (net, _, _, outputGradient) = Setup();
        var error = Assert.Throws<InvalidOperationException>(() => net.Backward(outputGradient, Span<float>.Empty));
        Assert.Contains("ForwardTraining", error.Message, StringComparison.Ordinal);

        // A network without a loss head too.
        var stem = new GoldenChainStem(maxBatch: 2);
        Assert.Throws<InvalidOperationException>(() => stem.Backward(new float[2 * GoldenChainStem.Sizes.OutputLength], Span<float>.Empty));
    }

    public static TheoryData<string> Overwriters() => new() { "Forward", "Predict", "ComputeGradients", "TrainStep" };

    [Theory]
    [MemberData(nameof(Overwriters))]
    public void Backward_after_a_pass_that_overwrote_the_activations_throws_InvalidOperationException(string call)
    {
        var (net, input, output, outputGradient) = Setup();
        net.ForwardTraining(input, output);
        var labels = NetworkData.Labels(Batch, DeepConvNet.Sizes.OutputLength, seed: 8);
        switch (call)
        {
            case "Forward": net.Forward(input, output); break;
            case "Predict": net.Predict(input.AsSpan(0, DeepConvNet.Sizes.InputLength)); break;
            case "ComputeGradients": net.ComputeGradients(input, labels); break;
            default: net.TrainStep(input, labels, new Sgd(0.01)); break;
        }
        Assert.Throws<InvalidOperationException>(() => net.Backward(outputGradient, Span<float>.Empty));
    }

    [Fact]
    public void Backward_runs_again_after_the_same_ForwardTraining_with_the_same_bits()
    {
        var (net, input, output, outputGradient) = Setup();
        net.ForwardTraining(input, output);
        var inputGradient = new float[input.Length];
        net.Backward(outputGradient, inputGradient);
        var gradients = net.Gradients.ToArray();
        var first = inputGradient.ToArray();
        net.Backward(outputGradient.Select(v => -v).ToArray(), Span<float>.Empty);
        net.Backward(outputGradient, inputGradient);
        Assert.True(gradients.AsSpan().SequenceEqual(net.Gradients), "a second Backward gave other parameter gradients");
        Assert.True(first.AsSpan().SequenceEqual(inputGradient), "a second Backward gave another input gradient");
    }

    [Fact]
    public void Lengths_are_checked_and_the_messages_name_expected_and_actual_values()
    {
        var (net, input, output, outputGradient) = Setup(maxBatch: 2);
        var tooMany = Assert.Throws<ArgumentException>(() => net.ForwardTraining(input, output));
        Assert.Contains("MaxBatch = 2", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("got 4", tooMany.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => net.ForwardTraining(Span<float>.Empty, output));
        var wrongOutput = Assert.Throws<ArgumentException>(() => net.ForwardTraining(input.AsSpan(0, 2 * DeepConvNet.Sizes.InputLength), new float[21]));
        Assert.Contains("Expected 20 values", wrongOutput.Message, StringComparison.Ordinal);
        Assert.Contains("got 21", wrongOutput.Message, StringComparison.Ordinal);

        net.ForwardTraining(input.AsSpan(0, 2 * DeepConvNet.Sizes.InputLength), output.AsSpan(0, 20));
        var wrongGradient = Assert.Throws<ArgumentException>(() => net.Backward(outputGradient, Span<float>.Empty));
        Assert.Equal("outputGradient", wrongGradient.ParamName);
        Assert.Contains("Expected 20 values", wrongGradient.Message, StringComparison.Ordinal);
        Assert.Contains("got 40", wrongGradient.Message, StringComparison.Ordinal);
        var wrongInputGradient = Assert.Throws<ArgumentException>(() => net.Backward(outputGradient.AsSpan(0, 20), new float[DeepConvNet.Sizes.InputLength]));
        Assert.Equal("inputGradient", wrongInputGradient.ParamName);
        Assert.Contains($"Expected {2 * DeepConvNet.Sizes.InputLength} values", wrongInputGradient.Message, StringComparison.Ordinal);

        // The rejected calls left the activations usable.
        net.Backward(outputGradient.AsSpan(0, 20), new float[2 * DeepConvNet.Sizes.InputLength]);
    }

    [Fact]
    public void ForwardTraining_then_Backward_of_the_loss_gradient_gives_the_Gradients_of_ComputeGradients()
    {
        var (net, input, output, _) = Setup();
        var labels = NetworkData.Labels(Batch, DeepConvNet.Sizes.OutputLength, seed: 8);
        net.Reseed(3);
        var loss = net.ComputeGradients(input, labels);
        var expected = net.Gradients.ToArray();

        net.Reseed(3);
        net.ForwardTraining(input, output);
        // d(mean cross-entropy)/d(logits) = (softmax − one-hot) / batch, as nn.CrossEntropyLoss.
        var gradient = new float[output.Length];
        var total = 0.0;
        const int classes = DeepConvNet.Sizes.OutputLength;
        for (var n = 0; n < Batch; n++)
        {
            var row = output.AsSpan(n * classes, classes);
            var max = row.ToArray().Max();
            var sum = row.ToArray().Sum(v => Math.Exp(v - max));
            total += Math.Log(sum) + max - row[labels[n]];
            for (var c = 0; c < classes; c++)
                gradient[n * classes + c] = (float)((Math.Exp(row[c] - max) / sum - (c == labels[n] ? 1 : 0)) / Batch);
        }
        net.Backward(gradient, Span<float>.Empty);

        Assert.Equal(loss, total / Batch, 5);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(net.Gradients[i] - expected[i]) <= 1e-6 + 1e-4 * Math.Abs(expected[i]),
                $"parameter {i}: Backward {net.Gradients[i]:R}, ComputeGradients {expected[i]:R}");
    }

    [Fact]
    public void One_and_two_threads_give_the_same_bits()
    {
        (float[] Output, float[] Gradients, float[] InputGradient, float[] State) Run(int threads)
        {
            var (net, input, output, outputGradient) = Setup(threads: threads);
            var inputGradient = new float[input.Length];
            net.ForwardTraining(input, output);
            net.Backward(outputGradient, inputGradient);
            return (output, net.Gradients.ToArray(), inputGradient, net.State.ToArray());
        }
        var one = Run(1);
        var two = Run(2);
        Assert.True(one.Output.AsSpan().SequenceEqual(two.Output), "outputs differ between 1 and 2 threads");
        Assert.True(one.Gradients.AsSpan().SequenceEqual(two.Gradients), "parameter gradients differ between 1 and 2 threads");
        Assert.True(one.InputGradient.AsSpan().SequenceEqual(two.InputGradient), "input gradients differ between 1 and 2 threads");
        Assert.True(one.State.AsSpan().SequenceEqual(two.State), "running statistics differ between 1 and 2 threads");
        Assert.Contains(one.InputGradient, v => v != 0);
    }
}
