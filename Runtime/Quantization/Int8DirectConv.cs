using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CnnGen.Kernels;
using CnnGen.Threading;

namespace CnnGen.Quantization;

/// <summary>
/// The direct int8 convolution (no lowering to rows of taps) for an ungrouped convolution that is not a plain 1×1:
/// output positions on the vector lanes, four filters' weights broadcast, the reduction over (channel, kernel row,
/// quadruple of kernel columns), VNNI's unit of four unsigned × signed byte products per 32-bit lane.
/// </summary>
/// <remarks>
/// A work item is one sample's block of output rows. It first expands the input rows the block reads, once per row
/// (not per output position): for channel c, input row y and quadruple q of kernel columns, the expanded row holds at
/// position ox the four bytes x[c, y, ox·S − P + (4q + j)·D], j = 0..3 (the zero point in the padding; kernel columns
/// past K carry zero weights). Each tile of 3 position vectors × 4 filters then loads one 32-byte run per vector and
/// one broadcast weight quadruple per filter for every step of the reduction; the int32 sums land in a block of dot
/// products that <see cref="Int8Requantization"/> turns into output rows. Items depend on the geometry only and every
/// sum is exact, so any thread count and every <see cref="Int8Path"/> give the same bits.
/// </remarks>
static unsafe class Int8DirectConv
{
    /// <summary>Filters per tile (each a broadcast weight quadruple per step).</summary>
    const int FilterTile = 4;

    /// <summary>Position vectors per tile.</summary>
    const int VectorTile = 3;

    /// <summary>Expanded rows are padded to a multiple of the widest path's lanes.</summary>
    const int MaxLanes = 8;

    /// <summary>Bytes of int32 dot products per work item.</summary>
    const int DotsBytes = 48 * 1024;

    /// <summary>Bytes of expanded input per work item (at least one output row's worth is always taken).</summary>
    const int ExpandedBytes = 64 * 1024;

    /// <summary>
    /// Whether the direct convolution runs <paramref name="g"/> on <paramref name="path"/>: ungrouped, not a plain 1×1
    /// (a matrix product as it is), and with a reduction short enough that the lowering to rows of taps would cost more
    /// than it saves (<see cref="VnniTaps"/>, <see cref="WideningTaps"/>). Both forms give the same bits.
    /// </summary>
    public static bool Applies(in ConvGeometry g, Int8Path path) =>
        g.Groups == 1 && !(g.Kernel == 1 && g.Stride == 1 && g.Padding == 0)
        && g.ColumnRows <= (path == Int8Path.Vnni ? VnniTaps : WideningTaps);

    /// <summary>
    /// The longest reduction (C·K·K) the direct form takes with VNNI: measured on Zen 5, it beats the lowering 1.8× on a
    /// 3×3 convolution over 64 channels (576 taps) and loses on one over 256 (2304 taps), whose weights the tiles stream
    /// from L2 once per 24 positions.
    /// </summary>
    const int VnniTaps = 1024;

    /// <summary>The longest reduction the direct form takes on the 16-bit widening and scalar paths (6 instructions per quadruple, not 1).</summary>
    const int WideningTaps = 64;

    /// <summary>
    /// The filters in the order the tiles read them: per block of 4 filters, per step (c, ky, q), the four filters'
    /// quadruples w[f, c, ky, 4q..4q+3] (zero past the kernel's columns and for the filters past <paramref name="rows"/>).
    /// </summary>
    /// <param name="values">[rows, paddedTaps] packed weights (<see cref="PackedInt8Weights"/>).</param>
    /// <param name="paddedTaps">Bytes per packed row.</param>
    /// <param name="rows">Filters.</param>
    /// <param name="channels">Input channels.</param>
    /// <param name="kernel">Kernel side.</param>
    public static sbyte[] Pack(sbyte[] values, int paddedTaps, int rows, int channels, int kernel)
    {
        var quads = Quads(kernel);
        var steps = channels * kernel * quads;
        var blocks = (rows + FilterTile - 1) / FilterTile;
        var packed = GC.AllocateArray<sbyte>(blocks * steps * FilterTile * 4, pinned: true);
        for (var f = 0; f < rows; f++)
            for (var c = 0; c < channels; c++)
                for (var ky = 0; ky < kernel; ky++)
                    for (var kx = 0; kx < kernel; kx++)
                    {
                        var step = (c * kernel + ky) * quads + kx / 4;
                        packed[((f / FilterTile * steps + step) * FilterTile + f % FilterTile) * 4 + kx % 4] =
                            values[f * paddedTaps + (c * kernel + ky) * kernel + kx];
                    }
        return packed;
    }

    /// <summary>Quadruples of kernel columns per kernel row.</summary>
    static int Quads(int kernel) => (kernel + 3) / 4;

    /// <summary>Runs the convolution (arguments checked by <see cref="QuantizedConv2D"/>); one of the two outputs is null.</summary>
    public static void Run(byte* input, int inputZeroPoint, PackedInt8Weights weight, float* factors, Int8Output range, byte* output, float* floatOutput, in ConvGeometry g, int batch)
    {
        var job = t_job ??= new Job();
        int quads = Quads(g.Kernel), rowQuads = (g.OutWidth + MaxLanes - 1) / MaxLanes * MaxLanes;
        var filters = (g.Filters + FilterTile - 1) / FilterTile * FilterTile;
        // Rows per item: as many as the dot products' and the expanded input's budgets allow, then balanced.
        var dotsRows = DotsBytes / (4 * filters * g.OutWidth + 4 * MaxLanes);
        var expandedRow = 4L * g.Channels * quads * rowQuads;
        var expandedRows = (int)Math.Min(int.MaxValue, ExpandedBytes / expandedRow);
        var rows = Math.Max(1, Math.Min(g.OutHeight, Math.Min(dotsRows, Math.Max(1, (expandedRows - (g.Kernel - 1) * g.Dilation - 1) / g.Stride + 1))));
        var blocks = (g.OutHeight + rows - 1) / rows;
        rows = (g.OutHeight + blocks - 1) / blocks;
        fixed (sbyte* pw = weight.DirectFilters(g.Kernel))
        fixed (int* pb = weight.Bias, ps = weight.RowSums)
        {
            job.Input = input; job.Filters = pw; job.Bias = pb; job.RowSums = ps; job.Factors = factors; job.Range = range;
            job.Output = output; job.FloatOutput = floatOutput; job.ZeroPoint = inputZeroPoint; job.Geometry = g;
            job.Quads = quads; job.RowQuads = rowQuads; job.PaddedFilters = filters; job.Rows = rows; job.Blocks = blocks;
            WorkerPool.Run(job, batch * blocks);
        }
    }

    [ThreadStatic] static Job? t_job;

    /// <summary>One block of output rows of one sample per item: expanded, multiplied, requantized a filter at a time.</summary>
    sealed class Job : ParallelJob
    {
        public byte* Input, Output;
        public float* FloatOutput, Factors;
        public sbyte* Filters;
        public int* Bias, RowSums;
        public Int8Output Range;
        public ConvGeometry Geometry;
        public int ZeroPoint, Quads, RowQuads, PaddedFilters, Rows, Blocks;

        public override void Run(int item)
        {
            ref readonly var g = ref Geometry;
            var n = item / Blocks;
            var first = item % Blocks * Rows;
            var rows = Math.Min(Rows, g.OutHeight - first);
            var inputRows = (rows - 1) * g.Stride + (g.Kernel - 1) * g.Dilation + 1;
            var rowLength = (RowQuads - 1) * g.Stride + (4 * Quads - 1) * g.Dilation + 1 + 16;
            var expandedLength = (long)g.Channels * inputRows * Quads * RowQuads;
            var expanded = (int*)Scratch.Patches(4 * expandedLength + rowLength);
            Expand(Input + (long)n * g.InputLength, g, first * g.Stride - g.Padding, inputRows, Quads, RowQuads, (byte)ZeroPoint, expanded, (byte*)(expanded + expandedLength), rowLength);

            var steps = g.Channels * g.Kernel * Quads;
            // The steps' offsets into the expanded rows, then two per position vector (where it reads, where it writes).
            var offsets = Scratch.Offsets(steps + 2 * rows * g.OutWidth);
            for (int c = 0, s = 0; c < g.Channels; c++)
                for (var ky = 0; ky < g.Kernel; ky++)
                    for (var q = 0; q < Quads; q++, s++)
                        offsets[s] = ((c * inputRows + ky * g.Dilation) * Quads + q) * RowQuads;

            var positions = rows * g.OutWidth;
            var stride = Rows * g.OutWidth + MaxLanes;
            var dots = Scratch.Dots((long)PaddedFilters * stride);
            var tile = new Tile(expanded, offsets, steps, Filters, dots, stride, rows, g.OutWidth, g.Stride * Quads * RowQuads, PaddedFilters / FilterTile, offsets + steps);
            switch (Int8Paths.Current)
            {
                case Int8Path.Vnni: tile.Run<VnniQuadDot, Vector256<int>, Vector256<sbyte>>(); break;
                case Int8Path.Widening512 or Int8Path.Widening256: tile.Run<Widening256QuadDot, Vector256<int>, WidenedQuad<Vector256<short>>>(); break;
                case Int8Path.Widening128: tile.Run<Widening128QuadDot, Vector128<int>, WidenedQuad<Vector128<short>>>(); break;
                default: tile.Run<ScalarQuadDot, int, int>(); break;
            }

            for (var f = 0; f < g.Filters; f++)
            {
                var addend = Bias[f] - ZeroPoint * RowSums[f];
                var at = (long)n * g.OutputLength + (long)f * g.ColumnCols + (long)first * g.OutWidth;
                if (Output != null) Int8Requantization.Row(dots + (long)f * stride, positions, addend, Factors[f], Range, Output + at);
                else Int8Requantization.RowToFloat(dots + (long)f * stride, positions, addend, Factors[f], FloatOutput + at);
            }
        }
    }

    /// <summary>
    /// The expanded rows of one sample for input rows [top, top + count) (rows outside the image are the zero point):
    /// expanded[((c · count + r) · quads + q) · rowQuads + ox] = the quadruple x[c, top + r, ox·S − P + (4q + j)·D], j = 0..3.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Expand(byte* image, in ConvGeometry g, int top, int count, int quads, int rowQuads, byte zero, int* expanded, byte* row, int rowLength)
    {
        int width = g.Width, stride = g.Stride, dilation = g.Dilation, padding = g.Padding;
        // row[t] is input column t − P; it reaches as far as the last quadruple of the last padded position reads.
        var copied = Math.Max(0, Math.Min(width, rowLength - padding));
        var windows = Vector128.Create((byte)0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6);
        for (var c = 0; c < g.Channels; c++)
            for (var r = 0; r < count; r++)
            {
                var y = top + r;
                new Span<byte>(row, rowLength).Fill(zero);
                if ((uint)y < (uint)g.Height)
                    new ReadOnlySpan<byte>(image + ((long)c * g.Height + y) * width, copied).CopyTo(new Span<byte>(row + padding, copied));
                for (var q = 0; q < quads; q++)
                {
                    var target = expanded + ((long)(c * count + r) * quads + q) * rowQuads;
                    var source = row + 4 * q * dilation;
                    if (stride == 1 && dilation == 1)
                    {
                        // Four overlapping windows of four bytes per 16-byte load.
                        for (var ox = 0; ox < rowQuads; ox += 4)
                            Vector128.Shuffle(Vector128.Load(source + ox), windows).Store((byte*)(target + ox));
                    }
                    else
                    {
                        for (var ox = 0; ox < rowQuads; ox++)
                        {
                            var at = source + ox * stride;
                            target[ox] = at[0] | at[dilation] << 8 | at[2 * dilation] << 16 | at[3 * dilation] << 24;
                        }
                    }
                }
            }
    }

    /// <summary>The multiply-adds of one work item: every filter block against every tile of 3 position vectors.</summary>
    readonly struct Tile(int* expanded, int* offsets, int steps, sbyte* filters, int* dots, int stride, int rows, int outWidth, int rowStep, int filterBlocks, int* vectorOffsets)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run<TDot, TAcc, TWeight>()
            where TDot : struct, IInt8QuadDot<TAcc, TWeight> where TAcc : unmanaged where TWeight : unmanaged
        {
            var lanes = TDot.Lanes;
            var perRow = (outWidth + lanes - 1) / lanes;
            var vectors = rows * perRow;
            // Vector v reads the expanded rows of output row v / perRow from column (v % perRow) · lanes, and writes its
            // sums there in each filter's block. A vector running past its row's end writes into the next row's start,
            // which that row's own vector overwrites later (vectors are stored in increasing order), or into the slack.
            for (var v = 0; v < vectors; v++)
            {
                vectorOffsets[2 * v] = v / perRow * rowStep + v % perRow * lanes;
                vectorOffsets[2 * v + 1] = v / perRow * outWidth + v % perRow * lanes;
            }
            for (var b = 0; b < filterBlocks; b++)
            {
                var w0 = filters + (long)b * steps * FilterTile * 4;
                var target = dots + (long)b * FilterTile * stride;
                for (var v = 0; v < vectors; v += VectorTile)
                {
                    // A tile past the last vector repeats it (the same sums stored again).
                    int* o0 = vectorOffsets + 2 * v, o1 = vectorOffsets + 2 * Math.Min(v + 1, vectors - 1), o2 = vectorOffsets + 2 * Math.Min(v + 2, vectors - 1);
                    byte* x0 = (byte*)(expanded + o0[0]), x1 = (byte*)(expanded + o1[0]), x2 = (byte*)(expanded + o2[0]);
                    TAcc a00 = TDot.Zero, a01 = TDot.Zero, a02 = TDot.Zero, a10 = TDot.Zero, a11 = TDot.Zero, a12 = TDot.Zero;
                    TAcc a20 = TDot.Zero, a21 = TDot.Zero, a22 = TDot.Zero, a30 = TDot.Zero, a31 = TDot.Zero, a32 = TDot.Zero;
                    var w = w0;
                    for (var s = 0; s < steps; s++, w += FilterTile * 4)
                    {
                        var offset = 4L * offsets[s];
                        byte* p0 = x0 + offset, p1 = x1 + offset, p2 = x2 + offset;
                        var f = TDot.Weight(w);
                        a00 = TDot.Add(a00, p0, f); a01 = TDot.Add(a01, p1, f); a02 = TDot.Add(a02, p2, f);
                        f = TDot.Weight(w + 4);
                        a10 = TDot.Add(a10, p0, f); a11 = TDot.Add(a11, p1, f); a12 = TDot.Add(a12, p2, f);
                        f = TDot.Weight(w + 8);
                        a20 = TDot.Add(a20, p0, f); a21 = TDot.Add(a21, p1, f); a22 = TDot.Add(a22, p2, f);
                        f = TDot.Weight(w + 12);
                        a30 = TDot.Add(a30, p0, f); a31 = TDot.Add(a31, p1, f); a32 = TDot.Add(a32, p2, f);
                    }
                    int d0 = o0[1], d1 = o1[1], d2 = o2[1];
                    TDot.Store(a00, target + d0); TDot.Store(a01, target + d1); TDot.Store(a02, target + d2);
                    TDot.Store(a10, target + stride + d0); TDot.Store(a11, target + stride + d1); TDot.Store(a12, target + stride + d2);
                    TDot.Store(a20, target + 2 * stride + d0); TDot.Store(a21, target + 2 * stride + d1); TDot.Store(a22, target + 2 * stride + d2);
                    TDot.Store(a30, target + 3 * stride + d0); TDot.Store(a31, target + 3 * stride + d1); TDot.Store(a32, target + 3 * stride + d2);
                }
            }
        }
    }
}
