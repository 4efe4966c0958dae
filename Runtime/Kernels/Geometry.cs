namespace CnnGen.Kernels;

/// <summary>Shape of a 2-D convolution over one sample (square kernel, symmetric zero padding).</summary>
public readonly record struct ConvGeometry(int Channels, int Height, int Width, int Filters, int Kernel, int Stride, int Padding)
{
    /// <summary>floor((H + 2P − K) / S) + 1.</summary>
    public int OutHeight => (Height + 2 * Padding - Kernel) / Stride + 1;
    /// <summary>floor((W + 2P − K) / S) + 1.</summary>
    public int OutWidth => (Width + 2 * Padding - Kernel) / Stride + 1;
    /// <summary>Rows of the im2col matrix: C·K·K.</summary>
    public int ColumnRows => Channels * Kernel * Kernel;
    /// <summary>Columns of the im2col matrix: OH·OW.</summary>
    public int ColumnCols => OutHeight * OutWidth;
    /// <summary>C·H·W.</summary>
    public int InputLength => Channels * Height * Width;
    /// <summary>F·OH·OW.</summary>
    public int OutputLength => Filters * OutHeight * OutWidth;
}

/// <summary>Shape of a 2-D pooling over one sample (<c>nn.MaxPool2d</c> / <c>nn.AvgPool2d</c>: square window, symmetric padding).</summary>
/// <param name="Channels">C.</param>
/// <param name="Height">H.</param>
/// <param name="Width">W.</param>
/// <param name="Size">Window side.</param>
/// <param name="Stride">Step between windows.</param>
/// <param name="Padding">Implicit padding on each side (−∞ for max pooling, zeros for average pooling).</param>
/// <param name="CeilMode"><c>ceil_mode</c>: output sizes round up, but a window must start inside the input or its left padding.</param>
/// <param name="CountIncludePad"><c>count_include_pad</c> (average pooling only): the divisor counts padded positions.</param>
public readonly record struct PoolGeometry(int Channels, int Height, int Width, int Size, int Stride, int Padding, bool CeilMode = false, bool CountIncludePad = true)
{
    /// <summary>PyTorch's <c>pooling_output_shape</c> for the height: floor (or ceil) of (H + 2P − size)/S, plus 1.</summary>
    public int OutHeight => OutputSize(Height);
    /// <summary>PyTorch's <c>pooling_output_shape</c> for the width.</summary>
    public int OutWidth => OutputSize(Width);
    /// <summary>C·H·W.</summary>
    public int InputLength => Channels * Height * Width;
    /// <summary>C·OH·OW.</summary>
    public int OutputLength => Channels * OutHeight * OutWidth;

    int OutputSize(int input)
    {
        var span = input + 2 * Padding - Size;
        if (span < 0 || Stride <= 0) return 0;
        if (!CeilMode) return span / Stride + 1;
        var size = (span + Stride - 1) / Stride + 1;
        // The last window must start inside the input or its left padding, not in the right padding.
        if ((size - 1) * Stride >= input + Padding) size--;
        return size;
    }
}

/// <summary>Shape of an integer-scale 2-D upsampling over one sample (<c>nn.Upsample(scale_factor=Scale)</c>).</summary>
/// <param name="Channels">C.</param>
/// <param name="Height">H.</param>
/// <param name="Width">W.</param>
/// <param name="Scale">The integer scale factor (at least 1).</param>
public readonly record struct UpsampleGeometry(int Channels, int Height, int Width, int Scale)
{
    /// <summary>H·scale.</summary>
    public int OutHeight => Height * Scale;
    /// <summary>W·scale.</summary>
    public int OutWidth => Width * Scale;
    /// <summary>C·H·W.</summary>
    public int InputLength => Channels * Height * Width;
    /// <summary>C·OH·OW.</summary>
    public int OutputLength => Channels * OutHeight * OutWidth;
}
