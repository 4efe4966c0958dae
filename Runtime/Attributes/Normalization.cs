namespace CnnGen;

/// <summary>
/// Layer normalisation: on a (features) input <c>nn.LayerNorm(features)</c>; on a (C, H, W) input it normalises the C
/// values at each position (torchvision's <c>LayerNorm2d</c>, ConvNeXt's channels-last LayerNorm). Mean and biased
/// variance per sample (and position), then a learnable scale and shift per channel: keys <c>{Name}.weight</c> (ones)
/// and <c>{Name}.bias</c> (zeros), shape [C]. No running statistics.
/// </summary>
public sealed class LayerNormAttribute : LayerAttribute
{
    /// <summary>Added to the variance (default 1e-5).</summary>
    public double Epsilon { get; set; } = 1e-5;
}

/// <summary>
/// Group normalisation (<c>nn.GroupNorm(groups, C)</c>): each sample's channels split into <c>groups</c> groups of
/// consecutive channels, each normalised over its channels and positions, then a learnable scale and shift per channel
/// (<c>{Name}.weight</c>, <c>{Name}.bias</c>, shape [C]). The same statistics in training and inference.
/// </summary>
public sealed class GroupNormAttribute(int groups) : LayerAttribute
{
    /// <summary>The number of groups; divides the input's channels.</summary>
    public int Groups { get; } = groups;
    /// <summary>Added to the variance (default 1e-5).</summary>
    public double Epsilon { get; set; } = 1e-5;
}

/// <summary>
/// Instance normalisation (<c>nn.InstanceNorm2d(C)</c>): each sample's channel normalised over its height and width, in
/// training and inference alike (no running statistics, <c>track_running_stats=False</c>).
/// </summary>
public sealed class InstanceNormAttribute : LayerAttribute
{
    /// <summary>Added to the variance (default 1e-5).</summary>
    public double Epsilon { get; set; } = 1e-5;
    /// <summary>A learnable scale and shift per channel, <c>{Name}.weight</c> and <c>{Name}.bias</c> (default false, PyTorch's).</summary>
    public bool Affine { get; set; }
}
