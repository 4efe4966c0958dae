namespace CnnGen.Samples.Zoo;

// torchvision's RegNet (regnet.py): ResBottleneckBlocks with bottleneck ratio 1 under the keys `trunk_output.blockS.blockS-I`
// (the `-` is part of torchvision's names). Each block is `f.a` (1×1, BN, ReLU), `f.b` (3×3 grouped convolution, BN, ReLU),
// in RegNetY a squeeze-and-excitation `f.se` (fc1, ReLU, fc2, sigmoid, channel-wise product), `f.c` (1×1, BN), plus the
// input (or its `proj`ection, a 1×1 stride-2 convolution and BN, in a stage's first block), then ReLU.

/// <summary>RegNetX's <c>ResBottleneckBlock</c>, the first block of a stage: stride 2 in <c>f.b</c>, shortcut through <c>proj</c>; <c>Width</c> channels out, groups of width <c>Width / Groups</c>.</summary>
[Block]
[Conv2D(Width, 1, Bias = false, Name = "f.a.0")] [BatchNorm(Name = "f.a.1")] [ReLU(Name = "f.a.2")]
[Conv2D(Width, 3, Stride = 2, Padding = 1, Groups = Groups, Bias = false, Name = "f.b.0")] [BatchNorm(Name = "f.b.1")] [ReLU(Name = "f.b.2")]
[Conv2D(Width, 1, Bias = false, Name = "f.c.0")] [BatchNorm(Name = "f.c.1")]
[Conv2D(Width, 1, Stride = 2, Bias = false, Input = "input", Name = "proj.0")] [BatchNorm(Name = "proj.1")] [Add("f.c.1", Name = "add")]
[ReLU(Name = "activation")]
public static class RegNetXBlockDownsample
{
    /// <summary>Channels out (and of every convolution).</summary>
    public const int Width = 64;

    /// <summary>Groups of the 3×3 convolution.</summary>
    public const int Groups = 4;
}

/// <summary>RegNetX's <c>ResBottleneckBlock</c>, a stride-1 block with an identity shortcut; <c>Width</c> channels out, groups of width <c>Width / Groups</c>.</summary>
[Block]
[Conv2D(Width, 1, Bias = false, Name = "f.a.0")] [BatchNorm(Name = "f.a.1")] [ReLU(Name = "f.a.2")]
[Conv2D(Width, 3, Padding = 1, Groups = Groups, Bias = false, Name = "f.b.0")] [BatchNorm(Name = "f.b.1")] [ReLU(Name = "f.b.2")]
[Conv2D(Width, 1, Bias = false, Name = "f.c.0")] [BatchNorm(Name = "f.c.1")]
[Add("input", Name = "add")]
[ReLU(Name = "activation")]
public static class RegNetXBlock
{
    /// <summary>Channels out (and of every convolution).</summary>
    public const int Width = 64;

    /// <summary>Groups of the 3×3 convolution.</summary>
    public const int Groups = 4;
}

/// <summary>RegNetY's <c>ResBottleneckBlock</c>, the first block of a stage: stride 2 in <c>f.b</c>, shortcut through <c>proj</c>; <c>Width</c> channels out, groups of width <c>Width / Groups</c>, squeeze-and-excitation to <c>Squeeze</c>.</summary>
[Block]
[Conv2D(Width, 1, Bias = false, Name = "f.a.0")] [BatchNorm(Name = "f.a.1")] [ReLU(Name = "f.a.2")]
[Conv2D(Width, 3, Stride = 2, Padding = 1, Groups = Groups, Bias = false, Name = "f.b.0")] [BatchNorm(Name = "f.b.1")] [ReLU(Name = "f.b.2")]
[AdaptiveAvgPool2D(1, Name = "f.se.avgpool")] [Conv2D(Squeeze, 1, Name = "f.se.fc1")] [ReLU(Name = "f.se.activation")]
[Conv2D(Width, 1, Name = "f.se.fc2")] [Sigmoid(Name = "f.se.scale_activation")] [Multiply("f.b.2", "f.se.scale_activation", Name = "f.se.scale")]
[Conv2D(Width, 1, Bias = false, Name = "f.c.0")] [BatchNorm(Name = "f.c.1")]
[Conv2D(Width, 1, Stride = 2, Bias = false, Input = "input", Name = "proj.0")] [BatchNorm(Name = "proj.1")] [Add("f.c.1", Name = "add")]
[ReLU(Name = "activation")]
public static class RegNetYBlockDownsample
{
    /// <summary>Channels out (and of every convolution).</summary>
    public const int Width = 64;

    /// <summary>Groups of the 3×3 convolution.</summary>
    public const int Groups = 4;

    /// <summary>Squeeze-and-excitation channels (a quarter of the block's input).</summary>
    public const int Squeeze = 26;
}

/// <summary>RegNetY's <c>ResBottleneckBlock</c>, a stride-1 block with an identity shortcut; <c>Width</c> channels out, groups of width <c>Width / Groups</c>, squeeze-and-excitation to <c>Squeeze</c>.</summary>
[Block]
[Conv2D(Width, 1, Bias = false, Name = "f.a.0")] [BatchNorm(Name = "f.a.1")] [ReLU(Name = "f.a.2")]
[Conv2D(Width, 3, Padding = 1, Groups = Groups, Bias = false, Name = "f.b.0")] [BatchNorm(Name = "f.b.1")] [ReLU(Name = "f.b.2")]
[AdaptiveAvgPool2D(1, Name = "f.se.avgpool")] [Conv2D(Squeeze, 1, Name = "f.se.fc1")] [ReLU(Name = "f.se.activation")]
[Conv2D(Width, 1, Name = "f.se.fc2")] [Sigmoid(Name = "f.se.scale_activation")] [Multiply("f.b.2", "f.se.scale_activation", Name = "f.se.scale")]
[Conv2D(Width, 1, Bias = false, Name = "f.c.0")] [BatchNorm(Name = "f.c.1")]
[Add("input", Name = "add")]
[ReLU(Name = "activation")]
public static class RegNetYBlock
{
    /// <summary>Channels out (and of every convolution).</summary>
    public const int Width = 64;

    /// <summary>Groups of the 3×3 convolution.</summary>
    public const int Groups = 4;

    /// <summary>Squeeze-and-excitation channels (a quarter of the block's input).</summary>
    public const int Squeeze = 26;
}

/// <summary>
/// torchvision's <c>regnet_x_400mf</c>: a 3×3 stride-2 stem of 32 (<c>stem</c>, ReLU), four stages of bottleneck blocks
/// (<c>trunk_output.block1</c>–<c>block4</c>, width × blocks: 32×1, 64×2, 160×7, 400×12; group width 16), global average pooling and <c>fc</c> (1000).
/// </summary>
[Network(3, 224, 224)]
[Conv2D(32, 3, Stride = 2, Padding = 1, Bias = false, Name = "stem.0")] [BatchNorm(Name = "stem.1")] [ReLU(Name = "stem.2")]
[Use(typeof(RegNetXBlockDownsample), 32, 2, Name = "trunk_output.block1.block1-0")]
[Use(typeof(RegNetXBlockDownsample), 64, 4, Name = "trunk_output.block2.block2-0")]
[Use(typeof(RegNetXBlock), 64, 4, Name = "trunk_output.block2.block2-1")]
[Use(typeof(RegNetXBlockDownsample), 160, 10, Name = "trunk_output.block3.block3-0")]
[Use(typeof(RegNetXBlock), 160, 10, Name = "trunk_output.block3.block3-1")]
[Use(typeof(RegNetXBlock), 160, 10, Name = "trunk_output.block3.block3-2")]
[Use(typeof(RegNetXBlock), 160, 10, Name = "trunk_output.block3.block3-3")]
[Use(typeof(RegNetXBlock), 160, 10, Name = "trunk_output.block3.block3-4")]
[Use(typeof(RegNetXBlock), 160, 10, Name = "trunk_output.block3.block3-5")]
[Use(typeof(RegNetXBlock), 160, 10, Name = "trunk_output.block3.block3-6")]
[Use(typeof(RegNetXBlockDownsample), 400, 25, Name = "trunk_output.block4.block4-0")]
[Use(typeof(RegNetXBlock), 400, 25, Name = "trunk_output.block4.block4-1")]
[Use(typeof(RegNetXBlock), 400, 25, Name = "trunk_output.block4.block4-2")]
[Use(typeof(RegNetXBlock), 400, 25, Name = "trunk_output.block4.block4-3")]
[Use(typeof(RegNetXBlock), 400, 25, Name = "trunk_output.block4.block4-4")]
[Use(typeof(RegNetXBlock), 400, 25, Name = "trunk_output.block4.block4-5")]
[Use(typeof(RegNetXBlock), 400, 25, Name = "trunk_output.block4.block4-6")]
[Use(typeof(RegNetXBlock), 400, 25, Name = "trunk_output.block4.block4-7")]
[Use(typeof(RegNetXBlock), 400, 25, Name = "trunk_output.block4.block4-8")]
[Use(typeof(RegNetXBlock), 400, 25, Name = "trunk_output.block4.block4-9")]
[Use(typeof(RegNetXBlock), 400, 25, Name = "trunk_output.block4.block4-10")]
[Use(typeof(RegNetXBlock), 400, 25, Name = "trunk_output.block4.block4-11")]
[GlobalAvgPool(Name = "avgpool")] [Dense(1000, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class RegNetX_400MF;

/// <summary>
/// torchvision's <c>regnet_y_400mf</c>: a 3×3 stride-2 stem of 32 (<c>stem</c>, ReLU), four stages of bottleneck blocks
/// (<c>trunk_output.block1</c>–<c>block4</c>, width × blocks: 48×1, 104×3, 208×6, 440×6; group width 8), global average pooling and <c>fc</c> (1000).
/// </summary>
[Network(3, 224, 224)]
[Conv2D(32, 3, Stride = 2, Padding = 1, Bias = false, Name = "stem.0")] [BatchNorm(Name = "stem.1")] [ReLU(Name = "stem.2")]
[Use(typeof(RegNetYBlockDownsample), 48, 6, 8, Name = "trunk_output.block1.block1-0")]
[Use(typeof(RegNetYBlockDownsample), 104, 13, 12, Name = "trunk_output.block2.block2-0")]
[Use(typeof(RegNetYBlock), 104, 13, 26, Name = "trunk_output.block2.block2-1")]
[Use(typeof(RegNetYBlock), 104, 13, 26, Name = "trunk_output.block2.block2-2")]
[Use(typeof(RegNetYBlockDownsample), 208, 26, 26, Name = "trunk_output.block3.block3-0")]
[Use(typeof(RegNetYBlock), 208, 26, 52, Name = "trunk_output.block3.block3-1")]
[Use(typeof(RegNetYBlock), 208, 26, 52, Name = "trunk_output.block3.block3-2")]
[Use(typeof(RegNetYBlock), 208, 26, 52, Name = "trunk_output.block3.block3-3")]
[Use(typeof(RegNetYBlock), 208, 26, 52, Name = "trunk_output.block3.block3-4")]
[Use(typeof(RegNetYBlock), 208, 26, 52, Name = "trunk_output.block3.block3-5")]
[Use(typeof(RegNetYBlockDownsample), 440, 55, 52, Name = "trunk_output.block4.block4-0")]
[Use(typeof(RegNetYBlock), 440, 55, 110, Name = "trunk_output.block4.block4-1")]
[Use(typeof(RegNetYBlock), 440, 55, 110, Name = "trunk_output.block4.block4-2")]
[Use(typeof(RegNetYBlock), 440, 55, 110, Name = "trunk_output.block4.block4-3")]
[Use(typeof(RegNetYBlock), 440, 55, 110, Name = "trunk_output.block4.block4-4")]
[Use(typeof(RegNetYBlock), 440, 55, 110, Name = "trunk_output.block4.block4-5")]
[GlobalAvgPool(Name = "avgpool")] [Dense(1000, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class RegNetY_400MF;
