using CnnGen.Onnx.Protos;
using CnnGen.Onnx.Tests.Reference;

namespace CnnGen.Onnx.Tests;

/// <summary>The exported file itself: opset, names, dynamic batch dimension, initializers, no loss head.</summary>
public sealed class ExportedGraphTests
{
    private static DeclaredNetwork SmallNetwork() =>
        DeclaredNetwork.Input(1, 6, 6).Conv(2, 3).BatchNorm().Elementwise(LayerKind.ReLU).Dense(3).Loss(LayerKind.SoftmaxCrossEntropy).Build();

    [Fact]
    public void DeclaresOpset13InputAndOutputWithADynamicBatchDimension()
    {
        var model = ModelProto.Parser.ParseFrom(OnnxRuntimeCheck.Export(SmallNetwork()));

        Assert.Equal(OnnxExport.IrVersion, model.IrVersion);
        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal(("", 13L), (opset.Domain, opset.Version));
        var input = Assert.Single(model.Graph.Input);
        Assert.Equal("input", input.Name);
        Assert.Equal(["N", "1", "6", "6"], input.Type.TensorType.Shape.Dim.Select(Describe));
        var output = Assert.Single(model.Graph.Output);
        Assert.Equal("output", output.Name);
        Assert.Equal(["N", "3"], output.Type.TensorType.Shape.Dim.Select(Describe));
    }

    [Fact]
    public void InitializersAreTheWeightFileTensorsWithTheirValues()
    {
        var network = SmallNetwork();
        OnnxRuntimeCheck.Randomize(network, seed: 3);
        var model = ModelProto.Parser.ParseFrom(OnnxRuntimeCheck.Export(network));

        Assert.Equal(network.Tensors.ToArray().Select(t => t.Name).Order(), model.Graph.Initializer.Select(t => t.Name).Order());
        foreach (var tensor in network.Tensors)
        {
            var initializer = model.Graph.Initializer.Single(i => i.Name == tensor.Name);
            Assert.Equal(tensor.Shape.Select(d => (long)d), initializer.Dims);
            var expected = (tensor.Store == TensorStore.Parameters ? network.Parameters : network.State).Slice(tensor.Offset, tensor.Length).ToArray();
            var actual = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(initializer.RawData.Span).ToArray();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void LeavesTheLossHeadOutAndUsesOnlyInferenceOperators()
    {
        var model = ModelProto.Parser.ParseFrom(OnnxRuntimeCheck.Export(SmallNetwork()));

        Assert.Equal(["Conv", "BatchNormalization", "Relu", "Flatten", "Gemm"], model.Graph.Node.Select(n => n.OpType));
        Assert.Equal("output", model.Graph.Node[^1].Output.Single());
        var batchNorm = model.Graph.Node.Single(n => n.OpType == "BatchNormalization");
        Assert.Equal(["conv1", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var"], batchNorm.Input);
    }

    [Fact]
    public void PathOverloadWritesTheSameBytesAndLeavesNoTemporaryFile()
    {
        var network = SmallNetwork();
        var folder = Directory.CreateTempSubdirectory("cnngen-onnx-");
        try
        {
            var path = Path.Combine(folder.FullName, "model.onnx");
            network.ExportOnnx(path);
            Assert.Equal(OnnxRuntimeCheck.Export(network), File.ReadAllBytes(path));
            Assert.Equal(["model.onnx"], folder.GetFiles().Select(f => f.Name));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Describe(TensorShapeProto.Types.Dimension dimension) =>
        dimension.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? dimension.DimParam : dimension.DimValue.ToString();
}
