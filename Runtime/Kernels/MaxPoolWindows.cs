using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Kernels;

/// <summary>
/// Max pooling of any window, stride and padding, a vector of L consecutive outputs of a row at a time (L = the lanes
/// of the width that runs): each plane is first copied into scratch with −∞ borders (and room for ceil-mode windows),
/// then every window position is one compare-and-select over the L windows, in the scalar scan's order.
/// </summary>
/// <remarks>
/// A −∞ border value is never taken (it is not larger than anything, nor NaN), so the winner is the scalar scan's:
/// the first in-bounds maximum, or the last NaN; a window whose in-bounds values are all −∞ keeps its first in-bounds
/// position. Comparisons and selects are exact, so every width gives the same values and positions.
/// </remarks>
static unsafe class MaxPoolWindows
{
    /// <summary>Pools planes [first, end) of <paramref name="input"/> into <paramref name="output"/> and <paramref name="argmax"/>.</summary>
    public static void Forward<TIndex>(float* input, float* output, TIndex* argmax, in PoolGeometry geometry, int first, int end)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        switch (Simd.Width)
        {
            case 512: Forward<Vector512<float>, Simd512, TIndex>(input, output, argmax, geometry, first, end); break;
            case 256: Forward<Vector256<float>, Simd256, TIndex>(input, output, argmax, geometry, first, end); break;
            default: Forward<Vector128<float>, Simd128, TIndex>(input, output, argmax, geometry, first, end); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Forward<TVec, TOps, TIndex>(float* input, float* output, TIndex* argmax, in PoolGeometry g, int first, int end)
        where TVec : unmanaged where TOps : struct, ISimd<TVec> where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        int height = g.Height, width = g.Width, size = g.Size, stride = g.Stride, pad = g.Padding;
        int sizeWidth = g.SizeWidth, strideWidth = g.StrideWidth, padWidth = g.PaddingWidth;
        int outHeight = g.OutHeight, outWidth = g.OutWidth, lanes = TOps.Count;
        // The padded plane holds every window of every output block (the last block's unused lanes included).
        var blocks = (outWidth + lanes - 1) / lanes;
        var paddedHeight = Math.Max(height + 2 * pad, (outHeight - 1) * stride + size);
        // A stride-2 block reads 2L floats from its last window's row start.
        var paddedWidth = Math.Max(width + 2 * padWidth, (blocks * lanes - 1) * strideWidth + sizeWidth + lanes);
        var padded = Scratch.Image((long)paddedHeight * paddedWidth + 3 * lanes);
        var gathered = padded + (long)paddedHeight * paddedWidth;
        var startPosition = gathered + lanes;
        var results = startPosition + lanes;
        var negativeInfinity = TOps.Create(float.NegativeInfinity);
        var allOnes = TOps.GreaterThanOrEqual(TOps.Zero, TOps.Zero);
        long planeLength = (long)height * width, outPlane = (long)outHeight * outWidth;
        for (long plane = first; plane < end; plane++)
        {
            PadPlane(input + plane * planeLength, height, width, pad, padWidth, padded, paddedHeight, paddedWidth);
            var pooled = output + plane * outPlane;
            var winners = argmax + plane * outPlane;
            for (var oy = 0; oy < outHeight; oy++)
            {
                var y0 = oy * stride - pad;
                var yStart = Math.Max(y0, 0);
                for (var ox = 0; ox < outWidth; ox += lanes)
                {
                    // Each window's first in-bounds position: its winner if nothing is taken (the same for every
                    // window of the block unless its first one starts in the left padding).
                    var position = TOps.Create((yStart - y0) * sizeWidth);
                    if (ox * strideWidth < padWidth)
                    {
                        for (var j = 0; j < lanes; j++)
                        {
                            var x0 = (ox + j) * strideWidth - padWidth;
                            startPosition[j] = (yStart - y0) * sizeWidth + (Math.Max(x0, 0) - x0);
                        }
                        position = TOps.Load(startPosition);
                    }
                    var best = negativeInfinity;
                    var window = padded + (long)oy * stride * paddedWidth + (long)ox * strideWidth;
                    for (var dy = 0; dy < size; dy++)
                        for (var dx = 0; dx < sizeWidth; dx++)
                        {
                            var source = window + (long)dy * paddedWidth + dx;
                            TVec value;
                            if (strideWidth == 1) value = TOps.Load(source);
                            else if (strideWidth == 2) value = TOps.LoadEven(source);
                            else
                            {
                                for (var j = 0; j < lanes; j++) gathered[j] = source[j * strideWidth];
                                value = TOps.Load(gathered);
                            }
                            // Strictly larger, or NaN (a NaN is not ≤ itself): PyTorch's rule.
                            var take = TOps.Select(TOps.LessThanOrEqual(value, value), TOps.GreaterThan(value, best), allOnes);
                            best = TOps.Select(take, value, best);
                            position = TOps.Select(take, TOps.Create(dy * sizeWidth + dx), position);
                        }
                    var valid = Math.Min(lanes, outWidth - ox);
                    var target = pooled + oy * outWidth + ox;
                    if (valid == lanes) TOps.Store(target, best);
                    else TOps.StoreFirst(target, best, TOps.FirstLanes(valid), valid);
                    TOps.Store(results, position);
                    for (var j = 0; j < valid; j++) winners[oy * outWidth + ox + j] = TIndex.CreateTruncating((int)results[j]);
                }
            }
        }
    }

    /// <summary>One (H, W) plane into a (paddedHeight, paddedWidth) plane: the <paramref name="pad"/> rows above, the <paramref name="padWidth"/> columns left, and what lies past the image are −∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PadPlane(float* source, int height, int width, int pad, int padWidth, float* target, int paddedHeight, int paddedWidth)
    {
        for (var y = 0; y < paddedHeight; y++)
        {
            var row = new Span<float>(target + (long)y * paddedWidth, paddedWidth);
            var sourceRow = y - pad;
            if (sourceRow < 0 || sourceRow >= height)
            {
                row.Fill(float.NegativeInfinity);
                continue;
            }
            row[..padWidth].Fill(float.NegativeInfinity);
            new ReadOnlySpan<float>(source + (long)sourceRow * width, width).CopyTo(row.Slice(padWidth, width));
            row[(padWidth + width)..].Fill(float.NegativeInfinity);
        }
    }
}
