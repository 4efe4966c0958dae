namespace CnnGen;

/// <summary>
/// Element-wise product (<c>torch.mul</c>, <c>a * b</c>). With one name, the previous layer's output (or <c>Input</c>)
/// times the output of the layer named <c>from</c>; with two, exactly the named outputs. The operands have one shape, or
/// one is an image (C, H, W) and the other one factor per channel, (C) or (C, 1, 1) with the same C, broadcast over
/// height and width (squeeze-and-excitation's <c>x * scale</c>); the output has the image's shape. <c>"input"</c> names
/// the network input.
/// </summary>
public sealed class MultiplyAttribute(params string[] from) : LayerAttribute
{
    /// <summary>Names of earlier layers (or <c>"input"</c>) whose outputs are multiplied: one or two.</summary>
    public string[] From { get; } = from;
}

/// <summary>
/// Parametric ReLU (<c>nn.PReLU</c>): y = x for x &gt; 0, else a·x, with a learnable slope a shared by every channel
/// (<c>Channels = 1</c>, the default) or one per channel (<c>Channels</c> = the input's channels, or its features for a
/// vector). Weight key <c>{Name}.weight</c>, shape [Channels].
/// </summary>
public sealed class PReLUAttribute : LayerAttribute
{
    /// <summary>The number of slopes: 1 (shared, the default) or the input's channel count (<c>num_parameters</c>).</summary>
    public int Channels { get; set; } = 1;
    /// <summary>The slopes' start (default 0.25, <c>nn.PReLU</c>'s <c>init</c>).</summary>
    public double InitValue { get; set; } = 0.25;
}

/// <summary>
/// A learnable factor per channel, y = x·γ (torchvision ConvNeXt's <c>layer_scale</c>, shape (C, 1, 1) on an image, (C) on
/// a vector), stored under the layer's own name with no suffix (<c>features.1.0.layer_scale</c>).
/// </summary>
public sealed class ScaleAttribute : LayerAttribute
{
    /// <summary>The factors' start (default 1e-6, ConvNeXt's <c>layer_scale</c>).</summary>
    public double InitValue { get; set; } = 1e-6;
}

/// <summary>
/// Stochastic depth, row mode (<c>torchvision.ops.StochasticDepth(p, "row")</c>): in training each sample is zeroed as a
/// whole with probability p and the survivors scaled by 1/(1 − p), drawn from the network's seeded generator as
/// Dropout's masks are; the identity at inference. Put on a residual branch before its Add.
/// </summary>
public sealed class StochasticDepthAttribute(double p) : LayerAttribute
{
    /// <summary>Probability of dropping a sample, in [0, 1).</summary>
    public double P { get; } = p;
}
