namespace CnnGen.Tests.Networks;

/// <summary>A network without parameters: max pooling into a mean-squared-error head.</summary>
[Network(1, 4, 4)]
[MaxPool2D(2)]
[MeanSquaredError]
public partial class PoolOnlyNet;

/// <summary>A network without parameters whose last layer reads the network input twice (the input's gradient is a sum).</summary>
[Network(1, 4, 4)]
[AvgPool2D(3, Stride = 1, Padding = 1)]
[Add("input")]
[MeanSquaredError]
public partial class PoolPlusInputNet;

/// <summary>A network without parameters or loss head, for chaining.</summary>
[Network(1, 4, 4)]
[MaxPool2D(2)]
[ReLU]
public partial class PoolOnlyStem;

/// <summary>
/// Networks without parameters train as PyTorch's do: <c>F.mse_loss(F.max_pool2d(x, 2), t)</c>, with no input gradient
/// asked for (nothing reads a span the caller never passed) and with one.
/// </summary>
public class ParameterFreeNetworkTests
{
    // x = 0 … 15 as one 4×4 map; the 2×2 maxima are 5, 7, 13, 15 (at 5, 7, 13, 15).
    static readonly float[] Input = Enumerable.Range(0, 16).Select(v => (float)v).ToArray();
    static readonly float[] Targets = [1, 2, 3, 4];

    // F.mse_loss(F.max_pool2d(x, 2), t) = ((5-1)² + (7-2)² + (13-3)² + (15-4)²) / 4 = (16 + 25 + 100 + 121) / 4.
    const float PyTorchLoss = 65.5f;

    [Fact]
    public void ComputeGradients_of_a_network_without_parameters_returns_pytorchs_loss() =>
        Assert.Equal(PyTorchLoss, new PoolOnlyNet().ComputeGradients(Input, Targets));

    [Fact]
    public void TrainStep_of_a_network_without_parameters_returns_pytorchs_loss() =>
        Assert.Equal(PyTorchLoss, new PoolOnlyNet().TrainStep(Input, Targets, new Sgd(0.1)));

    [Fact]
    public void Backward_of_a_network_without_parameters_gives_pytorchs_input_gradient_or_skips_it()
    {
        var net = new PoolOnlyNet();
        var output = new float[PoolOnlyNet.Sizes.OutputLength];
        net.ForwardTraining(Input, output);
        Assert.Equal([5f, 7, 13, 15], output);
        // x.grad of F.mse_loss: 2 (max - t) / 4 at each maximum, 0 elsewhere.
        var outputGradient = output.Select((v, i) => 2 * (v - Targets[i]) / 4).ToArray();
        net.Backward(outputGradient, Span<float>.Empty);
        var inputGradient = new float[16];
        net.Backward(outputGradient, inputGradient);
        float[] expected = [0, 0, 0, 0, 0, 2, 0, 2.5f, 0, 0, 0, 0, 0, 5, 0, 5.5f];
        Assert.Equal(expected, inputGradient);
    }

    [Fact]
    public void A_network_without_parameters_reading_its_input_twice_returns_pytorchs_loss()
    {
        // F.mse_loss(F.avg_pool2d(x, 3, 1, 1) + x, 0) with x = 1: the padded average is count_include_pad's
        // 4/9 at the corners, 6/9 on the edges and 1 inside.
        float[] ones = Enumerable.Repeat(1f, 16).ToArray();
        var expected = (4 * Square(1 + 4f / 9) + 8 * Square(1 + 6f / 9) + 4 * Square(2f)) / 16;
        Assert.Equal(expected, new PoolPlusInputNet().ComputeGradients(ones, new float[16]), 6);

        static float Square(float v) => v * v;
    }

    [Fact]
    public void Backward_of_a_stem_without_parameters_skips_the_input_gradient_when_none_is_asked()
    {
        var stem = new PoolOnlyStem();
        var output = new float[PoolOnlyStem.Sizes.OutputLength];
        stem.ForwardTraining(Input, output);
        stem.Backward([1, 1, 1, 1], Span<float>.Empty);
        var inputGradient = new float[16];
        stem.Backward([1, 1, 1, 1], inputGradient);
        Assert.Equal(4f, inputGradient.Sum());
        Assert.Equal([1f, 1, 1, 1], new[] { inputGradient[5], inputGradient[7], inputGradient[13], inputGradient[15] });
    }
}
