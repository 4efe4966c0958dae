namespace CnnGen.Samples.Zoo;

// torchvision's EfficientNet-B0 (efficientnet.py): MBConv blocks with squeeze-and-excitation, SiLU throughout. Every
// convolution-norm-activation triple is a Conv2dNormActivation (`block.1.0`, `block.1.1`, `block.1.2`); the
// squeeze-and-excitation is `block.k.fc1` / `block.k.fc2` (1×1 convolutions with bias on the pooled (C, 1, 1) map), and
// its gate multiplies the depthwise output channel by channel.

/// <summary>
/// The expansion-1 <c>MBConv</c> of stage 1: a 3×3 depthwise convolution over <c>Channels</c> (<c>block.0</c>, SiLU),
/// squeeze-and-excitation to <c>Squeeze</c> channels and back (<c>block.1</c>: average pool, <c>fc1</c>, SiLU,
/// <c>fc2</c>, sigmoid, product), a linear 1×1 projection to <c>Out</c> (<c>block.2</c>).
/// </summary>
[Block]
[Conv2D(Channels, 3, Padding = 1, Groups = Channels, Bias = false, Name = "block.0.0")] [BatchNorm(Name = "block.0.1")] [SiLU(Name = "block.0.2")]
[AdaptiveAvgPool2D(1, Name = "block.1.avgpool")] [Conv2D(Squeeze, 1, Name = "block.1.fc1")] [SiLU(Name = "block.1.activation")]
[Conv2D(Channels, 1, Name = "block.1.fc2")] [Sigmoid(Name = "block.1.scale_activation")] [Multiply("block.0.2", "block.1.scale_activation", Name = "block.1.scale")]
[Conv2D(Out, 1, Bias = false, Name = "block.2.0")] [BatchNorm(Name = "block.2.1")]
public static class MBConvDepthwise
{
    /// <summary>Channels in (the depthwise convolution's groups).</summary>
    public const int Channels = 32;

    /// <summary>Squeeze-and-excitation channels (a quarter of the block's input).</summary>
    public const int Squeeze = 8;

    /// <summary>Channels out.</summary>
    public const int Out = 16;
}

/// <summary>
/// An expanding <c>MBConv</c> without a shortcut (the first block of a stage): a 1×1 expansion to <c>Hidden</c>
/// (<c>block.0</c>, SiLU), a <c>Kernel</c>×<c>Kernel</c> depthwise convolution of stride <c>Stride</c> (<c>block.1</c>,
/// SiLU), squeeze-and-excitation to <c>Squeeze</c> (<c>block.2</c>), a linear 1×1 projection to <c>Out</c> (<c>block.3</c>).
/// </summary>
[Block]
[Conv2D(Hidden, 1, Bias = false, Name = "block.0.0")] [BatchNorm(Name = "block.0.1")] [SiLU(Name = "block.0.2")]
[Conv2D(Hidden, Kernel, Stride = Stride, Padding = Kernel / 2, Groups = Hidden, Bias = false, Name = "block.1.0")] [BatchNorm(Name = "block.1.1")] [SiLU(Name = "block.1.2")]
[AdaptiveAvgPool2D(1, Name = "block.2.avgpool")] [Conv2D(Squeeze, 1, Name = "block.2.fc1")] [SiLU(Name = "block.2.activation")]
[Conv2D(Hidden, 1, Name = "block.2.fc2")] [Sigmoid(Name = "block.2.scale_activation")] [Multiply("block.1.2", "block.2.scale_activation", Name = "block.2.scale")]
[Conv2D(Out, 1, Bias = false, Name = "block.3.0")] [BatchNorm(Name = "block.3.1")]
public static class MBConv
{
    /// <summary>Expanded channels (input × 6).</summary>
    public const int Hidden = 96;

    /// <summary>Squeeze-and-excitation channels (a quarter of the block's input).</summary>
    public const int Squeeze = 4;

    /// <summary>Channels out.</summary>
    public const int Out = 24;

    /// <summary>Depthwise kernel (3 or 5; padding Kernel / 2).</summary>
    public const int Kernel = 3;

    /// <summary>Stride of the depthwise convolution.</summary>
    public const int Stride = 2;
}

/// <summary>
/// An expanding <c>MBConv</c> with its shortcut (stride 1, <c>Out</c> channels in and out): <see cref="MBConv"/>'s
/// layers, stochastic depth of rate <c>Rate</c> on the residual branch (<c>stochastic_depth</c>, "row" mode; an
/// identity in eval), plus the block's input.
/// </summary>
[Block]
[Conv2D(Hidden, 1, Bias = false, Name = "block.0.0")] [BatchNorm(Name = "block.0.1")] [SiLU(Name = "block.0.2")]
[Conv2D(Hidden, Kernel, Padding = Kernel / 2, Groups = Hidden, Bias = false, Name = "block.1.0")] [BatchNorm(Name = "block.1.1")] [SiLU(Name = "block.1.2")]
[AdaptiveAvgPool2D(1, Name = "block.2.avgpool")] [Conv2D(Squeeze, 1, Name = "block.2.fc1")] [SiLU(Name = "block.2.activation")]
[Conv2D(Hidden, 1, Name = "block.2.fc2")] [Sigmoid(Name = "block.2.scale_activation")] [Multiply("block.1.2", "block.2.scale_activation", Name = "block.2.scale")]
[Conv2D(Out, 1, Bias = false, Name = "block.3.0")] [BatchNorm(Name = "block.3.1")]
[StochasticDepth(Rate, Name = "stochastic_depth")] [Add("input", Name = "add")]
public static class MBConvResidual
{
    /// <summary>Expanded channels (input × 6).</summary>
    public const int Hidden = 144;

    /// <summary>Squeeze-and-excitation channels (a quarter of the block's input).</summary>
    public const int Squeeze = 6;

    /// <summary>Channels in and out.</summary>
    public const int Out = 24;

    /// <summary>Depthwise kernel (3 or 5; padding Kernel / 2).</summary>
    public const int Kernel = 3;

    /// <summary>Stochastic-depth rate of the residual branch: 0.2 · (block index over the network) / 16.</summary>
    public const float Rate = 0f;
}

/// <summary>
/// torchvision's <c>efficientnet_b0</c>: a 3×3 stride-2 stem of 32 (<c>features.0</c>, SiLU), seven stages of MBConv
/// blocks (<c>features.1</c>–<c>features.7</c>: 16, 24, 40, 80, 112, 192, 320 channels; kernels 3, 3, 5, 3, 5, 5, 3;
/// strides 1, 2, 2, 2, 1, 2, 1; 1, 2, 2, 3, 3, 4, 1 blocks; expansion 6 after the first), a 1×1 convolution to 1280
/// (<c>features.8</c>), global average pooling, dropout 0.2 (an identity in eval), <c>classifier.1</c> (1000).
/// Residual blocks drop their branch with torchvision's rate 0.2 · k / 16 for the k-th block in training. 5.3 M parameters,
/// 0.39 G multiply-adds per 224×224 image.
/// </summary>
[Network(3, 224, 224)]
[Conv2D(32, 3, Stride = 2, Padding = 1, Bias = false, Name = "features.0.0")] [BatchNorm(Name = "features.0.1")] [SiLU(Name = "features.0.2")]
[Use(typeof(MBConvDepthwise), 32, 8, 16, Name = "features.1.0")]
[Use(typeof(MBConv), 96, 4, 24, 3, 2, Name = "features.2.0")] [Use(typeof(MBConvResidual), 144, 6, 24, 3, 0.2 * 2 / 16, Name = "features.2.1")]
[Use(typeof(MBConv), 144, 6, 40, 5, 2, Name = "features.3.0")] [Use(typeof(MBConvResidual), 240, 10, 40, 5, 0.2 * 4 / 16, Name = "features.3.1")]
[Use(typeof(MBConv), 240, 10, 80, 3, 2, Name = "features.4.0")] [Use(typeof(MBConvResidual), 480, 20, 80, 3, 0.2 * 6 / 16, Name = "features.4.1")]
[Use(typeof(MBConvResidual), 480, 20, 80, 3, 0.2 * 7 / 16, Name = "features.4.2")]
[Use(typeof(MBConv), 480, 20, 112, 5, 1, Name = "features.5.0")] [Use(typeof(MBConvResidual), 672, 28, 112, 5, 0.2 * 9 / 16, Name = "features.5.1")]
[Use(typeof(MBConvResidual), 672, 28, 112, 5, 0.2 * 10 / 16, Name = "features.5.2")]
[Use(typeof(MBConv), 672, 28, 192, 5, 2, Name = "features.6.0")] [Use(typeof(MBConvResidual), 1152, 48, 192, 5, 0.2 * 12 / 16, Name = "features.6.1")]
[Use(typeof(MBConvResidual), 1152, 48, 192, 5, 0.2 * 13 / 16, Name = "features.6.2")] [Use(typeof(MBConvResidual), 1152, 48, 192, 5, 0.2 * 14 / 16, Name = "features.6.3")]
[Use(typeof(MBConv), 1152, 48, 320, 3, 1, Name = "features.7.0")]
[Conv2D(1280, 1, Bias = false, Name = "features.8.0")] [BatchNorm(Name = "features.8.1")] [SiLU(Name = "features.8.2")]
[GlobalAvgPool(Name = "avgpool")] [Dropout(0.2, Name = "classifier.0")] [Dense(1000, Name = "classifier.1")]
[SoftmaxCrossEntropy]
public partial class EfficientNetB0;

/// <summary>
/// <see cref="EfficientNetB0"/> on 64×64 images without stochastic depth or dropout (every residual block's rate 0, no
/// <c>classifier.0</c>; torchvision's <c>efficientnet_b0(stochastic_depth_prob=0.0)</c> with an Identity for its dropout):
/// the same weight keys (32, 32, 16, 8, 4, 4, 2, 2 px), so one training step is deterministic and its gradients can be
/// compared with PyTorch's.
/// </summary>
[Network(3, 64, 64)]
[Conv2D(32, 3, Stride = 2, Padding = 1, Bias = false, Name = "features.0.0")] [BatchNorm(Name = "features.0.1")] [SiLU(Name = "features.0.2")]
[Use(typeof(MBConvDepthwise), 32, 8, 16, Name = "features.1.0")]
[Use(typeof(MBConv), 96, 4, 24, 3, 2, Name = "features.2.0")] [Use(typeof(MBConvResidual), 144, 6, 24, 3, 0.0, Name = "features.2.1")]
[Use(typeof(MBConv), 144, 6, 40, 5, 2, Name = "features.3.0")] [Use(typeof(MBConvResidual), 240, 10, 40, 5, 0.0, Name = "features.3.1")]
[Use(typeof(MBConv), 240, 10, 80, 3, 2, Name = "features.4.0")] [Use(typeof(MBConvResidual), 480, 20, 80, 3, 0.0, Name = "features.4.1")]
[Use(typeof(MBConvResidual), 480, 20, 80, 3, 0.0, Name = "features.4.2")]
[Use(typeof(MBConv), 480, 20, 112, 5, 1, Name = "features.5.0")] [Use(typeof(MBConvResidual), 672, 28, 112, 5, 0.0, Name = "features.5.1")]
[Use(typeof(MBConvResidual), 672, 28, 112, 5, 0.0, Name = "features.5.2")]
[Use(typeof(MBConv), 672, 28, 192, 5, 2, Name = "features.6.0")] [Use(typeof(MBConvResidual), 1152, 48, 192, 5, 0.0, Name = "features.6.1")]
[Use(typeof(MBConvResidual), 1152, 48, 192, 5, 0.0, Name = "features.6.2")] [Use(typeof(MBConvResidual), 1152, 48, 192, 5, 0.0, Name = "features.6.3")]
[Use(typeof(MBConv), 1152, 48, 320, 3, 1, Name = "features.7.0")]
[Conv2D(1280, 1, Bias = false, Name = "features.8.0")] [BatchNorm(Name = "features.8.1")] [SiLU(Name = "features.8.2")]
[GlobalAvgPool(Name = "avgpool")] [Dense(1000, Name = "classifier.1")]
[SoftmaxCrossEntropy]
public partial class EfficientNetB0At64;
