using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>
/// Shape of a 2-D convolution over one sample (<c>nn.Conv2d</c>, zero padding). The positional kernel, stride, padding and
/// dilation are the square form and the height's; <see cref="KernelWidth"/>, <see cref="StrideWidth"/>,
/// <see cref="PaddingWidth"/> and <see cref="DilationWidth"/> give the width a value of its own
/// (<c>nn.Conv2d(c, f, (1, 7), padding=(0, 3))</c> is <c>new ConvGeometry(c, h, w, f, 1, 1, 0) { KernelWidth = 7, PaddingWidth = 3 }</c>).
/// </summary>
/// <param name="Channels">C (input channels).</param>
/// <param name="Height">H.</param>
/// <param name="Width">W.</param>
/// <param name="Filters">F (output channels).</param>
/// <param name="Kernel">K, the kernel's height (and width unless <see cref="KernelWidth"/> is set).</param>
/// <param name="Stride">S, the vertical stride (and horizontal unless <see cref="StrideWidth"/> is set).</param>
/// <param name="Padding">P, zero rows above and below (and columns left and right unless <see cref="PaddingWidth"/> is set).</param>
/// <param name="Groups">G: channels and filters split into G groups, filter group g reading channel group g only (G = C is depthwise); the weight is [F, C/G, KH, KW].</param>
/// <param name="Dilation">D: the spacing between kernel taps vertically (and horizontally unless <see cref="DilationWidth"/> is set).</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct ConvGeometry(int Channels, int Height, int Width, int Filters, int Kernel, int Stride, int Padding, int Groups = 1, int Dilation = 1)
{
    readonly int _kernelWidth, _strideWidth, _paddingWidth, _dilationWidth;
    readonly bool _paddingWidthSet;

    /// <summary>The kernel's width (default: <see cref="Kernel"/>).</summary>
    public int KernelWidth { get => _kernelWidth == 0 ? Kernel : _kernelWidth; init => _kernelWidth = value; }
    /// <summary>The horizontal stride (default: <see cref="Stride"/>).</summary>
    public int StrideWidth { get => _strideWidth == 0 ? Stride : _strideWidth; init => _strideWidth = value; }
    /// <summary>Zero columns on the left and on the right (default: <see cref="Padding"/>).</summary>
    public int PaddingWidth { get => _paddingWidthSet ? _paddingWidth : Padding; init { _paddingWidth = value; _paddingWidthSet = true; } }
    /// <summary>The horizontal spacing between kernel taps (default: <see cref="Dilation"/>).</summary>
    public int DilationWidth { get => _dilationWidth == 0 ? Dilation : _dilationWidth; init => _dilationWidth = value; }

    /// <summary>Whether the width's kernel, stride, padding and dilation equal the height's (the square kernels' fast paths apply).</summary>
    public bool IsSquare => KernelWidth == Kernel && StrideWidth == Stride && PaddingWidth == Padding && DilationWidth == Dilation;

    /// <summary>floor((H + 2P − D(K − 1) − 1) / S) + 1.</summary>
    public int OutHeight => (Height + 2 * Padding - Dilation * (Kernel - 1) - 1) / Stride + 1;
    /// <summary>floor((W + 2PW − DW(KW − 1) − 1) / SW) + 1.</summary>
    public int OutWidth => (Width + 2 * PaddingWidth - DilationWidth * (KernelWidth - 1) - 1) / StrideWidth + 1;
    /// <summary>Rows of one group's im2col matrix, and the length of one filter: (C/G)·K·KW.</summary>
    public int ColumnRows => Channels / Math.Max(Groups, 1) * Kernel * KernelWidth;
    /// <summary>Columns of the im2col matrix: OH·OW.</summary>
    public int ColumnCols => OutHeight * OutWidth;
    /// <summary>C·H·W.</summary>
    public int InputLength => Channels * Height * Width;
    /// <summary>F·OH·OW.</summary>
    public int OutputLength => Filters * OutHeight * OutWidth;
    /// <summary>F·(C/G)·K·KW.</summary>
    public int WeightLength => Filters * ColumnRows;
    /// <summary>The kernel's extent on the input's height: D(K − 1) + 1.</summary>
    public int Span => Dilation * (Kernel - 1) + 1;
    /// <summary>The kernel's extent on the input's width: DW(KW − 1) + 1.</summary>
    public int SpanWidth => DilationWidth * (KernelWidth - 1) + 1;

    /// <summary>Equal when every size is: a width value spelled out equal to the square one is the same geometry.</summary>
    public bool Equals(ConvGeometry other) =>
        (Channels, Height, Width, Filters, Kernel, Stride, Padding, Groups, Dilation) == (other.Channels, other.Height, other.Width, other.Filters, other.Kernel, other.Stride, other.Padding, other.Groups, other.Dilation)
        && (KernelWidth, StrideWidth, PaddingWidth, DilationWidth) == (other.KernelWidth, other.StrideWidth, other.PaddingWidth, other.DilationWidth);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(HashCode.Combine(Channels, Height, Width, Filters, Kernel, Stride, Padding, Groups), Dilation, KernelWidth, StrideWidth, PaddingWidth, DilationWidth);
}

/// <summary>
/// Shape of a 2-D transposed convolution over one sample (<c>nn.ConvTranspose2d</c>, groups 1, dilation 1). The positional
/// kernel, stride and padding are the square form and the height's; <see cref="KernelWidth"/>, <see cref="StrideWidth"/>
/// and <see cref="PaddingWidth"/> give the width a value of its own (<c>kernel_size=(kH, kW)</c>).
/// </summary>
/// <param name="Channels">C (input channels).</param>
/// <param name="Height">H.</param>
/// <param name="Width">W.</param>
/// <param name="Filters">F (output channels); the weight is [C, F, K, KW].</param>
/// <param name="Kernel">K, the kernel's height (and width unless <see cref="KernelWidth"/> is set).</param>
/// <param name="Stride">S, the vertical stride (and horizontal unless <see cref="StrideWidth"/> is set).</param>
/// <param name="Padding">P: removed from the top and bottom (and left and right unless <see cref="PaddingWidth"/> is set) of the full output.</param>
/// <param name="OutputPadding">Extra rows and columns at the bottom and right (smaller than each stride).</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct ConvTransposeGeometry(int Channels, int Height, int Width, int Filters, int Kernel, int Stride, int Padding, int OutputPadding = 0)
{
    readonly int _kernelWidth, _strideWidth, _paddingWidth;
    readonly bool _paddingWidthSet;

    /// <summary>The kernel's width (default: <see cref="Kernel"/>).</summary>
    public int KernelWidth { get => _kernelWidth == 0 ? Kernel : _kernelWidth; init => _kernelWidth = value; }
    /// <summary>The horizontal stride (default: <see cref="Stride"/>).</summary>
    public int StrideWidth { get => _strideWidth == 0 ? Stride : _strideWidth; init => _strideWidth = value; }
    /// <summary>Columns removed from the left and from the right of the full output (default: <see cref="Padding"/>).</summary>
    public int PaddingWidth { get => _paddingWidthSet ? _paddingWidth : Padding; init { _paddingWidth = value; _paddingWidthSet = true; } }

    /// <summary>(H − 1)·S − 2P + K + OutputPadding.</summary>
    public int OutHeight => (Height - 1) * Stride - 2 * Padding + Kernel + OutputPadding;
    /// <summary>(W − 1)·SW − 2PW + KW + OutputPadding.</summary>
    public int OutWidth => (Width - 1) * StrideWidth - 2 * PaddingWidth + KernelWidth + OutputPadding;
    /// <summary>C·H·W.</summary>
    public int InputLength => Channels * Height * Width;
    /// <summary>F·OH·OW.</summary>
    public int OutputLength => Filters * OutHeight * OutWidth;
    /// <summary>C·F·K·KW.</summary>
    public int WeightLength => Channels * Filters * Kernel * KernelWidth;

    /// <summary>The convolution this one transposes: from the output (F, OH, OW) back to the input (C, H, W), with the same weight read as [C, F, K, KW].</summary>
    public ConvGeometry Convolution => new(Filters, OutHeight, OutWidth, Channels, Kernel, Stride, Padding)
    {
        KernelWidth = KernelWidth, StrideWidth = StrideWidth, PaddingWidth = PaddingWidth,
    };

    /// <summary>Equal when every size is: a width value spelled out equal to the square one is the same geometry.</summary>
    public bool Equals(ConvTransposeGeometry other) =>
        (Channels, Height, Width, Filters, Kernel, Stride, Padding, OutputPadding) == (other.Channels, other.Height, other.Width, other.Filters, other.Kernel, other.Stride, other.Padding, other.OutputPadding)
        && (KernelWidth, StrideWidth, PaddingWidth) == (other.KernelWidth, other.StrideWidth, other.PaddingWidth);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(HashCode.Combine(Channels, Height, Width, Filters, Kernel, Stride, Padding, OutputPadding), KernelWidth, StrideWidth, PaddingWidth);
}

/// <summary>
/// Shape of a 2-D pooling over one sample (<c>nn.MaxPool2d</c> / <c>nn.AvgPool2d</c>). The positional size, stride and
/// padding are the square form and the height's; <see cref="SizeWidth"/>, <see cref="StrideWidth"/> and
/// <see cref="PaddingWidth"/> give the width a value of its own (<c>kernel_size=(kH, kW)</c>).
/// </summary>
/// <param name="Channels">C.</param>
/// <param name="Height">H.</param>
/// <param name="Width">W.</param>
/// <param name="Size">Window height (and width unless <see cref="SizeWidth"/> is set).</param>
/// <param name="Stride">Vertical step between windows (and horizontal unless <see cref="StrideWidth"/> is set).</param>
/// <param name="Padding">Implicit padding above and below (and left and right unless <see cref="PaddingWidth"/> is set): −∞ for max pooling, zeros for average pooling.</param>
/// <param name="CeilMode"><c>ceil_mode</c>: output sizes round up, but a window must start inside the input or its left padding.</param>
/// <param name="CountIncludePad"><c>count_include_pad</c> (average pooling only): the divisor counts padded positions.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct PoolGeometry(int Channels, int Height, int Width, int Size, int Stride, int Padding, bool CeilMode = false, bool CountIncludePad = true)
{
    readonly int _sizeWidth, _strideWidth, _paddingWidth;
    readonly bool _paddingWidthSet;

    /// <summary>The window's width (default: <see cref="Size"/>).</summary>
    public int SizeWidth { get => _sizeWidth == 0 ? Size : _sizeWidth; init => _sizeWidth = value; }
    /// <summary>The horizontal step between windows (default: <see cref="Stride"/>).</summary>
    public int StrideWidth { get => _strideWidth == 0 ? Stride : _strideWidth; init => _strideWidth = value; }
    /// <summary>Implicit padding on the left and on the right (default: <see cref="Padding"/>).</summary>
    public int PaddingWidth { get => _paddingWidthSet ? _paddingWidth : Padding; init { _paddingWidth = value; _paddingWidthSet = true; } }

    /// <summary>Whether the width's size, stride and padding equal the height's.</summary>
    public bool IsSquare => SizeWidth == Size && StrideWidth == Stride && PaddingWidth == Padding;

    /// <summary>PyTorch's <c>pooling_output_shape</c> for the height: floor (or ceil) of (H + 2P − size)/S, plus 1; 0 when no window fits.</summary>
    public int OutHeight => (int)Math.Min(OutputSize(Height, Size, Stride, Padding), int.MaxValue);
    /// <summary>PyTorch's <c>pooling_output_shape</c> for the width, with the width's size, stride and padding.</summary>
    public int OutWidth => (int)Math.Min(OutputSize(Width, SizeWidth, StrideWidth, PaddingWidth), int.MaxValue);
    /// <summary>C·H·W.</summary>
    public int InputLength => Channels * Height * Width;
    /// <summary>C·OH·OW.</summary>
    public int OutputLength => Channels * OutHeight * OutWidth;

    /// <summary>
    /// PyTorch's <c>pooling_output_shape</c> over one axis of <paramref name="input"/> positions, in long (0 when no window
    /// fits). In ceil mode a window may be larger than the padded input: ⌈(H + 2P − size)/S⌉ + 1 rounds towards −∞ as
    /// PyTorch's <c>div_rtn</c>, less one when the last window would start in the right padding.
    /// </summary>
    internal long OutputSize(long input, int size, int stride, int padding)
    {
        var span = input + 2L * padding - size;
        if (stride <= 0) return 0;
        if (!CeilMode) return span < 0 ? 0 : span / stride + 1;
        var outputs = Math.DivRem(span + stride - 1, stride, out var remainder) + 1;
        if (remainder < 0) outputs--;
        // The last window must start inside the input or its left padding, not in the right padding.
        if (outputs > 0 && (outputs - 1) * stride >= input + padding) outputs--;
        return Math.Max(outputs, 0);
    }

    /// <summary>Equal when every size is: a width value spelled out equal to the square one is the same geometry.</summary>
    public bool Equals(PoolGeometry other) =>
        (Channels, Height, Width, Size, Stride, Padding, CeilMode, CountIncludePad) == (other.Channels, other.Height, other.Width, other.Size, other.Stride, other.Padding, other.CeilMode, other.CountIncludePad)
        && (SizeWidth, StrideWidth, PaddingWidth) == (other.SizeWidth, other.StrideWidth, other.PaddingWidth);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(HashCode.Combine(Channels, Height, Width, Size, Stride, Padding, CeilMode, CountIncludePad), SizeWidth, StrideWidth, PaddingWidth);
}

/// <summary>Shape of an integer-scale 2-D upsampling over one sample (<c>nn.Upsample(scale_factor=Scale)</c>).</summary>
/// <param name="Channels">C.</param>
/// <param name="Height">H.</param>
/// <param name="Width">W.</param>
/// <param name="Scale">The integer scale factor (at least 1).</param>
[EditorBrowsable(EditorBrowsableState.Never)]
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

/// <summary>
/// Shape of an adaptive 2-D pooling over one sample (<c>nn.AdaptiveAvgPool2d</c> / <c>nn.AdaptiveMaxPool2d</c>): output
/// row i pools input rows [⌊i·H/OH⌋, ⌈(i + 1)·H/OH⌉), and likewise for columns, so windows may differ in size and overlap.
/// </summary>
/// <param name="Channels">C.</param>
/// <param name="Height">H.</param>
/// <param name="Width">W.</param>
/// <param name="OutHeight">OH (at least 1).</param>
/// <param name="OutWidth">OW (at least 1).</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct AdaptivePoolGeometry(int Channels, int Height, int Width, int OutHeight, int OutWidth)
{
    /// <summary>C·H·W.</summary>
    public int InputLength => Channels * Height * Width;
    /// <summary>C·OH·OW.</summary>
    public int OutputLength => Channels * OutHeight * OutWidth;

    /// <summary>PyTorch's <c>start_index</c>: ⌊i·size/outputs⌋.</summary>
    public static int Start(int i, int outputs, int size) => (int)((long)i * size / outputs);

    /// <summary>PyTorch's <c>end_index</c>: ⌈(i + 1)·size/outputs⌉.</summary>
    public static int End(int i, int outputs, int size) => (int)(((long)(i + 1) * size + outputs - 1) / outputs);
}

/// <summary>
/// Asymmetric zero padding of one sample (<c>nn.ZeroPad2d((left, right, top, bottom))</c>); a negative amount crops, as in
/// PyTorch.
/// </summary>
/// <param name="Channels">C.</param>
/// <param name="Height">H.</param>
/// <param name="Width">W.</param>
/// <param name="Left">Columns added before the first.</param>
/// <param name="Right">Columns added after the last.</param>
/// <param name="Top">Rows added above the first.</param>
/// <param name="Bottom">Rows added below the last.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct PadGeometry(int Channels, int Height, int Width, int Left, int Right, int Top, int Bottom)
{
    /// <summary>H + top + bottom.</summary>
    public int OutHeight => Height + Top + Bottom;
    /// <summary>W + left + right.</summary>
    public int OutWidth => Width + Left + Right;
    /// <summary>C·H·W.</summary>
    public int InputLength => Channels * Height * Width;
    /// <summary>C·OH·OW.</summary>
    public int OutputLength => Channels * OutHeight * OutWidth;
}
