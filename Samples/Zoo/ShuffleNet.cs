namespace CnnGen.Samples.Zoo;

/// <summary>
/// ShuffleNetV2's downsampling <c>InvertedResidual</c> (stride 2): <c>branch1</c> (3×3 stride-2 depthwise over
/// <c>In</c>, BN, 1×1 to <c>Half</c>, BN, ReLU) and <c>branch2</c> (1×1 to <c>Half</c>, BN, ReLU, 3×3 stride-2
/// depthwise, BN, 1×1, BN, ReLU) both read the block's input; they are joined along channels and shuffled in two groups.
/// </summary>
[Block]
[Conv2D(In, 3, Stride = 2, Padding = 1, Groups = In, Bias = false, Name = "branch1.0")] [BatchNorm(Name = "branch1.1")]
[Conv2D(Half, 1, Bias = false, Name = "branch1.2")] [BatchNorm(Name = "branch1.3")] [ReLU(Name = "branch1.4")]
[Conv2D(Half, 1, Bias = false, Input = "input", Name = "branch2.0")] [BatchNorm(Name = "branch2.1")] [ReLU(Name = "branch2.2")]
[Conv2D(Half, 3, Stride = 2, Padding = 1, Groups = Half, Bias = false, Name = "branch2.3")] [BatchNorm(Name = "branch2.4")]
[Conv2D(Half, 1, Bias = false, Name = "branch2.5")] [BatchNorm(Name = "branch2.6")] [ReLU(Name = "branch2.7")]
[Concat("branch1.4", "branch2.7", Name = "cat")] [ChannelShuffle(2, Name = "shuffle")]
public static class ShuffleDownsample
{
    /// <summary>Channels in.</summary>
    public const int In = 24;

    /// <summary>Channels of each branch (half the block's output).</summary>
    public const int Half = 58;
}

/// <summary>
/// ShuffleNetV2's stride-1 <c>InvertedResidual</c> over 2·<c>Half</c> channels: the input is split in two
/// (<c>x.chunk(2, dim=1)</c>: two <c>Narrow</c>s); the second half goes through <c>branch2</c> (1×1, BN, ReLU, 3×3
/// depthwise, BN, 1×1, BN, ReLU), is joined after the untouched first half and the result is shuffled in two groups.
/// </summary>
[Block]
[Narrow(0, Half, Input = "input", Name = "x1")] [Narrow(Half, Half, Input = "input", Name = "x2")]
[Conv2D(Half, 1, Bias = false, Name = "branch2.0")] [BatchNorm(Name = "branch2.1")] [ReLU(Name = "branch2.2")]
[Conv2D(Half, 3, Padding = 1, Groups = Half, Bias = false, Name = "branch2.3")] [BatchNorm(Name = "branch2.4")]
[Conv2D(Half, 1, Bias = false, Name = "branch2.5")] [BatchNorm(Name = "branch2.6")] [ReLU(Name = "branch2.7")]
[Concat("x1", "branch2.7", Name = "cat")] [ChannelShuffle(2, Name = "shuffle")]
public static class ShuffleUnit
{
    /// <summary>Channels of each half (half the block's input and output).</summary>
    public const int Half = 58;
}

/// <summary>
/// torchvision's <c>shufflenet_v2_x1_0</c>: a 3×3 stride-2 stem of 24 (<c>conv1</c>, ReLU), 3×3 stride-2 max pooling
/// (padding 1), three stages of a downsampling block and stride-1 units (<c>stage2</c>–<c>stage4</c>: 116, 232, 464
/// channels; 4, 8, 4 blocks), a 1×1 convolution to 1024 (<c>conv5</c>, ReLU), the spatial mean (global average
/// pooling) and <c>fc</c> (1000).
/// </summary>
[Network(3, 224, 224)]
[Conv2D(24, 3, Stride = 2, Padding = 1, Bias = false, Name = "conv1.0")] [BatchNorm(Name = "conv1.1")] [ReLU(Name = "conv1.2")]
[MaxPool2D(3, Stride = 2, Padding = 1, Name = "maxpool")]
[Use(typeof(ShuffleDownsample), 24, 58, Name = "stage2.0")] [Use(typeof(ShuffleUnit), 58, Name = "stage2.1")]
[Use(typeof(ShuffleUnit), 58, Name = "stage2.2")] [Use(typeof(ShuffleUnit), 58, Name = "stage2.3")]
[Use(typeof(ShuffleDownsample), 116, 116, Name = "stage3.0")] [Use(typeof(ShuffleUnit), 116, Name = "stage3.1")]
[Use(typeof(ShuffleUnit), 116, Name = "stage3.2")] [Use(typeof(ShuffleUnit), 116, Name = "stage3.3")]
[Use(typeof(ShuffleUnit), 116, Name = "stage3.4")] [Use(typeof(ShuffleUnit), 116, Name = "stage3.5")]
[Use(typeof(ShuffleUnit), 116, Name = "stage3.6")] [Use(typeof(ShuffleUnit), 116, Name = "stage3.7")]
[Use(typeof(ShuffleDownsample), 232, 232, Name = "stage4.0")] [Use(typeof(ShuffleUnit), 232, Name = "stage4.1")]
[Use(typeof(ShuffleUnit), 232, Name = "stage4.2")] [Use(typeof(ShuffleUnit), 232, Name = "stage4.3")]
[Conv2D(1024, 1, Bias = false, Name = "conv5.0")] [BatchNorm(Name = "conv5.1")] [ReLU(Name = "conv5.2")]
[GlobalAvgPool(Name = "mean")] [Dense(1000, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class ShuffleNetV2_x1_0;
