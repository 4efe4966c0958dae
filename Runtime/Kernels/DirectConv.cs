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
/// The image is unpadded (C, H, W) with OH = H − K + 1, OW = W − K + 1. Every output element is computed the same
/// way wherever it sits in a tile: bias, then one fused multiply-add per tap in (c, ky, kx) order. A partial
/// 8-wide block reads up to 7 floats past a row, so the image must be readable up to 8 floats past its end
/// unless OW is a multiple of 8 (see <see cref="NeedsSlack"/>).
/// </remarks>
static unsafe class DirectConv
{
    const int Filters = 6;

    /// <summary>Whether a partial 8-wide block exists (then the source needs 8 readable floats of slack).</summary>
    public static bool NeedsSlack(int outWidth) => outWidth % 8 != 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(float* image, int channels, int height, int width, int kernel, float* weight, float* bias, float* output, int filters)
    {
        int outHeight = height - kernel + 1, outWidth = width - kernel + 1;
        var taps = channels * kernel * kernel;
        var spatial = outHeight * outWidth;
        // Filter tiles of 6 (12 accumulators) unless 6 leaves a remainder and 4 does not (16, 32, 64 filters).
        var tile = filters % Filters != 0 && filters % 4 == 0 ? 4 : Filters;
        var f = 0;
        for (; f + tile <= filters; f += tile)
        {
            var w = weight + f * taps;
            var b = bias == null ? null : bias + f;
            var c = output + f * spatial;
            // Full 16-wide row segments first; the rest of each row is cut into 8-wide blocks (the last one partial),
            // which are paired across rows into 16-wide tiles so that narrow layers still use 12 accumulators.
            var pendingSource = (float*)null;
            float* pendingOutput = null;
            var pendingValid = 0;
            for (var oy = 0; oy < outHeight; oy++)
            {
                var ox = 0;
                for (; ox + 16 <= outWidth; ox += 16)
                    Tile(tile, image + oy * width + ox, image + oy * width + ox + 8, channels, height, width, kernel, w, taps, b, c + oy * outWidth + ox, c + oy * outWidth + ox + 8, spatial, 8, 8);
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
                    Tile(tile, pendingSource, source, channels, height, width, kernel, w, taps, b, pendingOutput, target, spatial, pendingValid, valid);
                    pendingSource = null;
                }
            }
            if (pendingSource != null)
            {
                if (tile == Filters) Tile6x8(pendingSource, channels, height, width, kernel, w, taps, b, pendingOutput, spatial, pendingValid);
                else for (var i = 0; i < tile; i++) Tile1x8(pendingSource, channels, height, width, kernel, w + i * taps, b == null ? 0f : b[i], pendingOutput + i * spatial, pendingValid);
            }
        }
        for (; f < filters; f++)
        {
            for (var oy = 0; oy < outHeight; oy++)
                for (var ox = 0; ox < outWidth; ox += 8)
                    Tile1x8(image + oy * width + ox, channels, height, width, kernel, weight + f * taps, bias == null ? 0f : bias[f], output + f * spatial + oy * outWidth + ox, Math.Min(8, outWidth - ox));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Tile(int filters, float* s0, float* s1, int channels, int height, int width, int kernel, float* w, int taps, float* bias, float* c0, float* c1, int ldc, int valid0, int valid1)
    {
        if (filters == Filters) Tile6x16(s0, s1, channels, height, width, kernel, w, taps, bias, c0, c1, ldc, valid0, valid1);
        else Tile4x16(s0, s1, channels, height, width, kernel, w, taps, bias, c0, c1, ldc, valid0, valid1);
    }

    /// <summary>4 filters × two 8-wide blocks (each from its own row pointer): 8 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile4x16(float* s0, float* s1, int channels, int height, int width, int kernel, float* w, int taps, float* bias, float* c0, float* c1, int ldc, int valid0, int valid1)
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
        var plane = height * width;
        var tap = 0;
        for (var ch = 0; ch < channels; ch++)
        for (var ky = 0; ky < kernel; ky++)
        {
            var offset = ch * plane + ky * width;
            float* row0 = s0 + offset, row1 = s1 + offset;
            for (var kx = 0; kx < kernel; kx++, tap++)
            {
                var b0 = Avx.LoadVector256(row0 + kx);
                var b1 = Avx.LoadVector256(row1 + kx);
                var wt = w + tap;
                var a = Avx.BroadcastScalarToVector256(wt);
                c00 = Fma.MultiplyAdd(a, b0, c00); c01 = Fma.MultiplyAdd(a, b1, c01);
                a = Avx.BroadcastScalarToVector256(wt + taps);
                c10 = Fma.MultiplyAdd(a, b0, c10); c11 = Fma.MultiplyAdd(a, b1, c11);
                a = Avx.BroadcastScalarToVector256(wt + 2 * taps);
                c20 = Fma.MultiplyAdd(a, b0, c20); c21 = Fma.MultiplyAdd(a, b1, c21);
                a = Avx.BroadcastScalarToVector256(wt + 3 * taps);
                c30 = Fma.MultiplyAdd(a, b0, c30); c31 = Fma.MultiplyAdd(a, b1, c31);
            }
        }
        Store(c0, c00, valid0); Store(c1, c01, valid1);
        Store(c0 + ldc, c10, valid0); Store(c1 + ldc, c11, valid1);
        Store(c0 + 2 * ldc, c20, valid0); Store(c1 + 2 * ldc, c21, valid1);
        Store(c0 + 3 * ldc, c30, valid0); Store(c1 + 3 * ldc, c31, valid1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile6x16(float* s0, float* s1, int channels, int height, int width, int kernel, float* w, int taps, float* bias, float* c0, float* c1, int ldc, int valid0, int valid1)
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
        var plane = height * width;
        var tap = 0;
        for (var ch = 0; ch < channels; ch++)
        for (var ky = 0; ky < kernel; ky++)
        {
            var offset = ch * plane + ky * width;
            float* row0 = s0 + offset, row1 = s1 + offset;
            for (var kx = 0; kx < kernel; kx++, tap++)
            {
                var b0 = Avx.LoadVector256(row0 + kx);
                var b1 = Avx.LoadVector256(row1 + kx);
                var wt = w + tap;
                var a = Avx.BroadcastScalarToVector256(wt);
                c00 = Fma.MultiplyAdd(a, b0, c00); c01 = Fma.MultiplyAdd(a, b1, c01);
                a = Avx.BroadcastScalarToVector256(wt + taps);
                c10 = Fma.MultiplyAdd(a, b0, c10); c11 = Fma.MultiplyAdd(a, b1, c11);
                a = Avx.BroadcastScalarToVector256(wt + 2 * taps);
                c20 = Fma.MultiplyAdd(a, b0, c20); c21 = Fma.MultiplyAdd(a, b1, c21);
                a = Avx.BroadcastScalarToVector256(wt + 3 * taps);
                c30 = Fma.MultiplyAdd(a, b0, c30); c31 = Fma.MultiplyAdd(a, b1, c31);
                a = Avx.BroadcastScalarToVector256(wt + 4 * taps);
                c40 = Fma.MultiplyAdd(a, b0, c40); c41 = Fma.MultiplyAdd(a, b1, c41);
                a = Avx.BroadcastScalarToVector256(wt + 5 * taps);
                c50 = Fma.MultiplyAdd(a, b0, c50); c51 = Fma.MultiplyAdd(a, b1, c51);
            }
        }
        Store(c0, c00, valid0); Store(c1, c01, valid1);
        Store(c0 + ldc, c10, valid0); Store(c1 + ldc, c11, valid1);
        Store(c0 + 2 * ldc, c20, valid0); Store(c1 + 2 * ldc, c21, valid1);
        Store(c0 + 3 * ldc, c30, valid0); Store(c1 + 3 * ldc, c31, valid1);
        Store(c0 + 4 * ldc, c40, valid0); Store(c1 + 4 * ldc, c41, valid1);
        Store(c0 + 5 * ldc, c50, valid0); Store(c1 + 5 * ldc, c51, valid1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile6x8(float* source, int channels, int height, int width, int kernel, float* w, int taps, float* bias, float* c, int ldc, int valid)
    {
        Vector256<float> c0, c1, c2, c3, c4, c5;
        if (bias == null)
        {
            c0 = c1 = c2 = c3 = c4 = c5 = Vector256<float>.Zero;
        }
        else
        {
            c0 = Vector256.Create(bias[0]); c1 = Vector256.Create(bias[1]); c2 = Vector256.Create(bias[2]);
            c3 = Vector256.Create(bias[3]); c4 = Vector256.Create(bias[4]); c5 = Vector256.Create(bias[5]);
        }
        var plane = height * width;
        var tap = 0;
        for (var ch = 0; ch < channels; ch++)
        for (var ky = 0; ky < kernel; ky++)
        {
            var row = source + ch * plane + ky * width;
            for (var kx = 0; kx < kernel; kx++, tap++)
            {
                var b = Avx.LoadVector256(row + kx);
                var wt = w + tap;
                c0 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(wt), b, c0);
                c1 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(wt + taps), b, c1);
                c2 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(wt + 2 * taps), b, c2);
                c3 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(wt + 3 * taps), b, c3);
                c4 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(wt + 4 * taps), b, c4);
                c5 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(wt + 5 * taps), b, c5);
            }
        }
        Store(c, c0, valid); Store(c + ldc, c1, valid); Store(c + 2 * ldc, c2, valid);
        Store(c + 3 * ldc, c3, valid); Store(c + 4 * ldc, c4, valid); Store(c + 5 * ldc, c5, valid);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile1x8(float* source, int channels, int height, int width, int kernel, float* w, float bias, float* c, int valid)
    {
        var acc = Vector256.Create(bias);
        var plane = height * width;
        var tap = 0;
        for (var ch = 0; ch < channels; ch++)
        for (var ky = 0; ky < kernel; ky++)
        {
            var row = source + ch * plane + ky * width;
            for (var kx = 0; kx < kernel; kx++, tap++)
                acc = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(w + tap), Avx.LoadVector256(row + kx), acc);
        }
        Store(c, acc, valid);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(float* c, Vector256<float> value, int valid)
    {
        if (valid == 8)
        {
            Avx.Store(c, value);
            return;
        }
        var lanes = stackalloc float[8];
        Avx.Store(lanes, value);
        for (var i = 0; i < valid; i++) c[i] = lanes[i];
    }
}
