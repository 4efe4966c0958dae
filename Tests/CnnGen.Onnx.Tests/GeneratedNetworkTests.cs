using CnnGen.Samples;
using Xunit.Abstractions;

namespace CnnGen.Onnx.Tests;

/// <summary>
/// Generated networks exported to ONNX and run by ONNX Runtime must match their own <see cref="INetwork.Forward"/>
/// (|a − b| ≤ 1e-5 + 1e-4·|b|) at batch 1 and at a batch larger than MaxBatch (dynamic batch dimension).
/// </summary>
public sealed class GeneratedNetworkTests(ITestOutputHelper output)
{
    private const int MaxBatch = 2;
    private const int Batch = 5;

    public static TheoryData<string> NetworkNames => [.. Networks.Keys];

    private static readonly Dictionary<string, Func<INetwork>> Networks = new()
    {
        [nameof(SimpleConvNet)] = () => new SimpleConvNet(MaxBatch, seed: 1),
        [nameof(DeepConvNet)] = () => new DeepConvNet(MaxBatch, seed: 1),
        [nameof(ResidualBatchNormNet)] = () => new ResidualBatchNormNet(MaxBatch, seed: 1),
        [nameof(PoolingNet)] = () => new PoolingNet(MaxBatch, seed: 1),
        [nameof(VectorSoftmaxNet)] = () => new VectorSoftmaxNet(MaxBatch, seed: 1),
        [nameof(ReshapeNet)] = () => new ReshapeNet(MaxBatch, seed: 1),
        [nameof(ActivationsNet)] = () => new ActivationsNet(MaxBatch, seed: 1),
        [nameof(ZooActivationsNet)] = () => new ZooActivationsNet(MaxBatch, seed: 1),
        [nameof(GlobalMaxPoolNet)] = () => new GlobalMaxPoolNet(MaxBatch, seed: 1),
        [nameof(CeilPoolingNet)] = () => new CeilPoolingNet(MaxBatch, seed: 1),
        [nameof(CeilWindowNet)] = () => new CeilWindowNet(MaxBatch, seed: 1),
        [nameof(UpsampleNet)] = () => new UpsampleNet(MaxBatch, seed: 1),
        [nameof(GroupedConvNet)] = () => new GroupedConvNet(MaxBatch, seed: 1),
        [nameof(TransposedConvNet)] = () => new TransposedConvNet(MaxBatch, seed: 1),
        [nameof(GraphNet)] = () => new GraphNet(MaxBatch, seed: 1),
        // The zoo's geometry kinds (DESIGN §2c).
        [nameof(RectangularNet)] = () => new RectangularNet(MaxBatch, seed: 1),
        // The products, learnable scales and normalisations of DESIGN §2c.
        [nameof(MultiplyNet)] = () => new MultiplyNet(MaxBatch, seed: 1),
        [nameof(PReLUScaleNet)] = () => new PReLUScaleNet(MaxBatch, seed: 1),
        [nameof(StochasticDepthNet)] = () => new StochasticDepthNet(MaxBatch, seed: 1),
        [nameof(NormNet)] = () => new NormNet(MaxBatch, seed: 1),
        // The graph samples: ResNet-20 written with blocks (module-path names such as layer2.0.downsample.0), MobileNet,
        // Inception and U-Net.
        [nameof(ResNet20)] = () => new ResNet20(MaxBatch, seed: 1),
        [nameof(MobileNet)] = () => new MobileNet(MaxBatch, seed: 1),
        [nameof(Inception)] = () => new Inception(MaxBatch, seed: 1),
        [nameof(UNet)] = () => new UNet(MaxBatch, seed: 1),
    };

    [Theory]
    [MemberData(nameof(NetworkNames))]
    public void OnnxRuntimeMatchesForward(string name)
    {
        var network = Networks[name]();
        OnnxRuntimeCheck.Randomize(network, seed: 5);
        var largest = OnnxRuntimeCheck.ExportAndCompare(network, Batch, seed: 9);
        output.WriteLine($"{name}: largest |ONNX Runtime - Forward| = {largest:E3} over batch 1 and batch {Batch}");
    }

    [Fact]
    public void TheseNetworksCoverEveryInferenceLayerKind()
    {
        var covered = Networks.Values.SelectMany(create => create().Layers.ToArray()).Select(layer => layer.Kind).ToHashSet();
        var missing = Enum.GetValues<LayerKind>().Where(kind => kind < LayerKind.SoftmaxCrossEntropy && !covered.Contains(kind));
        Assert.Empty(missing);
    }

    [Fact]
    public void BatchNormRunningStatisticsReachTheExport()
    {
        // Same weights, different running statistics: if the export ignored State, both models would agree.
        var network = new ResidualBatchNormNet(MaxBatch, seed: 1);
        OnnxRuntimeCheck.Randomize(network, seed: 5);
        var before = OnnxRuntimeCheck.Export(network);
        foreach (ref var value in network.State) value *= 1.5f;
        var after = OnnxRuntimeCheck.Export(network);
        Assert.NotEqual(before, after);
        OnnxRuntimeCheck.CompareWithForward(network, after, Batch, seed: 3);
    }
}
