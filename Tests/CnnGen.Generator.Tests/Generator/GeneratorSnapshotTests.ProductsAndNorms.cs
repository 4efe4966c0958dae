namespace CnnGen.Generator.Tests.Generator;

/// <summary>The products, learnable scales and normalisations of DESIGN §2c, one scenario each.</summary>
public partial class GeneratorSnapshotTests
{
    [Fact]
    public void ZooMultiply() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>
        /// Multiply (DESIGN §2c): an image times a (C) gate, a (C, 1, 1) gate times an image, two images; 'c' is read
        /// three times, so one product writes its gradient into the scratch, which is then added.
        /// </summary>
        [Network(3, 6, 5)]
        [Conv2D(4, 3, Padding = 1, Name = "c")]
        [GlobalAvgPool(Name = "g")]
        [Dense(4, Name = "fc")]
        [Sigmoid(Name = "gate")]
        [Multiply("c", "gate", Name = "se")]
        [Reshape(4, 1, 1, Input = "gate", Name = "gate3")]
        [Multiply("gate3", "se", Name = "se2")]
        [Multiply("se2", "c", Name = "sq")]
        [Flatten]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class MultiplyNet;
        """);

    [Fact]
    public void ZooPReLUScale() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>PReLU with a slope per channel and a shared one, Scale on an image and on a vector (DESIGN §2c).</summary>
        [Network(3, 6, 5)]
        [Conv2D(4, 3, Padding = 1)]
        [PReLU(Channels = 4)]
        [Scale(Name = "layer_scale")]
        [Conv2D(3, 3)]
        [PReLU]
        [GlobalAvgPool]
        [Scale(InitValue = 0.5)]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class PReLUScaleNet;
        """);

    [Fact]
    public void ZooStochasticDepth() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>StochasticDepth on a residual branch (DESIGN §2c): one mask factor per sample, drawn when training.</summary>
        [Network(3, 5, 5)]
        [Conv2D(4, 3, Padding = 1, Name = "stem")]
        [Conv2D(4, 3, Padding = 1)]
        [StochasticDepth(0.2)]
        [Add("stem")]
        [GlobalAvgPool]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class StochasticDepthNet;
        """);

    [Fact]
    public void ZooNorms() => VerifyNetwork("""
        using CnnGen;
        namespace Vision;

        /// <summary>
        /// LayerNorm per position and on a vector, GroupNorm, InstanceNorm with and without the affine (DESIGN §2c):
        /// statistics of the batch in training and inference, saved for the backward.
        /// </summary>
        [Network(4, 5, 5)]
        [Conv2D(6, 3, Padding = 1)]
        [LayerNorm]
        [GroupNorm(3, Epsilon = 1e-3)]
        [InstanceNorm(Affine = true)]
        [InstanceNorm]
        [GlobalAvgPool]
        [LayerNorm]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class NormNet;
        """);
}
