using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Kernels;

/// <summary>
/// Weight gradient of a stride-1 convolution over a group of samples without im2col:
/// dW[f, (c, ky, kx)] = Σ over samples n and positions (oy, ox) of dY[n, f, oy, ox] · X[n, c, oy + ky, ox + kx],
/// as register tiles of 4 vectors of filters × 3 taps (or 3 × 4) whose operands are read straight from the
/// output-gradient rows and the image rows (fused multiply-adds only), written once over the width
/// (<see cref="IOctets{TVec}"/>: a 512-bit vector carries two filters' 8-lane sums, so its tiles are 8 × 3 or 6 × 4).
/// </summary>
/// <remarks>
/// <para>
/// The samples are the innermost reduction of a tile, so each tile pays its horizontal sums once per group rather
/// than once per sample: on the 8×8 layers of DeepConvNet a sample is only 8 FMA steps per tile, and summing per
/// sample cost as much as the products.
/// </para>
/// <para>
/// Every element is computed one way wherever it sits and whatever the width: an 8-lane FMA chain over the samples,
/// their rows and each row's 8-wide blocks in order (a row's OW mod 8 tail as one more masked step), then the pair
/// order of <see cref="Vector256.Sum{T}(Vector256{T})"/>.
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
        switch (Simd.Width)
        {
            case 512: Compute<Vector512<float>, Octets512>(images, imageStride, channels, height, width, kernel, gradients, gradientStride, filters, samples, weightGradient, accumulate); break;
            case 256: Compute<Vector256<float>, Octets256>(images, imageStride, channels, height, width, kernel, gradients, gradientStride, filters, samples, weightGradient, accumulate); break;
            default: Compute<Octet128, Octets128>(images, imageStride, channels, height, width, kernel, gradients, gradientStride, filters, samples, weightGradient, accumulate); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Compute<TVec, TOps>(float* images, long imageStride, int channels, int height, int width, int kernel, float* gradients, long gradientStride, int filters, int samples, float* weightGradient, bool accumulate)
        where TVec : unmanaged where TOps : struct, IOctets<TVec>
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
        // 4 vectors of filters × 3 taps (6 on 512 bits) when both divide (3×3 kernels over 4k filters); else 3 × 4.
        var fourByThree = filters % (4 * TOps.Octets) == 0 && taps % (3 * TOps.Octets) == 0;
        int tileFilters = (fourByThree ? 4 : 3) * TOps.Octets, tileTaps = fourByThree ? 3 * TOps.Octets : 4;
        var f = 0;
        for (; f + tileFilters <= filters; f += tileFilters)
        {
            var t = 0;
            for (; t + tileTaps <= taps; t += tileTaps)
            {
                var target = weightGradient + f * taps + t;
                if (fourByThree) Tile4x3<TVec, TOps>(walk, f * spatial, spatial, tapSources + t, target, taps);
                else Tile3x4<TVec, TOps>(walk, f * spatial, spatial, tapSources + t, target, taps);
            }
            if (TOps.Octets == 2 && fourByThree && taps - t == 3)
            {
                // 3 taps left of 6-tap tiles (3×3 kernels over an odd channel count): 4 × 3 tiles of 8-lane vectors.
                for (var g = f; g < f + tileFilters; g += 4)
                    Tile4x3<Vector256<float>, Octets256>(walk, g * spatial, spatial, tapSources + t, weightGradient + g * taps + t, taps);
                t = taps;
            }
            for (; t < taps; t++)
                for (var g = f; g < f + tileFilters; g += 4)
                    FiltersByOneTap(walk, g * spatial, spatial, Math.Min(4, f + tileFilters - g), tapSources[t], weightGradient + g * taps + t, taps);
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
        public int Tail => OutWidth - Full;
    }

    /// <summary>
    /// 4 vectors of filters (4 · Octets filters) × 3 · Octets taps: 12 accumulators, or on 512 bits 8 filters × 6 taps
    /// in 24 of the 32 registers (each output-gradient row loaded feeds six FMAs, which keeps the tile within what
    /// L2 delivers; taps 3–5 exist only there, the JIT drops them elsewhere).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile4x3<TVec, TOps>(in Walk walk, int gradientOffset, int spatial, int* tapSources, float* c, int ldc)
        where TVec : unmanaged where TOps : struct, IOctets<TVec>
    {
        var six = TOps.Octets == 2;
        TVec c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero;
        TVec c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c30 = TOps.Zero, c31 = TOps.Zero, c32 = TOps.Zero;
        TVec c03 = TOps.Zero, c04 = TOps.Zero, c05 = TOps.Zero, c13 = TOps.Zero, c14 = TOps.Zero, c15 = TOps.Zero;
        TVec c23 = TOps.Zero, c24 = TOps.Zero, c25 = TOps.Zero, c33 = TOps.Zero, c34 = TOps.Zero, c35 = TOps.Zero;
        int full = walk.Full, outWidth = walk.OutWidth, width = walk.Width, samples = walk.Samples, tail = walk.Tail;
        var mask = TOps.FirstLanes(tail);
        nint vectorRows = TOps.Octets * (nint)spatial;
        for (var n = 0; n < samples; n++)
        {
            // Base pointers per sample; the rows advance two running indices (output-gradient row, image row), so
            // the per-row cost is a few additions even on the 8-wide layers whose row is one FMA step.
            float* d0 = walk.Gradients + n * walk.GradientStride + gradientOffset, d1 = d0 + vectorRows, d2 = d1 + vectorRows, d3 = d2 + vectorRows;
            var image = walk.Images + n * walk.ImageStride;
            float* r0 = image + tapSources[0], r1 = image + tapSources[1], r2 = image + tapSources[2];
            float* r3 = six ? image + tapSources[3] : r0, r4 = six ? image + tapSources[4] : r0, r5 = six ? image + tapSources[5] : r0;
            // 8-wide rows (the 8×8 layers) are one FMA step per row, so the rows are the loop.
            var rowStep = outWidth == 8 ? width : 8;
            for (nint row = 0, source = 0; row < spatial; row += outWidth, source += width)
            {
                nint i = row, j = source, end = outWidth == 8 ? spatial : row + full;
                for (; i < end; i += 8, j += rowStep)
                {
                    // The taps' image rows first, then one output-gradient vector at a time: 12 + 3 + 1 registers on
                    // 256 bits, 24 + 6 + 1 on 512.
                    var y0 = TOps.LoadShared(r0 + j);
                    var y1 = TOps.LoadShared(r1 + j);
                    var y2 = TOps.LoadShared(r2 + j);
                    TVec y3 = y0, y4 = y0, y5 = y0;
                    if (six)
                    {
                        y3 = TOps.LoadShared(r3 + j);
                        y4 = TOps.LoadShared(r4 + j);
                        y5 = TOps.LoadShared(r5 + j);
                    }
                    Step<TVec, TOps>(TOps.LoadRows(d0 + i, spatial), y0, y1, y2, y3, y4, y5, ref c00, ref c01, ref c02, ref c03, ref c04, ref c05);
                    Step<TVec, TOps>(TOps.LoadRows(d1 + i, spatial), y0, y1, y2, y3, y4, y5, ref c10, ref c11, ref c12, ref c13, ref c14, ref c15);
                    Step<TVec, TOps>(TOps.LoadRows(d2 + i, spatial), y0, y1, y2, y3, y4, y5, ref c20, ref c21, ref c22, ref c23, ref c24, ref c25);
                    Step<TVec, TOps>(TOps.LoadRows(d3 + i, spatial), y0, y1, y2, y3, y4, y5, ref c30, ref c31, ref c32, ref c33, ref c34, ref c35);
                }
                if (outWidth == 8) break;
                if (full < outWidth)
                {
                    // The row's tail: masked lanes read nothing and add zero (both operands masked, so no 0·NaN).
                    var y0 = TOps.LoadSharedFirst(r0 + j, mask, tail);
                    var y1 = TOps.LoadSharedFirst(r1 + j, mask, tail);
                    var y2 = TOps.LoadSharedFirst(r2 + j, mask, tail);
                    TVec y3 = y0, y4 = y0, y5 = y0;
                    if (six)
                    {
                        y3 = TOps.LoadSharedFirst(r3 + j, mask, tail);
                        y4 = TOps.LoadSharedFirst(r4 + j, mask, tail);
                        y5 = TOps.LoadSharedFirst(r5 + j, mask, tail);
                    }
                    Step<TVec, TOps>(TOps.LoadRowsFirst(d0 + i, spatial, mask, tail), y0, y1, y2, y3, y4, y5, ref c00, ref c01, ref c02, ref c03, ref c04, ref c05);
                    Step<TVec, TOps>(TOps.LoadRowsFirst(d1 + i, spatial, mask, tail), y0, y1, y2, y3, y4, y5, ref c10, ref c11, ref c12, ref c13, ref c14, ref c15);
                    Step<TVec, TOps>(TOps.LoadRowsFirst(d2 + i, spatial, mask, tail), y0, y1, y2, y3, y4, y5, ref c20, ref c21, ref c22, ref c23, ref c24, ref c25);
                    Step<TVec, TOps>(TOps.LoadRowsFirst(d3 + i, spatial, mask, tail), y0, y1, y2, y3, y4, y5, ref c30, ref c31, ref c32, ref c33, ref c34, ref c35);
                }
            }
        }
        // One tap column (the tile's filters) per batched horizontal sum.
        PutColumn<TVec, TOps>(walk, c, ldc, c00, c10, c20, c30);
        PutColumn<TVec, TOps>(walk, c + 1, ldc, c01, c11, c21, c31);
        PutColumn<TVec, TOps>(walk, c + 2, ldc, c02, c12, c22, c32);
        if (six)
        {
            PutColumn<TVec, TOps>(walk, c + 3, ldc, c03, c13, c23, c33);
            PutColumn<TVec, TOps>(walk, c + 4, ldc, c04, c14, c24, c34);
            PutColumn<TVec, TOps>(walk, c + 5, ldc, c05, c15, c25, c35);
        }
    }

    /// <summary>3 vectors of filters (3 · Octets filters) × 4 taps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile3x4<TVec, TOps>(in Walk walk, int gradientOffset, int spatial, int* tapSources, float* c, int ldc)
        where TVec : unmanaged where TOps : struct, IOctets<TVec>
    {
        TVec c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero;
        TVec c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
        TVec c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c23 = TOps.Zero;
        int full = walk.Full, outWidth = walk.OutWidth, width = walk.Width, samples = walk.Samples, tail = walk.Tail;
        var mask = TOps.FirstLanes(tail);
        nint vectorRows = TOps.Octets * (nint)spatial;
        for (var n = 0; n < samples; n++)
        {
            float* d0 = walk.Gradients + n * walk.GradientStride + gradientOffset, d1 = d0 + vectorRows, d2 = d1 + vectorRows;
            var image = walk.Images + n * walk.ImageStride;
            float* r0 = image + tapSources[0], r1 = image + tapSources[1], r2 = image + tapSources[2], r3 = image + tapSources[3];
            for (nint row = 0, source = 0; row < spatial; row += outWidth, source += width)
            {
                nint i = row, j = source, end = row + full;
                for (; i < end; i += 8, j += 8)
                {
                    var a0 = TOps.LoadRows(d0 + i, spatial);
                    var a1 = TOps.LoadRows(d1 + i, spatial);
                    var a2 = TOps.LoadRows(d2 + i, spatial);
                    var y = TOps.LoadShared(r0 + j);
                    c00 = TOps.FusedMultiplyAdd(a0, y, c00); c10 = TOps.FusedMultiplyAdd(a1, y, c10); c20 = TOps.FusedMultiplyAdd(a2, y, c20);
                    y = TOps.LoadShared(r1 + j);
                    c01 = TOps.FusedMultiplyAdd(a0, y, c01); c11 = TOps.FusedMultiplyAdd(a1, y, c11); c21 = TOps.FusedMultiplyAdd(a2, y, c21);
                    y = TOps.LoadShared(r2 + j);
                    c02 = TOps.FusedMultiplyAdd(a0, y, c02); c12 = TOps.FusedMultiplyAdd(a1, y, c12); c22 = TOps.FusedMultiplyAdd(a2, y, c22);
                    y = TOps.LoadShared(r3 + j);
                    c03 = TOps.FusedMultiplyAdd(a0, y, c03); c13 = TOps.FusedMultiplyAdd(a1, y, c13); c23 = TOps.FusedMultiplyAdd(a2, y, c23);
                }
                if (full < outWidth)
                {
                    var a0 = TOps.LoadRowsFirst(d0 + i, spatial, mask, tail);
                    var a1 = TOps.LoadRowsFirst(d1 + i, spatial, mask, tail);
                    var a2 = TOps.LoadRowsFirst(d2 + i, spatial, mask, tail);
                    var y = TOps.LoadSharedFirst(r0 + j, mask, tail);
                    c00 = TOps.FusedMultiplyAdd(a0, y, c00); c10 = TOps.FusedMultiplyAdd(a1, y, c10); c20 = TOps.FusedMultiplyAdd(a2, y, c20);
                    y = TOps.LoadSharedFirst(r1 + j, mask, tail);
                    c01 = TOps.FusedMultiplyAdd(a0, y, c01); c11 = TOps.FusedMultiplyAdd(a1, y, c11); c21 = TOps.FusedMultiplyAdd(a2, y, c21);
                    y = TOps.LoadSharedFirst(r2 + j, mask, tail);
                    c02 = TOps.FusedMultiplyAdd(a0, y, c02); c12 = TOps.FusedMultiplyAdd(a1, y, c12); c22 = TOps.FusedMultiplyAdd(a2, y, c22);
                    y = TOps.LoadSharedFirst(r3 + j, mask, tail);
                    c03 = TOps.FusedMultiplyAdd(a0, y, c03); c13 = TOps.FusedMultiplyAdd(a1, y, c13); c23 = TOps.FusedMultiplyAdd(a2, y, c23);
                }
            }
        }
        // One vector of filter rows (four taps each) per batched horizontal sum.
        var octets = TOps.Octets;
        PutRows<TVec, TOps>(walk, c, ldc, c00, c01, c02, c03);
        PutRows<TVec, TOps>(walk, c + octets * ldc, ldc, c10, c11, c12, c13);
        PutRows<TVec, TOps>(walk, c + 2 * octets * ldc, ldc, c20, c21, c22, c23);
    }

    /// <summary>One output-gradient vector against the tile's taps (3, or 6 on 512 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Step<TVec, TOps>(TVec a, TVec y0, TVec y1, TVec y2, TVec y3, TVec y4, TVec y5, ref TVec t0, ref TVec t1, ref TVec t2, ref TVec t3, ref TVec t4, ref TVec t5)
        where TVec : unmanaged where TOps : struct, IOctets<TVec>
    {
        t0 = TOps.FusedMultiplyAdd(a, y0, t0); t1 = TOps.FusedMultiplyAdd(a, y1, t1); t2 = TOps.FusedMultiplyAdd(a, y2, t2);
        if (TOps.Octets != 2) return;
        t3 = TOps.FusedMultiplyAdd(a, y3, t3); t4 = TOps.FusedMultiplyAdd(a, y4, t4); t5 = TOps.FusedMultiplyAdd(a, y5, t5);
    }

    /// <summary>One tap of 4 vectors of filters: octet o of vector v is filter v · Octets + o, at c + that · ldc.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void PutColumn<TVec, TOps>(in Walk walk, float* c, int ldc, TVec v0, TVec v1, TVec v2, TVec v3)
        where TVec : unmanaged where TOps : struct, IOctets<TVec>
    {
        var first = TOps.Sum4(v0, v1, v2, v3, out var second);
        if (TOps.Octets == 1)
        {
            Put4(walk, c, ldc, first, 4);
            return;
        }
        // Filters 0, 2, 4, 6 then 1, 3, 5, 7 of the tile.
        Put4(walk, c, 2 * ldc, first, 4);
        Put4(walk, c + ldc, 2 * ldc, second, 4);
    }

    /// <summary>Four taps of one vector of filters: octet o is filter o, at c + o · ldc.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void PutRows<TVec, TOps>(in Walk walk, float* c, int ldc, TVec t0, TVec t1, TVec t2, TVec t3)
        where TVec : unmanaged where TOps : struct, IOctets<TVec>
    {
        var first = TOps.Sum4(t0, t1, t2, t3, out var second);
        Put4(walk, c, 1, first, 4);
        if (TOps.Octets == 2) Put4(walk, c + ldc, 1, second, 4);
    }

    /// <summary>Up to 4 filters against one tap, on one octet per vector (8-lane vectors; two 4-lane halves without them).</summary>
    static void FiltersByOneTap(in Walk walk, int gradientOffset, int spatial, int count, int tapSource, float* c, int ldc)
    {
        if (Simd.Width >= 256) FiltersByOneTap<Vector256<float>, Octets256>(walk, gradientOffset, spatial, count, tapSource, c, ldc);
        else FiltersByOneTap<Octet128, Octets128>(walk, gradientOffset, spatial, count, tapSource, c, ldc);
    }

    /// <summary>One filter against up to 4 taps, on one octet per vector.</summary>
    static void OneFilterByTaps(in Walk walk, int gradientOffset, int* tapSources, int count, float* c)
    {
        if (Simd.Width >= 256) OneFilterByTaps<Vector256<float>, Octets256>(walk, gradientOffset, tapSources, count, c);
        else OneFilterByTaps<Octet128, Octets128>(walk, gradientOffset, tapSources, count, c);
    }

    /// <summary>
    /// Up to 4 filters against one tap (leftover taps of a filter tile): 4 independent chains, a lone chain would wait
    /// on FMA latency. Rows past <paramref name="count"/> repeat the first and are not stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void FiltersByOneTap<TVec, TOps>(in Walk walk, int gradientOffset, int spatial, int count, int tapSource, float* c, int ldc)
        where TVec : unmanaged where TOps : struct, IOctets<TVec>
    {
        TVec c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero;
        int full = walk.Full, outWidth = walk.OutWidth, width = walk.Width, tail = walk.Tail;
        var mask = TOps.FirstLanes(tail);
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
                    var y = TOps.LoadShared(x + j);
                    c0 = TOps.FusedMultiplyAdd(TOps.LoadRows(d0 + i, 0), y, c0);
                    c1 = TOps.FusedMultiplyAdd(TOps.LoadRows(d1 + i, 0), y, c1);
                    c2 = TOps.FusedMultiplyAdd(TOps.LoadRows(d2 + i, 0), y, c2);
                    c3 = TOps.FusedMultiplyAdd(TOps.LoadRows(d3 + i, 0), y, c3);
                }
                if (full < outWidth)
                {
                    var y = TOps.LoadSharedFirst(x + j, mask, tail);
                    c0 = TOps.FusedMultiplyAdd(TOps.LoadRowsFirst(d0 + i, 0, mask, tail), y, c0);
                    c1 = TOps.FusedMultiplyAdd(TOps.LoadRowsFirst(d1 + i, 0, mask, tail), y, c1);
                    c2 = TOps.FusedMultiplyAdd(TOps.LoadRowsFirst(d2 + i, 0, mask, tail), y, c2);
                    c3 = TOps.FusedMultiplyAdd(TOps.LoadRowsFirst(d3 + i, 0, mask, tail), y, c3);
                }
            }
        }
        Put4(walk, c, ldc, TOps.Sum4(c0, c1, c2, c3, out _), count);
    }

    /// <summary>One filter against up to 4 taps (leftover filters): 4 independent chains; taps past <paramref name="count"/> repeat the first and are not stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void OneFilterByTaps<TVec, TOps>(in Walk walk, int gradientOffset, int* tapSources, int count, float* c)
        where TVec : unmanaged where TOps : struct, IOctets<TVec>
    {
        TVec c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero;
        int full = walk.Full, outWidth = walk.OutWidth, width = walk.Width, spatial = walk.OutHeight * walk.OutWidth, tail = walk.Tail;
        var mask = TOps.FirstLanes(tail);
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
                    var a = TOps.LoadRows(d + i, 0);
                    c0 = TOps.FusedMultiplyAdd(a, TOps.LoadShared(r0 + j), c0);
                    c1 = TOps.FusedMultiplyAdd(a, TOps.LoadShared(r1 + j), c1);
                    c2 = TOps.FusedMultiplyAdd(a, TOps.LoadShared(r2 + j), c2);
                    c3 = TOps.FusedMultiplyAdd(a, TOps.LoadShared(r3 + j), c3);
                }
                if (full < outWidth)
                {
                    var a = TOps.LoadRowsFirst(d + i, 0, mask, tail);
                    c0 = TOps.FusedMultiplyAdd(a, TOps.LoadSharedFirst(r0 + j, mask, tail), c0);
                    c1 = TOps.FusedMultiplyAdd(a, TOps.LoadSharedFirst(r1 + j, mask, tail), c1);
                    c2 = TOps.FusedMultiplyAdd(a, TOps.LoadSharedFirst(r2 + j, mask, tail), c2);
                    c3 = TOps.FusedMultiplyAdd(a, TOps.LoadSharedFirst(r3 + j, mask, tail), c3);
                }
            }
        }
        Put4(walk, c, 1, TOps.Sum4(c0, c1, c2, c3, out _), count);
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
