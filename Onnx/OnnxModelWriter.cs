using CnnGen.Onnx.Protos;

namespace CnnGen.Onnx;

/// <summary>Turns a network's <see cref="INetwork.Layers"/> and <see cref="INetwork.Tensors"/> into an ONNX model.</summary>
internal static class OnnxModelWriter
{
    /// <summary>The whole model: graph, opset import and producer.</summary>
    public static ModelProto Build(INetwork network)
    {
        var graph = new OnnxGraphBuilder(network, network.GetType().Name);
        var inputShape = network.Layers.Length > 0 ? network.Layers[0].InputShape : [network.InputLength];
        graph.AddInput(OnnxExport.InputName, inputShape);

        var translator = new LayerTranslator(graph);
        var current = OnnxExport.InputName;
        var inferenceLayers = InferenceLayers(network.Layers);
        for (var index = 0; index < inferenceLayers.Count; index++)
        {
            var layer = inferenceLayers[index];
            var isLast = index == inferenceLayers.Count - 1;
            current = translator.Translate(layer, current, isLast ? OnnxExport.OutputName : layer.Name);
        }
        if (inferenceLayers.Count == 0)
            current = graph.AddNode("Identity", "identity", [current], OnnxExport.OutputName);

        var outputShape = inferenceLayers.Count > 0 ? inferenceLayers[^1].OutputShape : inputShape;
        graph.AddOutput(current, outputShape);

        return Model(graph.Graph, "Inference graph exported by CnnGen; input [N, " + string.Join(", ", inputShape) + "].");
    }

    /// <summary>A model around <paramref name="graph"/>: IR version, producer, the default-domain opset import.</summary>
    public static ModelProto Model(GraphProto graph, string docString)
    {
        var model = new ModelProto
        {
            IrVersion = OnnxExport.IrVersion,
            ProducerName = "CnnGen",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "0",
            Graph = graph,
            DocString = docString,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxExport.OpsetVersion });
        return model;
    }

    /// <summary>The layers that run at inference: everything but the loss head.</summary>
    private static List<LayerInfo> InferenceLayers(ReadOnlySpan<LayerInfo> layers)
    {
        var result = new List<LayerInfo>(layers.Length);
        foreach (var layer in layers)
        {
            if (!layer.IsLoss) result.Add(layer);
        }
        return result;
    }
}
