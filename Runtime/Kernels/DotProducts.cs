using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Kernels;

/// <summary>
/// C[m,n] (+)= A[m,k] · B[n,k]ᵀ when both operands have k contiguous (dense forward, weight gradients of strided
/// convolutions): register tiles of 3 rows × 4 vectors of columns, no packing, written once over the width
/// (<see cref="IOctets{TVec}"/>: a 512-bit vector carries two columns, 256- and 128-bit ones one).
/// </summary>
/// <remarks>
/// Every element is computed one way wherever it sits and whatever the width: an 8-lane FMA chain over k in order,
/// the pair order of <see cref="Vector256.Sum{T}(Vector256{T})"/>, then the k mod 8 tail by scalar fused
/// multiply-adds. So the result never depends on m, n, the tile or the width.
/// </remarks>
static unsafe class DotProducts
{
    /// <summary>Columns a tile covers at the width that runs (the panel a small batch walks, see <see cref="Dense"/>).</summary>
    public static int TileColumns => Simd.Width == 512 ? 8 : 4;

    public static void MultiplyNT(int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
    {
        switch (Simd.Width)
        {
            case 512: MultiplyNT<Vector512<float>, Octets512>(m, n, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 256: MultiplyNT<Vector256<float>, Octets256>(m, n, k, a, lda, b, ldb, c, ldc, accumulate); break;
            default: MultiplyNT<Octet128, Octets128>(m, n, k, a, lda, b, ldb, c, ldc, accumulate); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void MultiplyNT<TVec, TOps>(int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
        where TVec : unmanaged where TOps : struct, IOctets<TVec>
    {
        // Columns outer: a tile's b rows stay in L1 while every group of three a rows passes them, so a step loads
        // three vectors from L2 rather than four.
        var tileColumns = 4 * TOps.Octets;
        int fullRows = m - m % 3, fullColumns = n - n % tileColumns;
        for (var j0 = 0; j0 < fullColumns; j0 += tileColumns)
        {
            var i0 = 0;
            for (; i0 < fullRows; i0 += 3) Tile3<TVec, TOps>(a + (long)i0 * lda, lda, b + (long)j0 * ldb, ldb, k, c + (long)i0 * ldc + j0, ldc, accumulate);
            for (; i0 < m; i0++) Tile1<TVec, TOps>(a + (long)i0 * lda, b + (long)j0 * ldb, ldb, k, c + (long)i0 * ldc + j0, accumulate);
        }
        if (fullColumns == n) return;
        if (TOps.Octets == 2)
        {
            // Fewer columns than a 512-bit tile: the 8-lane tiles (the same sums).
            MultiplyNT<Vector256<float>, Octets256>(m, n - fullColumns, k, a, lda, b + (long)fullColumns * ldb, ldb, c + fullColumns, ldc, accumulate);
            return;
        }
        for (var j = fullColumns; j < n; j++)
            for (var i = 0; i < m; i++) Put(c + (long)i * ldc + j, Dot<TVec, TOps>(a + (long)i * lda, b + (long)j * ldb, k), accumulate);
    }

    /// <summary>One row against 4 vectors of columns: independent FMA chains (a lone dot product would wait on FMA latency).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile1<TVec, TOps>(float* a, float* b, int ldb, int k, float* c, bool accumulate)
        where TVec : unmanaged where TOps : struct, IOctets<TVec>
    {
        TVec c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero;
        nint step = TOps.Octets * (nint)ldb;
        float* b0 = b, b1 = b + step, b2 = b + 2 * step, b3 = b + 3 * step;
        var p = 0;
        for (; p + 8 <= k; p += 8)
        {
            var x = TOps.LoadShared(a + p);
            c0 = TOps.FusedMultiplyAdd(x, TOps.LoadRows(b0 + p, ldb), c0);
            c1 = TOps.FusedMultiplyAdd(x, TOps.LoadRows(b1 + p, ldb), c1);
            c2 = TOps.FusedMultiplyAdd(x, TOps.LoadRows(b2 + p, ldb), c2);
            c3 = TOps.FusedMultiplyAdd(x, TOps.LoadRows(b3 + p, ldb), c3);
        }
        PutRow<TVec, TOps>(c, c0, c1, c2, c3, a, b, ldb, p, k, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile3<TVec, TOps>(float* a, int lda, float* b, int ldb, int k, float* c, int ldc, bool accumulate)
        where TVec : unmanaged where TOps : struct, IOctets<TVec>
    {
        TVec c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero;
        TVec c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
        TVec c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c23 = TOps.Zero;
        float* a0 = a, a1 = a + lda, a2 = a + 2 * lda;
        nint step = TOps.Octets * (nint)ldb;
        float* b0 = b, b1 = b + step, b2 = b + 2 * step, b3 = b + 3 * step;
        var p = 0;
        for (; p + 8 <= k; p += 8)
        {
            var x0 = TOps.LoadShared(a0 + p);
            var x1 = TOps.LoadShared(a1 + p);
            var x2 = TOps.LoadShared(a2 + p);
            var y = TOps.LoadRows(b0 + p, ldb);
            c00 = TOps.FusedMultiplyAdd(x0, y, c00); c10 = TOps.FusedMultiplyAdd(x1, y, c10); c20 = TOps.FusedMultiplyAdd(x2, y, c20);
            y = TOps.LoadRows(b1 + p, ldb);
            c01 = TOps.FusedMultiplyAdd(x0, y, c01); c11 = TOps.FusedMultiplyAdd(x1, y, c11); c21 = TOps.FusedMultiplyAdd(x2, y, c21);
            y = TOps.LoadRows(b2 + p, ldb);
            c02 = TOps.FusedMultiplyAdd(x0, y, c02); c12 = TOps.FusedMultiplyAdd(x1, y, c12); c22 = TOps.FusedMultiplyAdd(x2, y, c22);
            y = TOps.LoadRows(b3 + p, ldb);
            c03 = TOps.FusedMultiplyAdd(x0, y, c03); c13 = TOps.FusedMultiplyAdd(x1, y, c13); c23 = TOps.FusedMultiplyAdd(x2, y, c23);
        }
        PutRow<TVec, TOps>(c, c00, c01, c02, c03, a0, b, ldb, p, k, accumulate);
        PutRow<TVec, TOps>(c + ldc, c10, c11, c12, c13, a1, b, ldb, p, k, accumulate);
        PutRow<TVec, TOps>(c + 2 * ldc, c20, c21, c22, c23, a2, b, ldb, p, k, accumulate);
    }

    /// <summary>One row of 4 · Octets results from the four vectors' octet sums, each finished by <see cref="Tail"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void PutRow<TVec, TOps>(float* c, TVec v0, TVec v1, TVec v2, TVec v3, float* a, float* b, int ldb, int p, int k, bool accumulate)
        where TVec : unmanaged where TOps : struct, IOctets<TVec>
    {
        var first = TOps.Sum4(v0, v1, v2, v3, out var second);
        // Octet o of vector v is column v·Octets + o.
        var octets = TOps.Octets;
        for (var v = 0; v < 4; v++)
        {
            var column = v * octets;
            Put(c + column, Tail(first.GetElement(v), a, b + (long)column * ldb, p, k), accumulate);
            if (octets == 2) Put(c + column + 1, Tail(second.GetElement(v), a, b + (long)(column + 1) * ldb, p, k), accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Put(float* c, float value, bool accumulate) => *c = accumulate ? *c + value : value;

    /// <summary>The k mod 8 tail after the lanes' sum: scalar fused multiply-adds in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Tail(float sum, float* a, float* b, int p, int k)
    {
        for (; p < k; p++) sum = MathF.FusedMultiplyAdd(a[p], b[p], sum);
        return sum;
    }

    /// <summary>A single dot product (leftover columns; one octet per vector).</summary>
    static float Dot<TVec, TOps>(float* a, float* b, int k)
        where TVec : unmanaged where TOps : struct, IOctets<TVec>
    {
        var acc = TOps.Zero;
        var p = 0;
        for (; p + 8 <= k; p += 8) acc = TOps.FusedMultiplyAdd(TOps.LoadShared(a + p), TOps.LoadRows(b + p, 0), acc);
        return Tail(TOps.Sum4(acc, TOps.Zero, TOps.Zero, TOps.Zero, out _).ToScalar(), a, b, p, k);
    }
}
