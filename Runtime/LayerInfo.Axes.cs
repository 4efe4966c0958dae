namespace CnnGen;

// The width's values of a rectangular sliding window (DESIGN §2c): Kernel, Stride, Padding and Dilation are the height's.
public sealed partial record LayerInfo
{
    readonly int _kernelWidth, _strideWidth, _paddingWidth, _dilationWidth;
    readonly bool _paddingWidthSet;

    /// <summary>The kernel's or pooling window's width (default: <see cref="Kernel"/>, a square window).</summary>
    public int KernelWidth { get => _kernelWidth == 0 ? Kernel : _kernelWidth; init => _kernelWidth = value; }
    /// <summary>The horizontal stride (default: <see cref="Stride"/>).</summary>
    public int StrideWidth { get => _strideWidth == 0 ? Stride : _strideWidth; init => _strideWidth = value; }
    /// <summary>The padding on the left and on the right (default: <see cref="Padding"/>).</summary>
    public int PaddingWidth { get => _paddingWidthSet ? _paddingWidth : Padding; init { _paddingWidth = value; _paddingWidthSet = true; } }
    /// <summary>The horizontal spacing between Conv2D kernel taps (default: <see cref="Dilation"/>).</summary>
    public int DilationWidth { get => _dilationWidth == 0 ? Dilation : _dilationWidth; init => _dilationWidth = value; }
}
