namespace CnnGen.Samples;

// torchvision's ImageNet classifiers (3×224×224 → 1000 classes), declared with blocks so that every weight key is the
// key of torchvision's state_dict (`layer2.0.downsample.0.weight`, `features.3.conv.1.0.weight`): a state_dict saved
// from torchvision loads strictly. The real-scale benchmarks of tools/bench/compare.sh run them.

/// <summary>
/// torchvision's <c>resnet18</c>: a 7×7 stride-2 stem (<c>conv1</c>, <c>bn1</c>), 3×3 stride-2 max pooling, four
/// stages of two <see cref="BasicBlock"/>s at 64/128/256/512 channels (56, 28, 14, 7 px; the first block of stages
/// 2–4 is a <see cref="DownsampleBlock"/>), global average pooling, <c>fc</c> (1000). 11.7 M parameters, 1.82 GFLOP
/// (multiply-adds × 2) per 224×224 image.
/// </summary>
[Network(3, 224, 224)]
[Conv2D(64, 7, Stride = 2, Padding = 3, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu")]
[MaxPool2D(3, Stride = 2, Padding = 1, Name = "maxpool")]
[Use(typeof(BasicBlock), 64, Name = "layer1.0")] [Use(typeof(BasicBlock), 64, Name = "layer1.1")]
[Use(typeof(DownsampleBlock), 128, 2, Name = "layer2.0")] [Use(typeof(BasicBlock), 128, Name = "layer2.1")]
[Use(typeof(DownsampleBlock), 256, 2, Name = "layer3.0")] [Use(typeof(BasicBlock), 256, Name = "layer3.1")]
[Use(typeof(DownsampleBlock), 512, 2, Name = "layer4.0")] [Use(typeof(BasicBlock), 512, Name = "layer4.1")]
[GlobalAvgPool(Name = "avgpool")] [Dense(1000, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class ResNet18;

/// <summary>
/// torchvision's <c>Bottleneck</c> (ResNet v1.5) where the shape is kept: 1×1 to <c>Width</c>, 3×3, 1×1 to
/// <c>Width · 4</c>, each with batch norm, plus the block's input, then ReLU.
/// </summary>
[Block]
[Conv2D(Width, 1, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu")]
[Conv2D(Width, 3, Padding = 1, Bias = false, Name = "conv2")] [BatchNorm(Name = "bn2")] [ReLU(Name = "relu1")]
[Conv2D(Width * 4, 1, Bias = false, Name = "conv3")] [BatchNorm(Name = "bn3")]
[Add("input", Name = "add")] [ReLU(Name = "relu2")]
public static class Bottleneck
{
    /// <summary>Channels of the 1×1 and 3×3 convolutions (the output has four times as many).</summary>
    public const int Width = 64;
}

/// <summary>
/// torchvision's <c>Bottleneck</c> with its <c>downsample</c> projection (the first block of each stage): the 3×3
/// convolution has stride <c>Stride</c> (v1.5), the shortcut is a 1×1 stride-<c>Stride</c> convolution to
/// <c>Width · 4</c> channels and a batch norm.
/// </summary>
[Block]
[Conv2D(Width, 1, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu")]
[Conv2D(Width, 3, Stride = Stride, Padding = 1, Bias = false, Name = "conv2")] [BatchNorm(Name = "bn2")] [ReLU(Name = "relu1")]
[Conv2D(Width * 4, 1, Bias = false, Name = "conv3")] [BatchNorm(Name = "bn3")]
[Conv2D(Width * 4, 1, Stride = Stride, Bias = false, Input = "input", Name = "downsample.0")] [BatchNorm(Name = "downsample.1")]
[Add("bn3", "downsample.1", Name = "add")] [ReLU(Name = "relu2")]
public static class BottleneckDownsample
{
    /// <summary>Channels of the 1×1 and 3×3 convolutions (the output has four times as many).</summary>
    public const int Width = 64;

    /// <summary>Stride of the 3×3 convolution and of the projection.</summary>
    public const int Stride = 1;
}

/// <summary>
/// torchvision's <c>resnet50</c> (v1.5): the <see cref="ResNet18"/> stem, then 3, 4, 6 and 3 bottleneck blocks at
/// widths 64/128/256/512 (outputs 256/512/1024/2048 channels), global average pooling, <c>fc</c> (1000).
/// 25.6 M parameters, 8.2 GFLOP per 224×224 image.
/// </summary>
[Network(3, 224, 224)]
[Conv2D(64, 7, Stride = 2, Padding = 3, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu")]
[MaxPool2D(3, Stride = 2, Padding = 1, Name = "maxpool")]
[Use(typeof(BottleneckDownsample), 64, 1, Name = "layer1.0")] [Use(typeof(Bottleneck), 64, Name = "layer1.1")] [Use(typeof(Bottleneck), 64, Name = "layer1.2")]
[Use(typeof(BottleneckDownsample), 128, 2, Name = "layer2.0")] [Use(typeof(Bottleneck), 128, Name = "layer2.1")]
[Use(typeof(Bottleneck), 128, Name = "layer2.2")] [Use(typeof(Bottleneck), 128, Name = "layer2.3")]
[Use(typeof(BottleneckDownsample), 256, 2, Name = "layer3.0")] [Use(typeof(Bottleneck), 256, Name = "layer3.1")]
[Use(typeof(Bottleneck), 256, Name = "layer3.2")] [Use(typeof(Bottleneck), 256, Name = "layer3.3")]
[Use(typeof(Bottleneck), 256, Name = "layer3.4")] [Use(typeof(Bottleneck), 256, Name = "layer3.5")]
[Use(typeof(BottleneckDownsample), 512, 2, Name = "layer4.0")] [Use(typeof(Bottleneck), 512, Name = "layer4.1")] [Use(typeof(Bottleneck), 512, Name = "layer4.2")]
[GlobalAvgPool(Name = "avgpool")] [Dense(1000, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class ResNet50;

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
/// <see cref="ResNet18"/> on 112×112 images (torchvision's <c>resnet18</c> is size-agnostic: the same layers and weight
/// keys, 28/14/7/4 px stages): the real-scale training benchmark's network (batch 8).
/// </summary>
[Network(3, 112, 112)]
[Conv2D(64, 7, Stride = 2, Padding = 3, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu")]
[MaxPool2D(3, Stride = 2, Padding = 1, Name = "maxpool")]
[Use(typeof(BasicBlock), 64, Name = "layer1.0")] [Use(typeof(BasicBlock), 64, Name = "layer1.1")]
[Use(typeof(DownsampleBlock), 128, 2, Name = "layer2.0")] [Use(typeof(BasicBlock), 128, Name = "layer2.1")]
[Use(typeof(DownsampleBlock), 256, 2, Name = "layer3.0")] [Use(typeof(BasicBlock), 256, Name = "layer3.1")]
[Use(typeof(DownsampleBlock), 512, 2, Name = "layer4.0")] [Use(typeof(BasicBlock), 512, Name = "layer4.1")]
[GlobalAvgPool(Name = "avgpool")] [Dense(1000, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class ResNet18At112;
