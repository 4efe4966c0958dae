using Microsoft.ML.OnnxRuntime;

namespace CnnGen.Onnx.Tests;

/// <summary>Exports a network, runs the model in ONNX Runtime and compares every output with <see cref="INetwork.Forward"/>.</summary>
internal static class OnnxRuntimeCheck
{
    private const double AbsoluteTolerance = 1e-5;
    private const double RelativeTolerance = 1e-4;

    /// <summary>
    /// Fills every tensor with seeded random values of a sensible scale: weights ~ U(±√(3/fan_in)) so deep stacks
    /// neither vanish nor explode, biases and batch-norm shifts ~ U(±0.5), scales and running variances away from 0.
    /// </summary>
    public static void Randomize(INetwork network, int seed)
    {
        var random = new Random(seed);
        float Uniform(double low, double high) => (float)(low + (high - low) * random.NextDouble());
        foreach (var tensor in network.Tensors)
        {
            var values = (tensor.Store == TensorStore.Parameters ? network.Parameters : network.State).Slice(tensor.Offset, tensor.Length);
            var suffix = tensor.Name[(tensor.Name.LastIndexOf('.') + 1)..];
            var isBatchNorm = tensor.Shape.Length == 1 && network.Layers.ToArray().Any(l => l.Kind == LayerKind.BatchNorm && tensor.Name.StartsWith(l.Name + ".", StringComparison.Ordinal));
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (suffix, isBatchNorm) switch
                {
                    ("running_var", _) => Uniform(0.5, 2.0),
                    ("weight", true) => Uniform(0.5, 1.5),
                    ("weight", false) => Uniform(-1, 1) * (float)Math.Sqrt(3.0 / (tensor.Length / tensor.Shape[0])),
                    _ => Uniform(-0.5, 0.5),
                };
            }
        }
    }

    /// <summary>Random inputs for <paramref name="batch"/> samples.</summary>
    public static float[] Inputs(INetwork network, int batch, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, batch * network.InputLength).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    /// <summary>
    /// Runs <paramref name="batch"/> samples through ONNX Runtime and through <see cref="INetwork.Forward"/>, asserts
    /// |onnx − forward| ≤ 1e-5 + 1e-4·|forward| for every value, and returns the largest absolute difference.
    /// </summary>
    public static double CompareWithForward(INetwork network, byte[] model, int batch, int seed)
    {
        var input = Inputs(network, batch, seed);
        var expected = new float[batch * network.OutputLength];
        network.Forward(input, expected);
        var actual = RunOnnx(model, input, [batch, .. network.Layers[0].InputShape.Select(d => (long)d)]);

        Assert.Equal(expected.Length, actual.Length);
        double largest = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Math.Abs(actual[i] - expected[i]);
            largest = Math.Max(largest, difference);
            var allowed = AbsoluteTolerance + RelativeTolerance * Math.Abs(expected[i]);
            Assert.True(difference <= allowed,
                $"batch {batch}, output {i} (sample {i / network.OutputLength}): ONNX Runtime {actual[i]:R} vs Forward {expected[i]:R}, |diff| {difference:E3} > {allowed:E3}");
        }
        Assert.True(expected.Any(v => v != 0), "Forward produced only zeros: the comparison would prove nothing");
        return largest;
    }

    /// <summary>Exports to bytes.</summary>
    public static byte[] Export(INetwork network)
    {
        using var stream = new MemoryStream();
        network.ExportOnnx(stream);
        return stream.ToArray();
    }

    /// <summary>Export, then compare at batch 1 and batch <paramref name="batch"/>; returns the largest difference of both.</summary>
    public static double ExportAndCompare(INetwork network, int batch, int seed)
    {
        var model = Export(network);
        return Math.Max(CompareWithForward(network, model, 1, seed), CompareWithForward(network, model, batch, seed + 1));
    }

    internal static float[] RunOnnx(byte[] model, float[] input, long[] shape)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [OnnxExport.InputName], [inputValue], [OnnxExport.OutputName]);
        var output = outputs[0];
        var outputShape = output.GetTensorTypeAndShape().Shape;
        Assert.Equal(shape[0], outputShape[0]); // the batch dimension is dynamic: it follows the input
        return output.GetTensorDataAsSpan<float>().ToArray();
    }
}
