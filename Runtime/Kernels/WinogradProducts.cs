using System.Runtime.CompilerServices;

namespace CnnGen.Kernels;

/// <summary>
/// The batched products of a Winograd convolution: for one transform coordinate ξ, M[tile][f] = Σ_c V[c][tile]·U[c][f]
/// over a register tile of 2L filters (two vectors, lanes over filters) × 12, 6, 4 or 1 tiles (each tile's value
/// broadcast), the channels summed in order from zero by fused multiply-adds: each lane is its own filter, so the
/// result is the same bits on every width and in every tile of the grouping.
/// </summary>
static unsafe class WinogradProducts
{
    /// <summary>Tiles per register tile at the width that runs: 12 on 512 bits (24 of 32 registers accumulate), else 6.</summary>
    public static int TilesAt(int t, int tiles)
    {
        var wide = Simd.Width == 512 ? 12 : 6;
        var rest = tiles - t;
        return rest >= wide ? wide : rest >= 4 ? 4 : 1;
    }

    /// <summary>
    /// M for <paramref name="tiles"/> (12, 6, 4 or 1) tiles: U[c] at <paramref name="u"/> + c·<paramref name="uStride"/>
    /// (2L filters), V[c][k] at <paramref name="v"/> + c·<paramref name="vStride"/> + k, tile k's 2L results to
    /// <paramref name="m"/> + k·<paramref name="mStride"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply<TVec, TOps>(int tiles, float* u, nint uStride, float* v, nint vStride, int channels, float* m, nint mStride)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        switch (tiles)
        {
            case 12: Multiply<TVec, TOps, Twelve>(u, uStride, v, vStride, channels, m, mStride); break;
            case 6: Multiply<TVec, TOps, Six>(u, uStride, v, vStride, channels, m, mStride); break;
            case 4: Multiply<TVec, TOps, Four>(u, uStride, v, vStride, channels, m, mStride); break;
            default: Multiply<TVec, TOps, One>(u, uStride, v, vStride, channels, m, mStride); break;
        }
    }

    readonly struct Twelve;
    readonly struct Six;
    readonly struct Four;
    readonly struct One;

    /// <summary>The register tile; tiles past the count exist only in the copies that have them (the type argument is a JIT-time constant).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Multiply<TVec, TOps, TTiles>(float* u, nint uStride, float* v, nint vStride, int channels, float* m, nint mStride)
        where TVec : unmanaged where TOps : struct, ISimd<TVec> where TTiles : struct
    {
        var twelve = typeof(TTiles) == typeof(Twelve);
        var six = twelve || typeof(TTiles) == typeof(Six);
        var four = six || typeof(TTiles) == typeof(Four);
        var lanes = TOps.Count;
        TVec c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero;
        TVec c30 = TOps.Zero, c31 = TOps.Zero, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;
        TVec c60 = TOps.Zero, c61 = TOps.Zero, c70 = TOps.Zero, c71 = TOps.Zero, c80 = TOps.Zero, c81 = TOps.Zero;
        TVec c90 = TOps.Zero, c91 = TOps.Zero, cA0 = TOps.Zero, cA1 = TOps.Zero, cB0 = TOps.Zero, cB1 = TOps.Zero;
        for (var c = 0; c < channels; c++, u += uStride, v += vStride)
        {
            var a0 = TOps.Load(u);
            var a1 = TOps.Load(u + lanes);
            var b = TOps.Broadcast(v);
            c00 = TOps.FusedMultiplyAdd(b, a0, c00); c01 = TOps.FusedMultiplyAdd(b, a1, c01);
            if (four)
            {
                b = TOps.Broadcast(v + 1);
                c10 = TOps.FusedMultiplyAdd(b, a0, c10); c11 = TOps.FusedMultiplyAdd(b, a1, c11);
                b = TOps.Broadcast(v + 2);
                c20 = TOps.FusedMultiplyAdd(b, a0, c20); c21 = TOps.FusedMultiplyAdd(b, a1, c21);
                b = TOps.Broadcast(v + 3);
                c30 = TOps.FusedMultiplyAdd(b, a0, c30); c31 = TOps.FusedMultiplyAdd(b, a1, c31);
            }
            if (six)
            {
                b = TOps.Broadcast(v + 4);
                c40 = TOps.FusedMultiplyAdd(b, a0, c40); c41 = TOps.FusedMultiplyAdd(b, a1, c41);
                b = TOps.Broadcast(v + 5);
                c50 = TOps.FusedMultiplyAdd(b, a0, c50); c51 = TOps.FusedMultiplyAdd(b, a1, c51);
            }
            if (twelve)
            {
                b = TOps.Broadcast(v + 6);
                c60 = TOps.FusedMultiplyAdd(b, a0, c60); c61 = TOps.FusedMultiplyAdd(b, a1, c61);
                b = TOps.Broadcast(v + 7);
                c70 = TOps.FusedMultiplyAdd(b, a0, c70); c71 = TOps.FusedMultiplyAdd(b, a1, c71);
                b = TOps.Broadcast(v + 8);
                c80 = TOps.FusedMultiplyAdd(b, a0, c80); c81 = TOps.FusedMultiplyAdd(b, a1, c81);
                b = TOps.Broadcast(v + 9);
                c90 = TOps.FusedMultiplyAdd(b, a0, c90); c91 = TOps.FusedMultiplyAdd(b, a1, c91);
                b = TOps.Broadcast(v + 10);
                cA0 = TOps.FusedMultiplyAdd(b, a0, cA0); cA1 = TOps.FusedMultiplyAdd(b, a1, cA1);
                b = TOps.Broadcast(v + 11);
                cB0 = TOps.FusedMultiplyAdd(b, a0, cB0); cB1 = TOps.FusedMultiplyAdd(b, a1, cB1);
            }
        }
        TOps.Store(m, c00); TOps.Store(m + lanes, c01);
        if (four)
        {
            TOps.Store(m + mStride, c10); TOps.Store(m + mStride + lanes, c11);
            TOps.Store(m + 2 * mStride, c20); TOps.Store(m + 2 * mStride + lanes, c21);
            TOps.Store(m + 3 * mStride, c30); TOps.Store(m + 3 * mStride + lanes, c31);
        }
        if (six)
        {
            TOps.Store(m + 4 * mStride, c40); TOps.Store(m + 4 * mStride + lanes, c41);
            TOps.Store(m + 5 * mStride, c50); TOps.Store(m + 5 * mStride + lanes, c51);
        }
        if (twelve)
        {
            TOps.Store(m + 6 * mStride, c60); TOps.Store(m + 6 * mStride + lanes, c61);
            TOps.Store(m + 7 * mStride, c70); TOps.Store(m + 7 * mStride + lanes, c71);
            TOps.Store(m + 8 * mStride, c80); TOps.Store(m + 8 * mStride + lanes, c81);
            TOps.Store(m + 9 * mStride, c90); TOps.Store(m + 9 * mStride + lanes, c91);
            TOps.Store(m + 10 * mStride, cA0); TOps.Store(m + 10 * mStride + lanes, cA1);
            TOps.Store(m + 11 * mStride, cB0); TOps.Store(m + 11 * mStride + lanes, cB1);
        }
    }
}
