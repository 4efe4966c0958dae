using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnGen.Kernels;

/// <summary>im2col / col2im lowering.</summary>
/// <remarks>
/// Row r = (c, ky, kx) of the column matrix holds, for every output position (oy, ox), the input value at
/// (c, oy·S − P + ky·D, ox·SW − PW + kx·DW) (D the dilation; SW, PW, DW the width's, equal to S, P, D for a square
/// kernel), so that a convolution becomes W[F, C·KH·KW] · columns[C·KH·KW, OH·OW].
/// </remarks>
internal static class Im2Col
{
    /// <summary>One image [C/G, H, W] (one group's channels) → columns [(C/G)·KH·KW, OH·OW] (zero where padded).</summary>
    public static void Lower(ReadOnlySpan<float> image, Span<float> columns, in ConvGeometry geometry)
    {
        KernelGuard.Valid(geometry);
        KernelGuard.AtLeast(image.Length, (long)GroupChannels(geometry) * geometry.Height * geometry.Width, nameof(image));
        KernelGuard.AtLeast(columns.Length, (long)geometry.ColumnRows * geometry.ColumnCols, nameof(columns));

        int height = geometry.Height, width = geometry.Width, kernel = geometry.Kernel, kernelWidth = geometry.KernelWidth;
        int stride = geometry.Stride, padding = geometry.Padding, dilation = geometry.Dilation;
        int strideWidth = geometry.StrideWidth, paddingWidth = geometry.PaddingWidth, dilationWidth = geometry.DilationWidth;
        int outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        ref var src = ref MemoryMarshal.GetReference(image);
        ref var dst = ref MemoryMarshal.GetReference(columns);

        var row = 0;
        for (var c = 0; c < GroupChannels(geometry); c++)
        {
            ref var plane = ref Unsafe.Add(ref src, c * height * width);
            for (var ky = 0; ky < kernel; ky++)
            for (var kx = 0; kx < kernelWidth; kx++, row++)
            {
                ref var outRow = ref Unsafe.Add(ref dst, row * outHeight * outWidth);
                // Output columns whose input x falls inside the image: ox in [first, last).
                var (first, last) = InsideRange(kx * dilationWidth - paddingWidth, strideWidth, width, outWidth);
                for (var oy = 0; oy < outHeight; oy++)
                {
                    ref var target = ref Unsafe.Add(ref outRow, oy * outWidth);
                    var y = oy * stride - padding + ky * dilation;
                    if ((uint)y >= (uint)height)
                    {
                        MemoryMarshal.CreateSpan(ref target, outWidth).Clear();
                        continue;
                    }
                    ref var line = ref Unsafe.Add(ref plane, y * width);
                    for (var ox = 0; ox < first; ox++) Unsafe.Add(ref target, ox) = 0f;
                    var x = first * strideWidth - paddingWidth + kx * dilationWidth;
                    if (strideWidth == 1)
                    {
                        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref line, x), last - first)
                            .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref target, first), last - first));
                    }
                    else
                    {
                        for (var ox = first; ox < last; ox++, x += strideWidth) Unsafe.Add(ref target, ox) = Unsafe.Add(ref line, x);
                    }
                    for (var ox = last; ox < outWidth; ox++) Unsafe.Add(ref target, ox) = 0f;
                }
            }
        }
    }

    /// <summary>col2im: columns [(C/G)·KH·KW, OH·OW] are ADDED into image [C/G, H, W] (the adjoint of <see cref="Lower"/>).</summary>
    public static void Raise(ReadOnlySpan<float> columns, Span<float> image, in ConvGeometry geometry)
    {
        KernelGuard.Valid(geometry);
        KernelGuard.AtLeast(image.Length, (long)GroupChannels(geometry) * geometry.Height * geometry.Width, nameof(image));
        KernelGuard.AtLeast(columns.Length, (long)geometry.ColumnRows * geometry.ColumnCols, nameof(columns));

        int height = geometry.Height, width = geometry.Width, kernel = geometry.Kernel, kernelWidth = geometry.KernelWidth;
        int stride = geometry.Stride, padding = geometry.Padding, dilation = geometry.Dilation;
        int strideWidth = geometry.StrideWidth, paddingWidth = geometry.PaddingWidth, dilationWidth = geometry.DilationWidth;
        int outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        ref var src = ref MemoryMarshal.GetReference(columns);
        ref var dst = ref MemoryMarshal.GetReference(image);

        var row = 0;
        for (var c = 0; c < GroupChannels(geometry); c++)
        {
            ref var plane = ref Unsafe.Add(ref dst, c * height * width);
            for (var ky = 0; ky < kernel; ky++)
            for (var kx = 0; kx < kernelWidth; kx++, row++)
            {
                ref var inRow = ref Unsafe.Add(ref src, row * outHeight * outWidth);
                var (first, last) = InsideRange(kx * dilationWidth - paddingWidth, strideWidth, width, outWidth);
                for (var oy = 0; oy < outHeight; oy++)
                {
                    var y = oy * stride - padding + ky * dilation;
                    if ((uint)y >= (uint)height) continue;
                    ref var source = ref Unsafe.Add(ref inRow, oy * outWidth);
                    ref var line = ref Unsafe.Add(ref plane, y * width);
                    var x = first * strideWidth - paddingWidth + kx * dilationWidth;
                    if (strideWidth == 1)
                    {
                        // Contiguous on both sides: a vector add, each element still getting this one addition.
                        var count = last - first;
                        var target = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref line, x), count);
                        VectorMath.Add(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref source, first), count), target);
                        continue;
                    }
                    for (var ox = first; ox < last; ox++, x += strideWidth) Unsafe.Add(ref line, x) += Unsafe.Add(ref source, ox);
                }
            }
        }
    }

    static int GroupChannels(in ConvGeometry g) => g.Channels / g.Groups;

    /// <summary>The output positions [first, last) whose input coordinate offset + o·stride lies in [0, size).</summary>
    static (int First, int Last) InsideRange(int offset, int stride, int size, int outputs)
    {
        var first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        var last = offset >= size ? 0 : (size - 1 - offset) / stride + 1;
        first = Math.Min(first, outputs);
        last = Math.Clamp(last, first, outputs);
        return (first, last);
    }
}
