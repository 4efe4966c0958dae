using System.Text.Json;
using CnnGen.Tests.Kernels;
using Xunit.Abstractions;

namespace CnnGen.Tests.Quantization;

/// <summary>The network of <c>tools/golden/make_int8_network_golden.py</c>: conv + batch norm + ReLU, max pooling, conv + ReLU, dense.</summary>
[Network(1, 8, 8)]
[Conv2D(4, 3, Padding = 1, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu1")]
[MaxPool2D(2, Name = "pool1")] [Conv2D(6, 3, Name = "conv2")] [ReLU(Name = "relu2")] [Flatten] [Dense(5, Name = "fc")]
public partial class GoldenInt8Net;

/// <summary>
/// The generated int8 network against PyTorch 1.13 (the fixture's observers, weights and inputs): bit for bit against
/// the project's formula computed independently in numpy from PyTorch's quantization parameters, and within output
/// steps of PyTorch's own quantized model, whose kernels round differently (float bias, 8-bit logits).
/// </summary>
public class Int8NetworkGoldenTests(ITestOutputHelper output)
{
    const int Samples = 12;

    static JsonElement Fixture => KernelAssert.Fixture("Quantization", "Fixtures", "int8net.json");

    static float[] Floats(JsonElement element) => element.EnumerateArray().Select(e => e.GetSingle()).ToArray();

    static string FixturePath => Path.Combine(AppContext.BaseDirectory, "Quantization", "Fixtures", "int8net.safetensors");

    static float[] Forward(GoldenInt8Net.Quantized q)
    {
        var outputs = new float[Samples * GoldenInt8Net.Sizes.OutputLength];
        q.Forward(Floats(Fixture.GetProperty("inputs")), outputs);
        return outputs;
    }

    [Fact]
    public void The_int8_forward_of_PyTorchs_parameters_matches_the_formula_bit_for_bit()
    {
        var q = GoldenInt8Net.Quantized.Load(FixturePath, maxBatch: 5);
        Assert.Equal(Floats(Fixture.GetProperty("expected")), Forward(q));
    }

    [Fact]
    public void Quantize_calibrates_as_PyTorchs_observers_and_stays_within_output_steps_of_PyTorchs_quantized_model()
    {
        var net = new GoldenInt8Net(maxBatch: 8, seed: 0) { Threads = 1 };
        var state = Fixture.GetProperty("state");
        foreach (var tensor in net.Tensors)
            Floats(state.GetProperty(tensor.Name)).CopyTo((tensor.Store == TensorStore.Parameters ? net.Parameters : net.State).Slice(tensor.Offset, tensor.Length));
        var q = net.Quantize(Floats(Fixture.GetProperty("calibration")));
        var actual = Forward(q);
        var expected = Floats(Fixture.GetProperty("expected"));
        var torch = Floats(Fixture.GetProperty("torch"));
        var step = Fixture.GetProperty("torchOutputScale").GetSingle();
        double formula = 0, pytorch = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            formula = Math.Max(formula, Math.Abs(actual[i] - expected[i]));
            pytorch = Math.Max(pytorch, Math.Abs(actual[i] - torch[i]));
        }
        output.WriteLine($"max |q - formula| = {formula}, max |q - PyTorch {Fixture.GetProperty("engine").GetString()}| = {pytorch / step:F2} of its output steps ({step})");
        // The float network's own activations (batch norm unfolded, its own summation order) give PyTorch's ranges to
        // float rounding: the same argmax and at most one output step of PyTorch away from the formula.
        Assert.True(formula <= step, $"max |q - formula| {formula}, one step {step}");
        // PyTorch adds a float bias and rounds its logits to 8 bits: within three of its output steps.
        Assert.True(pytorch <= 3 * step, $"max |q - PyTorch| {pytorch / step:F2} steps");
        for (var n = 0; n < Samples; n++)
        {
            Assert.Equal(NetworkGuards.ArgMax(torch.AsSpan(n * 5, 5)), NetworkGuards.ArgMax(actual.AsSpan(n * 5, 5)));
        }
    }
}
