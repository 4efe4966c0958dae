using System;
using System.Globalization;

namespace CnnGen.Generator.Model;

/// <summary>The arguments a sliding-window layer (Conv2D, ConvTranspose2D, MaxPool2D, AvgPool2D) wrote for one axis apart from the other.</summary>
[Flags]
internal enum AxisArguments
{
    None = 0,
    /// <summary>The rectangular constructor: <c>(filters, kernelHeight, kernelWidth)</c> or <c>(kernelHeight, kernelWidth)</c>.</summary>
    RectangularKernel = 1,
    StrideHeight = 2,
    StrideWidth = 4,
    PaddingHeight = 8,
    PaddingWidth = 16,
    DilationHeight = 32,
    DilationWidth = 64,
}

// Rectangular geometry (DESIGN §2c): Kernel, Stride, Padding and Dilation are the height's values (the square form's
// too); the width's are kept apart, equal to the height's unless the declaration gave the width its own.
internal sealed partial record LayerSpec
{
    /// <summary>The kernel's (or pooling window's) width.</summary>
    public int KernelWidth { get; init; }

    public int StrideWidth { get; init; } = 1;

    public int PaddingWidth { get; init; }

    public int DilationWidth { get; init; } = 1;

    /// <summary>Which per-axis arguments were written, so a diagnostic points at the argument that set the value.</summary>
    public AxisArguments AxisArguments { get; init; }

    /// <summary>Whether the width's kernel, stride, padding and dilation equal the height's.</summary>
    public bool IsSquare => KernelWidth == Kernel && StrideWidth == Stride && PaddingWidth == Padding && DilationWidth == Dilation;

    /// <summary>The argument that gave the kernel's height (<paramref name="width"/>: its width); <paramref name="square"/> names it in the square form.</summary>
    public string KernelArgument(bool width, string square) =>
        (AxisArguments & AxisArguments.RectangularKernel) == 0 ? square : width ? "kernelWidth" : "kernelHeight";

    public string StrideArgument(bool width) => Written(width ? AxisArguments.StrideWidth : AxisArguments.StrideHeight, "Stride", width);

    public string PaddingArgument(bool width) => Written(width ? AxisArguments.PaddingWidth : AxisArguments.PaddingHeight, "Padding", width);

    public string DilationArgument(bool width) => Written(width ? AxisArguments.DilationWidth : AxisArguments.DilationHeight, "Dilation", width);

    string Written(AxisArguments flag, string square, bool width) => (AxisArguments & flag) == 0 ? square : square + (width ? "Width" : "Height");

    /// <summary><c>3</c> for a square value, <c>(1, 7)</c> as PyTorch prints a (height, width) pair.</summary>
    public static string Pair(int height, int width) =>
        height == width ? height.ToString(CultureInfo.InvariantCulture) : string.Format(CultureInfo.InvariantCulture, "({0}, {1})", height, width);

    /// <summary><c>3x3</c>, <c>1x7</c>: the window's height by width.</summary>
    public string WindowText => string.Format(CultureInfo.InvariantCulture, "{0}x{1}", Kernel, KernelWidth);
}
