namespace CnnGen.Samples.Zoo;

/// <summary>
/// torchvision's <c>_DenseLayer</c> (bottleneck size 4, growth 32): BN, ReLU, 1×1 convolution to 128, BN, ReLU, 3×3
/// convolution to 32, joined after the layer's input along channels (torchvision concatenates every earlier feature
/// map in order, which is the previous layer's input followed by its new channels).
/// </summary>
[Block]
[BatchNorm(Name = "norm1")] [ReLU(Name = "relu1")] [Conv2D(128, 1, Bias = false, Name = "conv1")]
[BatchNorm(Name = "norm2")] [ReLU(Name = "relu2")] [Conv2D(32, 3, Padding = 1, Bias = false, Name = "conv2")]
[Concat("input", "conv2", Name = "cat")]
public static class DenseLayer;

/// <summary>torchvision's <c>_Transition</c>: BN, ReLU, 1×1 convolution to <c>Out</c> channels, 2×2 average pooling.</summary>
[Block]
[BatchNorm(Name = "norm")] [ReLU(Name = "relu")] [Conv2D(Out, 1, Bias = false, Name = "conv")] [AvgPool2D(2, Name = "pool")]
public static class Transition
{
    /// <summary>Channels out (half the input's).</summary>
    public const int Out = 128;
}

/// <summary>
/// torchvision's <c>densenet121</c>: a 7×7 stride-2 stem of 64 (<c>features.conv0</c>, <c>norm0</c>), 3×3 stride-2
/// max pooling, dense blocks of 6, 12, 24 and 16 <see cref="DenseLayer"/>s (growth 32) with a halving
/// <see cref="Transition"/> between them (256→128, 512→256, 1024→512 channels; 56, 28, 14, 7 px), <c>features.norm5</c>,
/// ReLU, global average pooling, <c>classifier</c> (1000). 8.0 M parameters, 2.9 G multiply-adds per 224×224 image.
/// </summary>
[Network(3, 224, 224)]
[Conv2D(64, 7, Stride = 2, Padding = 3, Bias = false, Name = "features.conv0")] [BatchNorm(Name = "features.norm0")] [ReLU(Name = "features.relu0")]
[MaxPool2D(3, Stride = 2, Padding = 1, Name = "features.pool0")]
[Use(typeof(DenseLayer), Name = "features.denseblock1.denselayer1")] [Use(typeof(DenseLayer), Name = "features.denseblock1.denselayer2")]
[Use(typeof(DenseLayer), Name = "features.denseblock1.denselayer3")] [Use(typeof(DenseLayer), Name = "features.denseblock1.denselayer4")]
[Use(typeof(DenseLayer), Name = "features.denseblock1.denselayer5")] [Use(typeof(DenseLayer), Name = "features.denseblock1.denselayer6")]
[Use(typeof(Transition), 128, Name = "features.transition1")]
[Use(typeof(DenseLayer), Name = "features.denseblock2.denselayer1")] [Use(typeof(DenseLayer), Name = "features.denseblock2.denselayer2")]
[Use(typeof(DenseLayer), Name = "features.denseblock2.denselayer3")] [Use(typeof(DenseLayer), Name = "features.denseblock2.denselayer4")]
[Use(typeof(DenseLayer), Name = "features.denseblock2.denselayer5")] [Use(typeof(DenseLayer), Name = "features.denseblock2.denselayer6")]
[Use(typeof(DenseLayer), Name = "features.denseblock2.denselayer7")] [Use(typeof(DenseLayer), Name = "features.denseblock2.denselayer8")]
[Use(typeof(DenseLayer), Name = "features.denseblock2.denselayer9")] [Use(typeof(DenseLayer), Name = "features.denseblock2.denselayer10")]
[Use(typeof(DenseLayer), Name = "features.denseblock2.denselayer11")] [Use(typeof(DenseLayer), Name = "features.denseblock2.denselayer12")]
[Use(typeof(Transition), 256, Name = "features.transition2")]
[Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer1")] [Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer2")]
[Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer3")] [Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer4")]
[Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer5")] [Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer6")]
[Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer7")] [Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer8")]
[Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer9")] [Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer10")]
[Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer11")] [Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer12")]
[Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer13")] [Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer14")]
[Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer15")] [Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer16")]
[Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer17")] [Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer18")]
[Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer19")] [Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer20")]
[Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer21")] [Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer22")]
[Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer23")] [Use(typeof(DenseLayer), Name = "features.denseblock3.denselayer24")]
[Use(typeof(Transition), 512, Name = "features.transition3")]
[Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer1")] [Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer2")]
[Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer3")] [Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer4")]
[Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer5")] [Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer6")]
[Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer7")] [Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer8")]
[Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer9")] [Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer10")]
[Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer11")] [Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer12")]
[Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer13")] [Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer14")]
[Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer15")] [Use(typeof(DenseLayer), Name = "features.denseblock4.denselayer16")]
[BatchNorm(Name = "features.norm5")] [ReLU(Name = "relu")] [GlobalAvgPool(Name = "avgpool")] [Dense(1000, Name = "classifier")]
[SoftmaxCrossEntropy]
public partial class DenseNet121;
