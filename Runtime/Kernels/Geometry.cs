namespace CnnGen.Kernels;

/// <summary>Shape of a 2-D convolution over one sample (<c>nn.Conv2d</c>: square kernel, symmetric zero padding).</summary>
/// <param name="Channels">C (input channels).</param>
/// <param name="Height">H.</param>
/// <param name="Width">W.</param>
/// <param name="Filters">F (output channels).</param>
/// <param name="Kernel">K.</param>
/// <param name="Stride">S.</param>
/// <param name="Padding">P, zeros on every side.</param>
/// <param name="Groups">G: channels and filters split into G groups, filter group g reading channel group g only (G = C is depthwise); the weight is [F, C/G, K, K].</param>
/// <param name="Dilation">D: the spacing between kernel taps.</param>
public readonly record struct ConvGeometry(int Channels, int Height, int Width, int Filters, int Kernel, int Stride, int Padding, int Groups = 1, int Dilation = 1)
{
    /// <summary>floor((H + 2P − D(K − 1) − 1) / S) + 1.</summary>
    public int OutHeight => (Height + 2 * Padding - Dilation * (Kernel - 1) - 1) / Stride + 1;
    /// <summary>floor((W + 2P − D(K − 1) − 1) / S) + 1.</summary>
    public int OutWidth => (Width + 2 * Padding - Dilation * (Kernel - 1) - 1) / Stride + 1;
    /// <summary>Rows of one group's im2col matrix, and the length of one filter: (C/G)·K·K.</summary>
    public int ColumnRows => Channels / Math.Max(Groups, 1) * Kernel * Kernel;
    /// <summary>Columns of the im2col matrix: OH·OW.</summary>
    public int ColumnCols => OutHeight * OutWidth;
    /// <summary>C·H·W.</summary>
    public int InputLength => Channels * Height * Width;
    /// <summary>F·OH·OW.</summary>
    public int OutputLength => Filters * OutHeight * OutWidth;
    /// <summary>F·(C/G)·K·K.</summary>
    public int WeightLength => Filters * ColumnRows;
    /// <summary>The kernel's extent on the input: D(K − 1) + 1.</summary>
    public int Span => Dilation * (Kernel - 1) + 1;
}

/// <summary>Shape of a 2-D transposed convolution over one sample (<c>nn.ConvTranspose2d</c>, groups 1, dilation 1).</summary>
/// <param name="Channels">C (input channels).</param>
/// <param name="Height">H.</param>
/// <param name="Width">W.</param>
/// <param name="Filters">F (output channels); the weight is [C, F, K, K].</param>
/// <param name="Kernel">K.</param>
/// <param name="Stride">S.</param>
/// <param name="Padding">P: removed from each side of the full output.</param>
/// <param name="OutputPadding">Extra rows and columns at the bottom and right (smaller than the stride).</param>
public readonly record struct ConvTransposeGeometry(int Channels, int Height, int Width, int Filters, int Kernel, int Stride, int Padding, int OutputPadding = 0)
{
    /// <summary>(H − 1)·S − 2P + K + OutputPadding.</summary>
    public int OutHeight => (Height - 1) * Stride - 2 * Padding + Kernel + OutputPadding;
    /// <summary>(W − 1)·S − 2P + K + OutputPadding.</summary>
    public int OutWidth => (Width - 1) * Stride - 2 * Padding + Kernel + OutputPadding;
    /// <summary>C·H·W.</summary>
    public int InputLength => Channels * Height * Width;
    /// <summary>F·OH·OW.</summary>
    public int OutputLength => Filters * OutHeight * OutWidth;
    /// <summary>C·F·K·K.</summary>
    public int WeightLength => Channels * Filters * Kernel * Kernel;

    /// <summary>The convolution this one transposes: from the output (F, OH, OW) back to the input (C, H, W), with the same weight read as [C, F, K, K].</summary>
    public ConvGeometry Convolution => new(Filters, OutHeight, OutWidth, Channels, Kernel, Stride, Padding);
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
    /// <summary>PyTorch's <c>pooling_output_shape</c> for the height: floor (or ceil) of (H + 2P − size)/S, plus 1; 0 when no window fits.</summary>
    public int OutHeight => (int)Math.Min(OutputSize(Height), int.MaxValue);
    /// <summary>PyTorch's <c>pooling_output_shape</c> for the width.</summary>
    public int OutWidth => (int)Math.Min(OutputSize(Width), int.MaxValue);
    /// <summary>C·H·W.</summary>
    public int InputLength => Channels * Height * Width;
    /// <summary>C·OH·OW.</summary>
    public int OutputLength => Channels * OutHeight * OutWidth;

    /// <summary>
    /// PyTorch's <c>pooling_output_shape</c> over one axis of <paramref name="input"/> positions, in long (0 when no window
    /// fits). In ceil mode a window may be larger than the padded input: ⌈(H + 2P − size)/S⌉ + 1 rounds towards −∞ as
    /// PyTorch's <c>div_rtn</c>, less one when the last window would start in the right padding.
    /// </summary>
    internal long OutputSize(long input)
    {
        var span = input + 2L * Padding - Size;
        if (Stride <= 0) return 0;
        if (!CeilMode) return span < 0 ? 0 : span / Stride + 1;
        var size = Math.DivRem(span + Stride - 1, Stride, out var remainder) + 1;
        if (remainder < 0) size--;
        // The last window must start inside the input or its left padding, not in the right padding.
        if (size > 0 && (size - 1) * Stride >= input + Padding) size--;
        return Math.Max(size, 0);
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
