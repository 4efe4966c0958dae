namespace CnnGen.Tests.Networks;

/// <summary>Small networks holding the graph-network layer kinds, for the numerical gradient checks (<see cref="GradientCheckTests"/>).</summary>
static class LayerNetworks
{
    public static readonly IReadOnlyDictionary<string, Func<int, INetwork>> Create = new Dictionary<string, Func<int, INetwork>>
    {
        [nameof(ActivationsGradientNet)] = batch => new ActivationsGradientNet(batch),
        [nameof(Dropout2DGradientNet)] = batch => new Dropout2DGradientNet(batch),
        [nameof(CeilPoolingGradientNet)] = batch => new CeilPoolingGradientNet(batch),
        [nameof(UpsampleGradientNet)] = batch => new UpsampleGradientNet(batch),
        [nameof(GroupedConvGradientNet)] = batch => new GroupedConvGradientNet(batch),
        [nameof(TransposedConvGradientNet)] = batch => new TransposedConvGradientNet(batch),
        [nameof(BlockGradientNet)] = batch => new BlockGradientNet(batch),
        // The products, learnable scales and normalisations of DESIGN §2c (ProductNormGradientNetworks.cs).
        [nameof(StochasticDepthGradientNet)] = batch => new StochasticDepthGradientNet(batch),
        [nameof(NormGradientNet)] = batch => new NormGradientNet(batch),
        [nameof(FrozenBatchNormGradientNet)] = batch => new FrozenBatchNormGradientNet(batch),
    };
}

/// <summary>
/// Batch norms with frozen statistics (2-D and 1-D, eval mode in training) and trainable gamma and beta, between layers
/// with parameters: their input, gamma and beta gradients all decide checked gradients.
/// </summary>
[Network(2, 5, 5)]
[Conv2D(3, 3, Padding = 1)]
[BatchNorm(Frozen = true)]
[Tanh]
[Dense(4)]
[BatchNorm(Frozen = true)]
[Tanh]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class FrozenBatchNormGradientNet;

/// <summary>Each new activation after a layer with parameters, so its input gradient decides checked gradients.</summary>
[Network(2, 6, 6)]
[Conv2D(3, 3, Padding = 1)]
[ReLU6]
[Conv2D(3, 3, Padding = 1)]
[ELU(0.6)]
[Conv2D(3, 3)]
[Hardswish]
[Flatten]
[Dense(7)]
[GELU]
[Dense(5)]
[SiLU]
[Dense(4)]
[SoftmaxCrossEntropy]
public partial class ActivationsGradientNet;

/// <summary>Channel dropout in training mode between two convolutions (the masks are held fixed by Reseed).</summary>
[Network(3, 5, 5)]
[Conv2D(6, 3, Padding = 1)]
[Dropout2D(0.4)]
[Conv2D(4, 3)]
[Flatten]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class Dropout2DGradientNet;

/// <summary>Ceil-mode pooling (windows running past the input) and an average without the padding, between convolutions.</summary>
[Network(2, 7, 7)]
[Conv2D(3, 3, Padding = 1)]
[MaxPool2D(2, CeilMode = true)]
[Conv2D(3, 3, Padding = 1)]
[AvgPool2D(3, Stride = 2, Padding = 1, CeilMode = true, CountIncludePad = false)]
[Conv2D(2, 1)]
[AvgPool2D(2, CeilMode = true)]
[Flatten]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class CeilPoolingGradientNet;

/// <summary>Nearest and bilinear upsampling after convolutions, whose parameter gradients pass through both backwards.</summary>
[Network(2, 3, 4)]
[Conv2D(3, 3, Padding = 1)]
[Upsample(2)]
[Conv2D(3, 3, Padding = 1)]
[Upsample(3, Bilinear = true)]
[Conv2D(2, 3, Stride = 3)]
[Flatten]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class UpsampleGradientNet;

/// <summary>Depthwise (with a fused ReLU after it), grouped and dilated convolutions; the first conv's input gradient is skipped.</summary>
[Network(4, 9, 9)]
[Conv2D(8, 3, Padding = 1, Groups = 4)]
[ReLU]
[Conv2D(8, 3, Stride = 2, Padding = 1, Groups = 8)]
[Conv2D(6, 3, Padding = 2, Dilation = 2, Groups = 2)]
[Conv2D(3, 3, Padding = 1, Dilation = 2, Bias = false)]
[Flatten]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class GroupedConvGradientNet;

/// <summary>Transposed convolutions (first layer: no input gradient; strided with output padding; stride 1 without bias).</summary>
[Network(3, 3, 4)]
[ConvTranspose2D(4, 3, Stride = 2, Padding = 1, OutputPadding = 1)]
[Tanh]
[ConvTranspose2D(3, 2, Stride = 2)]
[ConvTranspose2D(2, 3, Padding = 1, Bias = false)]
[Flatten]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class TransposedConvGradientNet;

/// <summary>
/// Every graph-network layer kind in one network (MobileNet-style depthwise block, ceil-mode pooling, dilated grouped
/// convolution, channel dropout, bilinear upsampling, a transposed convolution): the zero-allocation and
/// thread-identity contracts (<see cref="Performance.PerformanceContractTests"/>).
/// </summary>
[Network(3, 16, 16)]
[Conv2D(8, 3, Padding = 1)]
[ReLU6]
[Conv2D(8, 3, Padding = 1, Groups = 8)]
[Hardswish]
[Conv2D(16, 1)]
[Dropout2D(0.2)]
[MaxPool2D(3, Stride = 2, CeilMode = true)]
[Conv2D(16, 3, Padding = 2, Dilation = 2, Groups = 4)]
[ELU]
[AvgPool2D(3, Stride = 2, Padding = 1, CeilMode = true, CountIncludePad = false)]
[Upsample(2, Bilinear = true)]
[ConvTranspose2D(8, 3, Stride = 2, Padding = 1, OutputPadding = 1)]
[GELU]
[Upsample(2)]
[Conv2D(8, 4, Stride = 4)]
[SiLU]
[GlobalAvgPool]
[Dense(10)]
[SoftmaxCrossEntropy]
public partial class GraphLayersNet;
