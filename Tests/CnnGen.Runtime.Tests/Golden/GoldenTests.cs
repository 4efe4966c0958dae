namespace CnnGen.Tests.Golden;

/// <summary>
/// Our generated networks against their PyTorch twins (fixtures from tools/golden/make_golden.py): eval-mode forward,
/// training-mode loss and gradients (with batch-norm running statistics), three optimizer steps, and the chaining API
/// (ForwardTraining then Backward from a given output gradient: output, x.grad, parameter gradients, running statistics).
/// </summary>
public class GoldenTests
{
    public static TheoryData<string> All() => new(GoldenFixture.Names());

    public static TheoryData<string> Trainable() => new(GoldenFixture.Names().Where(n => GoldenFixture.Load(n).HasTraining));

    public static TheoryData<string> Chained() => new(GoldenFixture.Names().Where(n => GoldenFixture.Load(n).HasChain));

    [Fact]
    public void Every_fixture_has_a_network_and_every_network_a_fixture()
    {
        Assert.Equal(GoldenNetworks.Create.Keys.Order(), GoldenFixture.Names());
        Assert.True(GoldenNetworks.Create.Count >= 10);
    }

    /// <summary>DESIGN §2b's layers and arguments each appear in at least one PyTorch twin, and eight twins are graphs.</summary>
    [Fact]
    public void Every_graph_layer_kind_and_argument_has_a_golden_twin()
    {
        var declarations = GoldenFixture.Names().Select(n => GoldenFixture.Load(n).Declaration).ToArray();
        string[] required =
        [
            "Groups = ", "Dilation = ", "[ConvTranspose2D(", "OutputPadding = 1", "[Upsample(", "Bilinear = true",
            "CeilMode = true", "CountIncludePad = false", "[ReLU6", "[ELU", "[GELU", "[SiLU", "[Hardswish",
            "[Dropout2D(", "[Concat(", "Input = ",
            // DESIGN §2c's rectangular geometry.
            "[Conv2D(4, 1, 5", "PaddingWidth = ", "PaddingHeight = ", "StrideHeight = ", "StrideWidth = ", "DilationHeight = ", "[MaxPool2D(3, 2", "[ConvTranspose2D(3, 2, 3",
        ];
        foreach (var text in required)
            Assert.True(declarations.Any(d => d.Contains(text, StringComparison.Ordinal)), $"no golden twin declares {text}");
        var graphs = declarations.Count(d => d.Contains("Input = ", StringComparison.Ordinal) || d.Contains("[Concat(", StringComparison.Ordinal)
            || System.Text.RegularExpressions.Regex.IsMatch(d, @"\[Add\(""[^""]*"", """));
        Assert.True(graphs >= 8, $"{graphs} golden graph networks, expected at least 8");
    }

    public static TheoryData<string> Probabilistic() => new(GoldenFixture.Names().Where(n => GoldenFixture.Load(n).Probabilities is not null));

    [Theory]
    [MemberData(nameof(Probabilistic))]
    public void PredictProbabilities_matches_pytorch_softmax_or_sigmoid_of_the_eval_logits(string name)
    {
        var fixture = GoldenFixture.Load(name);
        var net = Assert.IsAssignableFrom<IProbabilisticNetwork>(CreateWithFixtureValues(fixture));
        var probabilities = new float[fixture.Batch * net.OutputLength];
        net.PredictProbabilities(fixture.Input, probabilities);
        GoldenAssert.Close(name, "PredictProbabilities", probabilities, fixture.Probabilities, net, store: null);
    }

    [Fact]
    public void Every_softmax_and_sigmoid_head_has_probabilities_and_no_other_head_has_them()
    {
        foreach (var name in GoldenFixture.Names())
        {
            var fixture = GoldenFixture.Load(name);
            var net = GoldenNetworks.Create[name](fixture.Batch);
            // A per-pixel SoftmaxCrossEntropy head (labels are masks, more than one per sample) gives logits only.
            var perPixel = fixture.Labels is { } labels && labels.Length > fixture.Batch;
            var probabilistic = (fixture.Declaration.Contains("[SoftmaxCrossEntropy", StringComparison.Ordinal) && !perPixel)
                || fixture.Declaration.Contains("[BinaryCrossEntropy", StringComparison.Ordinal);
            Assert.True(probabilistic == net is IProbabilisticNetwork, $"{name}: IProbabilisticNetwork {net is IProbabilisticNetwork}, head reads probabilities {probabilistic}");
            Assert.True(probabilistic == fixture.Probabilities is not null, $"{name}: fixture probabilities {fixture.Probabilities is not null}");
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Forward_in_inference_mode_matches_pytorch_eval(string name)
    {
        var fixture = GoldenFixture.Load(name);
        var net = CreateWithFixtureValues(fixture);
        var output = new float[fixture.Batch * net.OutputLength];
        net.Forward(fixture.Input, output);
        GoldenAssert.Close(name, "Forward", output, fixture.Forward, net, store: null);
    }

    [Theory]
    [MemberData(nameof(Trainable))]
    public void Loss_gradients_and_running_statistics_match_pytorch(string name)
    {
        var fixture = GoldenFixture.Load(name);
        var net = (ITrainableNetwork)CreateWithFixtureValues(fixture);
        var loss = ComputeGradients(net, fixture);
        GoldenAssert.Close(name, "loss", loss, fixture.Loss!.Value);
        GoldenAssert.Close(name, "Gradients", net.Gradients, fixture.Gradients, net, TensorStore.Parameters);
        GoldenAssert.Close(name, "State after ComputeGradients", net.State, fixture.StateAfterGradients, net, TensorStore.State);
        GoldenAssert.Close(name, "Parameters after ComputeGradients (must not move)", net.Parameters,
            fixture.Parameters.Select(v => (double)v).ToArray(), net, TensorStore.Parameters);
    }

    [Theory]
    [MemberData(nameof(Trainable))]
    public void Three_optimizer_steps_match_pytorch(string name)
    {
        var fixture = GoldenFixture.Load(name);
        var net = (ITrainableNetwork)CreateWithFixtureValues(fixture);
        var optimizer = GoldenOptimizers.Create(fixture.Optimizer!);
        for (var k = 0; k < fixture.Steps!.Length; k++)
        {
            var step = fixture.Steps[k];
            var loss = TrainStep(net, fixture, optimizer);
            var when = $"step {k + 1} ({fixture.Optimizer!["kind"]})";
            GoldenAssert.Close(name, $"loss at {when}", loss, step.Loss);
            GoldenAssert.Close(name, $"Parameters after {when}", net.Parameters, step.Parameters, net, TensorStore.Parameters);
            GoldenAssert.Close(name, $"State after {when}", net.State, step.State, net, TensorStore.State);
        }
        var output = new float[fixture.Batch * net.OutputLength];
        net.Forward(fixture.Input, output);
        GoldenAssert.Close(name, "Forward after the steps", output, fixture.ForwardAfterSteps, net, store: null);
    }

    [Fact]
    public void The_chain_fixtures_cover_networks_with_and_without_a_loss_head()
    {
        var chained = GoldenFixture.Names().Select(GoldenFixture.Load).Where(f => f.HasChain).ToList();
        Assert.Contains(chained, f => f.HasTraining);
        Assert.Contains(chained, f => GoldenNetworks.Create[f.Name](f.Batch) is not ITrainableNetwork);
    }

    [Theory]
    [MemberData(nameof(Chained))]
    public void ForwardTraining_and_Backward_match_pytorch_train_mode_backward_and_x_grad(string name)
    {
        var fixture = GoldenFixture.Load(name);
        var net = (IChainableNetwork)CreateWithFixtureValues(fixture);
        var output = new float[fixture.Batch * net.OutputLength];
        net.ForwardTraining(fixture.Input, output);
        GoldenAssert.Close(name, "ForwardTraining output (train mode)", output, fixture.ChainOutput, net, store: null);
        GoldenAssert.Close(name, "State after ForwardTraining", net.State, fixture.ChainState, net, TensorStore.State);

        var inputGradient = new float[fixture.Input.Length];
        net.Backward(fixture.ChainOutputGradient, inputGradient);
        GoldenAssert.Close(name, "Backward input gradient (x.grad)", inputGradient, fixture.ChainInputGradient, "input", net.InputLength);
        GoldenAssert.Close(name, "Gradients after Backward", net.Gradients, fixture.ChainGradients, net, TensorStore.Parameters);

        // Skipping the input gradient must not change the parameter gradients, bit for bit.
        var withInput = net.Gradients.ToArray();
        net.Gradients.Fill(float.NaN);
        net.Backward(fixture.ChainOutputGradient, Span<float>.Empty);
        Assert.True(withInput.AsSpan().SequenceEqual(net.Gradients), $"{name}: Backward without an input gradient gave other parameter gradients");
    }

    static INetwork CreateWithFixtureValues(GoldenFixture fixture)
    {
        var net = GoldenNetworks.Create[fixture.Name](fixture.Batch);
        Assert.True(net.Parameters.Length == fixture.Parameters.Length,
            $"{fixture.Name}: {net.Parameters.Length} parameters, PyTorch twin has {fixture.Parameters.Length}");
        Assert.True(net.State.Length == fixture.State.Length,
            $"{fixture.Name}: {net.State.Length} state values, PyTorch twin has {fixture.State.Length}");
        fixture.Parameters.CopyTo(net.Parameters);
        fixture.State.CopyTo(net.State);
        return net;
    }

    static float ComputeGradients(ITrainableNetwork net, GoldenFixture fixture) =>
        fixture.Labels is { } labels
            ? ((IClassifierNetwork)net).ComputeGradients(fixture.Input, labels)
            : net.ComputeGradients(fixture.Input, fixture.Targets);

    static float TrainStep(ITrainableNetwork net, GoldenFixture fixture, IOptimizer optimizer) =>
        fixture.Labels is { } labels
            ? ((IClassifierNetwork)net).TrainStep(fixture.Input, labels, optimizer)
            : net.TrainStep(fixture.Input, fixture.Targets, optimizer);
}
