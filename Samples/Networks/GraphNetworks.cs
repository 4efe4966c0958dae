namespace CnnGen.Samples;

/// <summary>
/// torchvision's <c>BasicBlock</c> where the shape is kept: conv-BN-ReLU-conv-BN, plus the block's input, then ReLU
/// (<c>Planes</c> channels in and out). Its weight keys are <c>conv1.weight</c>, <c>bn1.weight</c>... under the use's name.
/// </summary>
[Block]
[Conv2D(Planes, 3, Padding = 1, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu")]
[Conv2D(Planes, 3, Padding = 1, Bias = false, Name = "conv2")] [BatchNorm(Name = "bn2")]
[Add("input", Name = "add")] [ReLU(Name = "relu2")]
public static class BasicBlock
{
    /// <summary>Channels in and out.</summary>
    public const int Planes = 64;
}

/// <summary>
/// torchvision's <c>BasicBlock</c> with its <c>downsample</c> projection: the first convolution has stride
/// <c>Stride</c> (3×3, padding 1), the shortcut is a 1×1 stride-<c>Stride</c> convolution and a batch norm
/// (<c>downsample.0</c>, <c>downsample.1</c>), so the sum has <c>Planes</c> channels at the reduced size.
/// </summary>
[Block]
[Conv2D(Planes, 3, Stride = Stride, Padding = 1, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu")]
[Conv2D(Planes, 3, Padding = 1, Bias = false, Name = "conv2")] [BatchNorm(Name = "bn2")]
[Conv2D(Planes, 1, Stride = Stride, Bias = false, Input = "input", Name = "downsample.0")] [BatchNorm(Name = "downsample.1")]
[Add("bn2", "downsample.1", Name = "add")] [ReLU(Name = "relu2")]
public static class DownsampleBlock
{
    /// <summary>Channels out.</summary>
    public const int Planes = 128;

    /// <summary>Stride of the first convolution and of the projection.</summary>
    public const int Stride = 2;
}

/// <summary>
/// ResNet-20 (He et al. 2016, the CIFAR topology) on a 1×28×28 image: a 3×3 stem of 16, three stages of three basic
/// blocks at 16/32/64 channels (28×28, 14×14, 7×7); the first block of stages 2 and 3 downsamples with a 3×3 stride-2
/// padding-1 convolution and a projection shortcut (1×1 stride-2 convolution + batch norm, torchvision's
/// <c>downsample</c>); global average pooling, Dense(10). 0.27 M parameters. Written with <see cref="BasicBlock"/> and
/// <see cref="DownsampleBlock"/>, so its weight keys are torchvision's (<c>layer2.0.downsample.0.weight</c>).
/// </summary>
[Network(1, 28, 28)]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu")]
[Use(typeof(BasicBlock), 16, Name = "layer1.0")] [Use(typeof(BasicBlock), 16, Name = "layer1.1")] [Use(typeof(BasicBlock), 16, Name = "layer1.2")]
[Use(typeof(DownsampleBlock), 32, 2, Name = "layer2.0")] [Use(typeof(BasicBlock), 32, Name = "layer2.1")] [Use(typeof(BasicBlock), 32, Name = "layer2.2")]
[Use(typeof(DownsampleBlock), 64, 2, Name = "layer3.0")] [Use(typeof(BasicBlock), 64, Name = "layer3.1")] [Use(typeof(BasicBlock), 64, Name = "layer3.2")]
[GlobalAvgPool(Name = "avgpool")] [Dense(10, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class ResNet20;

/// <summary>
/// A MobileNet-style network (Howard et al. 2017): a 3×3 stem, then depthwise-separable blocks, each a 3×3 depthwise
/// convolution (<c>Groups</c> = channels) and a 1×1 pointwise convolution, both followed by batch norm and ReLU6;
/// stride-2 depthwise convolutions halve 28×28 to 14×14 and 7×7; global average pooling, Dense(10).
/// </summary>
[Network(1, 28, 28)]
[Conv2D(32, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU6]
[Conv2D(32, 3, Padding = 1, Groups = 32, Bias = false)] [BatchNorm] [ReLU6] [Conv2D(64, 1, Bias = false)] [BatchNorm] [ReLU6]
[Conv2D(64, 3, Stride = 2, Padding = 1, Groups = 64, Bias = false)] [BatchNorm] [ReLU6] [Conv2D(128, 1, Bias = false)] [BatchNorm] [ReLU6]
[Conv2D(128, 3, Padding = 1, Groups = 128, Bias = false)] [BatchNorm] [ReLU6] [Conv2D(128, 1, Bias = false)] [BatchNorm] [ReLU6]
[Conv2D(128, 3, Stride = 2, Padding = 1, Groups = 128, Bias = false)] [BatchNorm] [ReLU6] [Conv2D(256, 1, Bias = false)] [BatchNorm] [ReLU6]
[Conv2D(256, 3, Padding = 1, Groups = 256, Bias = false)] [BatchNorm] [ReLU6] [Conv2D(256, 1, Bias = false)] [BatchNorm] [ReLU6]
[GlobalAvgPool] [Dense(10)]
[SoftmaxCrossEntropy]
public partial class MobileNet;

/// <summary>
/// An Inception-style network (Szegedy et al. 2015): a 3×3 stem and 2×2 pooling to 14×14, then two Inception modules,
/// each four parallel branches read from the same input (1×1; 1×1 then 3×3; 1×1 then 5×5; 3×3 max pooling then 1×1)
/// joined along channels by Concat, with 2×2 pooling between them (7×7); global average pooling, Dense(10).
/// </summary>
[Network(1, 28, 28)]
[Conv2D(32, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU] [MaxPool2D(2, Name = "stem")]
[Conv2D(16, 1, Input = "stem")] [ReLU(Name = "a_b1")]
[Conv2D(16, 1, Input = "stem")] [ReLU] [Conv2D(24, 3, Padding = 1)] [ReLU(Name = "a_b2")]
[Conv2D(4, 1, Input = "stem")] [ReLU] [Conv2D(8, 5, Padding = 2)] [ReLU(Name = "a_b3")]
[MaxPool2D(3, Stride = 1, Padding = 1, Input = "stem")] [Conv2D(8, 1)] [ReLU(Name = "a_b4")]
[Concat("a_b1", "a_b2", "a_b3", "a_b4", Name = "a")]                  // (56, 14, 14)
[MaxPool2D(2, Name = "a_pool")]
[Conv2D(32, 1, Input = "a_pool")] [ReLU(Name = "b_b1")]
[Conv2D(24, 1, Input = "a_pool")] [ReLU] [Conv2D(48, 3, Padding = 1)] [ReLU(Name = "b_b2")]
[Conv2D(8, 1, Input = "a_pool")] [ReLU] [Conv2D(16, 5, Padding = 2)] [ReLU(Name = "b_b3")]
[MaxPool2D(3, Stride = 1, Padding = 1, Input = "a_pool")] [Conv2D(16, 1)] [ReLU(Name = "b_b4")]
[Concat("b_b1", "b_b2", "b_b3", "b_b4", Name = "b")]                  // (112, 7, 7)
[GlobalAvgPool] [Dense(10)]
[SoftmaxCrossEntropy]
public partial class Inception;

/// <summary>
/// A small U-Net (Ronneberger et al. 2015) used as a classifier: an encoder (28×28 → 14×14 → 7×7), a decoder that
/// upsamples with a 2×2 stride-2 transposed convolution (7 → 14) and bilinear Upsample (14 → 28), each followed by a
/// Concat skip connection with the encoder features of the same size; the decoder's 16×28×28 map (where a
/// segmentation U-Net would put its 1×1 per-pixel head) is reduced by global average pooling and Dense(10).
/// </summary>
[Network(1, 28, 28)]
[Conv2D(16, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU(Name = "enc1")]                // (16, 28, 28)
[MaxPool2D(2)] [Conv2D(32, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU(Name = "enc2")] // (32, 14, 14)
[MaxPool2D(2)] [Conv2D(64, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU]                // (64, 7, 7)
[ConvTranspose2D(32, 2, Stride = 2)] [Concat("enc2")]                                        // (64, 14, 14)
[Conv2D(32, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU]
[Upsample(2, Bilinear = true)] [Conv2D(16, 1)] [Concat("enc1")]                              // (32, 28, 28)
[Conv2D(16, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU]
[GlobalAvgPool] [Dense(10)]
[SoftmaxCrossEntropy]
public partial class UNet;
