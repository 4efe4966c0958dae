using CnnGen.Quantization;
using CnnGen.Samples;
using CnnGen.Samples.Datasets;
using Xunit.Abstractions;

namespace CnnGen.Onnx.Tests;

/// <summary>
/// The QDQ export of a quantized network (<c>q.ExportOnnx</c>) run by ONNX Runtime agrees with <c>q.Forward</c>: on real
/// MNIST test digits, a trained SimpleConvNet quantized on training digits gives the same argmax on ≥ 99.5% of them and
/// every logit within two quantization steps of the last layer (one step of one of its inputs moves a logit by at most
/// s_x · max |w|); and a layer the export cannot write is refused by name.
/// </summary>
public sealed class QuantizedExportTests(ITestOutputHelper output)
{
    [Fact]
    public void ONNX_Runtime_runs_the_QDQ_export_as_the_int8_forward_does()
    {
        var (train, test) = MnistDigits.Load().Split(3000, 1000, seed: 0);
        var net = new SimpleConvNet(maxBatch: 100, seed: 0) { Threads = 1 };
        var adam = new Adam(learningRate: 0.001);
        for (var epoch = 0; epoch < 2; epoch++)
            for (var start = 0; start < train.Count; start += 100)
                net.TrainStep(train.Images.Slice(start * train.SampleLength, 100 * train.SampleLength), train.Labels.Slice(start, 100), adam);
        var q = net.Quantize(train.Images[..(1000 * train.SampleLength)]);
        q.Threads = 1;

        var expected = new float[test.Count * 10];
        q.Forward(test.Images, expected);
        using var stream = new MemoryStream();
        q.ExportOnnx(stream);
        var actual = OnnxRuntimeCheck.RunOnnx(stream.ToArray(), test.Images.ToArray(), [test.Count, 1, 28, 28]);

        // Two steps of the last layer: its input's scale times its largest weight magnitude (s_w · 127).
        IQuantizedNetwork view = q;
        var dense2 = view.LayerOf("dense2");
        var step = view.ParametersOf("relu2").Scale * dense2.WeightScales.ToArray().Max() * 127;
        int same = 0, correct = 0;
        double largest = 0;
        for (var n = 0; n < test.Count; n++)
        {
            var e = expected.AsSpan(n * 10, 10);
            var a = actual.AsSpan(n * 10, 10);
            if (NetworkGuards.ArgMax(e) == NetworkGuards.ArgMax(a)) same++;
            if (NetworkGuards.ArgMax(e) == test.Label(n)) correct++;
            for (var k = 0; k < 10; k++) largest = Math.Max(largest, Math.Abs(a[k] - e[k]));
        }
        output.WriteLine($"int8 accuracy {correct / (double)test.Count:P1}; ONNX Runtime argmax agreement {same / (double)test.Count:P2}; largest |ORT - q.Forward| {largest:G4} = {largest / step:F2} steps of {step:G4}");
        Assert.True(correct >= 900, $"the trained network should classify the digits ({correct} of {test.Count})");
        Assert.True(same >= 995, $"argmax agreement {same} of {test.Count}");
        Assert.True(largest <= 2 * step, $"largest difference {largest:G4} exceeds two steps ({2 * step:G4})");
        Assert.Contains(expected, v => v != 0);
    }

    [Fact]
    public void The_graph_has_QDQ_pairs_int8_weights_and_int32_biases()
    {
        var net = new SimpleConvNet(maxBatch: 4, seed: 1);
        var images = Enumerable.Range(0, 4 * 784).Select(i => (i * 37 % 101) / 100f).ToArray();
        using var stream = new MemoryStream();
        net.Quantize(images).ExportOnnx(stream);
        var model = CnnGen.Onnx.Protos.ModelProto.Parser.ParseFrom(stream.ToArray());
        var ops = model.Graph.Node.Select(n => n.OpType).ToList();
        output.WriteLine(string.Join(" ", ops));
        Assert.Equal(13, model.OpsetImport.Single().Version);
        Assert.Equal(["QuantizeLinear", "DequantizeLinear"], ops.Take(2));
        // input, relu1 (after conv1 + its ReLU), pool1 (relu1's parameters again: max pooling keeps them), relu2.
        Assert.Equal(4, ops.Count(o => o == "QuantizeLinear"));
        Assert.Equal(["QuantizeLinear", "DequantizeLinear", "MaxPool", "QuantizeLinear"], ops.SkipWhile(o => o != "Relu").Skip(1).Take(4));
        var weight = model.Graph.Initializer.Single(t => t.Name == "conv1.weight_quantized");
        Assert.Equal((int)CnnGen.Onnx.Protos.TensorProto.Types.DataType.Int8, weight.DataType);
        Assert.Equal([30L, 1, 5, 5], weight.Dims);
        Assert.Equal((int)CnnGen.Onnx.Protos.TensorProto.Types.DataType.Int32, model.Graph.Initializer.Single(t => t.Name == "dense1.bias_quantized").DataType);
        var dequantize = model.Graph.Node.Single(n => n.Name == "conv1.weight_dequantize");
        Assert.Equal(0, dequantize.Attribute.Single(a => a.Name == "axis").I);
    }

    [Fact]
    public void A_layer_without_a_QDQ_form_is_refused_by_name()
    {
        var q = new SimpleConvNet(maxBatch: 1, seed: 1).Quantize(new float[784]);
        var error = Assert.Throws<NotSupportedException>(() => new FormsReplaced(q, "pool1", Int8LayerMode.Int8, LayerKind.Sigmoid).ExportOnnx(new MemoryStream()));
        Assert.Contains("pool1 (Sigmoid) runs in int8", error.Message);
        var missing = Assert.Throws<NotSupportedException>(() => new FormsReplaced(q, "dense1", null, LayerKind.Dense).ExportOnnx(new MemoryStream()));
        Assert.Contains("dense1 (Dense): the quantized network records no int8 form", missing.Message);
    }

    /// <summary>A quantized network whose form of one layer is replaced (null: removed) and whose layer of that name has another kind.</summary>
    private sealed class FormsReplaced(IQuantizedNetwork inner, string layer, Int8LayerMode? mode, LayerKind kind) : IQuantizedNetwork
    {
        private readonly LayerInfo[] _layers = inner.Layers.ToArray().Select(l => l.Name == layer ? l with { Kind = kind } : l).ToArray();
        private readonly Int8LayerForm[] _forms = inner.Forms.ToArray().Where(f => f.Layer != layer || mode is not null).Select(f => f.Layer == layer ? f with { Mode = mode!.Value } : f).ToArray();

        public int InputLength => inner.InputLength;
        public int OutputLength => inner.OutputLength;
        public ReadOnlySpan<LayerInfo> Layers => _layers;
        public ReadOnlySpan<Int8LayerForm> Forms => _forms;
        public QuantizationParameters ParametersOf(string tensor) => inner.ParametersOf(tensor);
        public Int8Layer LayerOf(string name) => inner.LayerOf(name);
        public void Forward(ReadOnlySpan<float> input, Span<float> result) => inner.Forward(input, result);
    }
}
