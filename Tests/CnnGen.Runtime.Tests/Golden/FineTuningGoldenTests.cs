using System.Text.Json;

namespace CnnGen.Tests.Golden;

/// <summary>A network with frozen layers: conv1 and bn1 below every trainable layer, fc1 between two (see tools/golden/make_finetune_golden.py).</summary>
[Network(2, 6, 6)]
[Conv2D(3, 3, Padding = 1, Name = "conv1", Trainable = false)]
[BatchNorm(Name = "bn1", Trainable = false)]
[ReLU]
[Conv2D(4, 3, Name = "conv2")]
[ReLU]
[Dense(5, Name = "fc1", Trainable = false)]
[ReLU]
[Dense(2, Name = "fc2")]
[SoftmaxCrossEntropy]
public partial class FineTuningTwin;

/// <summary>
/// Fine-tuning against PyTorch: <c>requires_grad = False</c> on conv1, bn1 and fc1 (no gradient, values untouched, the
/// frozen batch norm still in training mode) and AdamW over four parameter groups (weight decay off for biases, fc2 at
/// twice the learning rate).
/// </summary>
public class FineTuningGoldenTests
{
    sealed record Step(double Loss, double[] Parameters, double[] State);

    sealed record Fixture(float[] Input, int[] Labels, float[] Parameters, float[] State, double LearningRate, double WeightDecay, double Fc2Factor,
        double Loss, double[] Gradients, Step[] Steps);

    static Fixture Load() => JsonSerializer.Deserialize<Fixture>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "Fixtures", "finetune.json")),
        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })!;

    static FineTuningTwin Create(Fixture fixture)
    {
        var net = new FineTuningTwin(seed: 0);
        fixture.Parameters.CopyTo(net.Parameters);
        fixture.State.CopyTo(net.State);
        return net;
    }

    static IEnumerable<TensorInfo> Frozen(INetwork net) => net.Tensors.ToArray().Where(t => t.Store == TensorStore.Parameters && !t.Trainable);

    [Fact]
    public void The_frozen_layers_tensors_are_marked_and_the_others_are_not()
    {
        var net = new FineTuningTwin();
        Assert.Equal(["conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "fc1.weight", "fc1.bias"], Frozen(net).Select(t => t.Name));
        Assert.All(net.Tensors.ToArray().Where(t => t.Store == TensorStore.State), t => Assert.True(t.Trainable));
    }

    [Fact]
    public void Loss_and_gradients_match_pytorch_and_frozen_gradients_are_zero()
    {
        var fixture = Load();
        var net = Create(fixture);
        var loss = net.ComputeGradients(fixture.Input, fixture.Labels);
        GoldenAssert.Close("FineTuningTwin", "loss", loss, fixture.Loss);
        GoldenAssert.Close("FineTuningTwin", "gradients", net.Gradients, fixture.Gradients, net, TensorStore.Parameters);
        foreach (var tensor in Frozen(net))
            Assert.All(net.Gradients.Slice(tensor.Offset, tensor.Length).ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void AdamW_parameter_groups_match_pytorch_and_leave_frozen_parameters_bit_identical()
    {
        var fixture = Load();
        var net = Create(fixture);
        var adamw = new AdamW(fixture.LearningRate, weightDecay: fixture.WeightDecay)
        {
            Groups = new ParameterGroups { NoWeightDecayOnBiasAndNorm = true, LearningRateFactors = new Dictionary<string, double> { ["fc2"] = fixture.Fc2Factor } },
        };
        for (var s = 0; s < fixture.Steps.Length; s++)
        {
            var loss = net.TrainStep(fixture.Input, fixture.Labels, adamw);
            GoldenAssert.Close("FineTuningTwin", $"step {s + 1} loss", loss, fixture.Steps[s].Loss);
            GoldenAssert.Close("FineTuningTwin", $"step {s + 1} parameters", net.Parameters, fixture.Steps[s].Parameters, net, TensorStore.Parameters);
            GoldenAssert.Close("FineTuningTwin", $"step {s + 1} running statistics", net.State, fixture.Steps[s].State, net, TensorStore.State);
        }
        foreach (var tensor in Frozen(net))
            Assert.Equal(fixture.Parameters.AsSpan(tensor.Offset, tensor.Length).ToArray(), net.Parameters.Slice(tensor.Offset, tensor.Length).ToArray());
    }

    [Theory]
    [InlineData("Sgd")]
    [InlineData("Adam")]
    [InlineData("AdamW")]
    [InlineData("RmsProp")]
    [InlineData("AdaGrad")]
    public void Every_optimizer_with_weight_decay_leaves_frozen_parameters_bit_identical(string kind)
    {
        var fixture = Load();
        var net = Create(fixture);
        IOptimizer optimizer = kind switch
        {
            "Sgd" => new Sgd(0.1, momentum: 0.9, weightDecay: 0.5),
            "Adam" => new Adam(0.01, weightDecay: 0.5),
            "AdamW" => new AdamW(0.01, weightDecay: 0.5),
            "RmsProp" => new RmsProp(0.01, weightDecay: 0.5),
            _ => new AdaGrad(0.01, weightDecay: 0.5),
        };
        for (var s = 0; s < 3; s++) net.TrainStep(fixture.Input, fixture.Labels, optimizer);
        foreach (var tensor in Frozen(net))
            Assert.Equal(fixture.Parameters.AsSpan(tensor.Offset, tensor.Length).ToArray(), net.Parameters.Slice(tensor.Offset, tensor.Length).ToArray());
        var conv2 = net.Tensors.ToArray().Single(t => t.Name == "conv2.weight");
        Assert.NotEqual(fixture.Parameters.AsSpan(conv2.Offset, conv2.Length).ToArray(), net.Parameters.Slice(conv2.Offset, conv2.Length).ToArray());
    }

    [Fact]
    public void Default_groups_step_with_the_bits_of_the_plain_step()
    {
        var fixture = Load();
        var grouped = Create(fixture);
        var plain = new SimpleTwinSteps(fixture);
        var adamGrouped = new AdamW(0.01, weightDecay: 0.1);
        var adamPlain = new AdamW(0.01, weightDecay: 0.1);
        for (var s = 0; s < 3; s++)
        {
            grouped.ComputeGradients(fixture.Input, fixture.Labels);
            plain.Net.ComputeGradients(fixture.Input, fixture.Labels);
            // Every tensor trainable: the tensor table's one group is the whole vector.
            adamGrouped.Step(grouped.Parameters, grouped.Gradients, plain.AllTrainable);
            adamPlain.Step(plain.Net.Parameters, plain.Net.Gradients);
        }
        Assert.Equal(plain.Net.Parameters.ToArray(), grouped.Parameters.ToArray());
    }

    sealed class SimpleTwinSteps(Fixture fixture)
    {
        public FineTuningTwin Net { get; } = Create(fixture);

        public TensorInfo[] AllTrainable { get; } = new FineTuningTwin().Tensors.ToArray().Select(t => t with { Trainable = true }).ToArray();
    }

    [Fact]
    public void Group_rules_refuse_a_key_that_names_no_tensor_and_a_step_without_the_tensor_table()
    {
        var net = new FineTuningTwin();
        var unknown = new Adam { Groups = new ParameterGroups { LearningRateFactors = new Dictionary<string, double> { ["head"] = 10 } } };
        var error = Assert.Throws<ArgumentException>(() => unknown.Step(net.Parameters, net.Gradients, net.Tensors));
        Assert.Contains("\"head\" names no parameter tensor", error.Message, StringComparison.Ordinal);
        var negative = new Adam { Groups = new ParameterGroups { LearningRateFactors = new Dictionary<string, double> { ["fc2"] = -1 } } };
        Assert.Throws<ArgumentException>(() => negative.Step(net.Parameters, net.Gradients, net.Tensors));
        var rules = new Sgd(0.1) { Groups = new ParameterGroups { NoWeightDecayOnBiasAndNorm = true } };
        var withoutTable = Assert.Throws<InvalidOperationException>(() => rules.Step(net.Parameters, net.Gradients));
        Assert.Contains("net.Tensors", withoutTable.Message, StringComparison.Ordinal);
    }
}
