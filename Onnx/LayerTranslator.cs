using CnnGen.Onnx.Protos;
using static CnnGen.Onnx.OnnxGraphBuilder;

namespace CnnGen.Onnx;

/// <summary>
/// Writes the ONNX nodes of one inference layer. Every value keeps the rank of the layer's shape plus the batch
/// dimension, so (C, H, W) layers carry [N, C, H, W] and (F) layers carry [N, F], as in PyTorch.
/// </summary>
internal sealed partial class LayerTranslator(OnnxGraphBuilder graph)
{
    /// <summary>Output value of each translated layer, by layer name (what <see cref="LayerInfo.Inputs"/> and <see cref="LayerKind.Add"/> read); <c>input</c> is the graph input.</summary>
    private readonly Dictionary<string, string> _outputs = new(StringComparer.Ordinal) { ["input"] = OnnxExport.InputName };

    /// <summary>The per-sample shape of each translated layer's output, by layer name (a product's operands need their ranks).</summary>
    private readonly Dictionary<string, int[]> _shapes = new(StringComparer.Ordinal);

    /// <summary>
    /// The values a Conv2D or Dense layer multiplies with: its weight and bias (null: none). By default the network's
    /// float tensors; the QDQ export gives dequantized int8 ones.
    /// </summary>
    public Func<LayerInfo, (string Weight, string? Bias)> Weights { get; init; } = layer =>
        (graph.Tensor(layer.Name + ".weight"), layer.HasBias ? graph.Tensor(layer.Name + ".bias") : null);

    /// <summary>Makes <paramref name="value"/> the output later layers read for <paramref name="layer"/> (a value inserted after it, or its input for a layer that is folded away).</summary>
    public void Alias(string layer, string value, int[] shape)
    {
        _outputs[layer] = value;
        _shapes[layer] = shape;
    }

    /// <summary>
    /// Appends the nodes of <paramref name="layer"/> reading <paramref name="input"/> (the previous layer's value), or the
    /// values its <see cref="LayerInfo.Inputs"/> name; returns the value it writes (<paramref name="output"/>).
    /// </summary>
    public string Translate(LayerInfo layer, string input, string output)
    {
        _shapes.TryAdd("input", layer.InputShape); // the first layer reads the network input
        string[] operands = layer.Inputs is { } names ? [.. names.Select(name => OutputOf(name, layer))] : [input];
        input = operands[0];
        var written = layer.Kind switch
        {
            LayerKind.Conv2D => Conv(layer, input, output),
            LayerKind.Dense when layer.OutputShape.Length == 3 => DensePerPosition(layer, input, output),
            LayerKind.Dense => Gemm(layer, input, output),
            LayerKind.MaxPool2D when layer.CeilMode => CeilModePool(layer, input, output),
            LayerKind.AvgPool2D when layer.CeilMode => CeilModePool(layer, input, output),
            LayerKind.MaxPool2D => graph.AddNode("MaxPool", layer.Name, [input], output, PoolAttributes(layer)),
            LayerKind.AvgPool2D => graph.AddNode("AveragePool", layer.Name, [input], output,
                [.. PoolAttributes(layer), Int("count_include_pad", layer.CountIncludePad ? 1 : 0)]),
            LayerKind.GlobalAvgPool => GlobalAveragePool(layer, input, output),
            LayerKind.GlobalMaxPool => graph.AddNode("Flatten", layer.Name + ".flatten",
                [graph.AddNode("GlobalMaxPool", layer.Name, [input], layer.Name + ".pooled")], output, Int("axis", 1)),
            LayerKind.Flatten => graph.AddNode("Flatten", layer.Name, [input], output, Int("axis", 1)),
            LayerKind.ReLU => graph.AddNode("Relu", layer.Name, [input], output),
            LayerKind.LeakyReLU => graph.AddNode("LeakyRelu", layer.Name, [input], output, Float("alpha", layer.Alpha)),
            LayerKind.Sigmoid => graph.AddNode("Sigmoid", layer.Name, [input], output),
            LayerKind.Tanh => graph.AddNode("Tanh", layer.Name, [input], output),
            LayerKind.Softmax => Softmax(layer, input, output),
            // Inverted dropout is the identity at inference; the node keeps the layer's name visible in the graph.
            LayerKind.Dropout or LayerKind.Dropout2D or LayerKind.StochasticDepth => graph.AddNode("Identity", layer.Name, [input], output),
            LayerKind.BatchNorm => BatchNormalization(layer, input, output),
            LayerKind.Add => AddAll(layer, layer.Inputs is null ? [input, OutputOf(layer.AddFrom, layer)] : operands, output),
            LayerKind.Concat => graph.AddNode("Concat", layer.Name, operands, output, Int("axis", 1)),
            LayerKind.Reshape => graph.AddNode("Reshape", layer.Name, [input, graph.Int64Tensor(layer.Name + ".shape", [-1, .. layer.OutputShape.Select(d => (long)d)])], output),
            LayerKind.ReLU6 => graph.AddNode("Clip", layer.Name, [input, graph.ScalarTensor("const.zero", 0f), graph.ScalarTensor("const.six", 6f)], output),
            LayerKind.ELU => graph.AddNode("Elu", layer.Name, [input], output, Float("alpha", layer.Alpha)),
            LayerKind.GELU => Gelu(layer, input, output),
            LayerKind.Upsample => Resize(layer, input, output),
            LayerKind.ConvTranspose2D => ConvTranspose(layer, input, output),
            // x·sigmoid(x): opset 13 has no SiLU.
            LayerKind.SiLU => graph.AddNode("Mul", layer.Name, [input, graph.AddNode("Sigmoid", layer.Name + ".sigmoid", [input], layer.Name + ".gate")], output),
            // x·hardsigmoid(x) with α = 1/6, β = 1/2: opset 13 has no HardSwish (it came in opset 14).
            LayerKind.Hardswish => graph.AddNode("Mul", layer.Name,
                [input, graph.AddNode("HardSigmoid", layer.Name + ".hardsigmoid", [input], layer.Name + ".gate", Float("alpha", 1.0 / 6), Float("beta", 0.5))], output),
            LayerKind.Hardsigmoid => graph.AddNode("HardSigmoid", layer.Name, [input], output, Float("alpha", 1.0 / 6), Float("beta", 0.5)),
            // x·tanh(softplus(x)): opset 13 has no Mish (it came in opset 18).
            LayerKind.Mish => graph.AddNode("Mul", layer.Name,
                [input, graph.AddNode("Tanh", layer.Name + ".tanh", [graph.AddNode("Softplus", layer.Name + ".softplus", [input], layer.Name + ".softplus_out")], layer.Name + ".gate")], output),
            LayerKind.ZeroPad2D => ZeroPad(layer, input, output),
            LayerKind.AdaptiveAvgPool2D => AdaptivePool(layer, "ReduceMean", input, output),
            LayerKind.AdaptiveMaxPool2D => AdaptivePool(layer, "ReduceMax", input, output),
            LayerKind.Multiply => Multiply(layer, operands, output),
            LayerKind.PReLU => PRelu(layer, input, output),
            LayerKind.LayerNorm => LayerNormalization(layer, input, output),
            LayerKind.GroupNorm => GroupNormalization(layer, input, layer.Groups, output),
            LayerKind.InstanceNorm => GroupNormalization(layer, input, layer.InputShape[0], output),
            // The factor's initializer carries the layer's own name (layer_scale), so the product gets another.
            LayerKind.Scale => graph.AddNode("Mul", layer.Name, [input, graph.Tensor(layer.Name)], output == layer.Name ? layer.Name + ".scaled" : output),
            LayerKind.Narrow => graph.AddNode("Slice", layer.Name,
                [input, graph.Int64Tensor(layer.Name + ".starts", layer.Start), graph.Int64Tensor(layer.Name + ".ends", layer.Start + layer.OutputShape[0]),
                 graph.Int64Tensor(layer.Name + ".axes", 1)], output),
            LayerKind.ChannelShuffle => ChannelShuffle(layer, input, output),
            _ => throw new NotSupportedException($"{layer.Name}: layer kind {layer.Kind} has no ONNX export."),
        };
        _outputs[layer.Name] = written;
        _shapes[layer.Name] = layer.OutputShape;
        return written;
    }

    /// <summary>0.5·x·(1 + erf(x/√2)) from Mul, Erf and Add (opset 13 has no Gelu; it came in opset 20).</summary>
    private string Gelu(LayerInfo layer, string input, string output)
    {
        var scaled = graph.AddNode("Mul", layer.Name + ".scale", [input, graph.ScalarTensor("const.sqrt1_2", 0.707106781f)], layer.Name + ".scaled");
        var erf = graph.AddNode("Erf", layer.Name + ".erf", [scaled], layer.Name + ".erf_out");
        var cdf = graph.AddNode("Add", layer.Name + ".add", [erf, graph.ScalarTensor("const.one", 1f)], layer.Name + ".cdf2");
        var half = graph.AddNode("Mul", layer.Name + ".half", [input, graph.ScalarTensor("const.half", 0.5f)], layer.Name + ".half_x");
        return graph.AddNode("Mul", layer.Name, [half, cdf], output);
    }

    /// <summary>
    /// Resize by [1, 1, s, s]: nearest as PyTorch's ⌊dst/s⌋ (asymmetric coordinates, floor), bilinear with PyTorch's
    /// half-pixel coordinates (align_corners=False). The roi input is left empty.
    /// </summary>
    private string Resize(LayerInfo layer, string input, string output)
    {
        var scales = graph.FloatsTensor(layer.Name + ".scales", 1f, 1f, layer.Scale, layer.Scale);
        return layer.Bilinear
            ? graph.AddNode("Resize", layer.Name, [input, "", scales], output,
                String("mode", "linear"), String("coordinate_transformation_mode", "pytorch_half_pixel"))
            : graph.AddNode("Resize", layer.Name, [input, "", scales], output,
                String("mode", "nearest"), String("coordinate_transformation_mode", "asymmetric"), String("nearest_mode", "floor"));
    }

    /// <summary>ConvTranspose with ONNX's weight layout [C, F, K, K], which is PyTorch's.</summary>
    private string ConvTranspose(LayerInfo layer, string input, string output)
    {
        List<string> inputs = [input, graph.Tensor(layer.Name + ".weight")];
        if (layer.HasBias) inputs.Add(graph.Tensor(layer.Name + ".bias"));
        return graph.AddNode("ConvTranspose", layer.Name, inputs, output,
            Ints("kernel_shape", layer.Kernel, layer.KernelWidth),
            Ints("strides", layer.Stride, layer.StrideWidth),
            Pads(layer),
            Ints("output_padding", layer.OutputPadding, layer.OutputPadding));
    }

    private string Conv(LayerInfo layer, string input, string output)
    {
        var (weight, bias) = Weights(layer);
        List<string> inputs = [input, weight];
        if (bias is not null) inputs.Add(bias);
        return graph.AddNode("Conv", layer.Name, inputs, output,
        [
            Ints("kernel_shape", layer.Kernel, layer.KernelWidth),
            Ints("strides", StrideOr(layer, 1), WidthStrideOr(layer, 1)),
            Pads(layer),
            .. (layer.Groups == 1 ? Array.Empty<AttributeProto>() : [Int("group", layer.Groups)]),
            .. (layer.Dilation == 1 && layer.DilationWidth == 1 ? Array.Empty<AttributeProto>() : [Ints("dilations", layer.Dilation, layer.DilationWidth)]),
        ]);
    }

    /// <summary>nn.Linear as Gemm(X, W, b) with transB = 1 (W is [Out, In]); a 3-D input is flattened in C, H, W order first.</summary>
    private string Gemm(LayerInfo layer, string input, string output)
    {
        var flat = FlattenIfImage(layer, input);
        var (weight, bias) = Weights(layer);
        List<string> inputs = [flat, weight];
        if (bias is not null) inputs.Add(bias);
        return graph.AddNode("Gemm", layer.Name, inputs, output, Int("transB", 1));
    }

    private static AttributeProto[] PoolAttributes(LayerInfo layer)
    {
        return
        [
            Ints("kernel_shape", layer.Kernel, layer.KernelWidth),
            Ints("strides", StrideOr(layer, layer.Kernel), WidthStrideOr(layer, layer.KernelWidth)),
            Pads(layer),
        ];
    }

    /// <summary>
    /// PyTorch's ceil mode drops a last window that would start in the right padding, which ONNX's <c>ceil_mode</c> does
    /// not, so it is exported in floor mode with the bottom and right padding extended to reach exactly PyTorch's
    /// windows. Max pooling ignores padding; an average without the padding divides by the input positions, as PyTorch's;
    /// an average counting the padding is PyTorch's divisor only up to the padded input, so its zeros are made explicit
    /// (Pad) and the average then leaves every padding out.
    /// </summary>
    private string CeilModePool(LayerInfo layer, string input, string output)
    {
        int k = layer.Kernel, s = StrideOr(layer, k), p = layer.Padding;
        int kw = layer.KernelWidth, sw = WidthStrideOr(layer, kw), pw = layer.PaddingWidth;
        var extraHeight = Math.Max(0, (layer.OutputShape[1] - 1) * s + k - (layer.InputShape[1] + 2 * p));
        var extraWidth = Math.Max(0, (layer.OutputShape[2] - 1) * sw + kw - (layer.InputShape[2] + 2 * pw));
        var window = new[] { Ints("kernel_shape", k, kw), Ints("strides", s, sw) };
        if (layer.Kind == LayerKind.MaxPool2D)
            return graph.AddNode("MaxPool", layer.Name, [input], output, [.. window, Ints("pads", p, pw, p + extraHeight, pw + extraWidth)]);
        if (!layer.CountIncludePad)
            return graph.AddNode("AveragePool", layer.Name, [input], output, [.. window, Ints("pads", p, pw, p + extraHeight, pw + extraWidth), Int("count_include_pad", 0)]);
        var padded = graph.AddNode("Pad", layer.Name + ".pad", [input, graph.Int64Tensor(layer.Name + ".pads", 0, 0, p, pw, 0, 0, p, pw)], layer.Name + ".padded");
        return graph.AddNode("AveragePool", layer.Name, [padded], output, [.. window, Ints("pads", 0, 0, extraHeight, extraWidth), Int("count_include_pad", 0)]);
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

    /// <summary>
    /// Mul with ONNX's broadcasting: a (C, 1, 1) factor broadcasts over [N, C, H, W] as it is; a (C) factor is reshaped to
    /// [N, C, 1, 1] first.
    /// </summary>
    private string Multiply(LayerInfo layer, string[] operands, string output)
    {
        var names = layer.Inputs ?? [];
        var ranks = names.Select(name => _shapes[name].Length).ToArray();
        for (var k = 0; k < operands.Length; k++)
        {
            if (ranks[k] == 1 && layer.OutputShape.Length == 3)
                operands[k] = graph.AddNode("Reshape", $"{layer.Name}.reshape{k}", [operands[k], graph.Int64Tensor(layer.Name + ".factor_shape", 0, -1, 1, 1)], $"{layer.Name}.factor{k}");
        }
        return graph.AddNode("Mul", layer.Name, operands, output);
    }

    /// <summary>PRelu broadcasts its slope from the right: per-channel slopes of an image are reshaped to [C, 1, 1].</summary>
    private string PRelu(LayerInfo layer, string input, string output)
    {
        var slope = graph.Tensor(layer.Name + ".weight");
        if (layer.InputShape.Length == 3 && layer.InputShape[0] > 1 && graph.TensorLength(layer.Name + ".weight") > 1)
            slope = graph.AddNode("Reshape", layer.Name + ".reshape", [slope, graph.Int64Tensor(layer.Name + ".slope_shape", -1, 1, 1)], layer.Name + ".slope");
        return graph.AddNode("PRelu", layer.Name, [input, slope], output);
    }

    /// <summary>
    /// LayerNorm over axis 1 (the features, or the channels at each position) from ReduceMean, Sub, Mul, Add, Sqrt and
    /// Div (opset 13 has no LayerNormalization; it came in opset 17), then the per-channel affine.
    /// </summary>
    private string LayerNormalization(LayerInfo layer, string input, string output)
    {
        var name = layer.Name;
        var mean = graph.AddNode("ReduceMean", name + ".mean", [input], name + ".mean_out", Ints("axes", 1));
        var centred = graph.AddNode("Sub", name + ".centre", [input, mean], name + ".centred");
        var squared = graph.AddNode("Mul", name + ".square", [centred, centred], name + ".squared");
        var variance = graph.AddNode("ReduceMean", name + ".variance", [squared], name + ".variance_out", Ints("axes", 1));
        var shifted = graph.AddNode("Add", name + ".add_epsilon", [variance, graph.ScalarTensor(name + ".epsilon", (float)layer.Epsilon)], name + ".variance_epsilon");
        var std = graph.AddNode("Sqrt", name + ".sqrt", [shifted], name + ".std");
        return PerChannelAffine(layer, graph.AddNode("Div", name + ".normalise", [centred, std], name + ".normalised"), output);
    }

    /// <summary>
    /// GroupNorm (InstanceNorm: a group per channel) as InstanceNormalization of the input seen as [N, groups, rest] with
    /// unit scale and zero shift (opset 13 has no GroupNormalization), reshaped back, then the per-channel affine.
    /// </summary>
    private string GroupNormalization(LayerInfo layer, string input, int groups, string output)
    {
        var name = layer.Name;
        var grouped = graph.AddNode("Reshape", name + ".group", [input, graph.Int64Tensor(name + ".grouped_shape", 0, groups, -1)], name + ".grouped");
        var normalised = graph.AddNode("InstanceNormalization", name, [grouped, graph.FilledTensor(name + ".unit_scale", groups, 1f), graph.FilledTensor(name + ".zero_shift", groups, 0f)],
            name + ".normalised_groups", Float("epsilon", layer.Epsilon));
        long[] shape = [0, .. layer.InputShape.Select(dimension => (long)dimension)];
        return PerChannelAffine(layer, graph.AddNode("Reshape", name + ".ungroup", [normalised, graph.Int64Tensor(name + ".shape", shape)], name + ".normalised"), output);
    }

    /// <summary>x·weight + bias per channel (weight and bias reshaped to [C, 1, 1] on an image), or x as it is without an affine.</summary>
    private string PerChannelAffine(LayerInfo layer, string normalised, string output)
    {
        var name = layer.Name;
        if (!graph.HasTensor(name + ".weight")) return graph.AddNode("Identity", name + ".output", [normalised], output);
        string PerChannel(string key)
        {
            var tensor = graph.Tensor(key);
            return layer.InputShape.Length == 1 ? tensor
                : graph.AddNode("Reshape", key + ".reshape", [tensor, graph.Int64Tensor(name + ".channel_shape", -1, 1, 1)], key + ".per_channel");
        }
        var scaled = graph.AddNode("Mul", name + ".scale", [normalised, PerChannel(name + ".weight")], name + ".scaled");
        return graph.AddNode("Add", name + ".shift", [scaled, PerChannel(name + ".bias")], output);
    }

    /// <summary>Dense at each position (<c>Flatten = false</c>): a 1×1 Conv with the [Out, C] weight reshaped to [Out, C, 1, 1].</summary>
    private string DensePerPosition(LayerInfo layer, string input, string output)
    {
        var weight = graph.AddNode("Reshape", layer.Name + ".reshape", [graph.Tensor(layer.Name + ".weight"), graph.Int64Tensor(layer.Name + ".kernel_shape", 0, 0, 1, 1)], layer.Name + ".kernel");
        List<string> inputs = [input, weight];
        if (layer.HasBias) inputs.Add(graph.Tensor(layer.Name + ".bias"));
        return graph.AddNode("Conv", layer.Name, inputs, output, Ints("kernel_shape", 1, 1));
    }

    private string OutputOf(string? layerName, LayerInfo reader)
    {
        if (layerName is not null && _outputs.TryGetValue(layerName, out var value)) return value;
        throw new InvalidOperationException($"{reader.Name}: reads layer '{layerName}', which is not an earlier inference layer.");
    }

    private static int StrideOr(LayerInfo layer, int fallback) => layer.Stride > 0 ? layer.Stride : fallback;

    private static int WidthStrideOr(LayerInfo layer, int fallback) => layer.StrideWidth > 0 ? layer.StrideWidth : fallback;

    /// <summary>ONNX's <c>pads</c> [top, left, bottom, right] of a window symmetric on each axis.</summary>
    private static AttributeProto Pads(LayerInfo layer) => Ints("pads", layer.Padding, layer.PaddingWidth, layer.Padding, layer.PaddingWidth);
}
