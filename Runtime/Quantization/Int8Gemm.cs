using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Quantization;

/// <summary>
/// The int8 matrix product under every int8 kernel: each weight row (signed bytes, <see cref="PackedInt8Weights.PaddedTaps"/>
/// long, zero past its taps) times each column (unsigned bytes, the same length, contiguous), exact in 32 bits. Tiles of
/// 4 rows × 2 columns keep eight accumulators; columns are taken in blocks that stay in L1 while every row passes over
/// them. The order of additions differs between paths and tiles, the sums do not (integer addition is associative).
/// The products land in a block of int32 dot products that the kernel then requantizes a row at a time
/// (<see cref="Int8Requantization"/>).
/// </summary>
static unsafe class Int8Gemm
{
    /// <summary>Bytes of columns per block (a block and four weight rows stay in L1).</summary>
    const int BlockBytes = 16 * 1024;

    /// <summary>
    /// dots[r · stride + c] = Σ_k weights[r, k] · patches[c, k] for the <paramref name="rows"/> rows at
    /// <paramref name="weights"/> and the <paramref name="columns"/> columns at <paramref name="patches"/>.
    /// </summary>
    public static void Multiply(sbyte* weights, int rows, int paddedTaps, byte* patches, int columns, int* dots, int stride)
    {
        switch (Int8Paths.Current)
        {
            case Int8Path.Vnni: Multiply<VnniDot, Vector256<int>>(weights, rows, paddedTaps, patches, columns, dots, stride); break;
            case Int8Path.Widening512: Multiply<Widening512Dot, Vector512<int>>(weights, rows, paddedTaps, patches, columns, dots, stride); break;
            case Int8Path.Widening256: Multiply<Widening256Dot, Vector256<int>>(weights, rows, paddedTaps, patches, columns, dots, stride); break;
            case Int8Path.Widening128: Multiply<Widening128Dot, Vector128<int>>(weights, rows, paddedTaps, patches, columns, dots, stride); break;
            default: Multiply<ScalarDot, int>(weights, rows, paddedTaps, patches, columns, dots, stride); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Multiply<TDot, TAcc>(sbyte* weights, int rows, int kp, byte* patches, int columns, int* dots, int stride)
        where TDot : struct, IInt8Dot<TAcc> where TAcc : unmanaged
    {
        var block = Math.Max(2, BlockBytes / Math.Max(kp, 1) & ~1);
        for (var c0 = 0; c0 < columns; c0 += block)
        {
            var c1 = Math.Min(columns, c0 + block);
            var r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                var w = weights + (long)r * kp;
                var target = dots + (long)r * stride;
                var c = c0;
                for (; c + 2 <= c1; c += 2)
                    Tile4x2<TDot, TAcc>(w, kp, patches + (long)c * kp, target + c, stride);
                for (; c < c1; c++)
                    for (var i = 0; i < 4; i++)
                        target[i * stride + c] = Dot<TDot, TAcc>(w + i * kp, patches + (long)c * kp, kp);
            }
            for (; r < rows; r++)
            {
                var w = weights + (long)r * kp;
                var target = dots + (long)r * stride;
                var c = c0;
                for (; c + 4 <= c1; c += 4)
                    Tile1x4<TDot, TAcc>(w, kp, patches + (long)c * kp, target + c);
                for (; c < c1; c++)
                    target[c] = Dot<TDot, TAcc>(w, patches + (long)c * kp, kp);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int Dot<TDot, TAcc>(sbyte* w, byte* x, int kp) where TDot : struct, IInt8Dot<TAcc> where TAcc : unmanaged
    {
        var acc = TDot.Zero;
        var k = 0;
        for (; k + 32 <= kp; k += 32) acc = TDot.Add32(acc, x + k, w + k);
        if (k < kp) acc = TDot.Add16(acc, x + k, w + k);
        return TDot.Sum(acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Tile4x2<TDot, TAcc>(sbyte* w0, int kp, byte* x0, int* target, int stride)
        where TDot : struct, IInt8Dot<TAcc> where TAcc : unmanaged
    {
        sbyte* w1 = w0 + kp, w2 = w1 + kp, w3 = w2 + kp;
        var x1 = x0 + kp;
        TAcc a00 = TDot.Zero, a01 = TDot.Zero, a10 = TDot.Zero, a11 = TDot.Zero, a20 = TDot.Zero, a21 = TDot.Zero, a30 = TDot.Zero, a31 = TDot.Zero;
        var k = 0;
        for (; k + 32 <= kp; k += 32)
        {
            a00 = TDot.Add32(a00, x0 + k, w0 + k); a01 = TDot.Add32(a01, x1 + k, w0 + k);
            a10 = TDot.Add32(a10, x0 + k, w1 + k); a11 = TDot.Add32(a11, x1 + k, w1 + k);
            a20 = TDot.Add32(a20, x0 + k, w2 + k); a21 = TDot.Add32(a21, x1 + k, w2 + k);
            a30 = TDot.Add32(a30, x0 + k, w3 + k); a31 = TDot.Add32(a31, x1 + k, w3 + k);
        }
        if (k < kp)
        {
            a00 = TDot.Add16(a00, x0 + k, w0 + k); a01 = TDot.Add16(a01, x1 + k, w0 + k);
            a10 = TDot.Add16(a10, x0 + k, w1 + k); a11 = TDot.Add16(a11, x1 + k, w1 + k);
            a20 = TDot.Add16(a20, x0 + k, w2 + k); a21 = TDot.Add16(a21, x1 + k, w2 + k);
            a30 = TDot.Add16(a30, x0 + k, w3 + k); a31 = TDot.Add16(a31, x1 + k, w3 + k);
        }
        var top = TDot.Sum4(a00, a01, a10, a11);
        var bottom = TDot.Sum4(a20, a21, a30, a31);
        target[0] = top.GetElement(0); target[1] = top.GetElement(1);
        target[stride] = top.GetElement(2); target[stride + 1] = top.GetElement(3);
        target[2 * stride] = bottom.GetElement(0); target[2 * stride + 1] = bottom.GetElement(1);
        target[3 * stride] = bottom.GetElement(2); target[3 * stride + 1] = bottom.GetElement(3);
    }

    /// <summary>One row against four columns (a depthwise convolution's single filter per group, and the rows left after the 4-row tiles).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Tile1x4<TDot, TAcc>(sbyte* w, int kp, byte* x0, int* target)
        where TDot : struct, IInt8Dot<TAcc> where TAcc : unmanaged
    {
        byte* x1 = x0 + kp, x2 = x1 + kp, x3 = x2 + kp;
        TAcc a0 = TDot.Zero, a1 = TDot.Zero, a2 = TDot.Zero, a3 = TDot.Zero;
        var k = 0;
        for (; k + 32 <= kp; k += 32)
        {
            a0 = TDot.Add32(a0, x0 + k, w + k); a1 = TDot.Add32(a1, x1 + k, w + k);
            a2 = TDot.Add32(a2, x2 + k, w + k); a3 = TDot.Add32(a3, x3 + k, w + k);
        }
        if (k < kp)
        {
            a0 = TDot.Add16(a0, x0 + k, w + k); a1 = TDot.Add16(a1, x1 + k, w + k);
            a2 = TDot.Add16(a2, x2 + k, w + k); a3 = TDot.Add16(a3, x3 + k, w + k);
        }
        TDot.Sum4(a0, a1, a2, a3).Store(target);
    }
}
