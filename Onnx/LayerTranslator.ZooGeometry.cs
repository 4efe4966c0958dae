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
}
