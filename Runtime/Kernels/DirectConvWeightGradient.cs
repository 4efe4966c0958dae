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
/// each row's OW mod 8 tail as one more masked 8-lane step, then a fixed horizontal sum.
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
            // Leftover taps: 3 filters × 1 tap, i.e. 3 chains (a lone chain would wait on FMA latency).
            for (; t < taps; t++)
                Strip(image + tapSources[t], outputGradient + f * spatial, spatial, 3, width, outHeight, outWidth, weightGradient + f * taps + t, taps, accumulate);
        }
        // Leftover filters: 1 filter × 4 taps.
        for (; f < filters; f++)
        {
            var t = 0;
            for (; t + 4 <= taps; t += 4)
                Strip4(outputGradient + f * spatial, image, tapSources + t, width, outHeight, outWidth, weightGradient + f * taps + t, accumulate);
            for (; t < taps; t++)
                Put(weightGradient + f * taps + t, Single(outputGradient + f * spatial, image + tapSources[t], width, outHeight, outWidth), accumulate);
        }
    }

    /// <summary>count (≤ 3) filters against one tap: count independent chains, each element as in the 3×4 tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Strip(float* x, float* dy, int spatial, int count, int width, int outHeight, int outWidth, float* c, int ldc, bool accumulate)
    {
        Vector256<float> c0 = default, c1 = default, c2 = default;
        var full = outWidth & ~7;
        var mask = TailMask(outWidth - full);
        for (var oy = 0; oy < outHeight; oy++)
        {
            float* d = dy + oy * outWidth, row = x + oy * width;
            for (var ox = 0; ox < full; ox += 8)
            {
                var y = Avx.LoadVector256(row + ox);
                c0 = Fma.MultiplyAdd(Avx.LoadVector256(d + ox), y, c0);
                c1 = Fma.MultiplyAdd(Avx.LoadVector256(d + spatial + ox), y, c1);
                c2 = Fma.MultiplyAdd(Avx.LoadVector256(d + 2 * spatial + ox), y, c2);
            }
            if (full < outWidth)
            {
                var y = Avx.MaskLoad(row + full, mask);
                c0 = Fma.MultiplyAdd(Avx.MaskLoad(d + full, mask), y, c0);
                c1 = Fma.MultiplyAdd(Avx.MaskLoad(d + spatial + full, mask), y, c1);
                c2 = Fma.MultiplyAdd(Avx.MaskLoad(d + 2 * spatial + full, mask), y, c2);
            }
        }
        Put(c, Vector256.Sum(c0), accumulate);
        if (count > 1) Put(c + ldc, Vector256.Sum(c1), accumulate);
        if (count > 2) Put(c + 2 * ldc, Vector256.Sum(c2), accumulate);
    }

    /// <summary>One filter against four taps: four independent chains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Strip4(float* dy, float* image, int* tapSources, int width, int outHeight, int outWidth, float* c, bool accumulate)
    {
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default;
        float* x0 = image + tapSources[0], x1 = image + tapSources[1], x2 = image + tapSources[2], x3 = image + tapSources[3];
        var full = outWidth & ~7;
        var mask = TailMask(outWidth - full);
        for (var oy = 0; oy < outHeight; oy++)
        {
            var d = dy + oy * outWidth;
            var row = oy * width;
            for (var ox = 0; ox < full; ox += 8)
            {
                var a = Avx.LoadVector256(d + ox);
                c0 = Fma.MultiplyAdd(a, Avx.LoadVector256(x0 + row + ox), c0);
                c1 = Fma.MultiplyAdd(a, Avx.LoadVector256(x1 + row + ox), c1);
                c2 = Fma.MultiplyAdd(a, Avx.LoadVector256(x2 + row + ox), c2);
                c3 = Fma.MultiplyAdd(a, Avx.LoadVector256(x3 + row + ox), c3);
            }
            if (full < outWidth)
            {
                var a = Avx.MaskLoad(d + full, mask);
                c0 = Fma.MultiplyAdd(a, Avx.MaskLoad(x0 + row + full, mask), c0);
                c1 = Fma.MultiplyAdd(a, Avx.MaskLoad(x1 + row + full, mask), c1);
                c2 = Fma.MultiplyAdd(a, Avx.MaskLoad(x2 + row + full, mask), c2);
                c3 = Fma.MultiplyAdd(a, Avx.MaskLoad(x3 + row + full, mask), c3);
            }
        }
        Put(c, Vector256.Sum(c0), accumulate); Put(c + 1, Vector256.Sum(c1), accumulate);
        Put(c + 2, Vector256.Sum(c2), accumulate); Put(c + 3, Vector256.Sum(c3), accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Put(float* c, float value, bool accumulate) => *c = accumulate ? *c + value : value;

    /// <summary>Lanes [0, valid) set: the row tail is read with a masked load (no fault past the buffer, zeros beyond).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> TailMask(int valid) =>
        Avx2.CompareGreaterThan(Vector256.Create(valid), Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7)).AsSingle();

    static float Single(float* dy, float* x, int width, int outHeight, int outWidth)
    {
        var acc = Vector256<float>.Zero;
        var full = outWidth & ~7;
        var mask = TailMask(outWidth - full);
        for (var oy = 0; oy < outHeight; oy++)
        {
            float* dyRow = dy + oy * outWidth, xRow = x + oy * width;
            for (var ox = 0; ox < full; ox += 8)
                acc = Fma.MultiplyAdd(Avx.LoadVector256(dyRow + ox), Avx.LoadVector256(xRow + ox), acc);
            if (full < outWidth)
                acc = Fma.MultiplyAdd(Avx.MaskLoad(dyRow + full, mask), Avx.MaskLoad(xRow + full, mask), acc);
        }
        return Vector256.Sum(acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile3x4(float* dy, int spatial, float* image, int* tapSources, int width, int outHeight, int outWidth, float* c, int ldc, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector256<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector256<float> c20 = default, c21 = default, c22 = default, c23 = default;
        float* x0 = image + tapSources[0], x1 = image + tapSources[1], x2 = image + tapSources[2], x3 = image + tapSources[3];
        var full = outWidth & ~7;
        var mask = TailMask(outWidth - full);
        for (var oy = 0; oy < outHeight; oy++)
        {
            var d0 = dy + oy * outWidth;
            var row = oy * width;
            for (var ox = 0; ox < full; ox += 8)
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
            if (full < outWidth)
            {
                // The row's tail: masked lanes read nothing and add zero (both operands masked, so no 0·NaN).
                var a0 = Avx.MaskLoad(d0 + full, mask);
                var a1 = Avx.MaskLoad(d0 + spatial + full, mask);
                var a2 = Avx.MaskLoad(d0 + 2 * spatial + full, mask);
                var y = Avx.MaskLoad(x0 + row + full, mask);
                c00 = Fma.MultiplyAdd(a0, y, c00); c10 = Fma.MultiplyAdd(a1, y, c10); c20 = Fma.MultiplyAdd(a2, y, c20);
                y = Avx.MaskLoad(x1 + row + full, mask);
                c01 = Fma.MultiplyAdd(a0, y, c01); c11 = Fma.MultiplyAdd(a1, y, c11); c21 = Fma.MultiplyAdd(a2, y, c21);
                y = Avx.MaskLoad(x2 + row + full, mask);
                c02 = Fma.MultiplyAdd(a0, y, c02); c12 = Fma.MultiplyAdd(a1, y, c12); c22 = Fma.MultiplyAdd(a2, y, c22);
                y = Avx.MaskLoad(x3 + row + full, mask);
                c03 = Fma.MultiplyAdd(a0, y, c03); c13 = Fma.MultiplyAdd(a1, y, c13); c23 = Fma.MultiplyAdd(a2, y, c23);
            }
        }
        Put(c, Vector256.Sum(c00), accumulate); Put(c + 1, Vector256.Sum(c01), accumulate);
        Put(c + 2, Vector256.Sum(c02), accumulate); Put(c + 3, Vector256.Sum(c03), accumulate);
        c += ldc;
        Put(c, Vector256.Sum(c10), accumulate); Put(c + 1, Vector256.Sum(c11), accumulate);
        Put(c + 2, Vector256.Sum(c12), accumulate); Put(c + 3, Vector256.Sum(c13), accumulate);
        c += ldc;
        Put(c, Vector256.Sum(c20), accumulate); Put(c + 1, Vector256.Sum(c21), accumulate);
        Put(c + 2, Vector256.Sum(c22), accumulate); Put(c + 3, Vector256.Sum(c23), accumulate);
    }
}
