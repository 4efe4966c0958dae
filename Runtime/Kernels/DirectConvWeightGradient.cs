using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnGen.Kernels;

/// <summary>
/// Weight gradient of a stride-1 convolution for one sample without im2col:
/// dW[f, (c, ky, kx)] (+)= Σ over (oy, ox) of dY[f, oy, ox] · X[c, oy + ky, ox + kx], as register tiles of
/// 3 filters × 4 taps whose operands are read straight from the output-gradient rows and the image rows (FMA only).
/// </summary>
/// <remarks>
/// Every element is computed one way wherever it sits: an 8-lane FMA chain over the rows' 8-wide blocks in order,
/// a fixed horizontal sum, then each row's OW mod 8 tail by scalar fused multiply-adds, rows in order.
/// </remarks>
static unsafe class DirectConvWeightGradient
{
    /// <summary>image (C, H, W) unpadded (pad into scratch first); outputGradient (F, OH, OW) with OH = H − K + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(float* image, int channels, int height, int width, int kernel, float* outputGradient, int filters, float* weightGradient, bool accumulate)
    {
        int outHeight = height - kernel + 1, outWidth = width - kernel + 1;
        var taps = channels * kernel * kernel;
        var spatial = outHeight * outWidth;
        var tapSources = stackalloc int[taps];
        for (int c = 0, t = 0; c < channels; c++)
            for (var ky = 0; ky < kernel; ky++)
                for (var kx = 0; kx < kernel; kx++, t++) tapSources[t] = c * height * width + ky * width + kx;

        var f = 0;
        for (; f + 3 <= filters; f += 3)
        {
            var t = 0;
            for (; t + 4 <= taps; t += 4)
                Tile3x4(outputGradient + f * spatial, spatial, image, tapSources + t, width, outHeight, outWidth, weightGradient + f * taps + t, taps, accumulate);
            for (; t < taps; t++)
                for (var i = f; i < f + 3; i++)
                    Put(weightGradient + i * taps + t, Single(outputGradient + i * spatial, image + tapSources[t], width, outHeight, outWidth), accumulate);
        }
        for (; f < filters; f++)
            for (var t = 0; t < taps; t++)
                Put(weightGradient + f * taps + t, Single(outputGradient + f * spatial, image + tapSources[t], width, outHeight, outWidth), accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Put(float* c, float value, bool accumulate) => *c = accumulate ? *c + value : value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Finish(Vector256<float> lanes, float* dy, float* x, int width, int outHeight, int outWidth)
    {
        var sum = Vector256.Sum(lanes);
        var tail = outWidth & ~7;
        if (tail == outWidth) return sum;
        for (var oy = 0; oy < outHeight; oy++)
        {
            float* dyRow = dy + oy * outWidth, xRow = x + oy * width;
            for (var ox = tail; ox < outWidth; ox++) sum = MathF.FusedMultiplyAdd(dyRow[ox], xRow[ox], sum);
        }
        return sum;
    }

    static float Single(float* dy, float* x, int width, int outHeight, int outWidth)
    {
        var acc = Vector256<float>.Zero;
        for (var oy = 0; oy < outHeight; oy++)
        {
            float* dyRow = dy + oy * outWidth, xRow = x + oy * width;
            for (var ox = 0; ox + 8 <= outWidth; ox += 8)
                acc = Fma.MultiplyAdd(Avx.LoadVector256(dyRow + ox), Avx.LoadVector256(xRow + ox), acc);
        }
        return Finish(acc, dy, x, width, outHeight, outWidth);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile3x4(float* dy, int spatial, float* image, int* tapSources, int width, int outHeight, int outWidth, float* c, int ldc, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector256<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector256<float> c20 = default, c21 = default, c22 = default, c23 = default;
        float* x0 = image + tapSources[0], x1 = image + tapSources[1], x2 = image + tapSources[2], x3 = image + tapSources[3];
        for (var oy = 0; oy < outHeight; oy++)
        {
            var d0 = dy + oy * outWidth;
            var row = oy * width;
            for (var ox = 0; ox + 8 <= outWidth; ox += 8)
            {
                var a0 = Avx.LoadVector256(d0 + ox);
                var a1 = Avx.LoadVector256(d0 + spatial + ox);
                var a2 = Avx.LoadVector256(d0 + 2 * spatial + ox);
                var y = Avx.LoadVector256(x0 + row + ox);
                c00 = Fma.MultiplyAdd(a0, y, c00); c10 = Fma.MultiplyAdd(a1, y, c10); c20 = Fma.MultiplyAdd(a2, y, c20);
                y = Avx.LoadVector256(x1 + row + ox);
                c01 = Fma.MultiplyAdd(a0, y, c01); c11 = Fma.MultiplyAdd(a1, y, c11); c21 = Fma.MultiplyAdd(a2, y, c21);
                y = Avx.LoadVector256(x2 + row + ox);
                c02 = Fma.MultiplyAdd(a0, y, c02); c12 = Fma.MultiplyAdd(a1, y, c12); c22 = Fma.MultiplyAdd(a2, y, c22);
                y = Avx.LoadVector256(x3 + row + ox);
                c03 = Fma.MultiplyAdd(a0, y, c03); c13 = Fma.MultiplyAdd(a1, y, c13); c23 = Fma.MultiplyAdd(a2, y, c23);
            }
        }
        float* dy1 = dy + spatial, dy2 = dy + 2 * spatial;
        Put(c, Finish(c00, dy, x0, width, outHeight, outWidth), accumulate); Put(c + 1, Finish(c01, dy, x1, width, outHeight, outWidth), accumulate);
        Put(c + 2, Finish(c02, dy, x2, width, outHeight, outWidth), accumulate); Put(c + 3, Finish(c03, dy, x3, width, outHeight, outWidth), accumulate);
        c += ldc;
        Put(c, Finish(c10, dy1, x0, width, outHeight, outWidth), accumulate); Put(c + 1, Finish(c11, dy1, x1, width, outHeight, outWidth), accumulate);
        Put(c + 2, Finish(c12, dy1, x2, width, outHeight, outWidth), accumulate); Put(c + 3, Finish(c13, dy1, x3, width, outHeight, outWidth), accumulate);
        c += ldc;
        Put(c, Finish(c20, dy2, x0, width, outHeight, outWidth), accumulate); Put(c + 1, Finish(c21, dy2, x1, width, outHeight, outWidth), accumulate);
        Put(c + 2, Finish(c22, dy2, x2, width, outHeight, outWidth), accumulate); Put(c + 3, Finish(c23, dy2, x3, width, outHeight, outWidth), accumulate);
    }
}
