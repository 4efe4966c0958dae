namespace CnnGen.Generator.Program;

// The ops and configs of the products, learnable scales and normalisations of DESIGN §2c (Multiply, PReLU, Scale,
// StochasticDepth, LayerNorm, GroupNorm, InstanceNorm, per-position Dense), printed by OpPrinter.ProductsAndNorms.cs.

/// <summary>
/// A product's form: two operands of one shape (<c>Multiply.Forward</c>), or an image of (<paramref name="Channels"/>,
/// <paramref name="Spatial"/>) times one factor per sample and channel (<c>Multiply.ForwardChannels</c>).
/// </summary>
internal sealed record MultiplyConfig(bool Broadcast, int Channels, int Spatial);

/// <summary>output = a ⊙ b; in the broadcast form <paramref name="A"/> is the image and <paramref name="B"/> the factors.</summary>
internal sealed record MultiplyForward(MultiplyConfig Config, Value A, Value B, Value Output) : Op;

/// <summary>
/// One operand's gradient of a product (the other's is <see cref="Value.Empty"/>): the kernel overwrites it, so a
/// gradient that is a sum goes through the scratch first. <paramref name="Guarded"/>: only when the caller asked for the input gradient.
/// </summary>
internal sealed record MultiplyBackward(MultiplyConfig Config, Value A, Value B, Value OutputGradient, Value AGradient, Value BGradient, bool Guarded) : Op;

/// <summary>A per-channel kernel with one learnable value per channel (or one shared): PReLU's slopes, Scale's factors.</summary>
internal enum PerChannelKernel
{
    PReLU,
    Scale,
}

/// <summary>The (channels, H·W) a per-channel kernel runs over (H·W = 1 for vectors).</summary>
internal sealed record PerChannelConfig(int Channels, int Spatial);

/// <summary><c>{Kernel}.Forward(input, weight, output, channels, spatial, batch)</c>.</summary>
internal sealed record PerChannelForward(PerChannelKernel Kernel, PerChannelConfig Config, Value Input, Value Weight, Value Output) : Op;

/// <summary><c>{Kernel}.Backward</c>: overwrites the weight's gradient and (unless empty) the input gradient.</summary>
internal sealed record PerChannelBackward(PerChannelKernel Kernel, PerChannelConfig Config, Value Input, Value Weight, Value OutputGradient, Value WeightGradient, Value InputGradient) : Op;

/// <summary>Stochastic depth's rate and the values of one sample it keeps or zeroes as a whole.</summary>
internal sealed record StochasticDepthConfig(double Rate, int SampleLength);

/// <summary><c>StochasticDepth.Forward</c> when training (draws one mask factor per sample), a copy otherwise.</summary>
internal sealed record StochasticDepthForward(StochasticDepthConfig Config, Value Input, Value Output, Value Mask) : Op;

internal sealed record StochasticDepthBackward(StochasticDepthConfig Config, Value Mask, Value OutputGradient, Value InputGradient) : Op;

/// <summary>The kernel class of a normalisation without running statistics.</summary>
internal enum NormKernel
{
    /// <summary><c>LayerNorm</c>: over the channels at each position.</summary>
    LayerNorm,

    /// <summary><c>GroupNorm</c>: over each group of channels and every position (InstanceNorm: one channel per group).</summary>
    GroupNorm,
}

/// <summary>A normalisation's (channels, groups, H·W) and ε; groups is 0 for LayerNorm, which takes none.</summary>
internal sealed record NormConfig(NormKernel Kernel, int Channels, int Groups, int Spatial, double Epsilon);

/// <summary><c>{Kernel}.Forward</c>: statistics of this batch, saved for the backward; gamma and beta empty without affine.</summary>
internal sealed record NormForward(NormConfig Config, Value Input, Value Output, Value Gamma, Value Beta, Value SavedMean, Value SavedInverseStd) : Op;

internal sealed record NormBackward(NormConfig Config, Value Input, Value OutputGradient, Value Gamma, Value SavedMean, Value SavedInverseStd, Value GammaGradient, Value BetaGradient, Value InputGradient) : Op;
