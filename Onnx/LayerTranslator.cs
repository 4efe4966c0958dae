using CnnGen.Onnx.Protos;
using static CnnGen.Onnx.OnnxGraphBuilder;

namespace CnnGen.Onnx;

/// <summary>
/// Writes the ONNX nodes of one inference layer. Every value keeps the rank of the layer's shape plus the batch
/// dimension, so (C, H, W) layers carry [N, C, H, W] and (F) layers carry [N, F], as in PyTorch.
/// </summary>
internal sealed class LayerTranslator(OnnxGraphBuilder graph)
{
    /// <summary>Output value of each translated layer, by layer name (what <see cref="LayerInfo.Inputs"/> and <see cref="LayerKind.Add"/> read); <c>input</c> is the graph input.</summary>
    private readonly Dictionary<string, string> _outputs = new(StringComparer.Ordinal) { ["input"] = OnnxExport.InputName };

    /// <summary>
    /// Appends the nodes of <paramref name="layer"/> reading <paramref name="input"/> (the previous layer's value), or the
    /// values its <see cref="LayerInfo.Inputs"/> name; returns the value it writes (<paramref name="output"/>).
    /// </summary>
    public string Translate(LayerInfo layer, string input, string output)
    {
        string[] operands = layer.Inputs is { } names ? [.. names.Select(name => OutputOf(name, layer))] : [input];
        input = operands[0];
        var written = layer.Kind switch
        {
            LayerKind.Conv2D => Conv(layer, input, output),
            LayerKind.Dense => Gemm(layer, input, output),
            LayerKind.MaxPool2D => graph.AddNode("MaxPool", layer.Name, [input], output, PoolAttributes(layer)),
            LayerKind.AvgPool2D => graph.AddNode("AveragePool", layer.Name, [input], output,
                [.. PoolAttributes(layer), Int("count_include_pad", 1)]),
            LayerKind.GlobalAvgPool => GlobalAveragePool(layer, input, output),
            LayerKind.Flatten => graph.AddNode("Flatten", layer.Name, [input], output, Int("axis", 1)),
            LayerKind.ReLU => graph.AddNode("Relu", layer.Name, [input], output),
            LayerKind.LeakyReLU => graph.AddNode("LeakyRelu", layer.Name, [input], output, Float("alpha", layer.Alpha)),
            LayerKind.Sigmoid => graph.AddNode("Sigmoid", layer.Name, [input], output),
            LayerKind.Tanh => graph.AddNode("Tanh", layer.Name, [input], output),
            LayerKind.Softmax => Softmax(layer, input, output),
            // Inverted dropout is the identity at inference; the node keeps the layer's name visible in the graph.
            LayerKind.Dropout => graph.AddNode("Identity", layer.Name, [input], output),
            LayerKind.BatchNorm => BatchNormalization(layer, input, output),
            LayerKind.Add => AddAll(layer, layer.Inputs is null ? [input, OutputOf(layer.AddFrom, layer)] : operands, output),
            LayerKind.Concat => graph.AddNode("Concat", layer.Name, operands, output, Int("axis", 1)),
            LayerKind.Reshape => graph.AddNode("Reshape", layer.Name, [input, graph.Int64Tensor(layer.Name + ".shape", [-1, .. layer.OutputShape.Select(d => (long)d)])], output),
            _ => throw new NotSupportedException($"{layer.Name}: layer kind {layer.Kind} has no ONNX export."),
        };
        _outputs[layer.Name] = written;
        return written;
    }

    private string Conv(LayerInfo layer, string input, string output)
    {
        List<string> inputs = [input, graph.Tensor(layer.Name + ".weight")];
        if (layer.HasBias) inputs.Add(graph.Tensor(layer.Name + ".bias"));
        return graph.AddNode("Conv", layer.Name, inputs, output,
            Ints("kernel_shape", layer.Kernel, layer.Kernel),
            Ints("strides", StrideOr(layer, 1), StrideOr(layer, 1)),
            Ints("pads", layer.Padding, layer.Padding, layer.Padding, layer.Padding));
    }

    /// <summary>nn.Linear as Gemm(X, W, b) with transB = 1 (W is [Out, In]); a 3-D input is flattened in C, H, W order first.</summary>
    private string Gemm(LayerInfo layer, string input, string output)
    {
        var flat = FlattenIfImage(layer, input);
        List<string> inputs = [flat, graph.Tensor(layer.Name + ".weight")];
        if (layer.HasBias) inputs.Add(graph.Tensor(layer.Name + ".bias"));
        return graph.AddNode("Gemm", layer.Name, inputs, output, Int("transB", 1));
    }

    private static AttributeProto[] PoolAttributes(LayerInfo layer)
    {
        var stride = StrideOr(layer, layer.Kernel);
        return
        [
            Ints("kernel_shape", layer.Kernel, layer.Kernel),
            Ints("strides", stride, stride),
            Ints("pads", layer.Padding, layer.Padding, layer.Padding, layer.Padding),
        ];
    }

    /// <summary>GlobalAveragePool gives [N, C, 1, 1]; the layer's shape is (C), so flatten after it.</summary>
    private string GlobalAveragePool(LayerInfo layer, string input, string output)
    {
        var pooled = graph.AddNode("GlobalAveragePool", layer.Name, [input], layer.Name + ".pooled");
        return graph.AddNode("Flatten", layer.Name + ".flatten", [pooled], output, Int("axis", 1));
    }

    /// <summary>Softmax over all features of a sample: on (C, H, W) that means flatten, softmax, reshape back.</summary>
    private string Softmax(LayerInfo layer, string input, string output)
    {
        if (layer.InputShape.Length == 1)
            return graph.AddNode("Softmax", layer.Name, [input], output, Int("axis", 1));
        var flat = FlattenIfImage(layer, input);
        var probabilities = graph.AddNode("Softmax", layer.Name, [flat], layer.Name + ".softmax", Int("axis", 1));
        long[] shape = [-1, .. layer.OutputShape.Select(dimension => (long)dimension)];
        return graph.AddNode("Reshape", layer.Name + ".reshape", [probabilities, graph.Int64Tensor(layer.Name + ".shape", shape)], output);
    }

    /// <summary>
    /// Inference-mode batch normalisation from the running statistics. ONNX's momentum weighs the old running value
    /// (PyTorch's weighs the new batch), hence 1 − momentum; engines ignore it at inference anyway.
    /// </summary>
    private string BatchNormalization(LayerInfo layer, string input, string output)
    {
        var channels = layer.InputShape[0];
        var scale = graph.HasTensor(layer.Name + ".weight")
            ? graph.Tensor(layer.Name + ".weight")
            : graph.FilledTensor(layer.Name + ".weight", channels, 1f);
        var bias = graph.HasTensor(layer.Name + ".bias")
            ? graph.Tensor(layer.Name + ".bias")
            : graph.FilledTensor(layer.Name + ".bias", channels, 0f);
        return graph.AddNode("BatchNormalization", layer.Name,
            [input, scale, bias, graph.Tensor(layer.Name + ".running_mean"), graph.Tensor(layer.Name + ".running_var")],
            output,
            Float("epsilon", layer.Epsilon),
            Float("momentum", 1 - layer.Momentum));
    }

    private string FlattenIfImage(LayerInfo layer, string input) =>
        layer.InputShape.Length == 1
            ? input
            : graph.AddNode("Flatten", layer.Name + ".flatten", [input], layer.Name + ".flat", Int("axis", 1));

    /// <summary>ONNX Add takes two operands: several are summed left to right, as the generated code does.</summary>
    private string AddAll(LayerInfo layer, string[] operands, string output)
    {
        var sum = operands[0];
        for (var k = 1; k < operands.Length; k++)
        {
            var last = k == operands.Length - 1;
            sum = graph.AddNode("Add", last ? layer.Name : $"{layer.Name}.{k}", [sum, operands[k]], last ? output : $"{layer.Name}.sum{k}");
        }
        return sum;
    }

    private string OutputOf(string? layerName, LayerInfo reader)
    {
        if (layerName is not null && _outputs.TryGetValue(layerName, out var value)) return value;
        throw new InvalidOperationException($"{reader.Name}: reads layer '{layerName}', which is not an earlier inference layer.");
    }

    private static int StrideOr(LayerInfo layer, int fallback) => layer.Stride > 0 ? layer.Stride : fallback;
}
