using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Quantization;

/// <summary>What an int8 kernel does with one exact dot product: requantize it, or dequantize it, and store it.</summary>
interface IInt8Epilogue
{
    /// <summary>Takes the dot product of weight row <paramref name="row"/> and column <paramref name="column"/> (global indices).</summary>
    void Store(int row, int column, int dot);

    /// <summary>Moves the output <paramref name="elements"/> values on (to a later sample).</summary>
    void Advance(long elements);
}

/// <summary>
/// The int8 matrix product under every int8 kernel: each weight row (signed bytes, <see cref="PackedInt8Weights.PaddedTaps"/>
/// long, zero past its taps) times each column (unsigned bytes, the same length, contiguous), exact in 32 bits. Tiles of
/// 4 rows × 2 columns keep eight accumulators; columns are taken in blocks that stay in L1 while every row passes over
/// them. The order of additions differs between paths and tiles, the sums do not (integer addition is associative).
/// </summary>
static unsafe class Int8Gemm
{
    /// <summary>Bytes of columns per block (a block and four weight rows stay in L1).</summary>
    const int BlockBytes = 16 * 1024;

    /// <summary>
    /// For rows [firstRow, firstRow + rows) of <paramref name="weights"/> and the <paramref name="columns"/> columns at
    /// <paramref name="patches"/> (global indices from <paramref name="firstColumn"/>), hands every dot product to the epilogue.
    /// </summary>
    public static void Multiply<TEpilogue>(sbyte* weights, int firstRow, int rows, int paddedTaps, byte* patches, int firstColumn, int columns, ref TEpilogue epilogue)
        where TEpilogue : struct, IInt8Epilogue
    {
        switch (Int8Paths.Current)
        {
            case Int8Path.Vnni: Multiply<VnniDot, Vector256<int>, TEpilogue>(weights, firstRow, rows, paddedTaps, patches, firstColumn, columns, ref epilogue); break;
            case Int8Path.Widening512: Multiply<Widening512Dot, Vector512<int>, TEpilogue>(weights, firstRow, rows, paddedTaps, patches, firstColumn, columns, ref epilogue); break;
            case Int8Path.Widening256: Multiply<Widening256Dot, Vector256<int>, TEpilogue>(weights, firstRow, rows, paddedTaps, patches, firstColumn, columns, ref epilogue); break;
            case Int8Path.Widening128: Multiply<Widening128Dot, Vector128<int>, TEpilogue>(weights, firstRow, rows, paddedTaps, patches, firstColumn, columns, ref epilogue); break;
            default: Multiply<ScalarDot, int, TEpilogue>(weights, firstRow, rows, paddedTaps, patches, firstColumn, columns, ref epilogue); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Multiply<TDot, TAcc, TEpilogue>(sbyte* weights, int firstRow, int rows, int kp, byte* patches, int firstColumn, int columns, ref TEpilogue epilogue)
        where TDot : struct, IInt8Dot<TAcc> where TAcc : unmanaged where TEpilogue : struct, IInt8Epilogue
    {
        var block = Math.Max(2, BlockBytes / Math.Max(kp, 1) & ~1);
        for (var c0 = 0; c0 < columns; c0 += block)
        {
            var c1 = Math.Min(columns, c0 + block);
            var r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                var w = weights + (long)(firstRow + r) * kp;
                var c = c0;
                for (; c + 2 <= c1; c += 2)
                    Tile4x2<TDot, TAcc, TEpilogue>(w, kp, patches + (long)c * kp, firstRow + r, firstColumn + c, ref epilogue);
                for (; c < c1; c++)
                    for (var i = 0; i < 4; i++)
                        epilogue.Store(firstRow + r + i, firstColumn + c, Dot<TDot, TAcc>(w + i * kp, patches + (long)c * kp, kp));
            }
            for (; r < rows; r++)
                for (var c = c0; c < c1; c++)
                    epilogue.Store(firstRow + r, firstColumn + c, Dot<TDot, TAcc>(weights + (long)(firstRow + r) * kp, patches + (long)c * kp, kp));
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
    static void Tile4x2<TDot, TAcc, TEpilogue>(sbyte* w0, int kp, byte* x0, int row, int column, ref TEpilogue epilogue)
        where TDot : struct, IInt8Dot<TAcc> where TAcc : unmanaged where TEpilogue : struct, IInt8Epilogue
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
        epilogue.Store(row, column, TDot.Sum(a00)); epilogue.Store(row, column + 1, TDot.Sum(a01));
        epilogue.Store(row + 1, column, TDot.Sum(a10)); epilogue.Store(row + 1, column + 1, TDot.Sum(a11));
        epilogue.Store(row + 2, column, TDot.Sum(a20)); epilogue.Store(row + 2, column + 1, TDot.Sum(a21));
        epilogue.Store(row + 3, column, TDot.Sum(a30)); epilogue.Store(row + 3, column + 1, TDot.Sum(a31));
    }
}
