using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnGen.Kernels;

/// <summary>
/// Weight gradient of a stride-1 convolution over a group of samples without im2col:
/// dW[f, (c, ky, kx)] = Σ over samples n and positions (oy, ox) of dY[n, f, oy, ox] · X[n, c, oy + ky, ox + kx],
/// as register tiles of 4 filters × 3 taps (or 3 × 4) whose operands are read straight from the output-gradient
/// rows and the image rows (FMA only).
/// </summary>
/// <remarks>
/// <para>
/// The samples are the innermost reduction of a tile, so each tile pays its horizontal sums once per group rather
/// than once per sample: on the 8×8 layers of DeepConvNet a sample is only 8 FMA steps per tile, and summing per
/// sample cost as much as the products.
/// </para>
/// <para>
/// Every element is computed one way wherever it sits: an 8-lane FMA chain over the samples, their rows and each
/// row's 8-wide blocks in order (a row's OW mod 8 tail as one more masked step), then a fixed horizontal sum.
/// </para>
/// </remarks>
static unsafe class DirectConvWeightGradient
{
    /// <summary>
    /// Writes (or with <paramref name="accumulate"/> adds to) weightGradient (F, C·K·K) the sum over <paramref name="samples"/> samples. Images (C, H, W) are
    /// already padded, <paramref name="imageStride"/> floats apart; output gradients (F, OH, OW) with OH = H − K + 1
    /// are <paramref name="gradientStride"/> floats apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(float* images, long imageStride, int channels, int height, int width, int kernel, float* gradients, long gradientStride, int filters, int samples, float* weightGradient, bool accumulate)
    {
        var outHeight = height - kernel + 1;
        var outWidth = width - kernel + 1;
        var taps = channels * kernel * kernel;
        var spatial = outHeight * outWidth;
        var tapSources = Scratch.Offsets(taps);
        for (int c = 0, t = 0; c < channels; c++)
            for (var ky = 0; ky < kernel; ky++)
                for (var kx = 0; kx < kernel; kx++, t++) tapSources[t] = c * height * width + ky * width + kx;

        var walk = new Walk(images, imageStride, gradients, gradientStride, samples, width, outHeight, outWidth, accumulate);
        // 4 filters × 3 taps when both divide (3×3 kernels over 4k filters); else 3 × 4. Either loads 7 vectors per 12 FMAs.
        var fourByThree = filters % 4 == 0 && taps % 3 == 0;
        int tileFilters = fourByThree ? 4 : 3, tileTaps = fourByThree ? 3 : 4;
        var f = 0;
        for (; f + tileFilters <= filters; f += tileFilters)
        {
            var t = 0;
            for (; t + tileTaps <= taps; t += tileTaps)
            {
                var target = weightGradient + f * taps + t;
                if (fourByThree) Tile4x3(walk, f * spatial, spatial, tapSources + t, target, taps);
                else Tile3x4(walk, f * spatial, spatial, tapSources + t, target, taps);
            }
            for (; t < taps; t++)
                FiltersByOneTap(walk, f * spatial, spatial, tileFilters, tapSources[t], weightGradient + f * taps + t, taps);
        }
        for (; f < filters; f++)
            for (var t = 0; t < taps; t += 4)
                OneFilterByTaps(walk, f * spatial, tapSources + t, Math.Min(4, taps - t), weightGradient + f * taps + t);
    }

    /// <summary>The reduction's geometry: samples, then rows, then 8-wide blocks with a masked tail.</summary>
    readonly struct Walk(float* images, long imageStride, float* gradients, long gradientStride, int samples, int width, int outHeight, int outWidth, bool accumulate)
    {
        public readonly bool Accumulate = accumulate;
        public readonly float* Images = images, Gradients = gradients;
        public readonly long ImageStride = imageStride, GradientStride = gradientStride;
        public readonly int Samples = samples, Width = width, OutHeight = outHeight, OutWidth = outWidth;
        public int Full => OutWidth & ~7;
        public Vector256<float> Mask => VectorMath.FirstLanes(OutWidth - Full);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile4x3(in Walk walk, int gradientOffset, int spatial, int* tapSources, float* c, int ldc)
    {
        Vector256<float> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        Vector256<float> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        int full = walk.Full, outWidth = walk.OutWidth, width = walk.Width, samples = walk.Samples;
        var mask = walk.Mask;
        for (var n = 0; n < samples; n++)
        {
            // Base pointers per sample; the rows advance two running indices (output-gradient row, image row), so
            // the per-row cost is a few additions even on the 8-wide layers whose row is one FMA step.
            float* d0 = walk.Gradients + n * walk.GradientStride + gradientOffset, d1 = d0 + spatial, d2 = d1 + spatial, d3 = d2 + spatial;
            var image = walk.Images + n * walk.ImageStride;
            float* r0 = image + tapSources[0], r1 = image + tapSources[1], r2 = image + tapSources[2];
            if (outWidth == 8)
            {
                // 8-wide rows (the 8×8 layers): one FMA step per row, so the rows are the loop.
                for (nint i = 0, j = 0; i < spatial; i += 8, j += width)
                {
                    var y0 = Avx.LoadVector256(r0 + j);
                    var y1 = Avx.LoadVector256(r1 + j);
                    var y2 = Avx.LoadVector256(r2 + j);
                    var a = Avx.LoadVector256(d0 + i);
                    c00 = Fma.MultiplyAdd(a, y0, c00); c01 = Fma.MultiplyAdd(a, y1, c01); c02 = Fma.MultiplyAdd(a, y2, c02);
                    a = Avx.LoadVector256(d1 + i);
                    c10 = Fma.MultiplyAdd(a, y0, c10); c11 = Fma.MultiplyAdd(a, y1, c11); c12 = Fma.MultiplyAdd(a, y2, c12);
                    a = Avx.LoadVector256(d2 + i);
                    c20 = Fma.MultiplyAdd(a, y0, c20); c21 = Fma.MultiplyAdd(a, y1, c21); c22 = Fma.MultiplyAdd(a, y2, c22);
                    a = Avx.LoadVector256(d3 + i);
                    c30 = Fma.MultiplyAdd(a, y0, c30); c31 = Fma.MultiplyAdd(a, y1, c31); c32 = Fma.MultiplyAdd(a, y2, c32);
                }
                continue;
            }
            for (nint row = 0, source = 0; row < spatial; row += outWidth, source += width)
            {
                nint i = row, j = source, end = row + full;
                for (; i < end; i += 8, j += 8)
                {
                    var y0 = Avx.LoadVector256(r0 + j);
                    var y1 = Avx.LoadVector256(r1 + j);
                    var y2 = Avx.LoadVector256(r2 + j);
                    var a = Avx.LoadVector256(d0 + i);
                    c00 = Fma.MultiplyAdd(a, y0, c00); c01 = Fma.MultiplyAdd(a, y1, c01); c02 = Fma.MultiplyAdd(a, y2, c02);
                    a = Avx.LoadVector256(d1 + i);
                    c10 = Fma.MultiplyAdd(a, y0, c10); c11 = Fma.MultiplyAdd(a, y1, c11); c12 = Fma.MultiplyAdd(a, y2, c12);
                    a = Avx.LoadVector256(d2 + i);
                    c20 = Fma.MultiplyAdd(a, y0, c20); c21 = Fma.MultiplyAdd(a, y1, c21); c22 = Fma.MultiplyAdd(a, y2, c22);
                    a = Avx.LoadVector256(d3 + i);
                    c30 = Fma.MultiplyAdd(a, y0, c30); c31 = Fma.MultiplyAdd(a, y1, c31); c32 = Fma.MultiplyAdd(a, y2, c32);
                }
                if (full < outWidth)
                {
                    // The row's tail: masked lanes read nothing and add zero (both operands masked, so no 0·NaN).
                    var y0 = Avx.MaskLoad(r0 + j, mask);
                    var y1 = Avx.MaskLoad(r1 + j, mask);
                    var y2 = Avx.MaskLoad(r2 + j, mask);
                    var a = Avx.MaskLoad(d0 + i, mask);
                    c00 = Fma.MultiplyAdd(a, y0, c00); c01 = Fma.MultiplyAdd(a, y1, c01); c02 = Fma.MultiplyAdd(a, y2, c02);
                    a = Avx.MaskLoad(d1 + i, mask);
                    c10 = Fma.MultiplyAdd(a, y0, c10); c11 = Fma.MultiplyAdd(a, y1, c11); c12 = Fma.MultiplyAdd(a, y2, c12);
                    a = Avx.MaskLoad(d2 + i, mask);
                    c20 = Fma.MultiplyAdd(a, y0, c20); c21 = Fma.MultiplyAdd(a, y1, c21); c22 = Fma.MultiplyAdd(a, y2, c22);
                    a = Avx.MaskLoad(d3 + i, mask);
                    c30 = Fma.MultiplyAdd(a, y0, c30); c31 = Fma.MultiplyAdd(a, y1, c31); c32 = Fma.MultiplyAdd(a, y2, c32);
                }
            }
        }
        // One tap column (four filters) per batched horizontal sum.
        Put4(walk, c, ldc, VectorMath.Sum4(c00, c10, c20, c30), 4);
        Put4(walk, c + 1, ldc, VectorMath.Sum4(c01, c11, c21, c31), 4);
        Put4(walk, c + 2, ldc, VectorMath.Sum4(c02, c12, c22, c32), 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile3x4(in Walk walk, int gradientOffset, int spatial, int* tapSources, float* c, int ldc)
    {
        Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector256<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector256<float> c20 = default, c21 = default, c22 = default, c23 = default;
        int full = walk.Full, outWidth = walk.OutWidth, width = walk.Width, samples = walk.Samples;
        var mask = walk.Mask;
        for (var n = 0; n < samples; n++)
        {
            float* d0 = walk.Gradients + n * walk.GradientStride + gradientOffset, d1 = d0 + spatial, d2 = d1 + spatial;
            var image = walk.Images + n * walk.ImageStride;
            float* r0 = image + tapSources[0], r1 = image + tapSources[1], r2 = image + tapSources[2], r3 = image + tapSources[3];
            for (nint row = 0, source = 0; row < spatial; row += outWidth, source += width)
            {
                nint i = row, j = source, end = row + full;
                for (; i < end; i += 8, j += 8)
                {
                    var a0 = Avx.LoadVector256(d0 + i);
                    var a1 = Avx.LoadVector256(d1 + i);
                    var a2 = Avx.LoadVector256(d2 + i);
                    var y = Avx.LoadVector256(r0 + j);
                    c00 = Fma.MultiplyAdd(a0, y, c00); c10 = Fma.MultiplyAdd(a1, y, c10); c20 = Fma.MultiplyAdd(a2, y, c20);
                    y = Avx.LoadVector256(r1 + j);
                    c01 = Fma.MultiplyAdd(a0, y, c01); c11 = Fma.MultiplyAdd(a1, y, c11); c21 = Fma.MultiplyAdd(a2, y, c21);
                    y = Avx.LoadVector256(r2 + j);
                    c02 = Fma.MultiplyAdd(a0, y, c02); c12 = Fma.MultiplyAdd(a1, y, c12); c22 = Fma.MultiplyAdd(a2, y, c22);
                    y = Avx.LoadVector256(r3 + j);
                    c03 = Fma.MultiplyAdd(a0, y, c03); c13 = Fma.MultiplyAdd(a1, y, c13); c23 = Fma.MultiplyAdd(a2, y, c23);
                }
                if (full < outWidth)
                {
                    var a0 = Avx.MaskLoad(d0 + i, mask);
                    var a1 = Avx.MaskLoad(d1 + i, mask);
                    var a2 = Avx.MaskLoad(d2 + i, mask);
                    var y = Avx.MaskLoad(r0 + j, mask);
                    c00 = Fma.MultiplyAdd(a0, y, c00); c10 = Fma.MultiplyAdd(a1, y, c10); c20 = Fma.MultiplyAdd(a2, y, c20);
                    y = Avx.MaskLoad(r1 + j, mask);
                    c01 = Fma.MultiplyAdd(a0, y, c01); c11 = Fma.MultiplyAdd(a1, y, c11); c21 = Fma.MultiplyAdd(a2, y, c21);
                    y = Avx.MaskLoad(r2 + j, mask);
                    c02 = Fma.MultiplyAdd(a0, y, c02); c12 = Fma.MultiplyAdd(a1, y, c12); c22 = Fma.MultiplyAdd(a2, y, c22);
                    y = Avx.MaskLoad(r3 + j, mask);
                    c03 = Fma.MultiplyAdd(a0, y, c03); c13 = Fma.MultiplyAdd(a1, y, c13); c23 = Fma.MultiplyAdd(a2, y, c23);
                }
            }
        }
        // One filter row (four taps) per batched horizontal sum.
        Put4(walk, c, 1, VectorMath.Sum4(c00, c01, c02, c03), 4);
        Put4(walk, c + ldc, 1, VectorMath.Sum4(c10, c11, c12, c13), 4);
        Put4(walk, c + 2 * ldc, 1, VectorMath.Sum4(c20, c21, c22, c23), 4);
    }

    /// <summary>
    /// Up to 4 filters against one tap (leftover taps of a filter tile): 4 independent chains, a lone chain would wait
    /// on FMA latency. Rows past <paramref name="count"/> repeat the first and are not stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void FiltersByOneTap(in Walk walk, int gradientOffset, int spatial, int count, int tapSource, float* c, int ldc)
    {
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default;
        int full = walk.Full, outWidth = walk.OutWidth, width = walk.Width;
        var mask = walk.Mask;
        int s1 = count > 1 ? spatial : 0, s2 = count > 2 ? 2 * spatial : 0, s3 = count > 3 ? 3 * spatial : 0;
        for (var n = 0; n < walk.Samples; n++)
        {
            float* d0 = walk.Gradients + n * walk.GradientStride + gradientOffset, d1 = d0 + s1, d2 = d0 + s2, d3 = d0 + s3;
            var x = walk.Images + n * walk.ImageStride + tapSource;
            for (nint row = 0, source = 0; row < spatial; row += outWidth, source += width)
            {
                nint i = row, j = source, end = row + full;
                for (; i < end; i += 8, j += 8)
                {
                    var y = Avx.LoadVector256(x + j);
                    c0 = Fma.MultiplyAdd(Avx.LoadVector256(d0 + i), y, c0);
                    c1 = Fma.MultiplyAdd(Avx.LoadVector256(d1 + i), y, c1);
                    c2 = Fma.MultiplyAdd(Avx.LoadVector256(d2 + i), y, c2);
                    c3 = Fma.MultiplyAdd(Avx.LoadVector256(d3 + i), y, c3);
                }
                if (full < outWidth)
                {
                    var y = Avx.MaskLoad(x + j, mask);
                    c0 = Fma.MultiplyAdd(Avx.MaskLoad(d0 + i, mask), y, c0);
                    c1 = Fma.MultiplyAdd(Avx.MaskLoad(d1 + i, mask), y, c1);
                    c2 = Fma.MultiplyAdd(Avx.MaskLoad(d2 + i, mask), y, c2);
                    c3 = Fma.MultiplyAdd(Avx.MaskLoad(d3 + i, mask), y, c3);
                }
            }
        }
        Put4(walk, c, ldc, VectorMath.Sum4(c0, c1, c2, c3), count);
    }

    /// <summary>One filter against up to 4 taps (leftover filters): 4 independent chains; taps past <paramref name="count"/> repeat the first and are not stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void OneFilterByTaps(in Walk walk, int gradientOffset, int* tapSources, int count, float* c)
    {
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default;
        int full = walk.Full, outWidth = walk.OutWidth, width = walk.Width, spatial = walk.OutHeight * walk.OutWidth;
        var mask = walk.Mask;
        int t0 = tapSources[0], t1 = count > 1 ? tapSources[1] : t0, t2 = count > 2 ? tapSources[2] : t0, t3 = count > 3 ? tapSources[3] : t0;
        for (var n = 0; n < walk.Samples; n++)
        {
            var d = walk.Gradients + n * walk.GradientStride + gradientOffset;
            var image = walk.Images + n * walk.ImageStride;
            float* r0 = image + t0, r1 = image + t1, r2 = image + t2, r3 = image + t3;
            for (nint row = 0, source = 0; row < spatial; row += outWidth, source += width)
            {
                nint i = row, j = source, end = row + full;
                for (; i < end; i += 8, j += 8)
                {
                    var a = Avx.LoadVector256(d + i);
                    c0 = Fma.MultiplyAdd(a, Avx.LoadVector256(r0 + j), c0);
                    c1 = Fma.MultiplyAdd(a, Avx.LoadVector256(r1 + j), c1);
                    c2 = Fma.MultiplyAdd(a, Avx.LoadVector256(r2 + j), c2);
                    c3 = Fma.MultiplyAdd(a, Avx.LoadVector256(r3 + j), c3);
                }
                if (full < outWidth)
                {
                    var a = Avx.MaskLoad(d + i, mask);
                    c0 = Fma.MultiplyAdd(a, Avx.MaskLoad(r0 + j, mask), c0);
                    c1 = Fma.MultiplyAdd(a, Avx.MaskLoad(r1 + j, mask), c1);
                    c2 = Fma.MultiplyAdd(a, Avx.MaskLoad(r2 + j, mask), c2);
                    c3 = Fma.MultiplyAdd(a, Avx.MaskLoad(r3 + j, mask), c3);
                }
            }
        }
        Put4(walk, c, 1, VectorMath.Sum4(c0, c1, c2, c3), count);
    }

    /// <summary>Writes (or adds) the first <paramref name="count"/> of four sums to c, c + stride, c + 2·stride, c + 3·stride.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Put4(in Walk walk, float* c, nint stride, Vector128<float> sums, int count)
    {
        Put(walk, c, sums.ToScalar());
        if (count > 1) Put(walk, c + stride, sums.GetElement(1));
        if (count > 2) Put(walk, c + 2 * stride, sums.GetElement(2));
        if (count > 3) Put(walk, c + 3 * stride, sums.GetElement(3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Put(in Walk walk, float* c, float sum) => *c = walk.Accumulate ? *c + sum : sum;
}
