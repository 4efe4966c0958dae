namespace CnnGen.Samples.Zoo;

/// <summary>
/// MobileNetV2's first <c>InvertedResidual</c> (expansion 1): a 3×3 depthwise convolution over <c>Channels</c>
/// (<c>conv.0</c>: conv, BN, ReLU6), then a linear 1×1 projection to <c>Out</c> (<c>conv.1</c>, <c>conv.2</c>).
/// </summary>
[Block]
[Conv2D(Channels, 3, Padding = 1, Groups = Channels, Bias = false, Name = "conv.0.0")] [BatchNorm(Name = "conv.0.1")] [ReLU6(Name = "conv.0.2")]
[Conv2D(Out, 1, Bias = false, Name = "conv.1")] [BatchNorm(Name = "conv.2")]
public static class DepthwiseProjection
{
    /// <summary>Input channels (the depthwise convolution's groups).</summary>
    public const int Channels = 32;

    /// <summary>Output channels.</summary>
    public const int Out = 16;
}

/// <summary>
/// MobileNetV2's <c>InvertedResidual</c> without a shortcut: a 1×1 expansion to <c>Hidden</c> channels (<c>conv.0</c>:
/// conv, BN, ReLU6), a 3×3 depthwise convolution of stride <c>Stride</c> (<c>conv.1</c>), a linear 1×1 projection to
/// <c>Out</c> (<c>conv.2</c>, <c>conv.3</c>).
/// </summary>
[Block]
[Conv2D(Hidden, 1, Bias = false, Name = "conv.0.0")] [BatchNorm(Name = "conv.0.1")] [ReLU6(Name = "conv.0.2")]
[Conv2D(Hidden, 3, Stride = Stride, Padding = 1, Groups = Hidden, Bias = false, Name = "conv.1.0")] [BatchNorm(Name = "conv.1.1")] [ReLU6(Name = "conv.1.2")]
[Conv2D(Out, 1, Bias = false, Name = "conv.2")] [BatchNorm(Name = "conv.3")]
public static class InvertedResidual
{
    /// <summary>Expanded channels (input channels × 6).</summary>
    public const int Hidden = 96;

    /// <summary>Output channels.</summary>
    public const int Out = 24;

    /// <summary>Stride of the depthwise convolution.</summary>
    public const int Stride = 2;
}

/// <summary>
/// MobileNetV2's <c>InvertedResidual</c> with its shortcut (stride 1, as many channels out as in): expansion to
/// <c>Hidden</c>, 3×3 depthwise, linear projection back to <c>Out</c>, plus the block's input.
/// </summary>
[Block]
[Conv2D(Hidden, 1, Bias = false, Name = "conv.0.0")] [BatchNorm(Name = "conv.0.1")] [ReLU6(Name = "conv.0.2")]
[Conv2D(Hidden, 3, Padding = 1, Groups = Hidden, Bias = false, Name = "conv.1.0")] [BatchNorm(Name = "conv.1.1")] [ReLU6(Name = "conv.1.2")]
[Conv2D(Out, 1, Bias = false, Name = "conv.2")] [BatchNorm(Name = "conv.3")]
[Add("input", Name = "add")]
public static class InvertedResidualShortcut
{
    /// <summary>Expanded channels (input channels × 6).</summary>
    public const int Hidden = 144;

    /// <summary>Input and output channels.</summary>
    public const int Out = 24;
}

/// <summary>
/// torchvision's <c>mobilenet_v2</c>: a 3×3 stride-2 stem of 32 (<c>features.0</c>), 17 inverted residual blocks
/// (<c>features.1</c>–<c>features.17</c>; expansion 6, settings (16,1,1), (24,2,2), (32,3,2), (64,4,2), (96,3,1),
/// (160,3,2), (320,1,1)), a 1×1 convolution to 1280 (<c>features.18</c>), global average pooling, dropout 0.2 and
/// <c>classifier.1</c> (1000). ReLU6 throughout; depthwise convolutions via <c>Groups</c>. 3.5 M parameters,
/// 0.6 GFLOP per 224×224 image.
/// </summary>
[Network(3, 224, 224)]
[Conv2D(32, 3, Stride = 2, Padding = 1, Bias = false, Name = "features.0.0")] [BatchNorm(Name = "features.0.1")] [ReLU6(Name = "features.0.2")]
[Use(typeof(DepthwiseProjection), 32, 16, Name = "features.1")]
[Use(typeof(InvertedResidual), 96, 24, 2, Name = "features.2")] [Use(typeof(InvertedResidualShortcut), 144, 24, Name = "features.3")]
[Use(typeof(InvertedResidual), 144, 32, 2, Name = "features.4")] [Use(typeof(InvertedResidualShortcut), 192, 32, Name = "features.5")]
[Use(typeof(InvertedResidualShortcut), 192, 32, Name = "features.6")]
[Use(typeof(InvertedResidual), 192, 64, 2, Name = "features.7")] [Use(typeof(InvertedResidualShortcut), 384, 64, Name = "features.8")]
[Use(typeof(InvertedResidualShortcut), 384, 64, Name = "features.9")] [Use(typeof(InvertedResidualShortcut), 384, 64, Name = "features.10")]
[Use(typeof(InvertedResidual), 384, 96, 1, Name = "features.11")] [Use(typeof(InvertedResidualShortcut), 576, 96, Name = "features.12")]
[Use(typeof(InvertedResidualShortcut), 576, 96, Name = "features.13")]
[Use(typeof(InvertedResidual), 576, 160, 2, Name = "features.14")] [Use(typeof(InvertedResidualShortcut), 960, 160, Name = "features.15")]
[Use(typeof(InvertedResidualShortcut), 960, 160, Name = "features.16")]
[Use(typeof(InvertedResidual), 960, 320, 1, Name = "features.17")]
[Conv2D(1280, 1, Bias = false, Name = "features.18.0")] [BatchNorm(Name = "features.18.1")] [ReLU6(Name = "features.18.2")]
[GlobalAvgPool] [Dropout(0.2, Name = "classifier.0")] [Dense(1000, Name = "classifier.1")]
[SoftmaxCrossEntropy]
public partial class MobileNetV2;

/// <summary>
/// MNASNet's <c>_InvertedResidual</c> without a shortcut (the first block of a stack): a 1×1 expansion to
/// <c>Hidden</c> (<c>layers.0</c>–<c>layers.2</c>: conv, BN, ReLU), a <c>Kernel</c>×<c>Kernel</c> depthwise
/// convolution of stride <c>Stride</c> (<c>layers.3</c>–<c>layers.5</c>), a linear 1×1 projection to <c>Out</c>
/// (<c>layers.6</c>, <c>layers.7</c>).
/// </summary>
[Block]
[Conv2D(Hidden, 1, Bias = false, Name = "layers.0")] [BatchNorm(Name = "layers.1")] [ReLU(Name = "layers.2")]
[Conv2D(Hidden, Kernel, Stride = Stride, Padding = Kernel / 2, Groups = Hidden, Bias = false, Name = "layers.3")] [BatchNorm(Name = "layers.4")] [ReLU(Name = "layers.5")]
[Conv2D(Out, 1, Bias = false, Name = "layers.6")] [BatchNorm(Name = "layers.7")]
public static class MnasInvertedResidual
{
    /// <summary>Expanded channels.</summary>
    public const int Hidden = 48;

    /// <summary>Output channels.</summary>
    public const int Out = 24;

    /// <summary>Depthwise kernel size (3 or 5; padding Kernel / 2).</summary>
    public const int Kernel = 3;

    /// <summary>Stride of the depthwise convolution.</summary>
    public const int Stride = 2;
}

/// <summary>
/// MNASNet's <c>_InvertedResidual</c> with its shortcut (stride 1, <c>Out</c> channels in and out): expansion to
/// <c>Hidden</c>, <c>Kernel</c>×<c>Kernel</c> depthwise, linear projection, plus the block's input.
/// </summary>
[Block]
[Conv2D(Hidden, 1, Bias = false, Name = "layers.0")] [BatchNorm(Name = "layers.1")] [ReLU(Name = "layers.2")]
[Conv2D(Hidden, Kernel, Padding = Kernel / 2, Groups = Hidden, Bias = false, Name = "layers.3")] [BatchNorm(Name = "layers.4")] [ReLU(Name = "layers.5")]
[Conv2D(Out, 1, Bias = false, Name = "layers.6")] [BatchNorm(Name = "layers.7")]
[Add("input", Name = "add")]
public static class MnasInvertedResidualShortcut
{
    /// <summary>Expanded channels.</summary>
    public const int Hidden = 72;

    /// <summary>Channels in and out.</summary>
    public const int Out = 24;

    /// <summary>Depthwise kernel size (3 or 5; padding Kernel / 2).</summary>
    public const int Kernel = 3;
}

/// <summary>
/// torchvision's <c>mnasnet1_0</c>: a 3×3 stride-2 stem of 32 (<c>layers.0</c>–<c>layers.2</c>), a depthwise 3×3 and a
/// linear 1×1 to 16 (<c>layers.3</c>–<c>layers.7</c>), six stacks of inverted residuals (<c>layers.8</c>–<c>layers.13</c>:
/// 24, 40, 80, 96, 192, 320 channels; kernels 3, 5, 5, 3, 5, 3; expansion 3, 3, 6, 6, 6, 6; 3, 3, 3, 2, 4, 1 blocks),
/// a 1×1 convolution to 1280 (<c>layers.14</c>–<c>layers.16</c>), the spatial mean (global average pooling), dropout
/// 0.2 (an identity in eval) and <c>classifier.1</c> (1000). 4.4 M parameters, 0.31 G multiply-adds per 224×224 image.
/// </summary>
[Network(3, 224, 224)]
[Conv2D(32, 3, Stride = 2, Padding = 1, Bias = false, Name = "layers.0")] [BatchNorm(Name = "layers.1")] [ReLU(Name = "layers.2")]
[Conv2D(32, 3, Padding = 1, Groups = 32, Bias = false, Name = "layers.3")] [BatchNorm(Name = "layers.4")] [ReLU(Name = "layers.5")]
[Conv2D(16, 1, Bias = false, Name = "layers.6")] [BatchNorm(Name = "layers.7")]
[Use(typeof(MnasInvertedResidual), 48, 24, 3, 2, Name = "layers.8.0")]
[Use(typeof(MnasInvertedResidualShortcut), 72, 24, 3, Name = "layers.8.1")] [Use(typeof(MnasInvertedResidualShortcut), 72, 24, 3, Name = "layers.8.2")]
[Use(typeof(MnasInvertedResidual), 72, 40, 5, 2, Name = "layers.9.0")]
[Use(typeof(MnasInvertedResidualShortcut), 120, 40, 5, Name = "layers.9.1")] [Use(typeof(MnasInvertedResidualShortcut), 120, 40, 5, Name = "layers.9.2")]
[Use(typeof(MnasInvertedResidual), 240, 80, 5, 2, Name = "layers.10.0")]
[Use(typeof(MnasInvertedResidualShortcut), 480, 80, 5, Name = "layers.10.1")] [Use(typeof(MnasInvertedResidualShortcut), 480, 80, 5, Name = "layers.10.2")]
[Use(typeof(MnasInvertedResidual), 480, 96, 3, 1, Name = "layers.11.0")]
[Use(typeof(MnasInvertedResidualShortcut), 576, 96, 3, Name = "layers.11.1")]
[Use(typeof(MnasInvertedResidual), 576, 192, 5, 2, Name = "layers.12.0")]
[Use(typeof(MnasInvertedResidualShortcut), 1152, 192, 5, Name = "layers.12.1")] [Use(typeof(MnasInvertedResidualShortcut), 1152, 192, 5, Name = "layers.12.2")]
[Use(typeof(MnasInvertedResidualShortcut), 1152, 192, 5, Name = "layers.12.3")]
[Use(typeof(MnasInvertedResidual), 1152, 320, 3, 1, Name = "layers.13.0")]
[Conv2D(1280, 1, Bias = false, Name = "layers.14")] [BatchNorm(Name = "layers.15")] [ReLU(Name = "layers.16")]
[GlobalAvgPool(Name = "mean")] [Dropout(0.2, Name = "classifier.0")] [Dense(1000, Name = "classifier.1")]
[SoftmaxCrossEntropy]
public partial class MnasNet1_0;
