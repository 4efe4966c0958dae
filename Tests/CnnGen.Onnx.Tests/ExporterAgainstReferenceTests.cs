using CnnGen.Onnx.Tests.Reference;
using Xunit.Abstractions;

namespace CnnGen.Onnx.Tests;

/// <summary>
/// Every layer kind, declared by hand and run by a naive reference interpreter, exported and run by ONNX Runtime.
/// Independent of the generator: a failure here is the exporter's.
/// </summary>
public sealed class ExporterAgainstReferenceTests(ITestOutputHelper output)
{
    [Fact]
    public void ConvolutionsPoolingAndDenseWithAndWithoutBias()
    {
        var network = DeclaredNetwork.Input(2, 9, 9)
            .Conv(4, 3, stride: 1, padding: 1)
            .Elementwise(LayerKind.ReLU)
            .Pool(LayerKind.MaxPool2D, 3, 2, padding: 1)
            .Conv(5, 2, stride: 2, padding: 0, bias: false)
            .Pool(LayerKind.AvgPool2D, 2, 1, padding: 1)
            .Dense(6, bias: false)
            .Elementwise(LayerKind.Tanh)
            .Dense(3)
            .Loss(LayerKind.SoftmaxCrossEntropy)
            .Build();
        Check(network);
    }

    [Fact]
    public void ActivationsDropoutAndSoftmaxOnVectors()
    {
        var network = DeclaredNetwork.Input(12)
            .Dense(10)
            .Elementwise(LayerKind.Sigmoid)
            .Dense(9)
            .Elementwise(LayerKind.LeakyReLU, alpha: 0.2)
            .Elementwise(LayerKind.Dropout, alpha: 0.5)
            .Dense(4)
            .Elementwise(LayerKind.Softmax)
            .Build();
        Check(network);
    }

    [Fact]
    public void BatchNormResidualGlobalPoolingAndFlatten()
    {
        var builder = DeclaredNetwork.Input(3, 8, 8).Conv(6, 3, padding: 1).BatchNorm().Elementwise(LayerKind.ReLU);
        var skip = builder.LastName;
        builder.Conv(6, 3, padding: 1).BatchNorm(epsilon: 1e-3).Residual(skip).Elementwise(LayerKind.ReLU);
        var network = builder
            .Conv(4, 1).Flatten().Dense(8).BatchNorm().Elementwise(LayerKind.ReLU)
            .Dense(5).Loss(LayerKind.MeanSquaredError)
            .Build();
        Check(network);

        var pooled = DeclaredNetwork.Input(4, 5, 5).Conv(3, 3).GlobalAvgPool().Dense(2).Loss(LayerKind.BinaryCrossEntropy).Build();
        Check(pooled);
    }

    [Fact]
    public void SoftmaxOverAnImageSampleCoversAllItsFeatures()
    {
        var network = DeclaredNetwork.Input(2, 3, 3).Conv(2, 2).Elementwise(LayerKind.Softmax).Build();
        Check(network);
    }

    private void Check(DeclaredNetwork network)
    {
        OnnxRuntimeCheck.Randomize(network, seed: 7);
        var largest = OnnxRuntimeCheck.ExportAndCompare(network, batch: 5, seed: 11);
        output.WriteLine($"largest |ONNX Runtime - reference| = {largest:E3}");
    }
}
