namespace CnnGen.Generator.Tests.Generator;

// The zoo's geometry layers (DESIGN §2c), one scenario each.
public partial class GeneratorSnapshotTests
{
    [Fact]
    public void ZooRectangularWindows() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>
        /// Rectangular geometry (DESIGN §2c): Inception-v3's 1x7 and 7x1 convolutions with (0, 3) and (3, 0) padding, a 3x2 max
        /// pooling with its own strides, a 2x3 transposed convolution and a height-dilated convolution.
        /// </summary>
        [Network(3, 12, 10)]
        [Conv2D(4, 1, 7, PaddingWidth = 3)]
        [ReLU]
        [Conv2D(4, 7, 1, PaddingHeight = 3, StrideWidth = 2)]
        [MaxPool2D(3, 2, StrideHeight = 2, StrideWidth = 1, PaddingHeight = 1)]
        [ConvTranspose2D(3, 2, 3, StrideHeight = 2, PaddingWidth = 1)]
        [Conv2D(4, 3, 2, DilationHeight = 2, Bias = false)]
        [AvgPool2D(2, 1, CountIncludePad = false)]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class RectangularNet;
        """);

    [Fact]
    public void ZooZeroPadding() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>ZeroPad2D (DESIGN §2c): EfficientNet's asymmetric "same" padding before a stride-2 convolution.</summary>
        [Network(3, 8, 8)]
        [ZeroPad2D(0, 1, 0, 1)]
        [Conv2D(4, 3, Stride = 2)]
        [ZeroPad2D(1)]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class ZeroPadNet;
        """);

    [Fact]
    public void ZooAdaptivePooling() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>
        /// Adaptive pooling (DESIGN §2c): a squeeze-and-excitation branch, AdaptiveAvgPool2D(1) into 1x1 convolutions, and
        /// adaptive max pooling to 3x2 keeping its winners for the backward.
        /// </summary>
        [Network(4, 7, 5)]
        [Conv2D(8, 3, Padding = 1, Name = "c")]
        [AdaptiveAvgPool2D(1)]
        [Conv2D(2, 1)]
        [ReLU]
        [Conv2D(8, 1)]
        [Dense(3, Name = "excite")]
        [AdaptiveMaxPool2D(3, 2, Input = "c")]
        [Dense(3, Name = "pooled")]
        [Add("excite", "pooled")]
        [SoftmaxCrossEntropy]
        public partial class SqueezeNet;
        """);

    [Fact]
    public void ZooShuffleUnit() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>
        /// Narrow and ChannelShuffle (DESIGN §2c): a ShuffleNetV2 unit, chunk as two Narrows of one map (whose gradient is
        /// the sum of both), a depthwise branch, concatenation and a shuffle of two groups.
        /// </summary>
        [Network(8, 6, 6)]
        [Conv2D(8, 1, Name = "c")]
        [Narrow(0, 4, Name = "x1")]
        [Narrow(4, 4, Input = "c")]
        [Conv2D(4, 3, Padding = 1, Groups = 4)]
        [ReLU(Name = "b")]
        [Concat("x1", "b")]
        [ChannelShuffle(2)]
        [GlobalAvgPool]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class ShuffleUnitNet;
        """);

    [Fact]
    public void ZooStateDictNamesWithDashes() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        [Block]
        [Conv2D(4, 1, Bias = false, Name = "proj.0")] [BatchNorm(Name = "proj.1")]
        public static class Projection;

        /// <summary>
        /// torchvision RegNet's keys (DESIGN §2c): the weight keys keep the dash (trunk_output.block1.block1-0.proj.0.weight),
        /// member names turn it into an underscore.
        /// </summary>
        [Network(3, 6, 6)]
        [Conv2D(4, 3, Padding = 1, Bias = false, Name = "stem.0")]
        [Use(typeof(Projection), Name = "trunk_output.block1.block1-0")]
        [GlobalAvgPool]
        [Dense(3, Name = "fc")]
        [SoftmaxCrossEntropy]
        public partial class DashedNet;
        """);

    [Fact]
    public void ZooFloatBlockParameters() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        [Block]
        [Conv2D(Planes, 3, Padding = 1, Name = "conv")] [LeakyReLU(Slope)] [Dropout2D(Rate)]
        public static class Stage { public const int Planes = 4; public const float Slope = 0.01f, Rate = 0.1f; }

        /// <summary>Float block parameters (DESIGN §2c): each use gives its own slope and rate, as EfficientNet varies its stochastic-depth rate per block.</summary>
        [Network(3, 6, 6)]
        [Use(typeof(Stage), 4, 0.2, 0.0125, Name = "features.1")]
        [Use(typeof(Stage), 8, 0.1, 0.025, Name = "features.2")]
        [Use(typeof(Stage), Name = "features.3")]
        [GlobalAvgPool]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class FloatBlockNet;
        """);
}
