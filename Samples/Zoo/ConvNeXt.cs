namespace CnnGen.Samples.Zoo;

/// <summary>
/// ConvNeXt's <c>CNBlock</c> over <c>Dim</c> channels: a 7×7 depthwise convolution with bias (<c>block.0</c>), LayerNorm over
/// the channels at each position (<c>block.2</c>, ε = 1e-6; torchvision permutes to channels-last around it and the two
/// Linears, <c>block.1</c> and <c>block.6</c>, which hold no weights), a per-position Linear to 4·<c>Dim</c> (<c>block.3</c>),
/// GELU, a per-position Linear back to <c>Dim</c> (<c>block.5</c>), the per-channel <c>layer_scale</c>, stochastic depth of
/// rate <c>Rate</c> (an identity in eval), plus the block's input.
/// </summary>
[Block]
[Conv2D(Dim, 7, Padding = 3, Groups = Dim, Name = "block.0")] [LayerNorm(Epsilon = 1e-6, Name = "block.2")]
[Dense(Dim * 4, Flatten = false, Name = "block.3")] [GELU(Name = "block.4")] [Dense(Dim, Flatten = false, Name = "block.5")]
[Scale(Name = "layer_scale")] [StochasticDepth(Rate, Name = "stochastic_depth")] [Add("input", Name = "add")]
public static class CNBlock
{
    /// <summary>Channels in and out.</summary>
    public const int Dim = 96;

    /// <summary>Stochastic-depth rate: 0.1 · (block index over the network) / 17.</summary>
    public const float Rate = 0f;
}

/// <summary>
/// torchvision's <c>convnext_tiny</c>: a 4×4 stride-4 patchify stem of 96 with bias and LayerNorm2d (<c>features.0</c>),
/// four stages of <see cref="CNBlock"/> (<c>features.1</c>, <c>.3</c>, <c>.5</c>, <c>.7</c>: 96, 192, 384, 768 channels; 3, 3, 9, 3
/// blocks; stochastic depth 0.1 · k / 17 for the k-th block) with downsampling between them (<c>features.2</c>, <c>.4</c>,
/// <c>.6</c>: LayerNorm2d, 2×2 stride-2 convolution), global average pooling and the classifier, torchvision's
/// LayerNorm2d → Flatten → Linear: a LayerNorm over the pooled (768, 1, 1) map (<c>classifier.0</c>) and
/// <c>classifier.2</c> (1000), which flattens it. All LayerNorms have ε = 1e-6.
/// </summary>
[Network(3, 224, 224)]
[Conv2D(96, 4, Stride = 4, Name = "features.0.0")] [LayerNorm(Epsilon = 1e-6, Name = "features.0.1")]
[Use(typeof(CNBlock), 96, 0.0, Name = "features.1.0")]
[Use(typeof(CNBlock), 96, 0.1 * 1 / 17, Name = "features.1.1")]
[Use(typeof(CNBlock), 96, 0.1 * 2 / 17, Name = "features.1.2")]
[LayerNorm(Epsilon = 1e-6, Name = "features.2.0")] [Conv2D(192, 2, Stride = 2, Name = "features.2.1")]
[Use(typeof(CNBlock), 192, 0.1 * 3 / 17, Name = "features.3.0")]
[Use(typeof(CNBlock), 192, 0.1 * 4 / 17, Name = "features.3.1")]
[Use(typeof(CNBlock), 192, 0.1 * 5 / 17, Name = "features.3.2")]
[LayerNorm(Epsilon = 1e-6, Name = "features.4.0")] [Conv2D(384, 2, Stride = 2, Name = "features.4.1")]
[Use(typeof(CNBlock), 384, 0.1 * 6 / 17, Name = "features.5.0")]
[Use(typeof(CNBlock), 384, 0.1 * 7 / 17, Name = "features.5.1")]
[Use(typeof(CNBlock), 384, 0.1 * 8 / 17, Name = "features.5.2")]
[Use(typeof(CNBlock), 384, 0.1 * 9 / 17, Name = "features.5.3")]
[Use(typeof(CNBlock), 384, 0.1 * 10 / 17, Name = "features.5.4")]
[Use(typeof(CNBlock), 384, 0.1 * 11 / 17, Name = "features.5.5")]
[Use(typeof(CNBlock), 384, 0.1 * 12 / 17, Name = "features.5.6")]
[Use(typeof(CNBlock), 384, 0.1 * 13 / 17, Name = "features.5.7")]
[Use(typeof(CNBlock), 384, 0.1 * 14 / 17, Name = "features.5.8")]
[LayerNorm(Epsilon = 1e-6, Name = "features.6.0")] [Conv2D(768, 2, Stride = 2, Name = "features.6.1")]
[Use(typeof(CNBlock), 768, 0.1 * 15 / 17, Name = "features.7.0")]
[Use(typeof(CNBlock), 768, 0.1 * 16 / 17, Name = "features.7.1")]
[Use(typeof(CNBlock), 768, 0.1 * 17 / 17, Name = "features.7.2")]
[AdaptiveAvgPool2D(1, Name = "avgpool")] [LayerNorm(Epsilon = 1e-6, Name = "classifier.0")] [Dense(1000, Name = "classifier.2")]
[SoftmaxCrossEntropy]
public partial class ConvNeXtTiny;

/// <summary>
/// <see cref="ConvNeXtTiny"/> on 64×64 images without stochastic depth (every block's rate 0, torchvision's
/// <c>convnext_tiny(stochastic_depth_prob=0.0)</c>): the same layers and weight keys (16, 8, 4, 2 px stages), so one
/// training step is deterministic and its gradients can be compared with PyTorch's.
/// </summary>
[Network(3, 64, 64)]
[Conv2D(96, 4, Stride = 4, Name = "features.0.0")] [LayerNorm(Epsilon = 1e-6, Name = "features.0.1")]
[Use(typeof(CNBlock), 96, 0.0, Name = "features.1.0")]
[Use(typeof(CNBlock), 96, 0.0, Name = "features.1.1")]
[Use(typeof(CNBlock), 96, 0.0, Name = "features.1.2")]
[LayerNorm(Epsilon = 1e-6, Name = "features.2.0")] [Conv2D(192, 2, Stride = 2, Name = "features.2.1")]
[Use(typeof(CNBlock), 192, 0.0, Name = "features.3.0")]
[Use(typeof(CNBlock), 192, 0.0, Name = "features.3.1")]
[Use(typeof(CNBlock), 192, 0.0, Name = "features.3.2")]
[LayerNorm(Epsilon = 1e-6, Name = "features.4.0")] [Conv2D(384, 2, Stride = 2, Name = "features.4.1")]
[Use(typeof(CNBlock), 384, 0.0, Name = "features.5.0")]
[Use(typeof(CNBlock), 384, 0.0, Name = "features.5.1")]
[Use(typeof(CNBlock), 384, 0.0, Name = "features.5.2")]
[Use(typeof(CNBlock), 384, 0.0, Name = "features.5.3")]
[Use(typeof(CNBlock), 384, 0.0, Name = "features.5.4")]
[Use(typeof(CNBlock), 384, 0.0, Name = "features.5.5")]
[Use(typeof(CNBlock), 384, 0.0, Name = "features.5.6")]
[Use(typeof(CNBlock), 384, 0.0, Name = "features.5.7")]
[Use(typeof(CNBlock), 384, 0.0, Name = "features.5.8")]
[LayerNorm(Epsilon = 1e-6, Name = "features.6.0")] [Conv2D(768, 2, Stride = 2, Name = "features.6.1")]
[Use(typeof(CNBlock), 768, 0.0, Name = "features.7.0")]
[Use(typeof(CNBlock), 768, 0.0, Name = "features.7.1")]
[Use(typeof(CNBlock), 768, 0.0, Name = "features.7.2")]
[AdaptiveAvgPool2D(1, Name = "avgpool")] [LayerNorm(Epsilon = 1e-6, Name = "classifier.0")] [Dense(1000, Name = "classifier.2")]
[SoftmaxCrossEntropy]
public partial class ConvNeXtTinyAt64;
