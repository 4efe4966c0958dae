namespace CnnGen;

// The zoo's geometry layers (DESIGN §2c): padding, adaptive pooling and channel selection.

/// <summary>
/// Asymmetric zero padding (<c>nn.ZeroPad2d((left, right, top, bottom))</c>): (C, H, W) → (C, H + top + bottom,
/// W + left + right). Each amount is 0 or more (PyTorch's cropping negative amounts are refused, CNN0102).
/// </summary>
/// <param name="left">Zero columns before the first (≥ 0).</param>
/// <param name="right">Zero columns after the last (≥ 0).</param>
/// <param name="top">Zero rows above the first (≥ 0).</param>
/// <param name="bottom">Zero rows below the last (≥ 0).</param>
public sealed class ZeroPad2DAttribute(int left, int right, int top, int bottom) : LayerAttribute
{
    /// <summary>The same amount on every side (<c>nn.ZeroPad2d(padding)</c>).</summary>
    /// <param name="padding">Zero rows and columns on each side (≥ 0).</param>
    public ZeroPad2DAttribute(int padding) : this(padding, padding, padding, padding) { }

    /// <summary>Zero columns before the first.</summary>
    public int Left { get; } = left;
    /// <summary>Zero columns after the last.</summary>
    public int Right { get; } = right;
    /// <summary>Zero rows above the first.</summary>
    public int Top { get; } = top;
    /// <summary>Zero rows below the last.</summary>
    public int Bottom { get; } = bottom;
}

/// <summary>
/// Adaptive average pooling (<c>nn.AdaptiveAvgPool2d((height, width))</c>): (C, H, W) → (C, height, width), output row i
/// averaging input rows [⌊i·H/height⌋, ⌈(i + 1)·H/height⌉) (likewise for columns), so windows may differ in size and
/// overlap. The output stays 3-D: <c>[AdaptiveAvgPool2D(1)]</c> feeds a 1×1 convolution (squeeze-and-excitation).
/// </summary>
/// <param name="height">Output height (≥ 1).</param>
/// <param name="width">Output width (≥ 1).</param>
public sealed class AdaptiveAvgPool2DAttribute(int height, int width) : LayerAttribute
{
    /// <summary>A square output, <c>nn.AdaptiveAvgPool2d(size)</c>.</summary>
    /// <param name="size">Output height and width (≥ 1).</param>
    public AdaptiveAvgPool2DAttribute(int size) : this(size, size) { }

    /// <summary>Output height.</summary>
    public int Height { get; } = height;
    /// <summary>Output width.</summary>
    public int Width { get; } = width;
}

/// <summary>
/// Adaptive max pooling (<c>nn.AdaptiveMaxPool2d((height, width))</c>): (C, H, W) → (C, height, width) over PyTorch's
/// adaptive windows (see <see cref="AdaptiveAvgPool2DAttribute"/>); the gradient goes to each window's first maximum.
/// </summary>
/// <param name="height">Output height (≥ 1).</param>
/// <param name="width">Output width (≥ 1).</param>
public sealed class AdaptiveMaxPool2DAttribute(int height, int width) : LayerAttribute
{
    /// <summary>A square output, <c>nn.AdaptiveMaxPool2d(size)</c>.</summary>
    /// <param name="size">Output height and width (≥ 1).</param>
    public AdaptiveMaxPool2DAttribute(int size) : this(size, size) { }

    /// <summary>Output height.</summary>
    public int Height { get; } = height;
    /// <summary>Output width.</summary>
    public int Width { get; } = width;
}

/// <summary>
/// A run of channels (<c>torch.narrow(x, 1, start, length)</c>): (C, H, W) → (length, H, W), or (features) → (length);
/// ShuffleNetV2's <c>x.chunk(2, dim=1)</c> is <c>[Narrow(0, C / 2)]</c> and <c>[Narrow(C / 2, C / 2, Input = ...)]</c>.
/// Needs 0 ≤ start and start + length ≤ C.
/// </summary>
/// <param name="start">The first channel kept (≥ 0).</param>
/// <param name="length">The channels kept (≥ 1).</param>
public sealed class NarrowAttribute(int start, int length) : LayerAttribute
{
    /// <summary>The first channel kept.</summary>
    public int Start { get; } = start;
    /// <summary>The channels kept.</summary>
    public int Length { get; } = length;
}

/// <summary>
/// Channel shuffle (<c>nn.ChannelShuffle(groups)</c>, ShuffleNet): the channels of (C, H, W), seen as [groups, C/groups],
/// are transposed, so output channel i·groups + g is input channel g·(C/groups) + i. Groups divides the channels.
/// </summary>
/// <param name="groups">The groups (≥ 1, a divisor of the channels).</param>
public sealed class ChannelShuffleAttribute(int groups) : LayerAttribute
{
    /// <summary>The groups.</summary>
    public int Groups { get; } = groups;
}
