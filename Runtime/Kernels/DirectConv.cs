using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Kernels;

/// <summary>
/// Convolution of one sample without im2col (stride 1 over the image, stride S over its phases: <see cref="Layout"/>):
/// each pair of L-position output blocks (L = the lanes of the
/// width that runs, <see cref="Simd"/>: one 2L-wide row segment, or the row tails of two rows; on 512 bits also four
/// row tails of at most 8, two per register, so that 8-wide layers fill the lanes; rows narrower than L run "flat",
/// over positions oy·RowStride + ox, the padding columns computed and dropped) is a register tile of 12 (512 bits),
/// 6 or 4 filters, and the filter taps are read straight from the image rows (fused multiply-adds only).
/// </summary>
/// <remarks>
/// <para>
/// The image is unpadded (C, H, W) with OH = H − K + 1, OW = W − K + 1. Every output element is computed the same
/// way wherever it sits in a tile and whatever the width: bias, then one fused multiply-add per tap in (c, ky, kx)
/// order. A partial block reads up to L − 1 floats past a row, so the image must be readable up to
/// <see cref="Slack"/> floats past its end unless OW is a multiple of L (see <see cref="NeedsSlack"/>).
/// </para>
/// <para>
/// The weights are packed once per call (<see cref="Pack(float*, int, int, float*)"/>) so that a tile's filters are adjacent for each tap,
/// and the taps are one flat loop over precomputed image offsets: the inner loop is two image loads, one
/// broadcast per filter at a constant displacement, and the FMAs, with no index arithmetic.
/// </para>
/// </remarks>
static unsafe class DirectConv
{
    const int Filters = 6;

    /// <summary>
    /// Readable floats a source needs past its end when <see cref="NeedsSlack"/>: a partial block's lanes, or a flat
    /// tile's (narrow rows) 2L positions past the last output plus the rest of its row.
    /// </summary>
    public const int Slack = 64;

    /// <summary>Whether a partial block exists at the width that runs (then the source needs <see cref="Slack"/> readable floats past its end).</summary>
    public static bool NeedsSlack(int outWidth) => outWidth % (Simd.Width / 32) != 0;

    /// <summary>
    /// The filter tile starting at <paramref name="f"/> at the width that runs: on 512 bits 12 first (24 of the 32
    /// registers accumulate) unless that leaves 2; then 6 (12 accumulators), then 4 for a
    /// remainder that 6 does not divide (as many 6s as leave a multiple of 4: 16 = 6+6+4, 32 = 4·6+2·4, 64 = 10·6+4),
    /// then single filters. The tiling changes no output's order of operations.
    /// </summary>
    internal static int TileAt(int f, int filters)
    {
        if (Simd.Width == 512)
        {
            var twelves = filters / 12;
            if (twelves > 0 && filters - 12 * twelves == 2) twelves--;   // 14 = 6 + 4 + 4 rather than 12 + 1 + 1
            if (f < 12 * twelves) return 12;
            f -= 12 * twelves;
            filters -= 12 * twelves;
        }
        var sixes = filters / Filters;
        for (var s = sixes; s >= 0; s--)
            if ((filters - s * Filters) % 4 == 0) { sixes = s; break; }
        if (f < sixes * Filters) return Filters;
        return f + 4 <= filters ? 4 : 1;
    }

    /// <summary>
    /// packed[f·taps + t·tile + i] = weight[(f + i)·taps + t] for each filter tile (f, tile) of <see cref="TileAt"/>:
    /// a tile's weights for one tap are adjacent.
    /// </summary>
    public static void Pack(float* weight, int filters, int taps, float* packed) => Pack(weight, filters, taps, packed, 0, filters);

    /// <summary><see cref="Pack(float*, int, int, float*)"/> of the tiles in [<paramref name="first"/>, <paramref name="end"/>) (tile boundaries, <see cref="TileBoundary"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(float* weight, int filters, int taps, float* packed, int first, int end)
    {
        for (var f = first; f < end;)
        {
            var tile = TileAt(f, filters);
            var block = packed + (long)f * taps;
            var row = weight + (long)f * taps;
            if (tile == 12) PackTwelve(row, taps, block);
            else
                for (var t = 0; t < taps; t++)
                    for (var i = 0; i < tile; i++)
                        block[(long)t * tile + i] = row[(long)i * taps + t];
            f += tile;
        }
    }

    /// <summary>Twelve filter rows (<paramref name="taps"/> apart) interleaved tap by tap: twelve sequential read streams, one sequential write stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackTwelve(float* row, int taps, float* block)
    {
        float* r0 = row, r1 = r0 + taps, r2 = r1 + taps, r3 = r2 + taps, r4 = r3 + taps, r5 = r4 + taps;
        float* r6 = r5 + taps, r7 = r6 + taps, r8 = r7 + taps, r9 = r8 + taps, r10 = r9 + taps, r11 = r10 + taps;
        for (nint t = 0; t < taps; t++, block += 12)
        {
            block[0] = r0[t]; block[1] = r1[t]; block[2] = r2[t]; block[3] = r3[t];
            block[4] = r4[t]; block[5] = r5[t]; block[6] = r6[t]; block[7] = r7[t];
            block[8] = r8[t]; block[9] = r9[t]; block[10] = r10[t]; block[11] = r11[t];
        }
    }

    /// <summary>
    /// The first filter of the tile that holds filter ⌊<paramref name="part"/>·filters / <paramref name="parts"/>⌋ (0 for
    /// part 0, <paramref name="filters"/> for the last): cuts a layer's filters into <paramref name="parts"/> runs of whole tiles.
    /// </summary>
    public static int TileBoundary(int part, int parts, int filters)
    {
        if (part >= parts) return filters;
        var target = (int)((long)part * filters / parts);
        var f = 0;
        while (f < target) f += TileAt(f, filters);
        return f;
    }

    /// <summary>
    /// Convolves one image with weights packed by <see cref="Pack(float*, int, int, float*)"/>; <paramref name="bias"/> may be null. The store can
    /// apply a ReLU (<paramref name="rectify"/>) or a ReLU's backward mask: with <paramref name="mask"/> (laid out as
    /// the output), an element is +0 where the mask is ≤ 0 and is kept elsewhere (NaN included).
    /// </summary>
    public static void Forward(float* image, int channels, int height, int width, int kernel, float* packedWeight, float* bias, float* output, int filters, bool rectify = false, float* mask = null)
    {
        var taps = channels * kernel * kernel;
        var offsets = Scratch.Offsets(taps);
        for (int c = 0, t = 0; c < channels; c++)
            for (var ky = 0; ky < kernel; ky++)
                for (var kx = 0; kx < kernel; kx++, t++) offsets[t] = c * height * width + ky * width + kx;
        var layout = new Layout(width, height - kernel + 1, width - kernel + 1, offsets, taps);
        Forward(image, layout, packedWeight, bias, output, filters, 0, filters, rectify, mask);
    }

    /// <summary>
    /// Where a convolution reads its taps: output (oy, ox) of every filter is Σₜ w[t]·source[oy·RowStride + ox + Offsets[t]]
    /// over the <see cref="Taps"/> taps in order. A stride-1 convolution's source is the (padded) image itself; a strided
    /// one's is its phases (<see cref="Conv2D"/>), so every tap of every output is again a unit-stride read.
    /// </summary>
    public readonly struct Layout(int rowStride, int outHeight, int outWidth, int* offsets, int taps)
    {
        public readonly int RowStride = rowStride, OutHeight = outHeight, OutWidth = outWidth, Taps = taps;
        public readonly int* Offsets = offsets;
    }

    /// <summary>
    /// Filters [<paramref name="first"/>, <paramref name="end"/>) (tile boundaries) of one image in the given
    /// <paramref name="layout"/>; the rest as <see cref="Forward(float*, int, int, int, int, float*, float*, float*, int, bool, float*)"/>.
    /// With <paramref name="unpackedWeight"/> ([F, taps], <paramref name="packedWeight"/> then unused) each tile's
    /// weights are packed into this thread's scratch just before the tile runs: one sample reads each tile once, so
    /// its packed weights stay in L2 instead of making a round trip through memory.
    /// </summary>
    public static void Forward(float* image, in Layout layout, float* packedWeight, float* bias, float* output, int filters, int first, int end, bool rectify = false, float* mask = null, float* unpackedWeight = null)
    {
        switch (Simd.Width)
        {
            case 512: Forward<Vector512<float>, Simd512>(image, layout, packedWeight, bias, output, filters, first, end, rectify, mask, unpackedWeight); break;
            case 256: Forward<Vector256<float>, Simd256>(image, layout, packedWeight, bias, output, filters, first, end, rectify, mask, unpackedWeight); break;
            default: Forward<Vector128<float>, Simd128>(image, layout, packedWeight, bias, output, filters, first, end, rectify, mask, unpackedWeight); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Forward<TVec, TOps>(float* image, in Layout layout, float* packedWeight, float* bias, float* output, int filters, int first, int end, bool rectify, float* mask, float* unpackedWeight)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        int outHeight = layout.OutHeight, outWidth = layout.OutWidth, width = layout.RowStride, taps = layout.Taps;
        var lanes = TOps.Count;
        var spatial = outHeight * outWidth;
        var epilogue = new Epilogue(rectify, mask == null ? 0 : (nint)(mask - output), mask != null);
        var offsets = layout.Offsets;
        // Narrow rows (fewer outputs than lanes) run flat when no mask is read (its offset assumes the output's layout).
        float* flat = null;
        var flatLength = 0;
        if (outWidth < lanes && mask == null)
        {
            flatLength = ((outHeight - 1) * width + outWidth + 2 * lanes - 1) / (2 * lanes) * (2 * lanes);
            flat = Scratch.FlatOutput(12L * flatLength);
        }
        var halfSources = stackalloc float*[4];
        var halfTargets = stackalloc float*[4];
        var halfValid = stackalloc int[4];

        for (var f = first; f < end;)
        {
            var tile = TileAt(f, filters);
            float* w;
            if (unpackedWeight == null) w = packedWeight + (long)f * taps;
            else
            {
                w = Scratch.TileWeights(12L * taps);
                // Pack writes tile f at packed + f·taps: aim that at the tile buffer.
                Pack(unpackedWeight, filters, taps, w - (long)f * taps, f, f + tile);
            }
            var b = bias == null ? null : bias + f;
            var c = output + (long)f * spatial;
            if (tile == 1)
            {
                for (var oy = 0; oy < outHeight; oy++)
                    for (var ox = 0; ox < outWidth; ox += lanes)
                        Tile1<TVec, TOps>(image + oy * width + ox, offsets, taps, w, b == null ? 0f : *b, c + oy * outWidth + ox, Math.Min(lanes, outWidth - ox), epilogue);
                f += tile;
                continue;
            }
            if (flat != null)
            {
                // Rows narrower than a vector: whole 2L-wide tiles over the flat positions q = oy·RowStride + ox (the
                // columns past OW are computed and dropped), into scratch, then each row's OW values are copied out.
                for (var q = 0; q < flatLength; q += 2 * lanes)
                {
                    float* source = image + q, target = flat + q;
                    Tile<TVec, TOps, Whole>(tile, new Blocks(source, null, source + lanes, null, target, null, target + lanes, null, lanes, 0, lanes, 0), offsets, taps, w, b, flatLength, epilogue);
                }
                for (var i = 0; i < tile; i++)
                    for (var oy = 0; oy < outHeight; oy++)
                        new ReadOnlySpan<float>(flat + (long)i * flatLength + oy * width, outWidth).CopyTo(new Span<float>(c + (long)i * spatial + oy * outWidth, outWidth));
                f += tile;
                continue;
            }
            // Full 2L-wide row segments first; the rest of each row is cut into L-wide blocks (the last one partial),
            // which are paired across rows into 2L-wide tiles so that narrow layers still use every accumulator. On
            // 512 bits a rest of at most 8 is a half block instead, and four halves (of up to four rows) make a tile.
            float* pendingSource = null, pendingOutput = null;
            var pendingValid = 0;
            var halves = 0;
            for (var oy = 0; oy < outHeight; oy++)
            {
                var ox = 0;
                for (; ox + 2 * lanes <= outWidth; ox += 2 * lanes)
                {
                    float* source = image + oy * width + ox, target = c + oy * outWidth + ox;
                    Tile<TVec, TOps, Whole>(tile, new Blocks(source, null, source + lanes, null, target, null, target + lanes, null, lanes, 0, lanes, 0), offsets, taps, w, b, spatial, epilogue);
                }
                for (; ox < outWidth; ox += lanes)
                {
                    var source = image + oy * width + ox;
                    var target = c + oy * outWidth + ox;
                    var valid = Math.Min(lanes, outWidth - ox);
                    if (lanes == 16 && valid <= 8)
                    {
                        halfSources[halves] = source; halfTargets[halves] = target; halfValid[halves] = valid;
                        if (++halves == 4)
                        {
                            Tile<TVec, TOps, Halves>(tile, HalfBlocks(halfSources, halfTargets, halfValid, halves), offsets, taps, w, b, spatial, epilogue);
                            halves = 0;
                        }
                        continue;
                    }
                    if (pendingSource == null)
                    {
                        pendingSource = source; pendingOutput = target; pendingValid = valid;
                        continue;
                    }
                    Tile<TVec, TOps, Whole>(tile, new Blocks(pendingSource, null, source, null, pendingOutput, null, target, null, pendingValid, 0, valid, 0), offsets, taps, w, b, spatial, epilogue);
                    pendingSource = null;
                }
            }
            // A lone block: the same two-block tile with both vectors on it, the second not stored; likewise halves.
            if (pendingSource != null)
                Tile<TVec, TOps, Whole>(tile, new Blocks(pendingSource, null, pendingSource, null, pendingOutput, null, pendingOutput, null, pendingValid, 0, 0, 0), offsets, taps, w, b, spatial, epilogue);
            if (halves > 0)
                Tile<TVec, TOps, Halves>(tile, HalfBlocks(halfSources, halfTargets, halfValid, halves), offsets, taps, w, b, spatial, epilogue);
            f += tile;
        }
    }

    /// <summary>
    /// One register tile of <paramref name="tile"/> filters (<see cref="TileAt"/>) over a packed panel of two vectors of
    /// positions (tap t's vectors at <paramref name="panel"/> + <paramref name="offsets"/>[t] and L floats on): the
    /// pointwise GEMM's micro-kernel (<see cref="PointwiseConv"/>). Stores <paramref name="valid0"/> and
    /// <paramref name="valid1"/> lanes of each filter's row of <paramref name="c"/> (rows <paramref name="ldc"/> apart).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void PanelTile<TVec, TOps>(int tile, float* panel, int* offsets, int taps, float* w, float* bias, float* c, int ldc, int valid0, int valid1, bool rectify)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var lanes = TOps.Count;
        var epilogue = new Epilogue(rectify, 0, false);
        if (tile == 1)
        {
            Tile1<TVec, TOps>(panel, offsets, taps, w, bias == null ? 0f : *bias, c, valid0, epilogue);
            if (valid1 > 0) Tile1<TVec, TOps>(panel + lanes, offsets, taps, w, bias == null ? 0f : *bias, c + lanes, valid1, epilogue);
            return;
        }
        Tile<TVec, TOps, Whole>(tile, new Blocks(panel, null, panel + lanes, null, c, null, c + lanes, null, valid0, 0, valid1, 0), offsets, taps, w, bias, ldc, epilogue);
    }

    /// <summary>Four half blocks as a tile's two vectors (lower, upper, lower, upper); missing ones repeat the first and are not stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Blocks HalfBlocks(float** sources, float** targets, int* valid, int count)
    {
        for (var i = count; i < 4; i++)
        {
            sources[i] = sources[0]; targets[i] = targets[0]; valid[i] = 0;
        }
        return new Blocks(sources[0], sources[1], sources[2], sources[3], targets[0], targets[1], targets[2], targets[3], valid[0], valid[1], valid[2], valid[3]);
    }

    /// <summary>Marks a tile whose vectors are whole L-wide blocks.</summary>
    readonly struct Whole;

    /// <summary>Marks a tile whose 512-bit vectors are each two 8-wide half blocks (lower and upper lanes).</summary>
    readonly struct Halves;

    /// <summary>
    /// A tile's two vectors: the source, target and valid lanes of vector 0 and vector 1, and for <see cref="Halves"/>
    /// those of each vector's upper half (the plain fields are then the lower halves).
    /// </summary>
    readonly struct Blocks(float* s0, float* s0Upper, float* s1, float* s1Upper, float* c0, float* c0Upper, float* c1, float* c1Upper, int valid0, int valid0Upper, int valid1, int valid1Upper)
    {
        public readonly float* S0 = s0, S0Upper = s0Upper, S1 = s1, S1Upper = s1Upper, C0 = c0, C0Upper = c0Upper, C1 = c1, C1Upper = c1Upper;
        public readonly int Valid0 = valid0, Valid0Upper = valid0Upper, Valid1 = valid1, Valid1Upper = valid1Upper;

        /// <summary>The same blocks with every target <paramref name="floats"/> further on (later filters' rows).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Blocks Down(nint floats) => new(S0, S0Upper, S1, S1Upper, C0 + floats, C0Upper + floats, C1 + floats, C1Upper + floats, Valid0, Valid0Upper, Valid1, Valid1Upper);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Tile<TVec, TOps, TBlocks>(int filters, in Blocks blocks, int* offsets, int taps, float* w, float* bias, int ldc, in Epilogue epilogue)
        where TVec : unmanaged where TOps : struct, ISimd<TVec> where TBlocks : struct
    {
        if (filters == 12 && typeof(TVec) == typeof(Vector512<float>))
        {
            if (typeof(TBlocks) == typeof(Whole))
            {
                Tile<TVec, TOps, TBlocks, TwelveFilters>(blocks, offsets, taps, w, 12, bias, ldc, epilogue);
                return;
            }
            // Half blocks load twice what whole ones do: as two 6-filter tiles over the 12-filter packing (measured
            // faster on the 8-wide layers than one 24-accumulator tile).
            Tile<TVec, TOps, TBlocks, SixFilters>(blocks, offsets, taps, w, 12, bias, ldc, epilogue);
            Tile<TVec, TOps, TBlocks, SixFilters>(blocks.Down(6 * ldc), offsets, taps, w + 6, 12, bias == null ? null : bias + 6, ldc, epilogue);
        }
        else if (filters == Filters) Tile<TVec, TOps, TBlocks, SixFilters>(blocks, offsets, taps, w, Filters, bias, ldc, epilogue);
        else Tile<TVec, TOps, TBlocks, FourFilters>(blocks, offsets, taps, w, 4, bias, ldc, epilogue);
    }

    /// <summary>Marks the 12-filter tile (24 accumulators: 512 bits only, where there are 32 registers).</summary>
    readonly struct TwelveFilters;

    /// <summary>Marks the 6-filter tile (12 accumulators).</summary>
    readonly struct SixFilters;

    /// <summary>Marks the 4-filter tile (8 accumulators).</summary>
    readonly struct FourFilters;

    /// <summary>The operand of one tap for one vector: a whole block, or two half blocks (the type argument is a JIT-time constant).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TVec LoadTap<TVec, TOps, TBlocks>(float* source, float* upper, nint offset)
        where TVec : unmanaged where TOps : struct, ISimd<TVec> where TBlocks : struct =>
        typeof(TBlocks) == typeof(Halves) ? TOps.LoadHalves(source + offset, upper + offset) : TOps.Load(source + offset);

    /// <summary>
    /// 12, 6 or 4 filters × two vectors of positions: 24, 12 or 8 accumulators; a tap's weights for the tile are
    /// adjacent, <paramref name="weightStride"/> apart from the next tap's. Filters past 4 exist only in the copies
    /// that have them (the type argument is a JIT-time constant).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile<TVec, TOps, TBlocks, TFilters>(in Blocks blocks, int* offsets, int taps, float* w, int weightStride, float* bias, int ldc, in Epilogue epilogue)
        where TVec : unmanaged where TOps : struct, ISimd<TVec> where TBlocks : struct where TFilters : struct
    {
        var twelve = typeof(TFilters) == typeof(TwelveFilters);
        var six = twelve || typeof(TFilters) == typeof(SixFilters);
        float* s0 = blocks.S0, s0Upper = blocks.S0Upper, s1 = blocks.S1, s1Upper = blocks.S1Upper;
        TVec c00, c01, c10, c11, c20, c21, c30, c31, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;
        TVec c60 = TOps.Zero, c61 = TOps.Zero, c70 = TOps.Zero, c71 = TOps.Zero, c80 = TOps.Zero, c81 = TOps.Zero;
        TVec c90 = TOps.Zero, c91 = TOps.Zero, cA0 = TOps.Zero, cA1 = TOps.Zero, cB0 = TOps.Zero, cB1 = TOps.Zero;
        if (bias == null)
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = TOps.Zero;
        }
        else
        {
            c00 = c01 = TOps.Broadcast(bias);
            c10 = c11 = TOps.Broadcast(bias + 1);
            c20 = c21 = TOps.Broadcast(bias + 2);
            c30 = c31 = TOps.Broadcast(bias + 3);
            if (six)
            {
                c40 = c41 = TOps.Broadcast(bias + 4);
                c50 = c51 = TOps.Broadcast(bias + 5);
            }
            if (twelve)
            {
                c60 = c61 = TOps.Broadcast(bias + 6);
                c70 = c71 = TOps.Broadcast(bias + 7);
                c80 = c81 = TOps.Broadcast(bias + 8);
                c90 = c91 = TOps.Broadcast(bias + 9);
                cA0 = cA1 = TOps.Broadcast(bias + 10);
                cB0 = cB1 = TOps.Broadcast(bias + 11);
            }
        }
        for (nint t = 0; t < taps; t++, w += weightStride)
        {
            nint offset = offsets[t];
            var b0 = LoadTap<TVec, TOps, TBlocks>(s0, s0Upper, offset);
            var b1 = LoadTap<TVec, TOps, TBlocks>(s1, s1Upper, offset);
            var a = TOps.Broadcast(w);
            c00 = TOps.FusedMultiplyAdd(a, b0, c00); c01 = TOps.FusedMultiplyAdd(a, b1, c01);
            a = TOps.Broadcast(w + 1);
            c10 = TOps.FusedMultiplyAdd(a, b0, c10); c11 = TOps.FusedMultiplyAdd(a, b1, c11);
            a = TOps.Broadcast(w + 2);
            c20 = TOps.FusedMultiplyAdd(a, b0, c20); c21 = TOps.FusedMultiplyAdd(a, b1, c21);
            a = TOps.Broadcast(w + 3);
            c30 = TOps.FusedMultiplyAdd(a, b0, c30); c31 = TOps.FusedMultiplyAdd(a, b1, c31);
            if (six)
            {
                a = TOps.Broadcast(w + 4);
                c40 = TOps.FusedMultiplyAdd(a, b0, c40); c41 = TOps.FusedMultiplyAdd(a, b1, c41);
                a = TOps.Broadcast(w + 5);
                c50 = TOps.FusedMultiplyAdd(a, b0, c50); c51 = TOps.FusedMultiplyAdd(a, b1, c51);
            }
            if (twelve)
            {
                a = TOps.Broadcast(w + 6);
                c60 = TOps.FusedMultiplyAdd(a, b0, c60); c61 = TOps.FusedMultiplyAdd(a, b1, c61);
                a = TOps.Broadcast(w + 7);
                c70 = TOps.FusedMultiplyAdd(a, b0, c70); c71 = TOps.FusedMultiplyAdd(a, b1, c71);
                a = TOps.Broadcast(w + 8);
                c80 = TOps.FusedMultiplyAdd(a, b0, c80); c81 = TOps.FusedMultiplyAdd(a, b1, c81);
                a = TOps.Broadcast(w + 9);
                c90 = TOps.FusedMultiplyAdd(a, b0, c90); c91 = TOps.FusedMultiplyAdd(a, b1, c91);
                a = TOps.Broadcast(w + 10);
                cA0 = TOps.FusedMultiplyAdd(a, b0, cA0); cA1 = TOps.FusedMultiplyAdd(a, b1, cA1);
                a = TOps.Broadcast(w + 11);
                cB0 = TOps.FusedMultiplyAdd(a, b0, cB0); cB1 = TOps.FusedMultiplyAdd(a, b1, cB1);
            }
        }
        StorePair<TVec, TOps, TBlocks>(blocks, 0, c00, c01, epilogue);
        StorePair<TVec, TOps, TBlocks>(blocks, ldc, c10, c11, epilogue);
        StorePair<TVec, TOps, TBlocks>(blocks, 2 * ldc, c20, c21, epilogue);
        StorePair<TVec, TOps, TBlocks>(blocks, 3 * ldc, c30, c31, epilogue);
        if (six)
        {
            StorePair<TVec, TOps, TBlocks>(blocks, 4 * ldc, c40, c41, epilogue);
            StorePair<TVec, TOps, TBlocks>(blocks, 5 * ldc, c50, c51, epilogue);
        }
        if (twelve)
        {
            StorePair<TVec, TOps, TBlocks>(blocks, 6 * ldc, c60, c61, epilogue);
            StorePair<TVec, TOps, TBlocks>(blocks, 7 * ldc, c70, c71, epilogue);
            StorePair<TVec, TOps, TBlocks>(blocks, 8 * ldc, c80, c81, epilogue);
            StorePair<TVec, TOps, TBlocks>(blocks, 9 * ldc, c90, c91, epilogue);
            StorePair<TVec, TOps, TBlocks>(blocks, 10 * ldc, cA0, cA1, epilogue);
            StorePair<TVec, TOps, TBlocks>(blocks, 11 * ldc, cB0, cB1, epilogue);
        }
    }

    /// <summary>Stores one filter's two vectors, <paramref name="row"/> floats past the tile's targets (each half to its own row for <see cref="Halves"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void StorePair<TVec, TOps, TBlocks>(in Blocks blocks, nint row, TVec first, TVec second, in Epilogue epilogue)
        where TVec : unmanaged where TOps : struct, ISimd<TVec> where TBlocks : struct
    {
        if (typeof(TBlocks) == typeof(Halves) && typeof(TVec) == typeof(Vector512<float>))
        {
            var lower = Unsafe.As<TVec, Vector512<float>>(ref first);
            var upper = Unsafe.As<TVec, Vector512<float>>(ref second);
            Store<Vector256<float>, Simd256>(blocks.C0 + row, lower.GetLower(), blocks.Valid0, epilogue);
            Store<Vector256<float>, Simd256>(blocks.C0Upper + row, lower.GetUpper(), blocks.Valid0Upper, epilogue);
            Store<Vector256<float>, Simd256>(blocks.C1 + row, upper.GetLower(), blocks.Valid1, epilogue);
            Store<Vector256<float>, Simd256>(blocks.C1Upper + row, upper.GetUpper(), blocks.Valid1Upper, epilogue);
            return;
        }
        Store<TVec, TOps>(blocks.C0 + row, first, blocks.Valid0, epilogue);
        Store<TVec, TOps>(blocks.C1 + row, second, blocks.Valid1, epilogue);
    }

    /// <summary>A single filter (leftover of the tiles) over one block; its packed weights are its own row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile1<TVec, TOps>(float* source, int* offsets, int taps, float* w, float bias, float* c, int valid, in Epilogue epilogue)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var acc = TOps.Create(bias);
        for (nint t = 0; t < taps; t++)
            acc = TOps.FusedMultiplyAdd(TOps.Broadcast(w + t), TOps.Load(source + offsets[t]), acc);
        Store<TVec, TOps>(c, acc, valid, epilogue);
    }

    /// <summary>Stores lanes [0, valid): a masked store, so that no call follows the tile loop (all vector registers are caller-saved, and the JIT would spill the accumulators inside the loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store<TVec, TOps>(float* c, TVec value, int valid, in Epilogue epilogue)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var full = valid == TOps.Count;
        var lanes = TOps.FirstLanes(valid);
        // The ReLU kernel's rule: x ≤ 0 → 0, NaN kept.
        if (epilogue.Rectify) value = TOps.Rectify(value);
        if (epilogue.Masked)
        {
            // The ReLU backward kernel's rule: +0 where the ReLU's output is ≤ 0, else kept (NaN included).
            var source = c + epilogue.MaskOffset;
            value = TOps.ThresholdBackward(value, full ? TOps.Load(source) : TOps.LoadFirst(source, lanes, valid));
        }
        if (full) TOps.Store(c, value);
        else TOps.StoreFirst(c, value, lanes, valid);
    }

    /// <summary>What a store does to the accumulators besides storing them (see <see cref="Forward(float*, in Layout, float*, float*, float*, int, int, int, bool, float*, float*)"/>).</summary>
    readonly struct Epilogue(bool rectify, nint maskOffset, bool masked)
    {
        public readonly bool Rectify = rectify, Masked = masked;
        public readonly nint MaskOffset = maskOffset;
    }
}
