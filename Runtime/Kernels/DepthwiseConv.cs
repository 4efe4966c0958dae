using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Kernels;

/// <summary>
/// The depthwise forward pass (<c>nn.Conv2d</c> with <c>groups = in_channels = out_channels</c>, square 3×3 or 5×5
/// kernel, stride 1 or 2, no dilation), one channel at a time: the channel zero-padded (stride 1) or split into its
/// 2×2 phases (stride 2, <see cref="PhaseSplit"/>), so that every tap is a unit-stride read. Each block of two vectors
/// of output columns then slides down the channel: a source row is loaded once and feeds every output row that uses
/// it (three for 3×3 stride 1), the K weights of each row broadcast straight into the fused multiply-adds, bias and
/// ReLU applied as a finished row is stored. Rows narrower than a vector run "flat" over positions oy·RowStride + ox
/// (the padding columns computed and dropped), four 2L-wide pieces per tile.
/// </summary>
/// <remarks>
/// Every output is bias (or +0), then one fused multiply-add per tap in (ky, kx) order, padding taps included (they
/// multiply +0), then the ReLU if asked: the operations of <see cref="GroupedConv2D"/>'s im2col path, so the same bits
/// on every width, tiling and thread count, and the same as before this kernel existed (training pins unchanged).
/// Loads past a row's end read the next row or the source's slack; those lanes are never stored.
/// </remarks>
static unsafe class DepthwiseConv
{
    /// <summary>2L-wide pieces of a flat (narrow-row) channel per register tile.</summary>
    const int TileRows = 4;

    /// <summary>Whether <see cref="Forward"/> computes this geometry.</summary>
    public static bool Handles(in ConvGeometry g) =>
        g.Groups == g.Channels && g.Filters == g.Channels && g.Groups > 1 && g.IsSquare && g.Dilation == 1
        && g.Stride is 1 or 2 && g.Kernel is 3 or 5;

    /// <summary>
    /// Channels [<paramref name="first"/>, <paramref name="end"/>) of one sample: <paramref name="image"/> (C, H, W),
    /// <paramref name="weight"/> (C, 1, K, K), <paramref name="bias"/> (C) or null, <paramref name="output"/> (C, OH, OW).
    /// </summary>
    public static void Forward(float* image, float* weight, float* bias, float* output, in ConvGeometry g, int first, int end, bool rectify)
    {
        switch (Simd.Width)
        {
            case 512: Forward<Vector512<float>, Simd512>(image, weight, bias, output, g, first, end, rectify); break;
            case 256: Forward<Vector256<float>, Simd256>(image, weight, bias, output, g, first, end, rectify); break;
            default: Forward<Vector128<float>, Simd128>(image, weight, bias, output, g, first, end, rectify); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Forward<TVec, TOps>(float* image, float* weight, float* bias, float* output, in ConvGeometry g, int first, int end, bool rectify)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        int k = g.Kernel, s = g.Stride, pad = g.Padding, height = g.Height, width = g.Width, lanes = TOps.Count;
        int outHeight = g.OutHeight, outWidth = g.OutWidth, taps = k * k;
        int paddedHeight = height + 2 * pad, paddedWidth = width + 2 * pad;
        // Source of one channel: the padded plane (stride 1) or its four phases (stride 2); output (oy, ox)'s tap
        // (ky, kx) is at oy·rowStride + ox + offsets[ky·K + kx].
        int rowStride, phaseWidth = (paddedWidth + 1) / 2, phaseHeight = (paddedHeight + 1) / 2;
        long sourceLength;
        var offsets = Scratch.Offsets(taps);
        if (s == 1)
        {
            rowStride = paddedWidth;
            sourceLength = (long)paddedHeight * paddedWidth;
            for (var t = 0; t < taps; t++) offsets[t] = t / k * paddedWidth + t % k;
        }
        else
        {
            rowStride = phaseWidth;
            var plane = phaseHeight * phaseWidth;
            sourceLength = 4L * plane;
            for (var t = 0; t < taps; t++)
            {
                int ky = t / k, kx = t % k;
                offsets[t] = ((ky & 1) * 2 + (kx & 1)) * plane + (ky >> 1) * phaseWidth + (kx >> 1);
            }
        }
        var source = Scratch.Image(sourceLength + DirectConv.Slack);
        new Span<float>(source + sourceLength, DirectConv.Slack).Clear();
        var padded = s == 1 ? null : Scratch.PhaseInput(PhaseSplit.PaddedLength(height, width, pad));
        // Narrow rows: the (OH − 1)·rowStride + OW flat positions cut into 2L-wide rows, into scratch; then each
        // output row copied out.
        var flat = outWidth < lanes;
        var flatRows = ((outHeight - 1) * rowStride + outWidth + 2 * lanes - 1) / (2 * lanes);
        var flatOutput = flat ? Scratch.FlatOutput((long)flatRows * 2 * lanes) : null;
        long planeIn = (long)height * width, planeOut = (long)outHeight * outWidth;
        for (var c = first; c < end; c++)
        {
            var channel = image + c * planeIn;
            if (s == 1) Padding.Plane<TVec, TOps>(channel, height, width, pad, source);
            else PhaseSplit.Split(channel, 1, height, width, pad, padded, source);
            var w = weight + (long)c * taps;
            var start = bias == null ? TOps.Zero : TOps.Create(bias[c]);
            var target = output + c * planeOut;
            if (flat)
            {
                for (var fy = 0; fy < flatRows; fy += TileRows)
                    Rows<TVec, TOps>(source + (long)fy * 2 * lanes, offsets, k, s, Math.Min(TileRows, flatRows - fy), 2 * lanes, 2 * lanes, w, start,
                        flatOutput + (long)fy * 2 * lanes, 2 * lanes, rectify);
                for (var oy = 0; oy < outHeight; oy++)
                    new ReadOnlySpan<float>(flatOutput + (long)oy * rowStride, outWidth).CopyTo(new Span<float>(target + (long)oy * outWidth, outWidth));
                continue;
            }
            for (var ox = 0; ox < outWidth; ox += 2 * lanes)
            {
                var block = new Column(source + ox, target + ox, rowStride, outWidth, Math.Min(lanes, outWidth - ox), Math.Clamp(outWidth - ox - lanes, 0, lanes), rectify);
                var phasePlane = (nint)phaseHeight * phaseWidth;
                switch (k * 2 + s - 1)
                {
                    case 6: Slide3<TVec, TOps>(block, w, start, outHeight, 1, 2, 0); break;
                    case 10: Slide5<TVec, TOps>(block, w, start, outHeight, 1, 2, 3, 4, 0); break;
                    case 7: Slide3Stride2<TVec, TOps>(block, w, start, outHeight, phasePlane, 1, 2 * phasePlane); break;
                    default: Slide5Stride2<TVec, TOps>(block, w, start, outHeight, phasePlane, 1, 1 + phasePlane, 2, 2 * phasePlane); break;
                }
            }
        }
    }

    /// <summary>One column block (two vectors) of a channel: where its source and outputs start, and what a store keeps.</summary>
    readonly struct Column(float* source, float* target, int rowStride, int targetStride, int valid0, int valid1, bool rectify)
    {
        public readonly float* Source = source, Target = target;
        public readonly int RowStride = rowStride, TargetStride = targetStride, Valid0 = valid0, Valid1 = valid1;
        public readonly bool Rectify = rectify;
    }

    /// <summary>
    /// a += w[0]·x0 + w[1]·x1 + w[2]·x2 (one source row's taps of one output row, fused multiply-adds in kx order).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Taps<TVec, TOps>(float* w, TVec x0, TVec x1, TVec x2, ref TVec a)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        a = TOps.FusedMultiplyAdd(TOps.Broadcast(w), x0, a);
        a = TOps.FusedMultiplyAdd(TOps.Broadcast(w + 1), x1, a);
        a = TOps.FusedMultiplyAdd(TOps.Broadcast(w + 2), x2, a);
    }

    /// <summary>As <see cref="Taps{TVec, TOps}(float*, TVec, TVec, TVec, ref TVec)"/> for five taps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Taps<TVec, TOps>(float* w, TVec x0, TVec x1, TVec x2, TVec x3, TVec x4, ref TVec a)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        Taps<TVec, TOps>(w, x0, x1, x2, ref a);
        a = TOps.FusedMultiplyAdd(TOps.Broadcast(w + 3), x3, a);
        a = TOps.FusedMultiplyAdd(TOps.Broadcast(w + 4), x4, a);
    }

    /// <summary>
    /// 3×3, stride 1, one column block down the whole channel as a sliding window: padded row v completes output row
    /// v − 2 (its ky = 2), continues v − 1 (ky = 1) and starts v (ky = 0), so each row is loaded once for three output
    /// rows and every output still sums its taps in (ky, kx) order. <paramref name="o1"/>, <paramref name="o2"/>: the
    /// offsets of taps kx = 1, 2 within a row (<paramref name="o0"/> of kx = 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Slide3<TVec, TOps>(in Column block, float* w, TVec start, int outHeight, nint o1, nint o2, nint o0)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        nint lanes = TOps.Count, rowStride = block.RowStride, targetStride = block.TargetStride;
        TVec a0 = start, a1 = start, b0 = start, b1 = start, c0 = start, c1 = start;
        var row = block.Source;
        var target = block.Target - 2 * targetStride;
        for (var v = 0; v < outHeight + 2; v++, row += rowStride, target += targetStride)
        {
            TVec x0 = TOps.Load(row + o0), x1 = TOps.Load(row + o1), x2 = TOps.Load(row + o2);
            TVec y0 = TOps.Load(row + o0 + lanes), y1 = TOps.Load(row + o1 + lanes), y2 = TOps.Load(row + o2 + lanes);
            Taps<TVec, TOps>(w + 6, x0, x1, x2, ref a0); Taps<TVec, TOps>(w + 6, y0, y1, y2, ref a1);
            Taps<TVec, TOps>(w + 3, x0, x1, x2, ref b0); Taps<TVec, TOps>(w + 3, y0, y1, y2, ref b1);
            Taps<TVec, TOps>(w, x0, x1, x2, ref c0); Taps<TVec, TOps>(w, y0, y1, y2, ref c1);
            if (v >= 2) Store<TVec, TOps>(target, a0, a1, (int)lanes, block.Valid0, block.Valid1, block.Rectify);
            a0 = b0; a1 = b1; b0 = c0; b1 = c1; c0 = start; c1 = start;
        }
    }

    /// <summary>5×5, stride 1: <see cref="Slide3{TVec, TOps}"/> with five output rows in flight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Slide5<TVec, TOps>(in Column block, float* w, TVec start, int outHeight, nint o1, nint o2, nint o3, nint o4, nint o0)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        nint lanes = TOps.Count, rowStride = block.RowStride, targetStride = block.TargetStride;
        TVec a0 = start, a1 = start, b0 = start, b1 = start, c0 = start, c1 = start, d0 = start, d1 = start, e0 = start, e1 = start;
        var row = block.Source;
        var target = block.Target - 4 * targetStride;
        for (var v = 0; v < outHeight + 4; v++, row += rowStride, target += targetStride)
        {
            TVec x0 = TOps.Load(row + o0), x1 = TOps.Load(row + o1), x2 = TOps.Load(row + o2), x3 = TOps.Load(row + o3), x4 = TOps.Load(row + o4);
            Taps<TVec, TOps>(w + 20, x0, x1, x2, x3, x4, ref a0);
            Taps<TVec, TOps>(w + 15, x0, x1, x2, x3, x4, ref b0);
            Taps<TVec, TOps>(w + 10, x0, x1, x2, x3, x4, ref c0);
            Taps<TVec, TOps>(w + 5, x0, x1, x2, x3, x4, ref d0);
            Taps<TVec, TOps>(w, x0, x1, x2, x3, x4, ref e0);
            x0 = TOps.Load(row + o0 + lanes); x1 = TOps.Load(row + o1 + lanes); x2 = TOps.Load(row + o2 + lanes); x3 = TOps.Load(row + o3 + lanes); x4 = TOps.Load(row + o4 + lanes);
            Taps<TVec, TOps>(w + 20, x0, x1, x2, x3, x4, ref a1);
            Taps<TVec, TOps>(w + 15, x0, x1, x2, x3, x4, ref b1);
            Taps<TVec, TOps>(w + 10, x0, x1, x2, x3, x4, ref c1);
            Taps<TVec, TOps>(w + 5, x0, x1, x2, x3, x4, ref d1);
            Taps<TVec, TOps>(w, x0, x1, x2, x3, x4, ref e1);
            if (v >= 4) Store<TVec, TOps>(target, a0, a1, (int)lanes, block.Valid0, block.Valid1, block.Rectify);
            a0 = b0; a1 = b1; b0 = c0; b1 = c1; c0 = d0; c1 = d1; d0 = e0; d1 = e1; e0 = start; e1 = start;
        }
    }

    /// <summary>
    /// 3×3, stride 2, over the four phases: phase row j of the even padded rows completes output row j − 1 (ky = 2)
    /// and starts j (ky = 0); phase row j of the odd rows continues j (ky = 1). Tap kx reads column phase kx mod 2 at
    /// column kx div 2: offsets 0, <paramref name="oddColumns"/> (the odd phase) and 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Slide3Stride2<TVec, TOps>(in Column block, float* w, TVec start, int outHeight, nint oddColumns, nint next, nint oddRows)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        nint lanes = TOps.Count, rowStride = block.RowStride, targetStride = block.TargetStride;
        TVec a0 = start, a1 = start, c0 = start, c1 = start;
        var row = block.Source;
        var target = block.Target - targetStride;
        for (var j = 0; j <= outHeight; j++, row += rowStride, target += targetStride)
        {
            TVec x0 = TOps.Load(row), x1 = TOps.Load(row + oddColumns), x2 = TOps.Load(row + next);
            TVec y0 = TOps.Load(row + lanes), y1 = TOps.Load(row + oddColumns + lanes), y2 = TOps.Load(row + next + lanes);
            Taps<TVec, TOps>(w + 6, x0, x1, x2, ref a0); Taps<TVec, TOps>(w + 6, y0, y1, y2, ref a1);
            Taps<TVec, TOps>(w, x0, x1, x2, ref c0); Taps<TVec, TOps>(w, y0, y1, y2, ref c1);
            if (j >= 1) Store<TVec, TOps>(target, a0, a1, (int)lanes, block.Valid0, block.Valid1, block.Rectify);
            var odd = row + oddRows;
            x0 = TOps.Load(odd); x1 = TOps.Load(odd + oddColumns); x2 = TOps.Load(odd + next);
            y0 = TOps.Load(odd + lanes); y1 = TOps.Load(odd + oddColumns + lanes); y2 = TOps.Load(odd + next + lanes);
            Taps<TVec, TOps>(w + 3, x0, x1, x2, ref c0); Taps<TVec, TOps>(w + 3, y0, y1, y2, ref c1);
            a0 = c0; a1 = c1; c0 = start; c1 = start;
        }
    }

    /// <summary>
    /// 5×5, stride 2: even phase row j completes j − 2 (ky = 4), continues j − 1 (ky = 2), starts j (ky = 0); odd
    /// phase row j continues j − 1 (ky = 3) and j (ky = 1). Taps kx = 0…4 read offsets 0, odd, 1, odd + 1, 2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Slide5Stride2<TVec, TOps>(in Column block, float* w, TVec start, int outHeight, nint oddColumns, nint next, nint oddNext, nint twoOn, nint oddRows)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        nint lanes = TOps.Count, rowStride = block.RowStride, targetStride = block.TargetStride;
        TVec a0 = start, a1 = start, b0 = start, b1 = start, c0 = start, c1 = start;
        var row = block.Source;
        var target = block.Target - 2 * targetStride;
        for (var j = 0; j < outHeight + 2; j++, row += rowStride, target += targetStride)
        {
            for (nint half = 0; half < 2 * lanes; half += lanes)
            {
                var p = row + half;
                TVec x0 = TOps.Load(p), x1 = TOps.Load(p + oddColumns), x2 = TOps.Load(p + next), x3 = TOps.Load(p + oddNext), x4 = TOps.Load(p + twoOn);
                if (half == 0)
                {
                    Taps<TVec, TOps>(w + 20, x0, x1, x2, x3, x4, ref a0);
                    Taps<TVec, TOps>(w + 10, x0, x1, x2, x3, x4, ref b0);
                    Taps<TVec, TOps>(w, x0, x1, x2, x3, x4, ref c0);
                }
                else
                {
                    Taps<TVec, TOps>(w + 20, x0, x1, x2, x3, x4, ref a1);
                    Taps<TVec, TOps>(w + 10, x0, x1, x2, x3, x4, ref b1);
                    Taps<TVec, TOps>(w, x0, x1, x2, x3, x4, ref c1);
                }
            }
            if (j >= 2) Store<TVec, TOps>(target, a0, a1, (int)lanes, block.Valid0, block.Valid1, block.Rectify);
            for (nint half = 0; half < 2 * lanes; half += lanes)
            {
                var p = row + oddRows + half;
                TVec x0 = TOps.Load(p), x1 = TOps.Load(p + oddColumns), x2 = TOps.Load(p + next), x3 = TOps.Load(p + oddNext), x4 = TOps.Load(p + twoOn);
                if (half == 0)
                {
                    Taps<TVec, TOps>(w + 15, x0, x1, x2, x3, x4, ref b0);
                    Taps<TVec, TOps>(w + 5, x0, x1, x2, x3, x4, ref c0);
                }
                else
                {
                    Taps<TVec, TOps>(w + 15, x0, x1, x2, x3, x4, ref b1);
                    Taps<TVec, TOps>(w + 5, x0, x1, x2, x3, x4, ref c1);
                }
            }
            a0 = b0; a1 = b1; b0 = c0; b1 = c1; c0 = start; c1 = start;
        }
    }

    /// <summary>Up to <see cref="TileRows"/> rows of a flat channel (<paramref name="rows"/>), two vectors of columns at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Rows<TVec, TOps>(float* source, int* offsets, int k, int s, int rows, int rowStride, int outWidth, float* w, TVec start, float* target, int targetStride, bool rectify)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var lanes = TOps.Count;
        for (var ox = 0; ox < outWidth; ox += 2 * lanes)
            Tile<TVec, TOps>(source + ox, offsets, k, s, rows, rowStride, w, start, target + ox, targetStride,
                Math.Min(lanes, outWidth - ox), Math.Clamp(outWidth - ox - lanes, 0, lanes), rectify);
    }

    /// <summary>
    /// <paramref name="rows"/> flat pieces (<paramref name="rowStride"/> apart) × two vectors (<paramref name="valid0"/>
    /// and <paramref name="valid1"/> lanes stored), taps in (ky, kx) order: eight independent chains of fused
    /// multiply-adds and no branch inside the tap loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile<TVec, TOps>(float* source, int* offsets, int k, int s, int rows, int rowStride, float* w, TVec start, float* target, int targetStride, int valid0, int valid1, bool rectify)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var lanes = TOps.Count;
        TVec a00 = start, a01 = start, a10 = start, a11 = start, a20 = start, a21 = start, a30 = start, a31 = start;
        // Missing rows repeat the last one (computed, not stored), so that the loop has no branch.
        nint r1 = rows > 1 ? rowStride : 0, r2 = rows > 2 ? 2 * rowStride : r1, r3 = rows > 3 ? 3 * rowStride : r2;
        var taps = k * k;
        for (var t = 0; t < taps; t++)
        {
            var p = source + offsets[t];
            var b = TOps.Broadcast(w + t);
            a00 = TOps.FusedMultiplyAdd(b, TOps.Load(p), a00); a01 = TOps.FusedMultiplyAdd(b, TOps.Load(p + lanes), a01);
            a10 = TOps.FusedMultiplyAdd(b, TOps.Load(p + r1), a10); a11 = TOps.FusedMultiplyAdd(b, TOps.Load(p + r1 + lanes), a11);
            a20 = TOps.FusedMultiplyAdd(b, TOps.Load(p + r2), a20); a21 = TOps.FusedMultiplyAdd(b, TOps.Load(p + r2 + lanes), a21);
            a30 = TOps.FusedMultiplyAdd(b, TOps.Load(p + r3), a30); a31 = TOps.FusedMultiplyAdd(b, TOps.Load(p + r3 + lanes), a31);
        }
        Store<TVec, TOps>(target, a00, a01, lanes, valid0, valid1, rectify);
        if (rows > 1) Store<TVec, TOps>(target + targetStride, a10, a11, lanes, valid0, valid1, rectify);
        if (rows > 2) Store<TVec, TOps>(target + 2 * targetStride, a20, a21, lanes, valid0, valid1, rectify);
        if (rows > 3) Store<TVec, TOps>(target + 3 * targetStride, a30, a31, lanes, valid0, valid1, rectify);
    }

    /// <summary>Stores the first <paramref name="valid0"/> and <paramref name="valid1"/> lanes of a row's two vectors, rectified if asked (ReLU's rule: x ≤ 0 → +0, NaN kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store<TVec, TOps>(float* target, TVec first, TVec second, int lanes, int valid0, int valid1, bool rectify)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        if (rectify)
        {
            first = TOps.Rectify(first);
            second = TOps.Rectify(second);
        }
        if (valid0 == lanes) TOps.Store(target, first);
        else TOps.StoreFirst(target, first, TOps.FirstLanes(valid0), valid0);
        if (valid1 == lanes) TOps.Store(target + lanes, second);
        else if (valid1 > 0) TOps.StoreFirst(target + lanes, second, TOps.FirstLanes(valid1), valid1);
    }
}
