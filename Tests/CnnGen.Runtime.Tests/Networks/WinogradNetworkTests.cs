using CnnGen.Tests.Kernels;

namespace CnnGen.Tests.Networks;

/// <summary>Two 3×3 stride-1 convolutions that Forward runs by Winograd (64 and more channels and filters, outputs wider than 8).</summary>
[Network(64, 14, 13)]
[Conv2D(64, 3, Padding = 1, Name = "conv1")]
[ReLU]
[Conv2D(72, 3, Padding = 1, Name = "conv2")]
public partial class WinogradNet;

/// <summary>
/// Forward runs eligible convolutions by Winograd over filters derived once (DeriveInferenceWeights), and derives them
/// again when the parameters change; training keeps the direct kernels. Forward agrees with the training forward within
/// the golden tolerance 1e-4 + 2e-3·|ref|.
/// </summary>
public class WinogradNetworkTests
{
    const int Batch = 2;

    [Fact]
    public void Forward_runs_by_Winograd_within_the_golden_tolerance_of_the_training_forward()
    {
        var network = new WinogradNet(maxBatch: Batch, seed: 1) { Threads = 1 };
        var input = KernelAssert.Random(Batch * WinogradNet.Sizes.InputLength, 2);
        AssertForwardClose(network, input, "fresh");

        // Written through Parameters: the next Forward transforms the new filters.
        foreach (ref var value in network.Parameters) value *= -1.5f;
        AssertForwardClose(network, input, "after the parameters changed");
    }

    static void AssertForwardClose(WinogradNet network, float[] input, string when)
    {
        var inference = new float[Batch * WinogradNet.Sizes.OutputLength];
        var training = new float[inference.Length];
        network.Forward(input, inference);
        network.ForwardTraining(input, training);
        KernelAssert.Close(training.Select(v => (double)v).ToArray(), inference, 1e-4, 2e-3, $"Forward against the direct training forward, {when}");
        // Not the direct kernel's bits: the Winograd path ran.
        Assert.Contains(Enumerable.Range(0, training.Length), i => BitConverter.SingleToInt32Bits(training[i]) != BitConverter.SingleToInt32Bits(inference[i]));
    }
}
