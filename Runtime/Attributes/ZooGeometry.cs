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
