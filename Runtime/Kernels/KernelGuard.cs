using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace CnnGen.Kernels;

/// <summary>
/// Argument checks done once per kernel call, before the unchecked inner loops run: a span that is too short
/// would otherwise read or write outside its memory.
/// </summary>
static class KernelGuard
{
    /// <summary>Throws unless <paramref name="actual"/> ≥ <paramref name="required"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AtLeast(int actual, long required, string name)
    {
        if (actual < required) ThrowTooShort(actual, required, name);
    }

    /// <summary>Throws unless <paramref name="actual"/> = <paramref name="expected"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exactly(int actual, int expected, string name)
    {
        if (actual != expected) ThrowWrongLength(actual, expected, name);
    }

    /// <summary>Throws unless <paramref name="value"/> ≥ 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NotNegative(int value, string name)
    {
        if (value < 0) ThrowNegative(value, name);
    }

    /// <summary>
    /// Throws unless the geometry yields at least one output position and every per-sample size the kernels compute
    /// in <c>int</c> (C·H·W, F·OH·OW, the padded image, the im2col matrix C·K·K × OH·OW, the weight F·C·K·K) fits one
    /// array: those sizes are taken in 64 bits here, so a geometry whose <c>int</c> properties would wrap is refused.
    /// </summary>
    public static void Valid(in ConvGeometry g)
    {
        if (g.Channels <= 0 || g.Height <= 0 || g.Width <= 0 || g.Filters <= 0 || g.Kernel <= 0 || g.Stride <= 0 || g.Padding < 0
            || g.KernelWidth <= 0 || g.StrideWidth <= 0 || g.PaddingWidth < 0 || g.DilationWidth <= 0
            || g.Groups <= 0 || g.Dilation <= 0 || g.Channels % g.Groups != 0 || g.Filters % g.Groups != 0)
            ThrowGeometry(g.ToString());
        long spanHeight = g.Dilation * (g.Kernel - 1L) + 1, spanWidth = g.DilationWidth * (g.KernelWidth - 1L) + 1;
        long height = g.Height + 2L * g.Padding, width = g.Width + 2L * g.PaddingWidth;
        if (height < spanHeight || width < spanWidth) ThrowGeometry(g.ToString());
        long outHeight = (height - spanHeight) / g.Stride + 1, outWidth = (width - spanWidth) / g.StrideWidth + 1;
        long taps = (long)g.Kernel * g.KernelWidth;
        var largest = Math.Max(Math.Max(g.Channels * height * width + 8, (long)g.Filters * outHeight * outWidth),
            Math.Max(g.Channels * taps * outHeight * outWidth, g.Filters * g.Channels * taps));
        if (largest > Array.MaxLength) ThrowTooLarge(g.ToString(), largest);
    }

    /// <summary>Throws unless the geometry yields at least one output position and its output padding is smaller than each stride (PyTorch's rule).</summary>
    public static void Valid(in ConvTransposeGeometry g)
    {
        if (g.Channels <= 0 || g.Height <= 0 || g.Width <= 0 || g.Filters <= 0 || g.Kernel <= 0 || g.Stride <= 0 || g.Padding < 0
            || g.KernelWidth <= 0 || g.StrideWidth <= 0 || g.PaddingWidth < 0
            || g.OutputPadding < 0 || g.OutputPadding >= g.Stride || g.OutputPadding >= g.StrideWidth)
            ThrowGeometry(g.ToString());
        // In 64 bits, before the int properties are read: (H − 1)S + K can wrap.
        long outHeight = (g.Height - 1L) * g.Stride - 2L * g.Padding + g.Kernel + g.OutputPadding;
        long outWidth = (g.Width - 1L) * g.StrideWidth - 2L * g.PaddingWidth + g.KernelWidth + g.OutputPadding;
        if (outHeight <= 0 || outWidth <= 0) ThrowGeometry(g.ToString());
        // The output, and the columns F·K·KW × H·W the transposed convolution scatters from.
        var largest = Math.Max((long)g.Filters * outHeight * outWidth, (long)g.Filters * g.Kernel * g.KernelWidth * g.Height * g.Width);
        largest = Math.Max(largest, (long)g.Channels * g.Height * g.Width);
        if (largest > Array.MaxLength) ThrowTooLarge(g.ToString(), largest);
    }

    /// <summary>
    /// Throws unless the geometry yields at least one output position, pads at most half a window (PyTorch's rule, so
    /// every window reads the input), and its padded input and its output fit one array.
    /// </summary>
    public static void Valid(in PoolGeometry g)
    {
        // No output: a window larger than the padded input (in ceil mode, one that would start past the input's left padding).
        long outHeight = g.OutputSize(g.Height, g.Size, g.Stride, g.Padding), outWidth = g.OutputSize(g.Width, g.SizeWidth, g.StrideWidth, g.PaddingWidth);
        if (g.Channels <= 0 || g.Height <= 0 || g.Width <= 0 || g.Size <= 0 || g.Stride <= 0 || g.Padding < 0 || 2L * g.Padding > g.Size
            || g.SizeWidth <= 0 || g.StrideWidth <= 0 || g.PaddingWidth < 0 || 2L * g.PaddingWidth > g.SizeWidth
            || outHeight < 1 || outWidth < 1)
            ThrowGeometry(g.ToString());
        long height = g.Height + 2L * g.Padding, width = g.Width + 2L * g.PaddingWidth;
        var largest = Math.Max(g.Channels * height * width, g.Channels * outHeight * outWidth);
        if (largest > Array.MaxLength) ThrowTooLarge(g.ToString(), largest);
    }

    [DoesNotReturn]
    static void ThrowTooLarge(string geometry, long largest) =>
        throw new ArgumentException($"The geometry {geometry} needs a per-sample buffer of {largest} values, above the {Array.MaxLength} an array holds.", "geometry");

    /// <summary>Throws unless every size and the scale are positive.</summary>
    public static void Valid(in UpsampleGeometry g)
    {
        if (g.Channels <= 0 || g.Height <= 0 || g.Width <= 0 || g.Scale <= 0)
            ThrowGeometry(g.ToString());
        var largest = (long)g.Channels * g.Height * g.Width * g.Scale * g.Scale;
        if (largest > Array.MaxLength) ThrowTooLarge(g.ToString(), largest);
    }

    /// <summary>Throws unless every size is positive and the input and output of one sample fit one array.</summary>
    public static void Valid(in AdaptivePoolGeometry g)
    {
        if (g.Channels <= 0 || g.Height <= 0 || g.Width <= 0 || g.OutHeight <= 0 || g.OutWidth <= 0)
            ThrowGeometry(g.ToString());
        var largest = Math.Max((long)g.Channels * g.Height * g.Width, (long)g.Channels * g.OutHeight * g.OutWidth);
        if (largest > Array.MaxLength) ThrowTooLarge(g.ToString(), largest);
    }

    /// <summary>Throws unless every size is positive, the padded (or cropped) sample keeps at least one row and column, and it fits one array.</summary>
    public static void Valid(in PadGeometry g)
    {
        long outHeight = (long)g.Height + g.Top + g.Bottom, outWidth = (long)g.Width + g.Left + g.Right;
        if (g.Channels <= 0 || g.Height <= 0 || g.Width <= 0 || outHeight <= 0 || outWidth <= 0)
            ThrowGeometry(g.ToString());
        var largest = Math.Max((long)g.Channels * g.Height * g.Width, g.Channels * outHeight * outWidth);
        if (largest > Array.MaxLength) ThrowTooLarge(g.ToString(), largest);
    }

    /// <summary>Throws unless <typeparamref name="TIndex"/> holds every position of a size × size window (0 … size² − 1).</summary>
    public static void WindowFits<TIndex>(int size) where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex> => WindowFits<TIndex>(size, size);

    /// <summary>Throws unless <typeparamref name="TIndex"/> holds every position of a height × width window (0 … height·width − 1).</summary>
    public static void WindowFits<TIndex>(int height, int width) where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex>
    {
        var largest = (long)height * width - 1;
        if (long.CreateTruncating(TIndex.CreateSaturating(largest)) != largest)
            ThrowWindow<TIndex>(height, width, largest);
    }

    [DoesNotReturn]
    static void ThrowWindow<TIndex>(int height, int width, long largest) =>
        throw new ArgumentException($"Expected an argmax element type that holds window positions up to {largest} (a {height}×{width} window); {typeof(TIndex).Name} does not.", "argmax");

    [DoesNotReturn]
    static void ThrowTooShort(int actual, long required, string name) =>
        throw new ArgumentException($"Expected at least {required} values in {name}, got {actual}.", name);

    [DoesNotReturn]
    static void ThrowWrongLength(int actual, int expected, string name) =>
        throw new ArgumentException($"Expected {expected} values in {name}, got {actual}.", name);

    [DoesNotReturn]
    static void ThrowNegative(int value, string name) =>
        throw new ArgumentOutOfRangeException(name, value, "Expected a non-negative size.");

    [DoesNotReturn]
    static void ThrowGeometry(string geometry) =>
        throw new ArgumentException($"The geometry {geometry} has no output positions, a non-positive size, groups that do not divide the channels and filters, or an output padding not smaller than the stride.", "geometry");
}
