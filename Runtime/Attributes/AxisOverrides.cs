namespace CnnGen;

/// <summary>
/// The per-axis values a sliding-window attribute was given apart from its square <c>Stride</c>, <c>Padding</c> and
/// <c>Dilation</c> (null: not written, the square value applies), as PyTorch's <c>(height, width)</c> pairs.
/// </summary>
internal sealed class AxisOverrides
{
    public int? StrideHeight, StrideWidth, PaddingHeight, PaddingWidth, DilationHeight, DilationWidth;
}
