using System.Globalization;
using System.Text.Json;
using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

/// <summary>Two logits, read straight from the input: the issue's cross-entropy case at tied logits of 1e16.</summary>
[Network(2)]
[Dense(2)]
[SoftmaxCrossEntropy]
public partial class TwoLogitNet;

/// <summary>
/// PyTorch 1.13's values at the edges (tools/golden/make_edge_golden.py): every loss and softmax path at logits of
/// ±1e4 … ±3e38, tied and untied, and every ReLU-kind and max-pooling backward at NaN.
/// </summary>
public class EdgeGoldenTests
{
    static readonly JsonElement Fixture = KernelAssert.Fixture("Kernels", "Fixtures", "edges.json");

    static IEnumerable<JsonElement> Cases(string kind) => Fixture.GetProperty(kind).EnumerateArray();

    [Fact]
    public void Cross_entropy_with_labels_matches_pytorch_at_extreme_logits() =>
        LossCases("crossEntropyLabels", "label", (c, logits, gradient) =>
            Losses.SoftmaxCrossEntropy(logits, [c.GetProperty("label").GetInt32()], gradient, logits.Length, batch: 1));

    [Fact]
    public void Cross_entropy_with_probabilities_matches_pytorch_at_extreme_logits() =>
        LossCases("crossEntropyProbabilities", "target", (c, logits, gradient) =>
            Losses.SoftmaxCrossEntropy(logits, Floats(c.GetProperty("target")), gradient, logits.Length, batch: 1));

    [Fact]
    public void Binary_cross_entropy_with_logits_matches_pytorch_at_extreme_logits() =>
        LossCases("bceWithLogits", "target", (c, logits, gradient) =>
            Losses.BinaryCrossEntropyWithLogits(logits, Floats(c.GetProperty("target")), gradient));

    delegate float LossHead(JsonElement c, float[] logits, Span<float> gradient);

    /// <summary>Every case of <paramref name="kind"/>: the loss and its gradient (into a NaN-poisoned buffer) as PyTorch's.</summary>
    static void LossCases(string kind, string target, LossHead evaluate)
    {
        foreach (var c in Cases(kind))
        {
            var logits = Floats(c.GetProperty("logits"));
            var gradient = KernelAssert.Poisoned(logits.Length);
            var loss = evaluate(c, logits, gradient);
            var what = $"{kind} {Show(logits)} {target} {c.GetProperty(target).GetRawText()}";
            Same([Number(c.GetProperty("loss"))], [loss], what + " loss");
            Same(Doubles(c.GetProperty("gradient")), gradient, what + " gradient");
        }
    }

    [Fact]
    public void Softmax_layer_matches_pytorch_at_extreme_logits()
    {
        foreach (var c in Cases("softmax"))
        {
            int features = c.GetProperty("features").GetInt32(), batch = c.GetProperty("batch").GetInt32();
            var input = Floats(c.GetProperty("input"));
            var output = KernelAssert.Poisoned(input.Length);
            Activations.Softmax(input, output, features, batch);
            var what = $"softmax at {c.GetProperty("magnitude").GetDouble():G3}";
            Same(Doubles(c.GetProperty("output")), output, what);
            var inputGradient = KernelAssert.Poisoned(input.Length);
            Activations.SoftmaxBackward(output, Floats(c.GetProperty("outputGradient")), inputGradient, features, batch);
            Same(Doubles(c.GetProperty("inputGradient")), inputGradient, what + " backward");
        }
    }

    [Theory]
    [InlineData(1e15f)]
    [InlineData(1e16f)]
    public void A_network_with_tied_huge_logits_has_loss_ln2_and_logit_gradient_of_a_half(float logit)
    {
        // Identity weight, zero bias: the logits are the input. The bias gradient is the logit gradient.
        var network = new TwoLogitNet();
        float[] identity = [1, 0, 0, 1, 0, 0];
        identity.CopyTo(network.Parameters);
        var loss = network.ComputeGradients([logit, logit], [0]);
        Assert.Equal(0.693147, loss, 6);
        Assert.Equal(-0.5f, network.Gradients[4]);
        Assert.Equal(0.5f, network.Gradients[5]);
        // dW = dlogits ⊗ x.
        Same([-0.5 * logit, -0.5 * logit, 0.5 * logit, 0.5 * logit], network.Gradients[..4], "weight gradient");
    }

    [Fact]
    public void ReLU_backward_passes_the_gradient_at_nan_like_threshold_backward()
    {
        var c = Fixture.GetProperty("relu");
        var input = Floats(c.GetProperty("input"));
        var output = KernelAssert.Poisoned(input.Length);
        Activations.ReLU(input, output);
        Same(Doubles(c.GetProperty("output")), output, "relu");
        var inputGradient = KernelAssert.Poisoned(input.Length);
        Activations.ReLUBackward(output, Floats(c.GetProperty("outputGradient")), inputGradient);
        Same(Doubles(c.GetProperty("inputGradient")), inputGradient, "relu backward");
        // The vector path (the fixture's 10 values are mostly the scalar tail): the same values repeated.
        const int copies = 7;
        var longOutput = Repeat(output, copies);
        var longGradient = KernelAssert.Poisoned(longOutput.Length);
        Activations.ReLUBackward(longOutput, Repeat(Floats(c.GetProperty("outputGradient")), copies), longGradient);
        Same(Repeat(Doubles(c.GetProperty("inputGradient")), copies), longGradient, "relu backward, vector path");
    }

    [Fact]
    public void LeakyReLU_backward_matches_pytorch_at_nan()
    {
        var c = Fixture.GetProperty("leakyRelu");
        var input = Floats(c.GetProperty("input"));
        var slope = (float)c.GetProperty("slope").GetDouble();
        var output = KernelAssert.Poisoned(input.Length);
        Activations.LeakyReLU(input, output, slope);
        Same(Doubles(c.GetProperty("output")), output, "leaky relu");
        var inputGradient = KernelAssert.Poisoned(input.Length);
        Activations.LeakyReLUBackward(input, Floats(c.GetProperty("outputGradient")), inputGradient, slope);
        Same(Doubles(c.GetProperty("inputGradient")), inputGradient, "leaky relu backward");
    }

    [Fact]
    public void Max_pooling_and_its_relu_fusion_route_gradients_to_nan_winners_like_pytorch()
    {
        foreach (var c in Cases("maxPool"))
        {
            var p = c.GetProperty("geometry").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var g = new PoolGeometry(p[0], p[1], p[2], p[3], p[4], p[5]);
            var batch = c.GetProperty("batch").GetInt32();
            var afterReLU = c.GetProperty("afterReLU").GetBoolean();
            var input = Floats(c.GetProperty("input"));
            var upstream = Floats(c.GetProperty("outputGradient"));
            var output = KernelAssert.Poisoned(batch * g.OutputLength);
            var argmax = new byte[output.Length];
            var inputGradient = KernelAssert.Poisoned(input.Length);
            if (afterReLU)
            {
                MaxPool2D.ForwardAfterReLU(input, output, argmax, g, batch);
                MaxPool2D.BackwardAfterReLU(upstream, output, argmax, inputGradient, g, batch);
            }
            else
            {
                MaxPool2D.Forward(input, output, argmax, g, batch);
                MaxPool2D.Backward(upstream, argmax, inputGradient, g, batch);
            }
            var what = $"max pool {g}{(afterReLU ? " after ReLU" : "")}";
            Same(Doubles(c.GetProperty("output")), output, what);
            Same(Doubles(c.GetProperty("inputGradient")), inputGradient, what + " backward");
        }
    }

    [Fact]
    public void Convolution_backward_through_relu_passes_the_gradient_at_nan_like_pytorch()
    {
        foreach (var c in Cases("convThroughReLU"))
        {
            var p = c.GetProperty("geometry").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var g = new ConvGeometry(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
            var batch = c.GetProperty("batch").GetInt32();
            var rectified = Floats(c.GetProperty("rectified"));
            var inputGradient = KernelAssert.Poisoned(rectified.Length);
            Conv2D.BackwardThroughReLU(rectified, Floats(c.GetProperty("weight")), Floats(c.GetProperty("outputGradient")),
                new float[g.Filters * g.ColumnRows], [], inputGradient, g, batch);
            Same(Doubles(c.GetProperty("inputGradient")), inputGradient, $"conv backward through ReLU {g}", relative: 1e-4);
        }
    }

    /// <summary>NaN matches NaN, an infinity the same infinity, anything else within 1e-6 + relative·|expected|.</summary>
    static void Same(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, string what, double relative = 1e-5)
    {
        Assert.True(actual.Length >= expected.Length, $"{what}: expected {expected.Length} values, got {actual.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var a = actual[i];
            var ok = double.IsNaN(e) ? float.IsNaN(a)
                : double.IsInfinity(e) ? a == e
                : Math.Abs(a - e) <= 1e-6 + relative * Math.Abs(e);
            if (!ok) Assert.Fail($"{what}[{i}]: expected {e:R}, got {a:R}");
        }
    }

    static double Number(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetDouble();

    static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(Number).ToArray();

    static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => (float)Number(v)).ToArray();

    static T[] Repeat<T>(T[] values, int copies) => Enumerable.Range(0, copies).SelectMany(_ => values).ToArray();

    static string Show(float[] values) => "[" + string.Join(", ", values.Select(v => v.ToString("G3", CultureInfo.InvariantCulture))) + "]";
}
