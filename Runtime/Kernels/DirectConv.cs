using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Kernels;

/// <summary>
/// Stride-1 convolution of one sample without im2col: each pair of L-position output blocks (L = the lanes of the
/// width that runs, <see cref="Simd"/>: one 2L-wide row segment, or the row tails of two rows) is a register tile of
/// 6 (or 4) filters, and the filter taps are read straight from the image rows (fused multiply-adds only).
/// </summary>
/// <remarks>
/// <para>
/// The image is unpadded (C, H, W) with OH = H − K + 1, OW = W − K + 1. Every output element is computed the same
/// way wherever it sits in a tile and whatever the width: bias, then one fused multiply-add per tap in (c, ky, kx)
/// order. A partial block reads up to L − 1 floats past a row, so the image must be readable up to
/// <see cref="Slack"/> floats past its end unless OW is a multiple of L (see <see cref="NeedsSlack"/>).
/// </para>
/// <para>
/// The weights are packed once per call (<see cref="Pack"/>) so that a tile's filters are adjacent for each tap,
/// and the taps are one flat loop over precomputed image offsets: the inner loop is two image loads, one
/// broadcast per filter at a constant displacement, and the FMAs, with no index arithmetic.
/// </para>
/// </remarks>
static unsafe class DirectConv
{
    const int Filters = 6;

    /// <summary>Readable floats a source needs past its end when <see cref="NeedsSlack"/> (the widest vector's lanes).</summary>
    public const int Slack = 16;

    /// <summary>Whether a partial block exists at the width that runs (then the source needs <see cref="Slack"/> readable floats past its end).</summary>
    public static bool NeedsSlack(int outWidth) => outWidth % (Simd.Width / 32) != 0;

    /// <summary>
    /// The filter tile starting at <paramref name="f"/>: 6 (12 accumulators), then 4 for a remainder that 6 does not
    /// divide (as many 6s as leave a multiple of 4: 16 = 6+6+4, 32 = 4·6+2·4, 64 = 10·6+4), then single filters.
    /// </summary>
    static int TileAt(int f, int filters)
    {
        var sixes = filters / Filters;
        for (var s = sixes; s > 0; s--)
            if ((filters - s * Filters) % 4 == 0) { sixes = s; break; }
        if (f < sixes * Filters) return Filters;
        return f + 4 <= filters ? 4 : 1;
    }

    /// <summary>
    /// packed[f·taps + t·tile + i] = weight[(f + i)·taps + t] for each filter tile (f, tile) of <see cref="TileAt"/>:
    /// a tile's weights for one tap are adjacent.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(float* weight, int filters, int taps, float* packed)
    {
        for (var f = 0; f < filters;)
        {
            var tile = TileAt(f, filters);
            var block = packed + (long)f * taps;
            for (var t = 0; t < taps; t++)
                for (var i = 0; i < tile; i++)
                    block[t * tile + i] = weight[(long)(f + i) * taps + t];
            f += tile;
        }
    }

    /// <summary>
    /// Convolves one image with weights packed by <see cref="Pack"/>; <paramref name="bias"/> may be null. The store can
    /// apply a ReLU (<paramref name="rectify"/>) or a ReLU's backward mask: with <paramref name="mask"/> (laid out as
    /// the output), an element is kept where the mask is positive and is +0 elsewhere.
    /// </summary>
    public static void Forward(float* image, int channels, int height, int width, int kernel, float* packedWeight, float* bias, float* output, int filters, bool rectify = false, float* mask = null)
    {
        switch (Simd.Width)
        {
            case 512: Forward<Vector512<float>, Simd512>(image, channels, height, width, kernel, packedWeight, bias, output, filters, rectify, mask); break;
            case 256: Forward<Vector256<float>, Simd256>(image, channels, height, width, kernel, packedWeight, bias, output, filters, rectify, mask); break;
            default: Forward<Vector128<float>, Simd128>(image, channels, height, width, kernel, packedWeight, bias, output, filters, rectify, mask); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Forward<TVec, TOps>(float* image, int channels, int height, int width, int kernel, float* packedWeight, float* bias, float* output, int filters, bool rectify, float* mask)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        int outHeight = height - kernel + 1, outWidth = width - kernel + 1;
        var lanes = TOps.Count;
        var taps = channels * kernel * kernel;
        var spatial = outHeight * outWidth;
        var epilogue = new Epilogue(rectify, mask == null ? 0 : (nint)(mask - output), mask != null);
        var offsets = Scratch.Offsets(taps);
        for (int c = 0, t = 0; c < channels; c++)
            for (var ky = 0; ky < kernel; ky++)
                for (var kx = 0; kx < kernel; kx++, t++) offsets[t] = c * height * width + ky * width + kx;

        for (var f = 0; f < filters;)
        {
            var tile = TileAt(f, filters);
            var w = packedWeight + (long)f * taps;
            var b = bias == null ? null : bias + f;
            var c = output + (long)f * spatial;
            if (tile == 1)
            {
                for (var oy = 0; oy < outHeight; oy++)
                    for (var ox = 0; ox < outWidth; ox += lanes)
                        Tile1<TVec, TOps>(image + oy * width + ox, offsets, taps, w, b == null ? 0f : *b, c + oy * outWidth + ox, Math.Min(lanes, outWidth - ox), epilogue);
                f += tile;
                continue;
            }
            // Full 2L-wide row segments first; the rest of each row is cut into L-wide blocks (the last one partial),
            // which are paired across rows into 2L-wide tiles so that narrow layers still use every accumulator.
            float* pendingSource = null, pendingOutput = null;
            var pendingValid = 0;
            for (var oy = 0; oy < outHeight; oy++)
            {
                var ox = 0;
                for (; ox + 2 * lanes <= outWidth; ox += 2 * lanes)
                    Tile<TVec, TOps>(tile, image + oy * width + ox, image + oy * width + ox + lanes, offsets, taps, w, b, c + oy * outWidth + ox, c + oy * outWidth + ox + lanes, spatial, lanes, lanes, epilogue);
                for (; ox < outWidth; ox += lanes)
                {
                    var source = image + oy * width + ox;
                    var target = c + oy * outWidth + ox;
                    var valid = Math.Min(lanes, outWidth - ox);
                    if (pendingSource == null)
                    {
                        pendingSource = source; pendingOutput = target; pendingValid = valid;
                        continue;
                    }
                    Tile<TVec, TOps>(tile, pendingSource, source, offsets, taps, w, b, pendingOutput, target, spatial, pendingValid, valid, epilogue);
                    pendingSource = null;
                }
            }
            if (pendingSource != null)
            {
                // A lone block: the same two-block tile with both halves on it, the second half not stored.
                Tile<TVec, TOps>(tile, pendingSource, pendingSource, offsets, taps, w, b, pendingOutput, pendingOutput, spatial, pendingValid, 0, epilogue);
            }
            f += tile;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Tile<TVec, TOps>(int filters, float* s0, float* s1, int* offsets, int taps, float* w, float* bias, float* c0, float* c1, int ldc, int valid0, int valid1, in Epilogue epilogue)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        if (filters == Filters) Tile6<TVec, TOps>(s0, s1, offsets, taps, w, bias, c0, c1, ldc, valid0, valid1, epilogue);
        else Tile4<TVec, TOps>(s0, s1, offsets, taps, w, bias, c0, c1, ldc, valid0, valid1, epilogue);
    }

    /// <summary>4 filters × two L-wide blocks (each from its own row pointer): 8 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile4<TVec, TOps>(float* s0, float* s1, int* offsets, int taps, float* w, float* bias, float* c0, float* c1, int ldc, int valid0, int valid1, in Epilogue epilogue)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        TVec c00, c01, c10, c11, c20, c21, c30, c31;
        if (bias == null)
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = TOps.Zero;
        }
        else
        {
            c00 = c01 = TOps.Broadcast(bias);
            c10 = c11 = TOps.Broadcast(bias + 1);
            c20 = c21 = TOps.Broadcast(bias + 2);
            c30 = c31 = TOps.Broadcast(bias + 3);
        }
        for (nint t = 0; t < taps; t++, w += 4)
        {
            nint offset = offsets[t];
            var b0 = TOps.Load(s0 + offset);
            var b1 = TOps.Load(s1 + offset);
            var a = TOps.Broadcast(w);
            c00 = TOps.FusedMultiplyAdd(a, b0, c00); c01 = TOps.FusedMultiplyAdd(a, b1, c01);
            a = TOps.Broadcast(w + 1);
            c10 = TOps.FusedMultiplyAdd(a, b0, c10); c11 = TOps.FusedMultiplyAdd(a, b1, c11);
            a = TOps.Broadcast(w + 2);
            c20 = TOps.FusedMultiplyAdd(a, b0, c20); c21 = TOps.FusedMultiplyAdd(a, b1, c21);
            a = TOps.Broadcast(w + 3);
            c30 = TOps.FusedMultiplyAdd(a, b0, c30); c31 = TOps.FusedMultiplyAdd(a, b1, c31);
        }
        Store<TVec, TOps>(c0, c00, valid0, epilogue); Store<TVec, TOps>(c1, c01, valid1, epilogue);
        Store<TVec, TOps>(c0 + ldc, c10, valid0, epilogue); Store<TVec, TOps>(c1 + ldc, c11, valid1, epilogue);
        Store<TVec, TOps>(c0 + 2 * ldc, c20, valid0, epilogue); Store<TVec, TOps>(c1 + 2 * ldc, c21, valid1, epilogue);
        Store<TVec, TOps>(c0 + 3 * ldc, c30, valid0, epilogue); Store<TVec, TOps>(c1 + 3 * ldc, c31, valid1, epilogue);
    }

    /// <summary>6 filters × two L-wide blocks: 12 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile6<TVec, TOps>(float* s0, float* s1, int* offsets, int taps, float* w, float* bias, float* c0, float* c1, int ldc, int valid0, int valid1, in Epilogue epilogue)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        TVec c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (bias == null)
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = TOps.Zero;
        }
        else
        {
            c00 = c01 = TOps.Broadcast(bias);
            c10 = c11 = TOps.Broadcast(bias + 1);
            c20 = c21 = TOps.Broadcast(bias + 2);
            c30 = c31 = TOps.Broadcast(bias + 3);
            c40 = c41 = TOps.Broadcast(bias + 4);
            c50 = c51 = TOps.Broadcast(bias + 5);
        }
        for (nint t = 0; t < taps; t++, w += 6)
        {
            nint offset = offsets[t];
            var b0 = TOps.Load(s0 + offset);
            var b1 = TOps.Load(s1 + offset);
            var a = TOps.Broadcast(w);
            c00 = TOps.FusedMultiplyAdd(a, b0, c00); c01 = TOps.FusedMultiplyAdd(a, b1, c01);
            a = TOps.Broadcast(w + 1);
            c10 = TOps.FusedMultiplyAdd(a, b0, c10); c11 = TOps.FusedMultiplyAdd(a, b1, c11);
            a = TOps.Broadcast(w + 2);
            c20 = TOps.FusedMultiplyAdd(a, b0, c20); c21 = TOps.FusedMultiplyAdd(a, b1, c21);
            a = TOps.Broadcast(w + 3);
            c30 = TOps.FusedMultiplyAdd(a, b0, c30); c31 = TOps.FusedMultiplyAdd(a, b1, c31);
            a = TOps.Broadcast(w + 4);
            c40 = TOps.FusedMultiplyAdd(a, b0, c40); c41 = TOps.FusedMultiplyAdd(a, b1, c41);
            a = TOps.Broadcast(w + 5);
            c50 = TOps.FusedMultiplyAdd(a, b0, c50); c51 = TOps.FusedMultiplyAdd(a, b1, c51);
        }
        Store<TVec, TOps>(c0, c00, valid0, epilogue); Store<TVec, TOps>(c1, c01, valid1, epilogue);
        Store<TVec, TOps>(c0 + ldc, c10, valid0, epilogue); Store<TVec, TOps>(c1 + ldc, c11, valid1, epilogue);
        Store<TVec, TOps>(c0 + 2 * ldc, c20, valid0, epilogue); Store<TVec, TOps>(c1 + 2 * ldc, c21, valid1, epilogue);
        Store<TVec, TOps>(c0 + 3 * ldc, c30, valid0, epilogue); Store<TVec, TOps>(c1 + 3 * ldc, c31, valid1, epilogue);
        Store<TVec, TOps>(c0 + 4 * ldc, c40, valid0, epilogue); Store<TVec, TOps>(c1 + 4 * ldc, c41, valid1, epilogue);
        Store<TVec, TOps>(c0 + 5 * ldc, c50, valid0, epilogue); Store<TVec, TOps>(c1 + 5 * ldc, c51, valid1, epilogue);
    }

    /// <summary>A single filter (leftover of the tiles) over one block; its packed weights are its own row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile1<TVec, TOps>(float* source, int* offsets, int taps, float* w, float bias, float* c, int valid, in Epilogue epilogue)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var acc = TOps.Create(bias);
        for (nint t = 0; t < taps; t++)
            acc = TOps.FusedMultiplyAdd(TOps.Broadcast(w + t), TOps.Load(source + offsets[t]), acc);
        Store<TVec, TOps>(c, acc, valid, epilogue);
    }

    /// <summary>Stores lanes [0, valid): a masked store, so that no call follows the tile loop (all vector registers are caller-saved, and the JIT would spill the accumulators inside the loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store<TVec, TOps>(float* c, TVec value, int valid, in Epilogue epilogue)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var full = valid == TOps.Count;
        var lanes = TOps.FirstLanes(valid);
        // The ReLU kernel's rule: x ≤ 0 → 0, NaN kept.
        if (epilogue.Rectify) value = TOps.Rectify(value);
        if (epilogue.Masked)
        {
            // The ReLU backward kernel's rule: kept where the ReLU's output is > 0, else +0.
            var source = c + epilogue.MaskOffset;
            value = TOps.KeepWherePositive(value, full ? TOps.Load(source) : TOps.LoadFirst(source, lanes, valid));
        }
        if (full) TOps.Store(c, value);
        else TOps.StoreFirst(c, value, lanes, valid);
    }

    /// <summary>What a store does to the accumulators besides storing them (see <see cref="Forward"/>).</summary>
    readonly struct Epilogue(bool rectify, nint maskOffset, bool masked)
    {
        public readonly bool Rectify = rectify, Masked = masked;
        public readonly nint MaskOffset = maskOffset;
    }
}
