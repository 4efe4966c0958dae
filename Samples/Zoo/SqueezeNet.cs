namespace CnnGen.Samples.Zoo;

/// <summary>
/// SqueezeNet's <c>Fire</c> module: a 1×1 squeeze to <c>Squeeze</c> channels (<c>squeeze</c>, ReLU), then two expand
/// branches reading it, a 1×1 to <c>Expand1</c> (<c>expand1x1</c>, ReLU) and a 3×3 (padding 1) to <c>Expand3</c>
/// (<c>expand3x3</c>, ReLU), joined along channels. Convolutions have biases.
/// </summary>
[Block]
[Conv2D(Squeeze, 1, Name = "squeeze")] [ReLU(Name = "squeeze_activation")]
[Conv2D(Expand1, 1, Name = "expand1x1")] [ReLU(Name = "expand1x1_activation")]
[Conv2D(Expand3, 3, Padding = 1, Input = "squeeze_activation", Name = "expand3x3")] [ReLU(Name = "expand3x3_activation")]
[Concat("expand1x1_activation", "expand3x3_activation", Name = "cat")]
public static class Fire
{
    /// <summary>Squeeze channels.</summary>
    public const int Squeeze = 16;

    /// <summary>Channels of the 1×1 expand branch.</summary>
    public const int Expand1 = 64;

    /// <summary>Channels of the 3×3 expand branch.</summary>
    public const int Expand3 = 64;
}

/// <summary>
/// torchvision's <c>squeezenet1_1</c>: a 3×3 stride-2 convolution of 64 without padding (<c>features.0</c>, ReLU),
/// 3×3 stride-2 ceil-mode max pools (<c>features.2</c>, <c>.5</c>, <c>.8</c>) between eight <c>Fire</c> modules
/// (<c>features.3</c>–<c>features.12</c>), dropout 0.5 (an identity in eval), a 1×1 convolution to 1000 classes
/// (<c>classifier.1</c>, ReLU) and global average pooling (torchvision's <c>AdaptiveAvgPool2d((1, 1))</c> and flatten).
/// The stem's stride drops the last input row and column (CNN0203, an Info). 1.2 M parameters, 0.35 G multiply-adds
/// per 224×224 image.
/// </summary>
[Network(3, 224, 224)]
[Conv2D(64, 3, Stride = 2, Name = "features.0")] [ReLU(Name = "features.1")] [MaxPool2D(3, Stride = 2, CeilMode = true, Name = "features.2")]
[Use(typeof(Fire), 16, 64, 64, Name = "features.3")] [Use(typeof(Fire), 16, 64, 64, Name = "features.4")]
[MaxPool2D(3, Stride = 2, CeilMode = true, Name = "features.5")]
[Use(typeof(Fire), 32, 128, 128, Name = "features.6")] [Use(typeof(Fire), 32, 128, 128, Name = "features.7")]
[MaxPool2D(3, Stride = 2, CeilMode = true, Name = "features.8")]
[Use(typeof(Fire), 48, 192, 192, Name = "features.9")] [Use(typeof(Fire), 48, 192, 192, Name = "features.10")]
[Use(typeof(Fire), 64, 256, 256, Name = "features.11")] [Use(typeof(Fire), 64, 256, 256, Name = "features.12")]
[Dropout(0.5, Name = "classifier.0")] [Conv2D(1000, 1, Name = "classifier.1")] [ReLU(Name = "classifier.2")]
[GlobalAvgPool(Name = "classifier.3")]
[SoftmaxCrossEntropy]
public partial class SqueezeNet1_1;
