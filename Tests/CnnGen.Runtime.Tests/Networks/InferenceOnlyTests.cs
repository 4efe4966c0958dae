using CnnGen.Samples;
using CnnGen.Weights;
using Xunit.Abstractions;

namespace CnnGen.Tests.Networks;

/// <summary>
/// The inference-only instance (<c>new Net(maxBatch, seed, training: false)</c>, DESIGN §3): it keeps only what Forward
/// needs (no gradients; activations share buffers once their last reader has run), gives the training instance's
/// Forward bits, loads and saves, and refuses every gradient call by naming the constructor.
/// </summary>
public class InferenceOnlyTests(ITestOutputHelper output)
{
    [Fact]
    public void An_inference_only_ResNet20_allocates_a_fraction_of_a_training_one()
    {
        var training = AllocatedBytes(() => new ResNet20(maxBatch: 100, seed: 1));
        var inference = AllocatedBytes(() => new ResNet20(maxBatch: 100, seed: 1, training: false));
        output.WriteLine($"ResNet-20 at maxBatch 100: training {training:N0} bytes, inference-only {inference:N0} bytes");
        // Training keeps ~190 per-batch buffers; inference three shared ones of the largest activation plus the parameters.
        Assert.True(inference * 10 < training, $"inference-only {inference:N0} bytes, training {training:N0} bytes");
    }

    [Fact]
    public void Forward_gives_the_training_instances_bits_after_training_and_the_weights_load_and_save()
    {
        AssertSameForward(new ResNet20(maxBatch: 4, seed: 3) { Threads = 1 }, new ResNet20(maxBatch: 3, seed: 9, training: false) { Threads = 1 });
        AssertSameForward(new DeepConvNet(maxBatch: 4, seed: 3) { Threads = 1 }, new DeepConvNet(maxBatch: 3, seed: 9, training: false) { Threads = 1 });
        AssertSameForward(new Inception(maxBatch: 4, seed: 3) { Threads = 1 }, new Inception(maxBatch: 3, seed: 9, training: false) { Threads = 1 });
        AssertSameForward(new UNet(maxBatch: 4, seed: 3) { Threads = 1 }, new UNet(maxBatch: 3, seed: 9, training: false) { Threads = 1 });
    }

    [Fact]
    public void Every_gradient_call_throws_naming_the_constructor()
    {
        var network = new DeepConvNet(maxBatch: 2, seed: 0, training: false);
        var input = new float[2 * DeepConvNet.Sizes.InputLength];
        var output = new float[2 * DeepConvNet.Sizes.OutputLength];
        AssertRefused("ComputeGradients", () => network.ComputeGradients(input, new int[2]));
        AssertRefused("ComputeGradients", () => network.ComputeGradients(input, new float[2 * DeepConvNet.Sizes.OutputLength]));
        AssertRefused("TrainStep", () => network.TrainStep(input, new int[2], new Sgd(0.1)));
        AssertRefused("ForwardTraining", () => network.ForwardTraining(input, output));
        AssertRefused("Backward", () => network.Backward(output, default));
        Assert.True(network.Gradients.IsEmpty);
        // Inference still works.
        network.Forward(input, output);
        Assert.InRange(network.Predict(input.AsSpan(0, DeepConvNet.Sizes.InputLength)), 0, DeepConvNet.Sizes.OutputLength - 1);
    }

    static void AssertRefused(string member, Action call)
    {
        var error = Assert.Throws<InvalidOperationException>(call);
        Assert.StartsWith(member + " needs a training instance", error.Message);
        Assert.Contains("new DeepConvNet(maxBatch, seed, training: false)", error.Message);
    }

    /// <summary>
    /// Trains <paramref name="trained"/> one step (so batch norm's running statistics move), moves its weights into
    /// <paramref name="inferenceOnly"/> through a weight file (which it saves back unchanged), and compares Forward on 7 samples (chunks of different
    /// sizes in the two instances) and Predict, bit for bit.
    /// </summary>
    static void AssertSameForward<T>(T trained, T inferenceOnly) where T : IClassifierNetwork
    {
        var random = new Random(7);
        var input = new float[7 * trained.InputLength];
        for (var i = 0; i < input.Length; i++) input[i] = (float)random.NextDouble();
        var batch = trained.MaxBatch;
        trained.TrainStep(input.AsSpan(0, batch * trained.InputLength), Enumerable.Range(0, batch).Select(i => i % trained.OutputLength).ToArray(), new Sgd(0.01));

        using var file = new MemoryStream();
        SafeTensors.Save(trained, file);
        file.Position = 0;
        SafeTensors.Load(inferenceOnly, file);
        // And it saves what it loaded, byte for byte.
        using var saved = new MemoryStream();
        SafeTensors.Save(inferenceOnly, saved);
        Assert.Equal(file.ToArray(), saved.ToArray());

        var expected = new float[7 * trained.OutputLength];
        var actual = new float[7 * trained.OutputLength];
        trained.Forward(input, expected);
        inferenceOnly.Forward(input, actual);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(trained.Predict(input.AsSpan(0, trained.InputLength)), inferenceOnly.Predict(input.AsSpan(0, trained.InputLength)));
    }

    static long AllocatedBytes(Func<object> create)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(create());
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
