using CnnGen.Onnx.Protos;
using CnnGen.Quantization;
using static CnnGen.Onnx.OnnxGraphBuilder;

namespace CnnGen.Onnx;

/// <summary>
/// Turns a quantized network (<see cref="IQuantizedNetwork"/>) into an ONNX model in the QDQ format ONNX Runtime's
/// quantizer writes: float ops between <c>QuantizeLinear</c>/<c>DequantizeLinear</c> pairs carrying each activation's
/// scale and zero point (uint8), Conv and Gemm weights stored int8 and dequantized per output channel (axis 0, zero point
/// 0), biases int32 at s_x · s_w[f] and dequantized the same way. ONNX Runtime fuses the patterns into QLinearConv and
/// quantized matrix products; any engine can run the graph in float and get the same values up to rounding.
/// </summary>
internal static class QdqModelWriter
{
    /// <summary>Layer kinds that run in int8 and have a QDQ form.</summary>
    static readonly HashSet<LayerKind> Int8Kinds =
    [
        LayerKind.Conv2D, LayerKind.Dense, LayerKind.MaxPool2D, LayerKind.AvgPool2D, LayerKind.GlobalAvgPool,
        LayerKind.Add, LayerKind.Concat, LayerKind.ReLU, LayerKind.ReLU6,
    ];

    /// <summary>The whole model: graph, opset import and producer.</summary>
    /// <exception cref="NotSupportedException">A layer has no QDQ form (named, with its kind and how it runs).</exception>
    public static ModelProto Build(IQuantizedNetwork network)
    {
        var layers = network.Layers.ToArray().Where(l => !l.IsLoss).ToList();
        var forms = new Dictionary<string, Int8LayerForm>(StringComparer.Ordinal);
        foreach (var form in network.Forms) forms[form.Layer] = form;
        foreach (var layer in layers) Check(layer, forms);

        var graph = new OnnxGraphBuilder(null, (network.GetType().DeclaringType?.Name ?? "Network") + ".Quantized");
        var inputShape = layers.Count > 0 ? layers[0].InputShape : [network.InputLength];
        graph.AddInput(OnnxExport.InputName, inputShape);

        // The parameters each layer's output bytes carry (a clamp, a view or a folded batch norm keeps its input's).
        var carried = new Dictionary<string, string>(StringComparer.Ordinal) { ["input"] = "input" };
        var translator = new LayerTranslator(graph) { Weights = layer => Weights(graph, network, layer, carried[SourceOf(layer, layers)]) };
        var current = QuantizeDequantize(graph, OnnxExport.InputName, "input", network.ParametersOf("input"), "input.dequantized");
        translator.Alias("input", current, inputShape);
        string? pending = null;
        for (var index = 0; index < layers.Count; index++)
        {
            var layer = layers[index];
            var form = forms[layer.Name];
            var isLast = index == layers.Count - 1;
            if (form.Mode == Int8LayerMode.FoldedInto)
                translator.Alias(layer.Name, current, layer.OutputShape);   // already in the weights it was folded into
            else
                current = translator.Translate(layer, current, isLast && form.OutputParameters is null && pending is null ? OnnxExport.OutputName : layer.Name);
            carried[layer.Name] = form.OutputParameters ?? carried[SourceOf(layer, layers)];
            pending = form.OutputParameters ?? pending;
            // The quantization comes after the whole fused chain (op, folded batch norm, clamp), as the int8 op stores it.
            var chainGoesOn = !isLast && forms[layers[index + 1].Name].Mode is Int8LayerMode.ClampOf or Int8LayerMode.FoldedInto;
            if (pending is not null && !chainGoesOn)
            {
                current = QuantizeDequantize(graph, current, layer.Name, network.ParametersOf(pending), isLast ? OnnxExport.OutputName : layer.Name + ".dequantized");
                translator.Alias(layer.Name, current, layer.OutputShape);
                pending = null;
            }
        }
        graph.AddOutput(current, layers.Count > 0 ? layers[^1].OutputShape : inputShape);

        return OnnxModelWriter.Model(graph.Graph, "Int8 (QDQ) inference graph exported by CnnGen; input [N, " + string.Join(", ", inputShape) + "].");
    }

    /// <summary>Refuses a layer without a recorded int8 form, or one running in int8 whose kind has no QDQ form here.</summary>
    static void Check(LayerInfo layer, Dictionary<string, Int8LayerForm> forms)
    {
        if (!forms.TryGetValue(layer.Name, out var form))
            throw new NotSupportedException($"{layer.Name} ({layer.Kind}): the quantized network records no int8 form for this layer, so it has no QDQ export.");
        if (form.Mode == Int8LayerMode.Int8 && (!Int8Kinds.Contains(layer.Kind) || layer.Kind == LayerKind.Dense && layer.OutputShape.Length != 1))
            throw new NotSupportedException(
                $"{layer.Name} ({layer.Kind}) runs in int8, which the QDQ export writes only for {string.Join(", ", Int8Kinds)} (Dense on vectors).");
    }

    /// <summary>The layer whose output a layer reads first: its first named input, else the inference layer before it, else the network input.</summary>
    static string SourceOf(LayerInfo layer, List<LayerInfo> layers)
    {
        if (layer.Inputs is { Length: > 0 } names) return names[0];
        var index = layers.IndexOf(layer);
        return index > 0 ? layers[index - 1].Name : "input";
    }

    /// <summary>QuantizeLinear then DequantizeLinear of <paramref name="value"/> with one tensor's scale and zero point.</summary>
    static string QuantizeDequantize(OnnxGraphBuilder graph, string value, string name, QuantizationParameters parameters, string output)
    {
        var scale = graph.ScalarTensor(name + ".scale", parameters.Scale);
        var zeroPoint = graph.ByteScalar(name + ".zero_point", (byte)parameters.ZeroPoint);
        var quantized = graph.AddNode("QuantizeLinear", name + ".quantize", [value, scale, zeroPoint], name + ".quantized");
        return graph.AddNode("DequantizeLinear", name + ".dequantize", [quantized, scale, zeroPoint], output);
    }

    /// <summary>
    /// A Conv2D's or Dense layer's weight, int8 [F, C/G, K, K] or [Out, In] dequantized per output channel, and its bias,
    /// int32 [F] at s_x · s_w[f] (s_x: the parameters of the tensor it reads) dequantized the same way.
    /// </summary>
    static (string Weight, string? Bias) Weights(OnnxGraphBuilder graph, IQuantizedNetwork network, LayerInfo layer, string inputParameters)
    {
        var int8 = network.LayerOf(layer.Name);
        var rows = int8.Rows;
        int[] shape = layer.Kind == LayerKind.Conv2D
            ? [rows, layer.InputShape[0] / Math.Max(1, layer.Groups), layer.Kernel, layer.KernelWidth]
            : [rows, int8.Taps];
        if (shape.Aggregate(1L, (a, b) => a * b) != int8.Weight.Length)
            throw new NotSupportedException($"{layer.Name} ({layer.Kind}): its int8 weight holds {int8.Weight.Length} values, not the {string.Join(" x ", shape)} of the layer.");
        var inputScale = network.ParametersOf(inputParameters).Scale;
        var biasScales = new float[rows];
        for (var f = 0; f < rows; f++) biasScales[f] = inputScale * int8.WeightScales[f];

        var name = layer.Name;
        var weight = graph.AddNode("DequantizeLinear", name + ".weight_dequantize",
            [graph.SByteTensor(name + ".weight_quantized", shape, int8.Weight), graph.FloatsTensor(name + ".weight_scale", int8.WeightScales.ToArray()),
             graph.SByteTensor(name + ".weight_zero_point", [rows], new sbyte[rows])],
            name + ".weight", Int("axis", 0));
        var bias = graph.AddNode("DequantizeLinear", name + ".bias_dequantize",
            [graph.Int32Tensor(name + ".bias_quantized", [rows], int8.Bias), graph.FloatsTensor(name + ".bias_scale", biasScales),
             graph.Int32Tensor(name + ".bias_zero_point", [rows], new int[rows])],
            name + ".bias", Int("axis", 0));
        return (weight, bias);
    }
}
