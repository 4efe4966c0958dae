namespace CnnGen.Samples.Zoo;

// torchvision's residual networks (resnet.py), declared with blocks so that every weight key is the key of
// torchvision's state_dict (`layer2.0.downsample.0.weight`): a state_dict saved from torchvision loads strictly.

/// <summary>
/// torchvision's <c>BasicBlock</c> where the shape is kept: conv-BN-ReLU-conv-BN, plus the block's input, then ReLU
/// (<c>Planes</c> channels in and out).
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
/// <c>Stride</c>, the shortcut is a 1×1 stride-<c>Stride</c> convolution and a batch norm (<c>downsample.0</c>,
/// <c>downsample.1</c>).
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
/// torchvision's <c>Bottleneck</c> (ResNet v1.5) where the shape is kept: 1×1 to <c>Width</c>, 3×3 in <c>Groups</c>
/// groups, 1×1 to <c>Out</c>, each with batch norm, plus the block's input, then ReLU. ResNet-50 has
/// <c>Width = planes</c>, ResNeXt-50 32×4d <c>2 · planes</c> in 32 groups, Wide ResNet-50-2 <c>2 · planes</c>;
/// always <c>Out = 4 · planes</c>.
/// </summary>
[Block]
[Conv2D(Width, 1, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu")]
[Conv2D(Width, 3, Padding = 1, Groups = Groups, Bias = false, Name = "conv2")] [BatchNorm(Name = "bn2")] [ReLU(Name = "relu1")]
[Conv2D(Out, 1, Bias = false, Name = "conv3")] [BatchNorm(Name = "bn3")]
[Add("input", Name = "add")] [ReLU(Name = "relu2")]
public static class Bottleneck
{
    /// <summary>Channels of the 1×1 and 3×3 convolutions.</summary>
    public const int Width = 64;

    /// <summary>Channels in and out.</summary>
    public const int Out = 256;

    /// <summary>Groups of the 3×3 convolution (ResNeXt's cardinality).</summary>
    public const int Groups = 1;
}

/// <summary>
/// torchvision's <c>Bottleneck</c> with its <c>downsample</c> projection (the first block of each stage): the 3×3
/// convolution has stride <c>Stride</c> (v1.5), the shortcut is a 1×1 stride-<c>Stride</c> convolution to
/// <c>Out</c> channels and a batch norm.
/// </summary>
[Block]
[Conv2D(Width, 1, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu")]
[Conv2D(Width, 3, Stride = Stride, Padding = 1, Groups = Groups, Bias = false, Name = "conv2")] [BatchNorm(Name = "bn2")] [ReLU(Name = "relu1")]
[Conv2D(Out, 1, Bias = false, Name = "conv3")] [BatchNorm(Name = "bn3")]
[Conv2D(Out, 1, Stride = Stride, Bias = false, Input = "input", Name = "downsample.0")] [BatchNorm(Name = "downsample.1")]
[Add("bn3", "downsample.1", Name = "add")] [ReLU(Name = "relu2")]
public static class BottleneckDownsample
{
    /// <summary>Channels of the 1×1 and 3×3 convolutions.</summary>
    public const int Width = 64;

    /// <summary>Channels out.</summary>
    public const int Out = 256;

    /// <summary>Stride of the 3×3 convolution and of the projection.</summary>
    public const int Stride = 1;

    /// <summary>Groups of the 3×3 convolution.</summary>
    public const int Groups = 1;
}

/// <summary>
/// torchvision's <c>resnet18</c>: a 7×7 stride-2 stem (<c>conv1</c>, <c>bn1</c>), 3×3 stride-2 max pooling, four
/// stages of two <see cref="BasicBlock"/>s at 64/128/256/512 channels (56, 28, 14, 7 px; the first block of stages
/// 2–4 is a <see cref="DownsampleBlock"/>), global average pooling (<c>avgpool</c>, torchvision's
/// <c>AdaptiveAvgPool2d(1)</c>), <c>fc</c> (1000). 11.7 M parameters, 1.82 G multiply-adds per 224×224 image.
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

/// <summary>
/// torchvision's <c>resnet50</c> (v1.5): the <see cref="ResNet18"/> stem, then 3, 4, 6 and 3 bottleneck blocks at
/// widths 64/128/256/512 (outputs 256/512/1024/2048 channels), global average pooling, <c>fc</c> (1000).
/// 25.6 M parameters, 4.1 G multiply-adds per 224×224 image.
/// </summary>
[Network(3, 224, 224)]
[Conv2D(64, 7, Stride = 2, Padding = 3, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu")]
[MaxPool2D(3, Stride = 2, Padding = 1, Name = "maxpool")]
[Use(typeof(BottleneckDownsample), 64, 256, 1, Name = "layer1.0")] [Use(typeof(Bottleneck), 64, 256, Name = "layer1.1")] [Use(typeof(Bottleneck), 64, 256, Name = "layer1.2")]
[Use(typeof(BottleneckDownsample), 128, 512, 2, Name = "layer2.0")] [Use(typeof(Bottleneck), 128, 512, Name = "layer2.1")]
[Use(typeof(Bottleneck), 128, 512, Name = "layer2.2")] [Use(typeof(Bottleneck), 128, 512, Name = "layer2.3")]
[Use(typeof(BottleneckDownsample), 256, 1024, 2, Name = "layer3.0")] [Use(typeof(Bottleneck), 256, 1024, Name = "layer3.1")]
[Use(typeof(Bottleneck), 256, 1024, Name = "layer3.2")] [Use(typeof(Bottleneck), 256, 1024, Name = "layer3.3")]
[Use(typeof(Bottleneck), 256, 1024, Name = "layer3.4")] [Use(typeof(Bottleneck), 256, 1024, Name = "layer3.5")]
[Use(typeof(BottleneckDownsample), 512, 2048, 2, Name = "layer4.0")] [Use(typeof(Bottleneck), 512, 2048, Name = "layer4.1")] [Use(typeof(Bottleneck), 512, 2048, Name = "layer4.2")]
[GlobalAvgPool(Name = "avgpool")] [Dense(1000, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class ResNet50;

/// <summary>
/// torchvision's <c>resnext50_32x4d</c>: <see cref="ResNet50"/>'s layout with bottleneck widths 128/256/512/1024 and
/// the 3×3 convolution in 32 groups (4 channels each at the first stage). 25.0 M parameters, 4.2 G multiply-adds per
/// 224×224 image.
/// </summary>
[Network(3, 224, 224)]
[Conv2D(64, 7, Stride = 2, Padding = 3, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu")]
[MaxPool2D(3, Stride = 2, Padding = 1, Name = "maxpool")]
[Use(typeof(BottleneckDownsample), 128, 256, 1, 32, Name = "layer1.0")] [Use(typeof(Bottleneck), 128, 256, 32, Name = "layer1.1")] [Use(typeof(Bottleneck), 128, 256, 32, Name = "layer1.2")]
[Use(typeof(BottleneckDownsample), 256, 512, 2, 32, Name = "layer2.0")] [Use(typeof(Bottleneck), 256, 512, 32, Name = "layer2.1")]
[Use(typeof(Bottleneck), 256, 512, 32, Name = "layer2.2")] [Use(typeof(Bottleneck), 256, 512, 32, Name = "layer2.3")]
[Use(typeof(BottleneckDownsample), 512, 1024, 2, 32, Name = "layer3.0")] [Use(typeof(Bottleneck), 512, 1024, 32, Name = "layer3.1")]
[Use(typeof(Bottleneck), 512, 1024, 32, Name = "layer3.2")] [Use(typeof(Bottleneck), 512, 1024, 32, Name = "layer3.3")]
[Use(typeof(Bottleneck), 512, 1024, 32, Name = "layer3.4")] [Use(typeof(Bottleneck), 512, 1024, 32, Name = "layer3.5")]
[Use(typeof(BottleneckDownsample), 1024, 2048, 2, 32, Name = "layer4.0")] [Use(typeof(Bottleneck), 1024, 2048, 32, Name = "layer4.1")] [Use(typeof(Bottleneck), 1024, 2048, 32, Name = "layer4.2")]
[GlobalAvgPool(Name = "avgpool")] [Dense(1000, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class ResNeXt50_32x4d;

/// <summary>
/// torchvision's <c>wide_resnet50_2</c>: <see cref="ResNet50"/>'s layout with bottleneck widths doubled
/// (128/256/512/1024; outputs still 256/512/1024/2048). 68.9 M parameters, 11.4 G multiply-adds per 224×224 image.
/// </summary>
[Network(3, 224, 224)]
[Conv2D(64, 7, Stride = 2, Padding = 3, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu")]
[MaxPool2D(3, Stride = 2, Padding = 1, Name = "maxpool")]
[Use(typeof(BottleneckDownsample), 128, 256, 1, Name = "layer1.0")] [Use(typeof(Bottleneck), 128, 256, Name = "layer1.1")] [Use(typeof(Bottleneck), 128, 256, Name = "layer1.2")]
[Use(typeof(BottleneckDownsample), 256, 512, 2, Name = "layer2.0")] [Use(typeof(Bottleneck), 256, 512, Name = "layer2.1")]
[Use(typeof(Bottleneck), 256, 512, Name = "layer2.2")] [Use(typeof(Bottleneck), 256, 512, Name = "layer2.3")]
[Use(typeof(BottleneckDownsample), 512, 1024, 2, Name = "layer3.0")] [Use(typeof(Bottleneck), 512, 1024, Name = "layer3.1")]
[Use(typeof(Bottleneck), 512, 1024, Name = "layer3.2")] [Use(typeof(Bottleneck), 512, 1024, Name = "layer3.3")]
[Use(typeof(Bottleneck), 512, 1024, Name = "layer3.4")] [Use(typeof(Bottleneck), 512, 1024, Name = "layer3.5")]
[Use(typeof(BottleneckDownsample), 1024, 2048, 2, Name = "layer4.0")] [Use(typeof(Bottleneck), 1024, 2048, Name = "layer4.1")] [Use(typeof(Bottleneck), 1024, 2048, Name = "layer4.2")]
[GlobalAvgPool(Name = "avgpool")] [Dense(1000, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class WideResNet50_2;
