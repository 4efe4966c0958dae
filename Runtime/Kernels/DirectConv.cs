using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnGen.Kernels;

/// <summary>
/// Stride-1 convolution of one sample without im2col: each pair of 8-position output blocks (one 16-wide row
/// segment, or the row tails of two rows) is a register tile of 6 (or 4) filters, and the filter taps are read
/// straight from the image rows (FMA only).
/// </summary>
/// <remarks>
/// <para>
/// The image is unpadded (C, H, W) with OH = H − K + 1, OW = W − K + 1. Every output element is computed the same
/// way wherever it sits in a tile: bias, then one fused multiply-add per tap in (c, ky, kx) order. A partial
/// 8-wide block reads up to 7 floats past a row, so the image must be readable up to 8 floats past its end
/// unless OW is a multiple of 8 (see <see cref="NeedsSlack"/>).
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

    /// <summary>Whether a partial 8-wide block exists (then the source needs 8 readable floats of slack).</summary>
    public static bool NeedsSlack(int outWidth) => outWidth % 8 != 0;

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
    /// the output), an element is +0 where the mask is ≤ 0 and is kept elsewhere (NaN included).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(float* image, int channels, int height, int width, int kernel, float* packedWeight, float* bias, float* output, int filters, bool rectify = false, float* mask = null)
    {
        int outHeight = height - kernel + 1, outWidth = width - kernel + 1;
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
                    for (var ox = 0; ox < outWidth; ox += 8)
                        Tile1x8(image + oy * width + ox, offsets, taps, w, b == null ? 0f : *b, c + oy * outWidth + ox, Math.Min(8, outWidth - ox), epilogue);
                f += tile;
                continue;
            }
            // Full 16-wide row segments first; the rest of each row is cut into 8-wide blocks (the last one partial),
            // which are paired across rows into 16-wide tiles so that narrow layers still use every accumulator.
            float* pendingSource = null, pendingOutput = null;
            var pendingValid = 0;
            for (var oy = 0; oy < outHeight; oy++)
            {
                var ox = 0;
                for (; ox + 16 <= outWidth; ox += 16)
                    Tile(tile, image + oy * width + ox, image + oy * width + ox + 8, offsets, taps, w, b, c + oy * outWidth + ox, c + oy * outWidth + ox + 8, spatial, 8, 8, epilogue);
                for (; ox < outWidth; ox += 8)
                {
                    var source = image + oy * width + ox;
                    var target = c + oy * outWidth + ox;
                    var valid = Math.Min(8, outWidth - ox);
                    if (pendingSource == null)
                    {
                        pendingSource = source; pendingOutput = target; pendingValid = valid;
                        continue;
                    }
                    Tile(tile, pendingSource, source, offsets, taps, w, b, pendingOutput, target, spatial, pendingValid, valid, epilogue);
                    pendingSource = null;
                }
            }
            if (pendingSource != null)
            {
                // A lone 8-wide block: the same two-block tile with both halves on it, the second half not stored.
                Tile(tile, pendingSource, pendingSource, offsets, taps, w, b, pendingOutput, pendingOutput, spatial, pendingValid, 0, epilogue);
            }
            f += tile;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Tile(int filters, float* s0, float* s1, int* offsets, int taps, float* w, float* bias, float* c0, float* c1, int ldc, int valid0, int valid1, in Epilogue epilogue)
    {
        if (filters == Filters) Tile6x16(s0, s1, offsets, taps, w, bias, c0, c1, ldc, valid0, valid1, epilogue);
        else Tile4x16(s0, s1, offsets, taps, w, bias, c0, c1, ldc, valid0, valid1, epilogue);
    }

    /// <summary>4 filters × two 8-wide blocks (each from its own row pointer): 8 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile4x16(float* s0, float* s1, int* offsets, int taps, float* w, float* bias, float* c0, float* c1, int ldc, int valid0, int valid1, in Epilogue epilogue)
    {
        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31;
        if (bias == null)
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector256<float>.Zero;
        }
        else
        {
            c00 = c01 = Vector256.Create(bias[0]);
            c10 = c11 = Vector256.Create(bias[1]);
            c20 = c21 = Vector256.Create(bias[2]);
            c30 = c31 = Vector256.Create(bias[3]);
        }
        for (nint t = 0; t < taps; t++, w += 4)
        {
            nint offset = offsets[t];
            var b0 = Avx.LoadVector256(s0 + offset);
            var b1 = Avx.LoadVector256(s1 + offset);
            var a = Avx.BroadcastScalarToVector256(w);
            c00 = Fma.MultiplyAdd(a, b0, c00); c01 = Fma.MultiplyAdd(a, b1, c01);
            a = Avx.BroadcastScalarToVector256(w + 1);
            c10 = Fma.MultiplyAdd(a, b0, c10); c11 = Fma.MultiplyAdd(a, b1, c11);
            a = Avx.BroadcastScalarToVector256(w + 2);
            c20 = Fma.MultiplyAdd(a, b0, c20); c21 = Fma.MultiplyAdd(a, b1, c21);
            a = Avx.BroadcastScalarToVector256(w + 3);
            c30 = Fma.MultiplyAdd(a, b0, c30); c31 = Fma.MultiplyAdd(a, b1, c31);
        }
        Store(c0, c00, valid0, epilogue); Store(c1, c01, valid1, epilogue);
        Store(c0 + ldc, c10, valid0, epilogue); Store(c1 + ldc, c11, valid1, epilogue);
        Store(c0 + 2 * ldc, c20, valid0, epilogue); Store(c1 + 2 * ldc, c21, valid1, epilogue);
        Store(c0 + 3 * ldc, c30, valid0, epilogue); Store(c1 + 3 * ldc, c31, valid1, epilogue);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile6x16(float* s0, float* s1, int* offsets, int taps, float* w, float* bias, float* c0, float* c1, int ldc, int valid0, int valid1, in Epilogue epilogue)
    {
        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (bias == null)
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<float>.Zero;
        }
        else
        {
            c00 = c01 = Vector256.Create(bias[0]);
            c10 = c11 = Vector256.Create(bias[1]);
            c20 = c21 = Vector256.Create(bias[2]);
            c30 = c31 = Vector256.Create(bias[3]);
            c40 = c41 = Vector256.Create(bias[4]);
            c50 = c51 = Vector256.Create(bias[5]);
        }
        for (nint t = 0; t < taps; t++, w += 6)
        {
            nint offset = offsets[t];
            var b0 = Avx.LoadVector256(s0 + offset);
            var b1 = Avx.LoadVector256(s1 + offset);
            var a = Avx.BroadcastScalarToVector256(w);
            c00 = Fma.MultiplyAdd(a, b0, c00); c01 = Fma.MultiplyAdd(a, b1, c01);
            a = Avx.BroadcastScalarToVector256(w + 1);
            c10 = Fma.MultiplyAdd(a, b0, c10); c11 = Fma.MultiplyAdd(a, b1, c11);
            a = Avx.BroadcastScalarToVector256(w + 2);
            c20 = Fma.MultiplyAdd(a, b0, c20); c21 = Fma.MultiplyAdd(a, b1, c21);
            a = Avx.BroadcastScalarToVector256(w + 3);
            c30 = Fma.MultiplyAdd(a, b0, c30); c31 = Fma.MultiplyAdd(a, b1, c31);
            a = Avx.BroadcastScalarToVector256(w + 4);
            c40 = Fma.MultiplyAdd(a, b0, c40); c41 = Fma.MultiplyAdd(a, b1, c41);
            a = Avx.BroadcastScalarToVector256(w + 5);
            c50 = Fma.MultiplyAdd(a, b0, c50); c51 = Fma.MultiplyAdd(a, b1, c51);
        }
        Store(c0, c00, valid0, epilogue); Store(c1, c01, valid1, epilogue);
        Store(c0 + ldc, c10, valid0, epilogue); Store(c1 + ldc, c11, valid1, epilogue);
        Store(c0 + 2 * ldc, c20, valid0, epilogue); Store(c1 + 2 * ldc, c21, valid1, epilogue);
        Store(c0 + 3 * ldc, c30, valid0, epilogue); Store(c1 + 3 * ldc, c31, valid1, epilogue);
        Store(c0 + 4 * ldc, c40, valid0, epilogue); Store(c1 + 4 * ldc, c41, valid1, epilogue);
        Store(c0 + 5 * ldc, c50, valid0, epilogue); Store(c1 + 5 * ldc, c51, valid1, epilogue);
    }

    /// <summary>A single filter (leftover of the tiles) over one 8-wide block; its packed weights are its own row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile1x8(float* source, int* offsets, int taps, float* w, float bias, float* c, int valid, in Epilogue epilogue)
    {
        var acc = Vector256.Create(bias);
        for (nint t = 0; t < taps; t++)
            acc = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(w + t), Avx.LoadVector256(source + offsets[t]), acc);
        Store(c, acc, valid, epilogue);
    }

    /// <summary>Stores lanes [0, valid): a masked store, so that no call follows the tile loop (all vector registers are caller-saved, and the JIT would spill the accumulators inside the loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(float* c, Vector256<float> value, int valid, in Epilogue epilogue)
    {
        var lanes = VectorMath.FirstLanes(valid);
        // The ReLU kernel's rule: x ≤ 0 → 0, NaN kept.
        if (epilogue.Rectify) value = Avx.BlendVariable(value, Vector256<float>.Zero, Avx.CompareLessThanOrEqual(value, Vector256<float>.Zero));
        if (epilogue.Masked)
        {
            // The ReLU backward kernel's rule: +0 where the ReLU's output is ≤ 0, else kept (NaN included).
            var source = c + epilogue.MaskOffset;
            var y = valid == 8 ? Avx.LoadVector256(source) : Avx.MaskLoad(source, lanes);
            value = Avx.And(value, Avx.CompareNotLessThanOrEqual(y, Vector256<float>.Zero));
        }
        if (valid == 8) Avx.Store(c, value);
        else Avx.MaskStore(c, lanes, value);
    }

    /// <summary>What a store does to the accumulators besides storing them (see <see cref="Forward"/>).</summary>
    readonly struct Epilogue(bool rectify, nint maskOffset, bool masked)
    {
        public readonly bool Rectify = rectify, Masked = masked;
        public readonly nint MaskOffset = maskOffset;
    }
}
