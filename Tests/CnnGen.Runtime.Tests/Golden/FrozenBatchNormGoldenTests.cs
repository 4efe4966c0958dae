using System.Text.Json;

namespace CnnGen.Tests.Golden;

/// <summary>
/// Batch norms with frozen statistics (see tools/golden/make_frozen_batchnorm_golden.py): bn1 (2-D) and bn3 (1-D) in
/// eval mode with trainable gamma and beta, bn2 in eval mode and frozen, and conv2 frozen between trainable layers.
/// </summary>
[Network(2, 6, 6)]
[Conv2D(3, 3, Padding = 1, Name = "conv1")]
[BatchNorm(Name = "bn1", Frozen = true)]
[ReLU]
[Conv2D(4, 3, Name = "conv2", Trainable = false)]
[BatchNorm(Name = "bn2", Frozen = true, Trainable = false)]
[ReLU]
[Dense(5, Name = "fc1")]
[BatchNorm(Name = "bn3", Frozen = true)]
[ReLU]
[Dense(2, Name = "fc2")]
[SoftmaxCrossEntropy]
public partial class FrozenBatchNormTwin;

/// <summary>
/// <c>BatchNorm(Frozen = true)</c> against PyTorch's batch norm modules in <c>.eval()</c> inside a model in <c>.train()</c>:
/// the loss, every gradient (zero for conv2 and bn2), the parameters after SGD steps and the running statistics, which
/// never change. Frozen statistics and frozen parameters are independent: bn1 and bn3 train their gamma and beta.
/// </summary>
public class FrozenBatchNormGoldenTests
{
    sealed record Step(double Loss, double[] Parameters, double[] State);

    sealed record Fixture(float[] Input, int[] Labels, float[] Parameters, float[] State, double LearningRate, double Momentum,
        double Loss, double[] Gradients, Step[] Steps);

    static Fixture Load() => JsonSerializer.Deserialize<Fixture>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "Fixtures", "frozen_batchnorm.json")),
        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })!;

    static FrozenBatchNormTwin Create(Fixture fixture)
    {
        var net = new FrozenBatchNormTwin(maxBatch: fixture.Labels.Length, seed: 0);
        fixture.Parameters.CopyTo(net.Parameters);
        fixture.State.CopyTo(net.State);
        return net;
    }

    static TensorInfo Tensor(INetwork net, string name) => net.Tensors.ToArray().Single(t => t.Name == name);

    [Fact]
    public void Loss_and_gradients_match_pytorch_and_only_the_frozen_parameters_gradients_are_zero()
    {
        var fixture = Load();
        var net = Create(fixture);
        var loss = net.ComputeGradients(fixture.Input, fixture.Labels);
        GoldenAssert.Close("FrozenBatchNormTwin", "loss", loss, fixture.Loss);
        GoldenAssert.Close("FrozenBatchNormTwin", "gradients", net.Gradients, fixture.Gradients, net, TensorStore.Parameters);
        foreach (var name in new[] { "conv2.weight", "conv2.bias", "bn2.weight", "bn2.bias" })
        {
            var tensor = Tensor(net, name);
            Assert.All(net.Gradients.Slice(tensor.Offset, tensor.Length).ToArray(), g => Assert.Equal(0f, g));
        }
        // Frozen statistics, trainable affine: gamma and beta get their (eval-mode) gradients.
        foreach (var name in new[] { "bn1.weight", "bn1.bias", "bn3.weight", "bn3.bias" })
        {
            var tensor = Tensor(net, name);
            Assert.Contains(net.Gradients.Slice(tensor.Offset, tensor.Length).ToArray(), g => g != 0f);
        }
        Assert.Equal(fixture.State, net.State.ToArray());
    }

    [Fact]
    public void Sgd_steps_match_pytorch_and_leave_the_running_statistics_and_frozen_parameters_bit_identical()
    {
        var fixture = Load();
        var net = Create(fixture);
        var sgd = new Sgd(fixture.LearningRate, momentum: fixture.Momentum);
        for (var s = 0; s < fixture.Steps.Length; s++)
        {
            var loss = net.TrainStep(fixture.Input, fixture.Labels, sgd);
            GoldenAssert.Close("FrozenBatchNormTwin", $"step {s + 1} loss", loss, fixture.Steps[s].Loss);
            GoldenAssert.Close("FrozenBatchNormTwin", $"step {s + 1} parameters", net.Parameters, fixture.Steps[s].Parameters, net, TensorStore.Parameters);
            Assert.Equal(fixture.State, net.State.ToArray());
        }
        foreach (var name in new[] { "conv2.weight", "conv2.bias", "bn2.weight", "bn2.bias" })
        {
            var tensor = Tensor(net, name);
            Assert.Equal(fixture.Parameters.AsSpan(tensor.Offset, tensor.Length).ToArray(), net.Parameters.Slice(tensor.Offset, tensor.Length).ToArray());
        }
    }

    [Fact]
    public void Training_forward_gives_the_inference_output()
    {
        // In eval mode the batch norms normalise with the running statistics in training too: one output either way,
        // up to float rounding, since Forward runs each convolution with its batch norm folded in.
        var fixture = Load();
        var net = Create(fixture);
        var training = new float[fixture.Labels.Length * FrozenBatchNormTwin.Sizes.OutputLength];
        var inference = new float[training.Length];
        net.ForwardTraining(fixture.Input, training);
        net.Forward(fixture.Input, inference);
        GoldenAssert.Close("FrozenBatchNormTwin", "training-mode output", training, Array.ConvertAll(inference, v => (double)v), "output",
            FrozenBatchNormTwin.Sizes.OutputLength);
        Assert.Equal(fixture.State, net.State.ToArray());
    }

    [Fact]
    public void A_single_sample_trains_since_no_batch_statistics_are_taken()
    {
        // A 1-D batch norm in training mode needs two samples (PyTorch refuses one); frozen statistics need none.
        var fixture = Load();
        var net = Create(fixture);
        var loss = net.TrainStep(fixture.Input.AsSpan(0, FrozenBatchNormTwin.Sizes.InputLength), fixture.Labels.AsSpan(0, 1), new Sgd(0.01));
        Assert.True(float.IsFinite(loss), $"loss {loss}");
        Assert.Equal(fixture.State, net.State.ToArray());
    }
}
