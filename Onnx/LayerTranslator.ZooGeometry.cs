using static CnnGen.Onnx.OnnxGraphBuilder;

namespace CnnGen.Onnx;

// The ONNX nodes of the zoo's geometry layers (DESIGN §2c).
internal sealed partial class LayerTranslator
{
    /// <summary>nn.ZeroPad2d as <c>Pad</c> (constant 0) with ONNX's pads [0, 0, top, left, 0, 0, bottom, right].</summary>
    private string ZeroPad(LayerInfo layer, string input, string output)
    {
        var (left, right, top, bottom) = layer.Pads is [var l, var r, var t, var b] ? (l, r, t, b)
            : throw new InvalidOperationException($"{layer.Name}: a ZeroPad2D layer carries its four pads.");
        return graph.AddNode("Pad", layer.Name, [input, graph.Int64Tensor(layer.Name + ".pads", 0, 0, top, left, 0, 0, bottom, right)], output);
    }

    /// <summary>
    /// Adaptive pooling, which ONNX has no operator for: PyTorch's window over rows [⌊i·H/OH⌋, ⌈(i + 1)·H/OH⌉) times
    /// columns [⌊j·W/OW⌋, ⌈(j + 1)·W/OW⌉) is a product of ranges, so its mean (or maximum) is the mean (maximum) over the
    /// row range of the means (maxima) over the column range: each output column is a <c>Slice</c> reduced over the width
    /// (<paramref name="reduce"/>, keepdims), joined by a <c>Concat</c>, then each output row likewise over the height.
    /// </summary>
    private string AdaptivePool(LayerInfo layer, string reduce, string input, string output)
    {
        int height = layer.InputShape[1], width = layer.InputShape[2], outHeight = layer.OutputShape[1], outWidth = layer.OutputShape[2];
        var columns = ReduceRanges(layer.Name + ".columns", reduce, input, axis: 3, width, outWidth, layer.Name + ".pooled_columns");
        return ReduceRanges(layer.Name, reduce, columns, axis: 2, height, outHeight, output);
    }

    /// <summary>The <paramref name="outputs"/> adaptive ranges of <paramref name="axis"/>, each reduced to one position, concatenated in order.</summary>
    private string ReduceRanges(string name, string reduce, string input, int axis, int size, int outputs, string output)
    {
        var parts = new List<string>(outputs);
        for (var i = 0; i < outputs; i++)
        {
            long start = (long)i * size / outputs, end = ((long)(i + 1) * size + outputs - 1) / outputs;
            var slice = graph.AddNode("Slice", $"{name}.slice{i}",
                [input, graph.Int64Tensor($"{name}.starts{i}", start), graph.Int64Tensor($"{name}.ends{i}", end), graph.Int64Tensor($"{name}.axes", axis)],
                $"{name}.range{i}");
            parts.Add(graph.AddNode(reduce, $"{name}.reduce{i}", [slice], outputs == 1 ? output : $"{name}.part{i}", Ints("axes", axis), Int("keepdims", 1)));
        }
        return outputs == 1 ? parts[0] : graph.AddNode("Concat", name, parts, output, Int("axis", axis));
    }

    /// <summary>nn.ChannelShuffle as PyTorch's own graph: Reshape to [N, g, C/g, H, W], Transpose(0, 2, 1, 3, 4), Reshape back.</summary>
    private string ChannelShuffle(LayerInfo layer, string input, string output)
    {
        int channels = layer.InputShape[0], height = layer.InputShape[1], width = layer.InputShape[2];
        var grouped = graph.AddNode("Reshape", layer.Name + ".group", [input, graph.Int64Tensor(layer.Name + ".grouped_shape", 0, layer.Groups, channels / layer.Groups, height, width)],
            layer.Name + ".grouped");
        var transposed = graph.AddNode("Transpose", layer.Name + ".transpose", [grouped], layer.Name + ".transposed", Ints("perm", 0, 2, 1, 3, 4));
        return graph.AddNode("Reshape", layer.Name, [transposed, graph.Int64Tensor(layer.Name + ".shape", 0, channels, height, width)], output);
    }
}
