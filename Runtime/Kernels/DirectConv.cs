using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnGen.Kernels;

/// <summary>
/// Stride-1 convolution of one sample without im2col: each output row segment of 16 (or 8) positions is a
/// register tile of 6 filters, and the filter taps are read straight from the image rows (FMA only).
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
        var f = 0;
        for (; f + Filters <= filters; f += Filters)
        {
            for (var oy = 0; oy < outHeight; oy++)
            {
                var ox = 0;
                for (; ox + 16 <= outWidth; ox += 16)
                    Tile6x16(image + oy * width + ox, channels, height, width, kernel, weight + f * taps, taps, bias == null ? null : bias + f, output + f * spatial + oy * outWidth + ox, spatial);
                for (; ox < outWidth; ox += 8)
                    Tile6x8(image + oy * width + ox, channels, height, width, kernel, weight + f * taps, taps, bias == null ? null : bias + f, output + f * spatial + oy * outWidth + ox, spatial, Math.Min(8, outWidth - ox));
            }
        }
        for (; f < filters; f++)
        {
            for (var oy = 0; oy < outHeight; oy++)
                for (var ox = 0; ox < outWidth; ox += 8)
                    Tile1x8(image + oy * width + ox, channels, height, width, kernel, weight + f * taps, bias == null ? 0f : bias[f], output + f * spatial + oy * outWidth + ox, Math.Min(8, outWidth - ox));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile6x16(float* source, int channels, int height, int width, int kernel, float* w, int taps, float* bias, float* c, int ldc)
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
            var row = source + ch * plane + ky * width;
            for (var kx = 0; kx < kernel; kx++, tap++)
            {
                var b0 = Avx.LoadVector256(row + kx);
                var b1 = Avx.LoadVector256(row + kx + 8);
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
        Avx.Store(c, c00); Avx.Store(c + 8, c01);
        Avx.Store(c + ldc, c10); Avx.Store(c + ldc + 8, c11);
        Avx.Store(c + 2 * ldc, c20); Avx.Store(c + 2 * ldc + 8, c21);
        Avx.Store(c + 3 * ldc, c30); Avx.Store(c + 3 * ldc + 8, c31);
        Avx.Store(c + 4 * ldc, c40); Avx.Store(c + 4 * ldc + 8, c41);
        Avx.Store(c + 5 * ldc, c50); Avx.Store(c + 5 * ldc + 8, c51);
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
