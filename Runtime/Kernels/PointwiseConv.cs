using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CnnGen.Threading;

namespace CnnGen.Kernels;

/// <summary>
/// The 1×1 stride-1 convolution (<c>nn.Conv2d(kernel_size=1)</c>, no padding, groups 1) as a GEMM straight over NCHW:
/// Y[n] (F × HW) = W (F × C) · X[n] (C × HW) + b, no im2col. The positions are cut into blocks whose C × block floats
/// fit in L2; each block is packed once into panels of two vectors of positions (a panel's channel rows adjacent, so
/// the micro-kernel streams it sequentially), and every filter tile of the thread's run (<see cref="DirectConv"/>'s
/// 12/6/4-filter register tiles over weights packed once per call) sweeps the block's panels while they are in cache:
/// X is read from memory once per call instead of once per filter tile. Bias and ReLU are applied as a tile is stored.
/// </summary>
/// <remarks>
/// Every output is bias (or +0), then one fused multiply-add per input channel in channel order, then the ReLU: the
/// operations of the direct kernel this path replaced, so the same bits on every width, thread count and blocking.
/// With fewer samples than threads, each sample's filters are split into runs of whole tiles, one per thread.
/// </remarks>
static unsafe class PointwiseConv
{
    /// <summary>Floats of packed input a position block may take (half of a 1 MB L2, leaving room for the weights and outputs).</summary>
    const int BlockFloats = 64 * 1024;

    [ThreadStatic] static ForwardJob? t_forward;

    /// <summary>Whether <see cref="Forward"/> computes this geometry: 1×1, stride 1, no padding, one group, no dilation.</summary>
    public static bool Handles(in ConvGeometry g) =>
        g.Kernel == 1 && g.Stride == 1 && g.Padding == 0 && g.Groups == 1 && g.Dilation == 1 && g.IsSquare;

    /// <summary>input (N, C, H, W), weight (F, C), bias (F) or null → output (N, F, H, W); ReLU applied if <paramref name="rectify"/>.</summary>
    public static void Forward(float* input, float* weight, float* bias, float* output, in ConvGeometry g, int batch, bool rectify)
    {
        var job = t_forward ??= new ForwardJob();
        job.Input = input; job.Bias = bias; job.Output = output; job.Rectify = rectify; job.Geometry = g;
        var threads = KernelThreads.Current;
        job.Parts = batch < threads ? Math.Min(threads, Math.Max(1, g.Filters / 4)) : 1;
        job.Packed = Scratch.Packed((long)g.Filters * g.Channels);
        Conv2D.PackFilters(weight, g.Filters, g.Channels, job.Packed, job.Parts);
        WorkerPool.Run(job, batch * job.Parts);
    }

    /// <summary>One sample per item, or one run of its filter tiles (<see cref="Parts"/> runs per sample).</summary>
    sealed class ForwardJob : ParallelJob
    {
        public float* Input, Packed, Bias, Output;
        public ConvGeometry Geometry;
        public int Parts;
        public bool Rectify;

        public override void Run(int item)
        {
            ref readonly var g = ref Geometry;
            int n = item / Parts, part = item % Parts;
            int first = DirectConv.TileBoundary(part, Parts, g.Filters), end = DirectConv.TileBoundary(part + 1, Parts, g.Filters);
            var image = Input + (long)n * g.InputLength;
            var result = Output + (long)n * g.OutputLength;
            switch (Simd.Width)
            {
                case 512: Sample<Vector512<float>, Simd512>(image, Packed, Bias, result, g.Channels, g.ColumnCols, g.Filters, first, end, Rectify); break;
                case 256: Sample<Vector256<float>, Simd256>(image, Packed, Bias, result, g.Channels, g.ColumnCols, g.Filters, first, end, Rectify); break;
                default: Sample<Vector128<float>, Simd128>(image, Packed, Bias, result, g.Channels, g.ColumnCols, g.Filters, first, end, Rectify); break;
            }
        }
    }

    /// <summary>Filters [<paramref name="first"/>, <paramref name="end"/>) (tile boundaries) of one sample.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Sample<TVec, TOps>(float* image, float* packed, float* bias, float* output, int channels, int positions, int filters, int first, int end, bool rectify)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        int lanes = TOps.Count, width = 2 * lanes;
        var panelLength = (long)channels * width;
        var block = Math.Max(width, BlockFloats / channels / width * width);
        block = Math.Min(block, (positions + width - 1) / width * width);
        var panels = Scratch.Columns(panelLength * (block / width));
        // Tap t of a panel sits t·2L floats in.
        var offsets = Scratch.Offsets(channels);
        for (var t = 0; t < channels; t++) offsets[t] = t * width;
        for (var p0 = 0; p0 < positions; p0 += block)
        {
            var count = Math.Min(block, positions - p0);
            Pack<TVec, TOps>(image + p0, positions, channels, count, panels);
            for (var f = first; f < end;)
            {
                var tile = DirectConv.TileAt(f, filters);
                var w = packed + (long)f * channels;
                var b = bias == null ? null : bias + f;
                var c = output + (long)f * positions + p0;
                for (var q = 0; q < count; q += width)
                    DirectConv.PanelTile<TVec, TOps>(tile, panels + q / width * panelLength, offsets, channels, w, b, c + q, positions,
                        Math.Min(lanes, count - q), Math.Clamp(count - q - lanes, 0, lanes), rectify);
                f += tile;
            }
        }
    }

    /// <summary>
    /// panels[j][c·2L + i] = x[c·stride + j·2L + i] for the <paramref name="count"/> positions of a block; lanes past
    /// <paramref name="count"/> are zero (masked loads: nothing past the block is read).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Pack<TVec, TOps>(float* x, int stride, int channels, int count, float* panels)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        int lanes = TOps.Count, width = 2 * lanes;
        var panelLength = (long)channels * width;
        for (var q = 0; q < count; q += width)
        {
            var panel = panels + q / width * panelLength;
            int valid0 = Math.Min(lanes, count - q), valid1 = Math.Clamp(count - q - lanes, 0, lanes);
            if (valid1 == lanes)
            {
                for (var c = 0; c < channels; c++)
                {
                    var source = x + (long)c * stride + q;
                    TOps.Store(panel + c * width, TOps.Load(source));
                    TOps.Store(panel + c * width + lanes, TOps.Load(source + lanes));
                }
                continue;
            }
            TVec mask0 = TOps.FirstLanes(valid0), mask1 = TOps.FirstLanes(valid1);
            for (var c = 0; c < channels; c++)
            {
                var source = x + (long)c * stride + q;
                TOps.Store(panel + c * width, TOps.LoadFirst(source, mask0, valid0));
                TOps.Store(panel + c * width + lanes, TOps.LoadFirst(source + lanes, mask1, valid1));
            }
        }
    }
}
