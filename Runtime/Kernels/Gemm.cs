using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Kernels;

/// <summary>Row-major single-precision matrix products; <c>accumulate</c> adds into C instead of overwriting it.</summary>
/// <remarks>
/// <para>
/// All three layouts share one cache-blocked driver (BLIS-style loops nc → kc → mc → nr → mr): a
/// <see cref="KBlock"/>×<see cref="NBlock"/> panel of B and an (20·MR)×<see cref="KBlock"/> block of
/// A are packed into per-thread buffers (the packing absorbs the transposition), and a register-tiled micro-kernel
/// written once over the vector width (<see cref="Simd"/>) multiplies them: MR × 2L with L lanes, 12 × 32 on
/// AVX-512 (24 of its 32 registers accumulate), 6 × 16 on AVX2 + FMA, 6 × 8 on 128-bit vectors.
/// </para>
/// <para>
/// Determinism: every element of C is the sum over k, in order, of <see cref="KBlock"/>-long chunks, each
/// accumulated from zero by fused multiply-adds in order, then added to C. The result of an element therefore
/// depends on k only, never on m, n, the width or where the element sits in a tile: a batch split into any chunks,
/// on any width, gives bit-identical rows.
/// </para>
/// </remarks>
internal static unsafe class Gemm
{
    /// <summary>The k-chunk every element is summed in: part of the results' rounding, the same on every width.</summary>
    const int KBlock = 256;
    const int MPanels = 20;   // MR-row panels per packed A block: 120 KB (MR = 6) or 240 KB (MR = 12), within L2
    const int NBlock = 512;   // a multiple of every width's NR: a packed B panel of 512 KB, half of a Zen 5 L2
    const int ColumnGrain = 32;   // column chunks split across threads are multiples of every width's NR

    // Packing buffers: one pair per thread, allocated on that thread's first product and pinned for life.
    [ThreadStatic] static float[]? t_packedA;
    [ThreadStatic] static float[]? t_packedB;

    /// <summary>C[m,n] (+)= A[m,k] · B[k,n].</summary>
    public static void MultiplyNN(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate)
    {
        Validate(m, n, k, a.Length, b.Length, c.Length);
        fixed (float* pa = a, pb = b, pc = c)
            Dispatch(m, n, k, new Operand(pa, k, 1), new Operand(pb, n, 1), pc, accumulate);
    }

    /// <summary>C[m,n] (+)= A[m,k] · B[n,k]ᵀ.</summary>
    public static void MultiplyNT(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate)
    {
        Validate(m, n, k, a.Length, b.Length, c.Length);
        fixed (float* pa = a, pb = b, pc = c)
            Dispatch(m, n, k, new Operand(pa, k, 1), new Operand(pb, 1, k), pc, accumulate);
    }

    /// <summary>C[m,n] (+)= A[k,m]ᵀ · B[k,n].</summary>
    public static void MultiplyTN(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate)
    {
        Validate(m, n, k, a.Length, b.Length, c.Length);
        fixed (float* pa = a, pb = b, pc = c)
            Dispatch(m, n, k, new Operand(pa, 1, m), new Operand(pb, n, 1), pc, accumulate);
    }

    /// <summary>A logical matrix: element (row, col) is at <c>Data[row·RowStride + col·ColStride]</c>.</summary>
    readonly struct Operand(float* data, int rowStride, int colStride)
    {
        public readonly float* Data = data;
        public readonly int RowStride = rowStride;
        public readonly int ColStride = colStride;
        public float* At(int row, int col) => Data + (long)row * RowStride + (long)col * ColStride;
    }

    static void Validate(int m, int n, int k, int aLength, int bLength, int cLength)
    {
        KernelGuard.NotNegative(m, nameof(m));
        KernelGuard.NotNegative(n, nameof(n));
        KernelGuard.NotNegative(k, nameof(k));
        KernelGuard.AtLeast(aLength, (long)m * k, "a");
        KernelGuard.AtLeast(bLength, (long)k * n, "b");
        KernelGuard.AtLeast(cLength, (long)m * n, "c");
    }

    [ThreadStatic] static ColumnsJob? t_columnsJob;

    /// <summary>
    /// Splits C into column chunks (multiples of <see cref="ColumnGrain"/>) over the worker threads when the product is
    /// large enough. Each element's value depends on k only, so any split gives the same bits.
    /// </summary>
    static void Dispatch(int m, int n, int k, Operand a, Operand b, float* c, bool accumulate)
    {
        var threads = Threading.KernelThreads.Current;
        var chunks = Math.Min(threads, (n + ColumnGrain - 1) / ColumnGrain);
        if (chunks <= 1 || (long)m * n * k < 1 << 20)
        {
            Multiply(m, n, k, a, b, c, n, accumulate);
            return;
        }
        var job = t_columnsJob ??= new ColumnsJob();
        job.M = m; job.N = n; job.K = k; job.A = a; job.B = b; job.C = c; job.Accumulate = accumulate;
        job.Chunk = (n / chunks + ColumnGrain - 1) / ColumnGrain * ColumnGrain;
        Threading.WorkerPool.Run(job, (n + job.Chunk - 1) / job.Chunk);
    }

    /// <summary>One column chunk of C per item.</summary>
    sealed class ColumnsJob : Threading.ParallelJob
    {
        public int M, N, K, Chunk;
        public Operand A, B;
        public float* C;
        public bool Accumulate;

        public override void Run(int item)
        {
            var start = item * Chunk;
            var width = Math.Min(Chunk, N - start);
            Multiply(M, width, K, A, new Operand(B.At(0, start), B.RowStride, B.ColStride), C + start, N, Accumulate);
        }
    }

    static void Multiply(int m, int n, int k, Operand a, Operand b, float* c, int ldc, bool accumulate)
    {
        switch (Simd.Width)
        {
            case 512: Multiply<Vector512<float>, Simd512>(m, n, k, a, b, c, ldc, accumulate); break;
            case 256: Multiply<Vector256<float>, Simd256>(m, n, k, a, b, c, ldc, accumulate); break;
            default: Multiply<Vector128<float>, Simd128>(m, n, k, a, b, c, ldc, accumulate); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Multiply<TVec, TOps>(int m, int n, int k, Operand a, Operand b, float* c, int ldc, bool accumulate)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate)
                for (var i = 0; i < m; i++) new Span<float>(c + (long)i * ldc, n).Clear();
            return;
        }

        int mr0 = TOps.GemmRows, nr0 = 2 * TOps.Count, mBlock = MPanels * mr0;
        var packedA = t_packedA ??= GC.AllocateUninitializedArray<float>(MPanels * 12 * KBlock, pinned: true);
        var packedB = t_packedB ??= GC.AllocateUninitializedArray<float>(KBlock * NBlock, pinned: true);
        var edgeTile = stackalloc float[12 * 32];

        fixed (float* pa = packedA, pb = packedB)
        {
            for (var jc = 0; jc < n; jc += NBlock)
            {
                var nc = Math.Min(NBlock, n - jc);
                for (var pc = 0; pc < k; pc += KBlock)
                {
                    var kc = Math.Min(KBlock, k - pc);
                    var overwrite = !accumulate && pc == 0;
                    PackB(b, pc, jc, kc, nc, pb, nr0);
                    for (var ic = 0; ic < m; ic += mBlock)
                    {
                        var mc = Math.Min(mBlock, m - ic);
                        PackA(a, ic, pc, mc, kc, pa, mr0);
                        for (var jr = 0; jr < nc; jr += nr0)
                        {
                            var nr = Math.Min(nr0, nc - jr);
                            var bPanel = pb + (long)jr * kc;
                            for (var ir = 0; ir < mc; ir += mr0)
                            {
                                var mr = Math.Min(mr0, mc - ir);
                                var aPanel = pa + (long)ir * kc;
                                var cTile = c + (long)(ic + ir) * ldc + jc + jr;
                                if (mr == mr0 && nr == nr0)
                                {
                                    MicroKernel<TVec, TOps>(kc, aPanel, bPanel, cTile, ldc, overwrite);
                                }
                                else
                                {
                                    // Edge tile: compute the full tile into scratch, then move the valid part.
                                    MicroKernel<TVec, TOps>(kc, aPanel, bPanel, edgeTile, nr0, overwrite: true);
                                    MoveEdge(edgeTile, nr0, cTile, ldc, mr, nr, overwrite);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Packs A[ic.., pc..] (mc×kc) as panelRows-row panels, each stored column by column (zero-padded rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackA(Operand a, int ic, int pc, int mc, int kc, float* packed, int panelRows)
    {
        for (var ir = 0; ir < mc; ir += panelRows)
        {
            var mr = Math.Min(panelRows, mc - ir);
            var panel = packed + (long)ir * kc;
            if (a.ColStride == 1)
            {
                // Rows are contiguous in memory: read each row once, write it strided into the panel.
                for (var i = 0; i < mr; i++)
                {
                    var source = a.At(ic + ir + i, pc);
                    for (var p = 0; p < kc; p++) panel[p * panelRows + i] = source[p];
                }
            }
            else
            {
                // Columns are contiguous (Aᵀ stored): each packed column of panelRows values is a short contiguous read.
                for (var p = 0; p < kc; p++)
                {
                    var source = a.At(ic + ir, pc + p);
                    for (var i = 0; i < mr; i++) panel[p * panelRows + i] = source[(long)i * a.RowStride];
                }
            }
            if (mr < panelRows)
            {
                for (var p = 0; p < kc; p++)
                    for (var i = mr; i < panelRows; i++) panel[p * panelRows + i] = 0f;
            }
        }
    }

    /// <summary>Packs B[pc.., jc..] (kc×nc) as panelColumns-column panels, each stored row by row (zero-padded columns).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackB(Operand b, int pc, int jc, int kc, int nc, float* packed, int panelColumns)
    {
        for (var jr = 0; jr < nc; jr += panelColumns)
        {
            var nr = Math.Min(panelColumns, nc - jr);
            var panel = packed + (long)jr * kc;
            if (b.ColStride == 1)
            {
                if (nr == panelColumns)
                {
                    for (var p = 0; p < kc; p++)
                    {
                        var source = b.At(pc + p, jc + jr);
                        var target = panel + p * panelColumns;
                        for (var j = 0; j < panelColumns; j += 4) Vector128.Store(Vector128.Load(source + j), target + j);
                    }
                }
                else
                {
                    for (var p = 0; p < kc; p++)
                    {
                        var source = b.At(pc + p, jc + jr);
                        var target = panel + p * panelColumns;
                        for (var j = 0; j < nr; j++) target[j] = source[j];
                        for (var j = nr; j < panelColumns; j++) target[j] = 0f;
                    }
                }
            }
            else
            {
                // Bᵀ stored: column j of B is contiguous. Gather one packed row (panelColumns columns) at a time so that every
                // write fills whole cache lines; the panelColumns reads are panelColumns sequential streams.
                var source = b.At(pc, jc + jr);
                var stride = (long)b.ColStride;
                for (var p = 0; p < kc; p++, source++)
                {
                    var target = panel + p * panelColumns;
                    var column = source;
                    var j = 0;
                    for (; j < nr; j++, column += stride) target[j] = *column;
                    for (; j < panelColumns; j++) target[j] = 0f;
                }
            }
        }
    }

    static void MoveEdge(float* tile, int ldt, float* c, int ldc, int mr, int nr, bool overwrite)
    {
        for (var i = 0; i < mr; i++)
        {
            var source = tile + i * ldt;
            var target = c + (long)i * ldc;
            if (overwrite) for (var j = 0; j < nr; j++) target[j] = source[j];
            else for (var j = 0; j < nr; j++) target[j] += source[j];
        }
    }

    /// <summary>
    /// C[MR × 2L] (+)= Apanel · Bpanel: 2·MR accumulators, one fused multiply-add per k in order. Rows 6–11 exist only
    /// where <see cref="ISimd{TVec}.GemmRows"/> is 12 (the JIT drops them elsewhere: the width is a constant).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void MicroKernel<TVec, TOps>(int kc, float* a, float* b, float* c, int ldc, bool overwrite)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var lanes = TOps.Count;
        var rows = TOps.GemmRows;
        TVec c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero;
        TVec c30 = TOps.Zero, c31 = TOps.Zero, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;
        TVec c60 = TOps.Zero, c61 = TOps.Zero, c70 = TOps.Zero, c71 = TOps.Zero, c80 = TOps.Zero, c81 = TOps.Zero;
        TVec c90 = TOps.Zero, c91 = TOps.Zero, cA0 = TOps.Zero, cA1 = TOps.Zero, cB0 = TOps.Zero, cB1 = TOps.Zero;
        for (var p = 0; p < kc; p++, a += rows, b += 2 * lanes)
        {
            var b0 = TOps.Load(b);
            var b1 = TOps.Load(b + lanes);
            var ai = TOps.Broadcast(a);
            c00 = TOps.FusedMultiplyAdd(ai, b0, c00); c01 = TOps.FusedMultiplyAdd(ai, b1, c01);
            ai = TOps.Broadcast(a + 1);
            c10 = TOps.FusedMultiplyAdd(ai, b0, c10); c11 = TOps.FusedMultiplyAdd(ai, b1, c11);
            ai = TOps.Broadcast(a + 2);
            c20 = TOps.FusedMultiplyAdd(ai, b0, c20); c21 = TOps.FusedMultiplyAdd(ai, b1, c21);
            ai = TOps.Broadcast(a + 3);
            c30 = TOps.FusedMultiplyAdd(ai, b0, c30); c31 = TOps.FusedMultiplyAdd(ai, b1, c31);
            ai = TOps.Broadcast(a + 4);
            c40 = TOps.FusedMultiplyAdd(ai, b0, c40); c41 = TOps.FusedMultiplyAdd(ai, b1, c41);
            ai = TOps.Broadcast(a + 5);
            c50 = TOps.FusedMultiplyAdd(ai, b0, c50); c51 = TOps.FusedMultiplyAdd(ai, b1, c51);
            if (TOps.GemmRows == 12)
            {
                ai = TOps.Broadcast(a + 6);
                c60 = TOps.FusedMultiplyAdd(ai, b0, c60); c61 = TOps.FusedMultiplyAdd(ai, b1, c61);
                ai = TOps.Broadcast(a + 7);
                c70 = TOps.FusedMultiplyAdd(ai, b0, c70); c71 = TOps.FusedMultiplyAdd(ai, b1, c71);
                ai = TOps.Broadcast(a + 8);
                c80 = TOps.FusedMultiplyAdd(ai, b0, c80); c81 = TOps.FusedMultiplyAdd(ai, b1, c81);
                ai = TOps.Broadcast(a + 9);
                c90 = TOps.FusedMultiplyAdd(ai, b0, c90); c91 = TOps.FusedMultiplyAdd(ai, b1, c91);
                ai = TOps.Broadcast(a + 10);
                cA0 = TOps.FusedMultiplyAdd(ai, b0, cA0); cA1 = TOps.FusedMultiplyAdd(ai, b1, cA1);
                ai = TOps.Broadcast(a + 11);
                cB0 = TOps.FusedMultiplyAdd(ai, b0, cB0); cB1 = TOps.FusedMultiplyAdd(ai, b1, cB1);
            }
        }
        StoreRow<TVec, TOps>(c, c00, c01, overwrite);
        StoreRow<TVec, TOps>(c + ldc, c10, c11, overwrite);
        StoreRow<TVec, TOps>(c + 2 * ldc, c20, c21, overwrite);
        StoreRow<TVec, TOps>(c + 3 * ldc, c30, c31, overwrite);
        StoreRow<TVec, TOps>(c + 4 * ldc, c40, c41, overwrite);
        StoreRow<TVec, TOps>(c + 5 * ldc, c50, c51, overwrite);
        if (TOps.GemmRows == 12)
        {
            StoreRow<TVec, TOps>(c + 6 * ldc, c60, c61, overwrite);
            StoreRow<TVec, TOps>(c + 7 * ldc, c70, c71, overwrite);
            StoreRow<TVec, TOps>(c + 8 * ldc, c80, c81, overwrite);
            StoreRow<TVec, TOps>(c + 9 * ldc, c90, c91, overwrite);
            StoreRow<TVec, TOps>(c + 10 * ldc, cA0, cA1, overwrite);
            StoreRow<TVec, TOps>(c + 11 * ldc, cB0, cB1, overwrite);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void StoreRow<TVec, TOps>(float* c, TVec left, TVec right, bool overwrite)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        if (!overwrite)
        {
            left = TOps.Add(TOps.Load(c), left);
            right = TOps.Add(TOps.Load(c + TOps.Count), right);
        }
        TOps.Store(c, left);
        TOps.Store(c + TOps.Count, right);
    }
}
