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

    /// <summary>Throws unless the geometry yields at least one output position.</summary>
    public static void Valid(in ConvGeometry g)
    {
        if (g.Channels <= 0 || g.Height <= 0 || g.Width <= 0 || g.Filters <= 0 || g.Kernel <= 0 || g.Stride <= 0 || g.Padding < 0
            || g.Groups <= 0 || g.Dilation <= 0 || g.Channels % g.Groups != 0 || g.Filters % g.Groups != 0
            || g.Height + 2 * g.Padding < g.Span || g.Width + 2 * g.Padding < g.Span)
            ThrowGeometry(g.ToString());
    }

    /// <summary>Throws unless the geometry yields at least one output position and its output padding is smaller than its stride (PyTorch's rule).</summary>
    public static void Valid(in ConvTransposeGeometry g)
    {
        if (g.Channels <= 0 || g.Height <= 0 || g.Width <= 0 || g.Filters <= 0 || g.Kernel <= 0 || g.Stride <= 0 || g.Padding < 0
            || g.OutputPadding < 0 || g.OutputPadding >= g.Stride || g.OutHeight <= 0 || g.OutWidth <= 0)
            ThrowGeometry(g.ToString());
    }

    /// <summary>Throws unless the geometry yields at least one output position and pads at most half a window (PyTorch's rule, so every window reads the input).</summary>
    public static void Valid(in PoolGeometry g)
    {
        if (g.Channels <= 0 || g.Height <= 0 || g.Width <= 0 || g.Size <= 0 || g.Stride <= 0 || g.Padding < 0 || 2 * g.Padding > g.Size
            || g.Height + 2 * g.Padding < g.Size || g.Width + 2 * g.Padding < g.Size)
            ThrowGeometry(g.ToString());
    }

    /// <summary>Throws unless every size and the scale are positive.</summary>
    public static void Valid(in UpsampleGeometry g)
    {
        if (g.Channels <= 0 || g.Height <= 0 || g.Width <= 0 || g.Scale <= 0 || (long)g.Channels * g.Height * g.Width * g.Scale * g.Scale > int.MaxValue)
            ThrowGeometry(g.ToString());
    }

    /// <summary>Throws unless <typeparamref name="TIndex"/> holds every position of a size × size window (0 … size² − 1).</summary>
    public static void WindowFits<TIndex>(int size) where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex>
    {
        var largest = (long)size * size - 1;
        if (long.CreateTruncating(TIndex.CreateSaturating(largest)) != largest)
            ThrowWindow<TIndex>(size, largest);
    }

    [DoesNotReturn]
    static void ThrowWindow<TIndex>(int size, long largest) =>
        throw new ArgumentException($"Expected an argmax element type that holds window positions up to {largest} (a {size}×{size} window); {typeof(TIndex).Name} does not.", "argmax");

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
