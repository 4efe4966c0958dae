using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnGen.Kernels;

/// <summary>
/// C[m,n] (+)= A[m,k] · B[n,k]ᵀ when both operands have k contiguous (weight gradients of convolutions): register
/// tiles of 3×4 dot products, no packing.
/// </summary>
/// <remarks>
/// Every element is computed one way wherever it sits: an 8-lane FMA chain over k in order, a fixed horizontal
/// sum, then the k mod 8 tail by scalar fused multiply-adds. So the result never depends on m, n or the tile.
/// </remarks>
static unsafe class DotProducts
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyNT(int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
    {
        if (!Gemm.UsesFma)
        {
            for (var i = 0; i < m; i++)
                for (var j = 0; j < n; j++) Put(c + (long)i * ldc + j, DotPortable(a + (long)i * lda, b + (long)j * ldb, k), accumulate);
            return;
        }
        // Columns outer: a tile's four b rows stay in L1 while every group of three a rows passes them, so a step
        // loads three vectors from L2 rather than four.
        int fullRows = m - m % 3, fullColumns = n - n % 4;
        for (var j0 = 0; j0 < fullColumns; j0 += 4)
        {
            var i0 = 0;
            for (; i0 < fullRows; i0 += 3) Tile3x4(a + (long)i0 * lda, lda, b + (long)j0 * ldb, ldb, k, c + (long)i0 * ldc + j0, ldc, accumulate);
            for (; i0 < m; i0++) Tile1x4(a + (long)i0 * lda, b + (long)j0 * ldb, ldb, k, c + (long)i0 * ldc + j0, accumulate);
        }
        for (var j = fullColumns; j < n; j++)
            for (var i = 0; i < m; i++) Put(c + (long)i * ldc + j, Dot(a + (long)i * lda, b + (long)j * ldb, k), accumulate);
    }

    /// <summary>One row against four: four independent FMA chains (a lone dot product would wait on FMA latency).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile1x4(float* a, float* b, int ldb, int k, float* c, bool accumulate)
    {
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default;
        float* b0 = b, b1 = b + ldb, b2 = b + 2 * ldb, b3 = b + 3 * ldb;
        var p = 0;
        for (; p + 8 <= k; p += 8)
        {
            var x = Avx.LoadVector256(a + p);
            c0 = Fma.MultiplyAdd(x, Avx.LoadVector256(b0 + p), c0);
            c1 = Fma.MultiplyAdd(x, Avx.LoadVector256(b1 + p), c1);
            c2 = Fma.MultiplyAdd(x, Avx.LoadVector256(b2 + p), c2);
            c3 = Fma.MultiplyAdd(x, Avx.LoadVector256(b3 + p), c3);
        }
        PutRow(c, VectorMath.Sum4(c0, c1, c2, c3), a, b0, b1, b2, b3, p, k, accumulate);
    }

    /// <summary>One row of four results from their lane sums (<see cref="VectorMath.Sum4"/>), each finished by <see cref="Tail"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void PutRow(float* c, Vector128<float> sums, float* a, float* b0, float* b1, float* b2, float* b3, int p, int k, bool accumulate)
    {
        Put(c, Tail(sums.ToScalar(), a, b0, p, k), accumulate); Put(c + 1, Tail(sums.GetElement(1), a, b1, p, k), accumulate);
        Put(c + 2, Tail(sums.GetElement(2), a, b2, p, k), accumulate); Put(c + 3, Tail(sums.GetElement(3), a, b3, p, k), accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Put(float* c, float value, bool accumulate) => *c = accumulate ? *c + value : value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Finish(Vector256<float> lanes, float* a, float* b, int p, int k) => Tail(Vector256.Sum(lanes), a, b, p, k);

    /// <summary>The k mod 8 tail after the lanes' sum: scalar fused multiply-adds in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Tail(float sum, float* a, float* b, int p, int k)
    {
        for (; p < k; p++) sum = MathF.FusedMultiplyAdd(a[p], b[p], sum);
        return sum;
    }

    static float Dot(float* a, float* b, int k)
    {
        var acc = Vector256<float>.Zero;
        var p = 0;
        for (; p + 8 <= k; p += 8) acc = Fma.MultiplyAdd(Avx.LoadVector256(a + p), Avx.LoadVector256(b + p), acc);
        return Finish(acc, a, b, p, k);
    }

    // Portable path (no AVX2/FMA): 4-lane multiply then add, same shape.
    static float DotPortable(float* a, float* b, int k)
    {
        var acc = Vector128<float>.Zero;
        var p = 0;
        for (; p + 4 <= k; p += 4) acc += Vector128.Load(a + p) * Vector128.Load(b + p);
        var sum = Vector128.Sum(acc);
        for (; p < k; p++) sum += a[p] * b[p];
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile3x4(float* a, int lda, float* b, int ldb, int k, float* c, int ldc, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector256<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector256<float> c20 = default, c21 = default, c22 = default, c23 = default;
        float* a0 = a, a1 = a + lda, a2 = a + 2 * lda;
        float* b0 = b, b1 = b + ldb, b2 = b + 2 * ldb, b3 = b + 3 * ldb;
        var p = 0;
        for (; p + 8 <= k; p += 8)
        {
            var x0 = Avx.LoadVector256(a0 + p);
            var x1 = Avx.LoadVector256(a1 + p);
            var x2 = Avx.LoadVector256(a2 + p);
            var y = Avx.LoadVector256(b0 + p);
            c00 = Fma.MultiplyAdd(x0, y, c00); c10 = Fma.MultiplyAdd(x1, y, c10); c20 = Fma.MultiplyAdd(x2, y, c20);
            y = Avx.LoadVector256(b1 + p);
            c01 = Fma.MultiplyAdd(x0, y, c01); c11 = Fma.MultiplyAdd(x1, y, c11); c21 = Fma.MultiplyAdd(x2, y, c21);
            y = Avx.LoadVector256(b2 + p);
            c02 = Fma.MultiplyAdd(x0, y, c02); c12 = Fma.MultiplyAdd(x1, y, c12); c22 = Fma.MultiplyAdd(x2, y, c22);
            y = Avx.LoadVector256(b3 + p);
            c03 = Fma.MultiplyAdd(x0, y, c03); c13 = Fma.MultiplyAdd(x1, y, c13); c23 = Fma.MultiplyAdd(x2, y, c23);
        }
        PutRow(c, VectorMath.Sum4(c00, c01, c02, c03), a0, b0, b1, b2, b3, p, k, accumulate);
        PutRow(c + ldc, VectorMath.Sum4(c10, c11, c12, c13), a1, b0, b1, b2, b3, p, k, accumulate);
        PutRow(c + 2 * ldc, VectorMath.Sum4(c20, c21, c22, c23), a2, b0, b1, b2, b3, p, k, accumulate);
    }
}
