using CnnGen.Generator.Tests.Infrastructure;

namespace CnnGen.Generator.Tests.Generator;

/// <summary>One scenario per test: the generated source is snapshotted and must compile without errors or warnings.</summary>
public partial class GeneratorSnapshotTests
{
    [Fact]
    public void SimpleConvNet() => VerifyNetwork("""
        using CnnGen;
        namespace Seed;

        /// <summary>The seed's simple ConvNet.</summary>
        [Network(1, 28, 28)]
        [Conv2D(30, 5)]
        [ReLU]
        [MaxPool2D(2)]
        [Dense(100)]
        [ReLU]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class SimpleConvNet;
        """);

    [Fact]
    public void FrozenStemAndFrozenMiddleLayer() => VerifyNetwork("""
        using CnnGen;
        namespace FineTuning;

        /// <summary>A frozen stem (no backward unless the input gradient is asked for) and a frozen layer the gradient crosses.</summary>
        [Network(2, 6, 6)]
        [Conv2D(3, 3, Padding = 1, Name = "conv1", Trainable = false)] [BatchNorm(Name = "bn1", Trainable = false)] [ReLU]
        [Conv2D(4, 3, Name = "conv2")] [ReLU]
        [Dense(5, Name = "fc1", Trainable = false)] [ReLU] [Dense(2, Name = "fc2")]
        [SoftmaxCrossEntropy]
        public partial class FrozenNet;
        """);

    [Fact]
    public void FrozenBatchNormStatistics() => VerifyNetwork("""
        using CnnGen;
        namespace FineTuning;

        /// <summary>Batch norms in eval mode while training: one with trainable gamma and beta, one frozen as well, and a frozen convolution the gradient crosses.</summary>
        [Network(2, 6, 6)]
        [Conv2D(3, 3, Padding = 1, Name = "conv1")] [BatchNorm(Name = "bn1", Frozen = true)] [ReLU]
        [Conv2D(4, 3, Name = "conv2", Trainable = false)] [BatchNorm(Name = "bn2", Frozen = true, Trainable = false)] [ReLU]
        [Dense(2, Name = "fc")]
        [SoftmaxCrossEntropy]
        public partial class FrozenStatisticsNet;
        """);

    [Fact]
    public void PerPixelSoftmaxCrossEntropy() => VerifyNetwork("""
        using CnnGen;
        namespace Segmentation;

        /// <summary>Per-pixel classification: the loss over the 3 channels at each of the 6×8 pixels, with a label mask.</summary>
        [Network(2, 6, 8)]
        [Conv2D(4, 3, Padding = 1)] [ReLU]
        [Conv2D(3, 1, Name = "logits")]
        [SoftmaxCrossEntropy]
        public partial class PixelNet;
        """);

    [Fact]
    public void DeepConvNet() => VerifyNetwork("""
        using CnnGen;
        namespace Seed;

        /// <summary>The seed's deep ConvNet.</summary>
        [Network(1, 28, 28)]
        [Conv2D(16, 3, Padding = 1)] [ReLU] [Conv2D(16, 3, Padding = 1)] [ReLU] [MaxPool2D(2)]
        [Conv2D(32, 3, Padding = 1)] [ReLU] [Conv2D(32, 3, Padding = 2)] [ReLU] [MaxPool2D(2)]
        [Conv2D(64, 3, Padding = 1)] [ReLU] [Conv2D(64, 3, Padding = 1)] [ReLU] [MaxPool2D(2)]
        [Dense(50)] [ReLU] [Dropout(0.5)] [Dense(10)] [Dropout(0.5)]
        [SoftmaxCrossEntropy]
        public partial class DeepConvNet;
        """);

    [Fact]
    public void MlpWithMeanSquaredError() => VerifyNetwork("""
        using CnnGen;
        namespace Regression;

        /// <summary>A multi-layer perceptron for regression.</summary>
        [Network(8)]
        [Dense(16, Init = Init.XavierUniform)]
        [Tanh]
        [Dense(16, Bias = false, Init = Init.Normal, InitValue = 0.05)]
        [Sigmoid]
        [Dense(3)]
        [MeanSquaredError]
        public partial class Mlp;
        """);

    [Fact]
    public void ResidualNetWithBatchNorm() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>A residual block with batch norm and global pooling.</summary>
        [Network(3, 16, 16)]
        [Conv2D(8, 3, Padding = 1, Bias = false, Name = "stem")]
        [BatchNorm]
        [ReLU(Name = "block_in")]
        [Conv2D(8, 3, Padding = 1)]
        [BatchNorm(Momentum = 0.05)]
        [ReLU]
        [Conv2D(8, 3, Padding = 1)]
        [Add("block_in")]
        [ReLU]
        [GlobalAvgPool]
        [Dense(5)]
        [SoftmaxCrossEntropy]
        public partial class ResidualNet;
        """);

    /// <summary>DESIGN §2b's graph: a projection shortcut (Input = "input"), an Add of two named layers, two branches joined by Concat.</summary>
    [Fact]
    public void GraphWithProjectionShortcutAndConcat() => VerifyNetwork("""
        using CnnGen;
        namespace Graphs;

        /// <summary>The DESIGN §2b example.</summary>
        [Network(16, 8, 8)]
        [Conv2D(32, 3, Stride = 2, Padding = 1, Bias = false, Name = "c1")] [BatchNorm] [ReLU]
        [Conv2D(32, 3, Padding = 1, Bias = false)] [BatchNorm(Name = "main")]
        [Conv2D(32, 1, Stride = 2, Bias = false, Input = "input", Name = "proj")] [BatchNorm(Name = "projbn")]
        [Add("main", "projbn")] [ReLU(Name = "block")]
        [Conv2D(8, 1, Input = "block", Name = "b1")]
        [MaxPool2D(3, Stride = 1, Padding = 1, Input = "block")] [Conv2D(8, 1, Name = "b2")]
        [Concat("b1", "b2")]
        [GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
        public partial class Tiny;
        """);

    [Fact]
    public void BatchNorm1dWithBinaryCrossEntropy() => VerifyNetwork("""
        using CnnGen;
        namespace Tabular;

        /// <summary>A tabular classifier with 1-D batch norm and a BCE head.</summary>
        [Network(12)]
        [Dense(24)]
        [BatchNorm(Epsilon = 1e-3)]
        [LeakyReLU(0.2)]
        [Dropout(0.25)]
        [Dense(4)]
        [BinaryCrossEntropy]
        public partial class MultiLabel;
        """);

    [Fact]
    public void PoolingVariantsWithL1Loss() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>Average pooling with padding, a flatten and an L1 head.</summary>
        [Network(2, 9, 9)]
        [Conv2D(4, 3, Stride = 2, Padding = 1)]
        [AvgPool2D(3, Stride = 1, Padding = 1)]
        [MaxPool2D(2, Stride = 1)]
        [Flatten]
        [Dense(6)]
        [L1Loss]
        public partial class PoolingNet;
        """);

    [Fact]
    public void GlobalMaxPoolingWithWideArgmax() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>Max pooling over a whole 18×18 map: 324 window positions need a ushort argmax, not a byte.</summary>
        [Network(2, 20, 20)]
        [Conv2D(4, 3)]
        [MaxPool2D(18)]
        [Flatten]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class GlobalMaxNet;
        """);

    [Fact]
    public void SoftmaxOutputWithSmoothL1Loss() => VerifyNetwork("""
        using CnnGen;
        namespace Regression;

        /// <summary>A probability output regressed with SmoothL1.</summary>
        [Network(5)]
        [Dense(7, Init = Init.HeUniform)]
        [ReLU]
        [Dense(4, Init = Init.Uniform, InitValue = 0.1)]
        [Softmax]
        [SmoothL1Loss(Beta = 0.5)]
        public partial class Distribution;
        """);

    [Fact]
    public void NetworkWithoutLossHeadNestedWithoutNamespace() => VerifyNetwork("""
        using CnnGen;

        public static partial class Models
        {
            /// <summary>No loss head: trained, if at all, through ForwardTraining and Backward.</summary>
            [Network(1, 8, 8)]
            [Conv2D(2, 3, Init = Init.Constant, InitValue = 0.5)]
            [Flatten]
            [Dropout(0.1)]
            [Dense(3, Init = Init.Zeros)]
            [Softmax]
            internal partial class Scorer;
        }
        """);

    /// <summary>
    /// Layers without parameters before the first trainable one: their backward only serves the input gradient, so it
    /// runs only when one is asked for, and the convolution's input gradient (through the ReLU) is then empty too.
    /// </summary>
    [Fact]
    public void ParameterFreeStemWithoutLossHead() => VerifyNetwork("""
        using CnnGen;
        namespace Chain;

        [Network(1, 8, 8)]
        [AvgPool2D(2)]
        [ReLU]
        [Conv2D(2, 3, Padding = 1)]
        [Flatten]
        [Dense(4)]
        [Tanh]
        public partial class Stem;
        """);

    /// <summary>A leading Flatten aliases the input: the dense layer writes the caller's input gradient directly.</summary>
    [Fact]
    public void LeadingFlattenWithoutLossHead() => VerifyNetwork("""
        using CnnGen;
        namespace Chain;

        [Network(2, 3, 3)]
        [Flatten]
        [Dense(4, Bias = false)]
        public partial class Flat;
        """);

    [Fact]
    public void HeadOnlyNetwork() => VerifyNetwork("""
        using CnnGen;
        namespace Edge;

        /// <summary>Just a loss over the input: the smallest valid network.</summary>
        [Network(4)]
        [SoftmaxCrossEntropy]
        public partial class HeadOnly;
        """);

    [Fact]
    public void GraphActivations() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>ReLU6, ELU, Hardswish, GELU and SiLU: forward and backward read each activation's input.</summary>
        [Network(2, 7, 7)]
        [Conv2D(4, 3, Padding = 1)]
        [ReLU6]
        [Conv2D(4, 3)]
        [ELU(0.5)]
        [Hardswish]
        [Flatten]
        [Dense(6)]
        [GELU]
        [Dense(5)]
        [SiLU]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class ActivationNet;
        """);

    [Fact]
    public void ZooActivations() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>Hardsigmoid and Mish (DESIGN §2c): forward and backward read each activation's input.</summary>
        [Network(2, 7, 7)]
        [Conv2D(4, 3, Padding = 1)]
        [Mish]
        [Conv2D(4, 3)]
        [Hardsigmoid]
        [Flatten]
        [Dense(5)]
        [Mish]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class ZooActivationNet;
        """);

    [Fact]
    public void ZooGlobalMaxPool() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>GlobalMaxPool (DESIGN §2c): the winners' plane indices are kept for the backward.</summary>
        [Network(2, 6, 5)]
        [Conv2D(4, 3, Padding = 1)]
        [GlobalMaxPool]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class GlobalMaxNet;
        """);

    [Fact]
    public void ChannelDropout() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>Dropout2D: a mask of one factor per sample and channel, drawn only when training.</summary>
        [Network(3, 6, 6)]
        [Conv2D(4, 3)]
        [Dropout2D(0.25)]
        [Flatten]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class ChannelDropoutNet;
        """);

    [Fact]
    public void CeilModePooling() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>Ceil-mode pooling and an average that leaves the padding out of its divisor.</summary>
        [Network(2, 7, 7)]
        [MaxPool2D(2, CeilMode = true)]
        [AvgPool2D(3, Stride = 2, Padding = 1, CeilMode = true, CountIncludePad = false)]
        [Flatten]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class CeilPoolNet;
        """);

    [Fact]
    public void NearestAndBilinearUpsampling() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>A decoder: nearest then bilinear upsampling between convolutions.</summary>
        [Network(4, 3, 3)]
        [Upsample(2)]
        [Conv2D(2, 3, Padding = 1)]
        [Upsample(2, Bilinear = true)]
        [Conv2D(1, 1)]
        [MeanSquaredError]
        public partial class Decoder;
        """);

    [Fact]
    public void DepthwiseGroupedAndDilatedConvolutions() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>A depthwise-separable block and a grouped, dilated convolution: weights [F, C/G, K, K].</summary>
        [Network(4, 9, 9)]
        [Conv2D(4, 3, Padding = 1, Groups = 4, Bias = false)]
        [ReLU6]
        [Conv2D(8, 1)]
        [Conv2D(8, 3, Padding = 2, Dilation = 2, Groups = 2)]
        [GlobalAvgPool]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class SeparableNet;
        """);

    [Fact]
    public void TransposedConvolutions() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>A decoder of transposed convolutions: weights [C, F, K, K], output (H − 1)S − 2P + K + OutputPadding.</summary>
        [Network(4, 3, 3)]
        [ConvTranspose2D(3, 3, Stride = 2, Padding = 1, OutputPadding = 1)]
        [ReLU]
        [ConvTranspose2D(1, 2, Stride = 2, Bias = false)]
        [MeanSquaredError]
        public partial class Decoder;
        """);

    /// <summary>
    /// Reusable blocks: a block with parameters and arithmetic of them used twice (default and given arguments, one use
    /// reading an earlier layer), its layers named by module path (<c>stage.0.conv</c> → members <c>Stage_0_conv…</c>,
    /// weight keys <c>stage.0.conv.weight</c>), and a Concat naming both uses by their names.
    /// </summary>
    [Fact]
    public void BlocksExpandWithModulePathNames() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>A residual unit: a Kernel×Kernel "same" conv to 2·Width, batch norm, ReLU, a 1x1 conv back to Width, plus the input.</summary>
        [Block]
        [Conv2D(Width * 2, Kernel, Padding = (Kernel - 1) / 2, Bias = false, Name = "conv")] [BatchNorm(Name = "bn")] [ReLU]
        [Conv2D(Width, 1, Name = "proj")]
        [Add("input")]
        public static class Unit
        {
            public const int Width = 4, Kernel = 3;
        }

        /// <summary>Two uses of Unit joined by a Concat.</summary>
        [Network(4, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "stem")]
        [Use(typeof(Unit), Name = "stage.0")]
        [Use(typeof(Unit), 4, 5, Name = "stage.1", Input = "stem")]
        [Concat("stage.0", "stage.1")]
        [GlobalAvgPool] [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class BlockNet;
        """);

    /// <summary>
    /// The int8 form of a residual network with batch norm: convolutions with their batch norms folded in and their
    /// ReLUs as clamps, an Add with its ReLU fused, a view, a Sigmoid in float between a dequantize and a quantize, global
    /// average pooling, and a Dense whose output is dequantized (the logits).
    /// </summary>
    [Fact]
    public void QuantizedResidualNet()
    {
        var (result, output) = GeneratorHarness.Run("""
            using CnnGen;
            namespace Vision;

            /// <summary>A small residual network.</summary>
            [Network(3, 8, 8)]
            [Conv2D(8, 3, Padding = 1, Bias = false, Name = "stem")] [BatchNorm(Name = "bn")] [ReLU]
            [Conv2D(8, 3, Padding = 1, Name = "c2")] [BatchNorm] [Add("stem_relu")] [ReLU(Name = "block")]
            [MaxPool2D(2)] [Sigmoid] [GlobalAvgPool] [Flatten] [Dense(4, Name = "fc")]
            [SoftmaxCrossEntropy]
            public partial class QuantizedNet;
            """.Replace("stem_relu", "relu1"));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.Problems(output, result));
        var generated = result.Results.Single().GeneratedSources.Single(s => GeneratorHarness.IsQuantized(s.HintName));
        Snapshot.Verify(generated.SourceText.ToString(), nameof(GeneratorSnapshotTests), generated.HintName);
    }

    static void VerifyNetwork(string source, [System.Runtime.CompilerServices.CallerMemberName] string testMethod = "")
    {
        var (result, output) = GeneratorHarness.Run(source);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.Problems(output, result));
        var generated = GeneratorHarness.NetworkSource(result.Results.Single());
        Snapshot.Verify(generated.SourceText.ToString(), nameof(GeneratorSnapshotTests), generated.HintName, testMethod);
    }
}
