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
