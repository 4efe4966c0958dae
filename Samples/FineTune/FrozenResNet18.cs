namespace CnnGen.Samples.FineTune;

// torchvision's resnet18 at 3×32×32 with torchvision's state_dict keys (as Samples/Zoo/ResNets.cs declares it), its
// backbone frozen: every convolution and batch norm is Trainable = false and every batch norm Frozen = true (eval-mode
// running statistics in training too, as after `model.eval()` on the backbone in PyTorch). Only `head` trains.

/// <summary>Samples/Zoo's <c>BasicBlock</c> (torchvision's, shape kept: <c>Planes</c> channels in and out), frozen.</summary>
[Block]
[Conv2D(Planes, 3, Padding = 1, Bias = false, Trainable = false, Name = "conv1")] [BatchNorm(Frozen = true, Trainable = false, Name = "bn1")] [ReLU(Name = "relu")]
[Conv2D(Planes, 3, Padding = 1, Bias = false, Trainable = false, Name = "conv2")] [BatchNorm(Frozen = true, Trainable = false, Name = "bn2")]
[Add("input", Name = "add")] [ReLU(Name = "relu2")]
public static class FrozenBasicBlock
{
    /// <summary>Channels in and out.</summary>
    public const int Planes = 64;
}

/// <summary>
/// Samples/Zoo's <c>DownsampleBlock</c> (torchvision's <c>BasicBlock</c> with its stride-2 <c>downsample</c>
/// projection to <c>Planes</c> channels), frozen.
/// </summary>
[Block]
[Conv2D(Planes, 3, Stride = 2, Padding = 1, Bias = false, Trainable = false, Name = "conv1")] [BatchNorm(Frozen = true, Trainable = false, Name = "bn1")] [ReLU(Name = "relu")]
[Conv2D(Planes, 3, Padding = 1, Bias = false, Trainable = false, Name = "conv2")] [BatchNorm(Frozen = true, Trainable = false, Name = "bn2")]
[Conv2D(Planes, 1, Stride = 2, Bias = false, Input = "input", Trainable = false, Name = "downsample.0")] [BatchNorm(Frozen = true, Trainable = false, Name = "downsample.1")]
[Add("bn2", "downsample.1", Name = "add")] [ReLU(Name = "relu2")]
public static class FrozenDownsampleBlock
{
    /// <summary>Channels out.</summary>
    public const int Planes = 128;
}

/// <summary>
/// torchvision's <c>resnet18</c> on 3×32×32 images (stages at 8, 4, 2, 1 px), backbone frozen, with a new 10-class
/// <c>head</c> (a <c>Dense</c>, PyTorch's <c>nn.Linear(512, 10)</c>) where torchvision has <c>fc</c>: loading a torchvision
/// state_dict with <c>strict: false</c> fills the backbone, reports <c>fc.*</c> unexpected and <c>head.*</c> missing.
/// </summary>
[Network(3, 32, 32)]
[Conv2D(64, 7, Stride = 2, Padding = 3, Bias = false, Trainable = false, Name = "conv1")] [BatchNorm(Frozen = true, Trainable = false, Name = "bn1")] [ReLU(Name = "relu")]
[MaxPool2D(3, Stride = 2, Padding = 1, Name = "maxpool")]
[Use(typeof(FrozenBasicBlock), 64, Name = "layer1.0")] [Use(typeof(FrozenBasicBlock), 64, Name = "layer1.1")]
[Use(typeof(FrozenDownsampleBlock), 128, Name = "layer2.0")] [Use(typeof(FrozenBasicBlock), 128, Name = "layer2.1")]
[Use(typeof(FrozenDownsampleBlock), 256, Name = "layer3.0")] [Use(typeof(FrozenBasicBlock), 256, Name = "layer3.1")]
[Use(typeof(FrozenDownsampleBlock), 512, Name = "layer4.0")] [Use(typeof(FrozenBasicBlock), 512, Name = "layer4.1")]
[GlobalAvgPool(Name = "avgpool")] [Dense(10, Name = "head")]
[SoftmaxCrossEntropy]
public partial class FrozenResNet18;
