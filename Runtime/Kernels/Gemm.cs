using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnGen.Kernels;

/// <summary>Row-major single-precision matrix products; <c>accumulate</c> adds into C instead of overwriting it.</summary>
/// <remarks>
/// <para>
/// All three layouts share one cache-blocked driver (BLIS-style loops nc → kc → mc → nr → mr): a
/// <see cref="KBlock"/>×<see cref="NBlock"/> panel of B and an <see cref="MBlock"/>×<see cref="KBlock"/> block of
/// A are packed into per-thread buffers (the packing absorbs the transposition), and a 6×16 register-tiled
/// micro-kernel (AVX2 + FMA, or a portable <see cref="Vector128{T}"/> one) multiplies them.
/// </para>
/// <para>
/// Determinism: every element of C is the sum over k, in order, of <see cref="KBlock"/>-long chunks, each
/// accumulated from zero in one fixed way. The result of an element therefore depends on k and the path only,
/// never on m, n or where the element sits in a tile: a batch split into any chunks gives bit-identical rows.
/// </para>
/// </remarks>
public static unsafe class Gemm
{
    const int MR = 6;
    const int NR = 16;
    const int KBlock = 256;
    const int MBlock = 120;   // multiple of MR: a packed A block of 120 KB stays in L2
    const int NBlock = 1024;  // multiple of NR: a packed B panel of 1 MB

    /// <summary>Forces the portable micro-kernel on the calling thread even where AVX2 + FMA exist (tests compare both paths).</summary>
    /// <remarks>Per thread, so that tests running in parallel do not switch each other's path.</remarks>
    internal static bool ForceFallback
    {
        get => t_forceFallback;
        set => t_forceFallback = value;
    }

    [ThreadStatic] static bool t_forceFallback;

    /// <summary>Whether the AVX2 + FMA micro-kernel runs.</summary>
    internal static bool UsesFma => !ForceFallback && Avx2.IsSupported && Fma.IsSupported;

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
    /// Splits C into column chunks (multiples of <see cref="NR"/>) over the worker threads when the product is
    /// large enough. Each element's value depends on k and the path only, so any split gives the same bits.
    /// </summary>
    static void Dispatch(int m, int n, int k, Operand a, Operand b, float* c, bool accumulate)
    {
        var threads = Threading.KernelThreads.Current;
        var chunks = Math.Min(threads, (n + NR - 1) / NR);
        if (chunks <= 1 || (long)m * n * k < 1 << 20)
        {
            Multiply(m, n, k, a, b, c, n, accumulate);
            return;
        }
        var job = t_columnsJob ??= new ColumnsJob();
        job.M = m; job.N = n; job.K = k; job.A = a; job.B = b; job.C = c; job.Accumulate = accumulate;
        job.Chunk = (n / chunks + NR - 1) / NR * NR;
        job.ForceFallback = ForceFallback;
        Threading.WorkerPool.Run(job, (n + job.Chunk - 1) / job.Chunk);
    }

    /// <summary>One column chunk of C per item.</summary>
    sealed class ColumnsJob : Threading.ParallelJob
    {
        public int M, N, K, Chunk;
        public Operand A, B;
        public float* C;
        public bool Accumulate, ForceFallback;

        public override void Run(int item)
        {
            var start = item * Chunk;
            var width = Math.Min(Chunk, N - start);
            var previous = Gemm.ForceFallback;
            Gemm.ForceFallback = ForceFallback;
            Multiply(M, width, K, A, new Operand(B.At(0, start), B.RowStride, B.ColStride), C + start, N, Accumulate);
            Gemm.ForceFallback = previous;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Multiply(int m, int n, int k, Operand a, Operand b, float* c, int ldc, bool accumulate)
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate)
                for (var i = 0; i < m; i++) new Span<float>(c + (long)i * ldc, n).Clear();
            return;
        }

        var packedA = t_packedA ??= GC.AllocateUninitializedArray<float>(MBlock * KBlock, pinned: true);
        var packedB = t_packedB ??= GC.AllocateUninitializedArray<float>(KBlock * NBlock, pinned: true);
        var useFma = UsesFma;
        var edgeTile = stackalloc float[MR * NR];

        fixed (float* pa = packedA, pb = packedB)
        {
            for (var jc = 0; jc < n; jc += NBlock)
            {
                var nc = Math.Min(NBlock, n - jc);
                for (var pc = 0; pc < k; pc += KBlock)
                {
                    var kc = Math.Min(KBlock, k - pc);
                    var overwrite = !accumulate && pc == 0;
                    PackB(b, pc, jc, kc, nc, pb);
                    for (var ic = 0; ic < m; ic += MBlock)
                    {
                        var mc = Math.Min(MBlock, m - ic);
                        PackA(a, ic, pc, mc, kc, pa);
                        for (var jr = 0; jr < nc; jr += NR)
                        {
                            var nr = Math.Min(NR, nc - jr);
                            var bPanel = pb + (long)jr * kc;
                            for (var ir = 0; ir < mc; ir += MR)
                            {
                                var mr = Math.Min(MR, mc - ir);
                                var aPanel = pa + (long)ir * kc;
                                var cTile = c + (long)(ic + ir) * ldc + jc + jr;
                                if (mr == MR && nr == NR)
                                {
                                    MicroKernel(useFma, kc, aPanel, bPanel, cTile, ldc, overwrite);
                                }
                                else
                                {
                                    // Edge tile: compute the full 6×16 into scratch, then move the valid part.
                                    MicroKernel(useFma, kc, aPanel, bPanel, edgeTile, NR, overwrite: true);
                                    MoveEdge(edgeTile, cTile, ldc, mr, nr, overwrite);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Packs A[ic.., pc..] (mc×kc) as MR-row panels, each stored column by column (zero-padded rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackA(Operand a, int ic, int pc, int mc, int kc, float* packed)
    {
        for (var ir = 0; ir < mc; ir += MR)
        {
            var mr = Math.Min(MR, mc - ir);
            var panel = packed + (long)ir * kc;
            if (a.ColStride == 1)
            {
                // Rows are contiguous in memory: read each row once, write it strided into the panel.
                for (var i = 0; i < mr; i++)
                {
                    var source = a.At(ic + ir + i, pc);
                    for (var p = 0; p < kc; p++) panel[p * MR + i] = source[p];
                }
            }
            else
            {
                // Columns are contiguous (Aᵀ stored): each packed column of MR values is a short contiguous read.
                for (var p = 0; p < kc; p++)
                {
                    var source = a.At(ic + ir, pc + p);
                    for (var i = 0; i < mr; i++) panel[p * MR + i] = source[(long)i * a.RowStride];
                }
            }
            if (mr < MR)
            {
                for (var p = 0; p < kc; p++)
                    for (var i = mr; i < MR; i++) panel[p * MR + i] = 0f;
            }
        }
    }

    /// <summary>Packs B[pc.., jc..] (kc×nc) as NR-column panels, each stored row by row (zero-padded columns).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackB(Operand b, int pc, int jc, int kc, int nc, float* packed)
    {
        for (var jr = 0; jr < nc; jr += NR)
        {
            var nr = Math.Min(NR, nc - jr);
            var panel = packed + (long)jr * kc;
            if (b.ColStride == 1)
            {
                if (nr == NR)
                {
                    for (var p = 0; p < kc; p++)
                    {
                        var source = b.At(pc + p, jc + jr);
                        Vector128.Store(Vector128.Load(source), panel + p * NR);
                        Vector128.Store(Vector128.Load(source + 4), panel + p * NR + 4);
                        Vector128.Store(Vector128.Load(source + 8), panel + p * NR + 8);
                        Vector128.Store(Vector128.Load(source + 12), panel + p * NR + 12);
                    }
                }
                else
                {
                    for (var p = 0; p < kc; p++)
                    {
                        var source = b.At(pc + p, jc + jr);
                        var target = panel + p * NR;
                        for (var j = 0; j < nr; j++) target[j] = source[j];
                        for (var j = nr; j < NR; j++) target[j] = 0f;
                    }
                }
            }
            else
            {
                // Bᵀ stored: column j of B is contiguous. Gather one packed row (16 columns) at a time so that every
                // write fills whole cache lines; the 16 reads are 16 sequential streams.
                var source = b.At(pc, jc + jr);
                var stride = (long)b.ColStride;
                for (var p = 0; p < kc; p++, source++)
                {
                    var target = panel + p * NR;
                    var column = source;
                    var j = 0;
                    for (; j < nr; j++, column += stride) target[j] = *column;
                    for (; j < NR; j++) target[j] = 0f;
                }
            }
        }
    }

    static void MoveEdge(float* tile, float* c, int ldc, int mr, int nr, bool overwrite)
    {
        for (var i = 0; i < mr; i++)
        {
            var source = tile + i * NR;
            var target = c + (long)i * ldc;
            if (overwrite) for (var j = 0; j < nr; j++) target[j] = source[j];
            else for (var j = 0; j < nr; j++) target[j] += source[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void MicroKernel(bool useFma, int kc, float* a, float* b, float* c, int ldc, bool overwrite)
    {
        if (useFma) MicroKernelFma(kc, a, b, c, ldc, overwrite);
        else MicroKernelPortable(kc, a, b, c, ldc, overwrite);
    }

    /// <summary>C[6×16] (+)= Apanel · Bpanel with twelve 8-wide FMA accumulators (15 of 16 ymm registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void MicroKernelFma(int kc, float* a, float* b, float* c, int ldc, bool overwrite)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++, a += MR, b += NR)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 8);
            var ai = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(ai, b0, c00); c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Avx.BroadcastScalarToVector256(a + 1);
            c10 = Fma.MultiplyAdd(ai, b0, c10); c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Avx.BroadcastScalarToVector256(a + 2);
            c20 = Fma.MultiplyAdd(ai, b0, c20); c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Avx.BroadcastScalarToVector256(a + 3);
            c30 = Fma.MultiplyAdd(ai, b0, c30); c31 = Fma.MultiplyAdd(ai, b1, c31);
            ai = Avx.BroadcastScalarToVector256(a + 4);
            c40 = Fma.MultiplyAdd(ai, b0, c40); c41 = Fma.MultiplyAdd(ai, b1, c41);
            ai = Avx.BroadcastScalarToVector256(a + 5);
            c50 = Fma.MultiplyAdd(ai, b0, c50); c51 = Fma.MultiplyAdd(ai, b1, c51);
        }
        StoreRow(c, c00, c01, overwrite);
        StoreRow(c + ldc, c10, c11, overwrite);
        StoreRow(c + 2 * ldc, c20, c21, overwrite);
        StoreRow(c + 3 * ldc, c30, c31, overwrite);
        StoreRow(c + 4 * ldc, c40, c41, overwrite);
        StoreRow(c + 5 * ldc, c50, c51, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void StoreRow(float* c, Vector256<float> left, Vector256<float> right, bool overwrite)
    {
        if (!overwrite)
        {
            left = Avx.Add(Avx.LoadVector256(c), left);
            right = Avx.Add(Avx.LoadVector256(c + 8), right);
        }
        Avx.Store(c, left);
        Avx.Store(c + 8, right);
    }

    /// <summary>The same 6×16 tile with 4-wide vectors (any CPU), done as two 6×8 halves to stay within 16 registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void MicroKernelPortable(int kc, float* a, float* b, float* c, int ldc, bool overwrite)
    {
        for (var half = 0; half < NR; half += 8)
        {
            Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
            Vector128<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
            var ap = a;
            var bp = b + half;
            for (var p = 0; p < kc; p++, ap += MR, bp += NR)
            {
                var b0 = Vector128.Load(bp);
                var b1 = Vector128.Load(bp + 4);
                var ai = Vector128.Create(ap[0]);
                c00 += ai * b0; c01 += ai * b1;
                ai = Vector128.Create(ap[1]);
                c10 += ai * b0; c11 += ai * b1;
                ai = Vector128.Create(ap[2]);
                c20 += ai * b0; c21 += ai * b1;
                ai = Vector128.Create(ap[3]);
                c30 += ai * b0; c31 += ai * b1;
                ai = Vector128.Create(ap[4]);
                c40 += ai * b0; c41 += ai * b1;
                ai = Vector128.Create(ap[5]);
                c50 += ai * b0; c51 += ai * b1;
            }
            var ct = c + half;
            StoreRow(ct, c00, c01, overwrite);
            StoreRow(ct + ldc, c10, c11, overwrite);
            StoreRow(ct + 2 * ldc, c20, c21, overwrite);
            StoreRow(ct + 3 * ldc, c30, c31, overwrite);
            StoreRow(ct + 4 * ldc, c40, c41, overwrite);
            StoreRow(ct + 5 * ldc, c50, c51, overwrite);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void StoreRow(float* c, Vector128<float> left, Vector128<float> right, bool overwrite)
    {
        if (!overwrite)
        {
            left += Vector128.Load(c);
            right += Vector128.Load(c + 4);
        }
        Vector128.Store(left, c);
        Vector128.Store(right, c + 4);
    }
}
