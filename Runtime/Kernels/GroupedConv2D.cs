using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CnnGen.Threading;

namespace CnnGen.Kernels;

/// <summary>
/// The paths of <see cref="Conv2D"/> for grouped (<c>groups</c> &gt; 1, depthwise when groups = channels), dilated and
/// rectangular convolutions (<c>nn.Conv2d</c>): per sample and group, im2col with dilation of the group's channels, then
/// GEMM W_g[F/G, (C/G)·KH·KW] · columns; a group with one input channel (depthwise) skips the GEMM for one fused
/// multiply-add per tap straight across the output positions.
/// </summary>
/// <remarks>
/// Determinism: forward and input gradients are per sample; weight gradients are per-group partial sums over the
/// fixed batch partition of <see cref="Conv2D"/>, reduced by <see cref="Conv2D.ReduceGradients"/>. The depthwise
/// sum of an output is bias, then one fused multiply-add per tap in (ky, kx) order, vectorised across positions, so
/// every width gives the same bits (the GEMM and dot products guarantee the same for theirs).
/// </remarks>
static unsafe class GroupedConv2D
{
    /// <summary>Whether <see cref="Conv2D"/> routes this geometry here: grouped, dilated, or rectangular (whose im2col this path's is).</summary>
    public static bool Handles(in ConvGeometry g) => g.Groups != 1 || g.Dilation != 1 || !g.IsSquare;

    [ThreadStatic] static ForwardJob? t_forward;
    [ThreadStatic] static BackwardJob? t_backward;

    /// <summary>One group's convolution: C/G channels to F/G filters, groups 1.</summary>
    static ConvGeometry Part(in ConvGeometry g) => g with { Channels = g.Channels / g.Groups, Filters = g.Filters / g.Groups, Groups = 1 };

    public static void Forward(float* input, float* weight, float* bias, float* output, in ConvGeometry geometry, int batch, bool rectify)
    {
        var job = t_forward ??= new ForwardJob();
        job.Input = input; job.Weight = weight; job.Bias = bias; job.Output = output; job.Rectify = rectify; job.Geometry = geometry;
        // Fewer samples than threads: each sample's groups are split into runs, one per thread (groups are independent,
        // so the bits do not depend on the split).
        var threads = KernelThreads.Current;
        job.Parts = batch < threads ? Math.Min(threads, geometry.Groups) : 1;
        WorkerPool.Run(job, batch * job.Parts);
    }

    /// <summary>Fills <paramref name="partials"/> (one weight gradient per batch group, if not null), <paramref name="biasSums"/> (if not null) and the input gradient (if not null).</summary>
    public static void Backward(float* input, float* weight, float* outputGradient, float* inputGradient, float* partials, double* biasSums, int groups, in ConvGeometry geometry, int batch, bool throughReLU)
    {
        var job = t_backward ??= new BackwardJob();
        job.Input = input; job.Weight = weight; job.OutputGradient = outputGradient; job.InputGradient = inputGradient;
        job.Partials = partials; job.BiasSums = biasSums; job.Groups = groups; job.Batch = batch; job.ThroughReLU = throughReLU; job.Geometry = geometry;
        WorkerPool.Run(job, groups);
    }

    /// <summary>One sample's forward pass per item, or one run of its groups (<see cref="Parts"/> runs per sample).</summary>
    sealed class ForwardJob : ParallelJob
    {
        public float* Input, Weight, Bias, Output;
        public ConvGeometry Geometry;
        public int Parts;
        public bool Rectify;

        public override void Run(int item)
        {
            ref readonly var g = ref Geometry;
            var part = Part(g);
            int rows = part.ColumnRows, cols = part.ColumnCols, filters = part.Filters;
            int n = item / Parts, run = item % Parts;
            int firstGroup = (int)((long)run * g.Groups / Parts), endGroup = (int)((long)(run + 1) * g.Groups / Parts);
            var groupOutput = (long)filters * cols;
            var outputs = new Span<float>(Output + (long)n * g.OutputLength + firstGroup * groupOutput, (int)((endGroup - firstGroup) * groupOutput));
            if (DepthwiseConv.Handles(g))
            {
                DepthwiseConv.Forward(Input + (long)n * g.InputLength, Weight, Bias, Output + (long)n * g.OutputLength, g, firstGroup, endGroup, Rectify);
                return;
            }
            if (part.Channels == 1 && (g.Stride == 1 || g.Dilation == 1) && g.IsSquare)
            {
                DirectDepthwise(n, part, firstGroup, endGroup);
                if (Rectify) Activations.ReLU(outputs, outputs);
                return;
            }
            var columns = Scratch.Columns((long)rows * cols);
            for (var group = firstGroup; group < endGroup; group++)
            {
                var image = Input + (long)n * g.InputLength + (long)group * part.InputLength;
                Im2Col.Lower(new ReadOnlySpan<float>(image, part.InputLength), new Span<float>(columns, rows * cols), part);
                var weight = Weight + (long)group * filters * rows;
                var bias = Bias == null ? null : Bias + group * filters;
                var output = Output + (long)n * g.OutputLength + (long)group * filters * cols;
                if (part.Channels == 1)
                {
                    Depthwise(columns, rows, cols, weight, bias, output, filters);
                    continue;
                }
                Gemm.MultiplyNN(filters, cols, rows, new ReadOnlySpan<float>(weight, filters * rows), new ReadOnlySpan<float>(columns, rows * cols),
                    new Span<float>(output, filters * cols), accumulate: false);
                if (bias != null)
                    for (var f = 0; f < filters; f++) VectorMath.AddScalar(new Span<float>(output + (long)f * cols, cols), bias[f]);
            }
            if (Rectify) Activations.ReLU(outputs, outputs);
        }

        /// <summary>
        /// Depthwise without im2col: each channel zero-padded once (stride 1, any dilation) or split into its phases
        /// (stride S, <see cref="Conv2D.PhaseSource"/>), then every output row read straight from the source rows. The
        /// same operations as <see cref="Depthwise"/> on the columns (bias, then one FMA per tap in (ky, kx) order),
        /// so the same bits.
        /// </summary>
        void DirectDepthwise(int n, in ConvGeometry part, int firstGroup, int endGroup)
        {
            ref readonly var g = ref Geometry;
            int k = part.Kernel, d = part.Dilation, taps = k * k;
            DirectConv.Layout layout;
            int paddedHeight = g.Height + 2 * g.Padding, paddedWidth = g.Width + 2 * g.Padding;
            if (g.Stride == 1)
            {
                var offsets = Scratch.Offsets(taps);
                for (var t = 0; t < taps; t++) offsets[t] = t / k * d * paddedWidth + t % k * d;
                layout = new DirectConv.Layout(paddedWidth, part.OutHeight, part.OutWidth, offsets, taps);
            }
            else layout = Conv2D.DirectLayout(part);
            var padded = g.Stride == 1 ? Scratch.Image((long)paddedHeight * paddedWidth + DirectConv.Slack) : null;
            for (var group = firstGroup; group < endGroup; group++)
            {
                var image = Input + (long)n * g.InputLength + (long)group * part.InputLength;
                float* source;
                if (g.Stride == 1)
                {
                    Conv2D.ZeroPad(image, 1, g.Height, g.Width, g.Padding, padded, slack: DirectConv.Slack);
                    source = padded;
                }
                else source = Conv2D.PhaseSource(image, part);
                var weight = Weight + (long)group * part.Filters * taps;
                var bias = Bias == null ? null : Bias + group * part.Filters;
                var output = Output + (long)n * g.OutputLength + (long)group * part.Filters * part.ColumnCols;
                DepthwiseRows(source, layout, part.Filters, weight, bias, output);
            }
        }
    }

    static void DepthwiseRows(float* source, in DirectConv.Layout layout, int filters, float* weight, float* bias, float* output)
    {
        switch (Simd.Width)
        {
            case 512: DepthwiseRows<Vector512<float>, Simd512>(source, layout, filters, weight, bias, output); break;
            case 256: DepthwiseRows<Vector256<float>, Simd256>(source, layout, filters, weight, bias, output); break;
            default: DepthwiseRows<Vector128<float>, Simd128>(source, layout, filters, weight, bias, output); break;
        }
    }

    /// <summary>
    /// output[f, oy, ox] = bias[f] + Σₜ weight[f, t] · source[oy·RowStride + ox + Offsets[t]] (taps in order), vectorised
    /// across ox, four blocks of a row at a time so that four independent chains of fused multiply-adds overlap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void DepthwiseRows<TVec, TOps>(float* source, in DirectConv.Layout layout, int filters, float* weight, float* bias, float* output)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        int outHeight = layout.OutHeight, outWidth = layout.OutWidth, taps = layout.Taps, lanes = TOps.Count;
        var offsets = layout.Offsets;
        for (var f = 0; f < filters; f++)
        {
            var w = weight + (long)f * taps;
            var start = TOps.Create(bias == null ? 0f : bias[f]);
            for (var oy = 0; oy < outHeight; oy++)
            {
                var target = output + ((long)f * outHeight + oy) * outWidth;
                var row = source + (long)oy * layout.RowStride;
                var ox = 0;
                for (; ox + 4 * lanes <= outWidth; ox += 4 * lanes)
                {
                    TVec s0 = start, s1 = start, s2 = start, s3 = start;
                    var at = row + ox;
                    for (var t = 0; t < taps; t++)
                    {
                        var tap = at + offsets[t];
                        var wt = TOps.Broadcast(w + t);
                        s0 = TOps.FusedMultiplyAdd(wt, TOps.Load(tap), s0);
                        s1 = TOps.FusedMultiplyAdd(wt, TOps.Load(tap + lanes), s1);
                        s2 = TOps.FusedMultiplyAdd(wt, TOps.Load(tap + 2 * lanes), s2);
                        s3 = TOps.FusedMultiplyAdd(wt, TOps.Load(tap + 3 * lanes), s3);
                    }
                    TOps.Store(target + ox, s0);
                    TOps.Store(target + ox + lanes, s1);
                    TOps.Store(target + ox + 2 * lanes, s2);
                    TOps.Store(target + ox + 3 * lanes, s3);
                }
                for (; ox + lanes <= outWidth; ox += lanes)
                {
                    var sum = start;
                    for (var t = 0; t < taps; t++) sum = TOps.FusedMultiplyAdd(TOps.Broadcast(w + t), TOps.Load(row + ox + offsets[t]), sum);
                    TOps.Store(target + ox, sum);
                }
                if (ox == outWidth) continue;
                var valid = outWidth - ox;
                var mask = TOps.FirstLanes(valid);
                var tail = start;
                for (var t = 0; t < taps; t++) tail = TOps.FusedMultiplyAdd(TOps.Broadcast(w + t), TOps.LoadFirst(row + ox + offsets[t], mask, valid), tail);
                TOps.StoreFirst(target + ox, tail, mask, valid);
            }
        }
    }

    /// <summary>output[f, p] = bias[f] + Σ_tap weight[f, tap] · columns[tap, p], one fused multiply-add per tap in order.</summary>
    static void Depthwise(float* columns, int taps, int positions, float* weight, float* bias, float* output, int filters)
    {
        switch (Simd.Width)
        {
            case 512: Depthwise<Vector512<float>, Simd512>(columns, taps, positions, weight, bias, output, filters); break;
            case 256: Depthwise<Vector256<float>, Simd256>(columns, taps, positions, weight, bias, output, filters); break;
            default: Depthwise<Vector128<float>, Simd128>(columns, taps, positions, weight, bias, output, filters); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Depthwise<TVec, TOps>(float* columns, int taps, int positions, float* weight, float* bias, float* output, int filters)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        for (var f = 0; f < filters; f++)
        {
            var w = weight + (long)f * taps;
            var start = TOps.Create(bias == null ? 0f : bias[f]);
            var target = output + (long)f * positions;
            var p = 0;
            for (; p + TOps.Count <= positions; p += TOps.Count)
            {
                var sum = start;
                for (var t = 0; t < taps; t++) sum = TOps.FusedMultiplyAdd(TOps.Broadcast(w + t), TOps.Load(columns + (long)t * positions + p), sum);
                TOps.Store(target + p, sum);
            }
            if (p == positions) continue;
            var valid = positions - p;
            var lanes = TOps.FirstLanes(valid);
            var tail = start;
            for (var t = 0; t < taps; t++) tail = TOps.FusedMultiplyAdd(TOps.Broadcast(w + t), TOps.LoadFirst(columns + (long)t * positions + p, lanes, valid), tail);
            TOps.StoreFirst(target + p, tail, lanes, valid);
        }
    }

    /// <summary>columns[tap, p] = Σ_f weight[f, tap] · gradient[f, p], one fused multiply-add per filter in order (from +0).</summary>
    static void DepthwiseColumns(float* weight, float* gradient, int taps, int positions, int filters, float* columns)
    {
        switch (Simd.Width)
        {
            case 512: DepthwiseColumns<Vector512<float>, Simd512>(weight, gradient, taps, positions, filters, columns); break;
            case 256: DepthwiseColumns<Vector256<float>, Simd256>(weight, gradient, taps, positions, filters, columns); break;
            default: DepthwiseColumns<Vector128<float>, Simd128>(weight, gradient, taps, positions, filters, columns); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void DepthwiseColumns<TVec, TOps>(float* weight, float* gradient, int taps, int positions, int filters, float* columns)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        for (var t = 0; t < taps; t++)
        {
            var target = columns + (long)t * positions;
            var p = 0;
            for (; p + TOps.Count <= positions; p += TOps.Count)
            {
                var sum = TOps.Zero;
                for (var f = 0; f < filters; f++) sum = TOps.FusedMultiplyAdd(TOps.Broadcast(weight + (long)f * taps + t), TOps.Load(gradient + (long)f * positions + p), sum);
                TOps.Store(target + p, sum);
            }
            if (p == positions) continue;
            var valid = positions - p;
            var lanes = TOps.FirstLanes(valid);
            var tail = TOps.Zero;
            for (var f = 0; f < filters; f++) tail = TOps.FusedMultiplyAdd(TOps.Broadcast(weight + (long)f * taps + t), TOps.LoadFirst(gradient + (long)f * positions + p, lanes, valid), tail);
            TOps.StoreFirst(target + p, tail, lanes, valid);
        }
    }

    /// <summary>One batch group per item: its partial weight gradient (samples in order), its bias sums and its samples' input gradients.</summary>
    sealed class BackwardJob : ParallelJob
    {
        public float* Input, Weight, OutputGradient, InputGradient, Partials;
        public double* BiasSums;
        public int Groups, Batch;
        public ConvGeometry Geometry;
        public bool ThroughReLU;

        public override void Run(int item)
        {
            ref readonly var g = ref Geometry;
            var part = Part(g);
            int rows = part.ColumnRows, cols = part.ColumnCols, filters = part.Filters;
            var first = (int)((long)item * Batch / Groups);
            var end = (int)((long)(item + 1) * Batch / Groups);
            var partial = Partials + (long)item * g.WeightLength;
            var columns = Scratch.Columns((long)rows * cols);
            for (var n = first; n < end; n++)
            {
                var image = Input + (long)n * g.InputLength;
                var gradient = OutputGradient + (long)n * g.OutputLength;
                if (BiasSums != null)
                    for (var f = 0; f < g.Filters; f++)
                        BiasSums[(long)n * g.Filters + f] = VectorMath.Sum(new ReadOnlySpan<float>(gradient + (long)f * cols, cols));
                if (InputGradient != null) new Span<float>(InputGradient + (long)n * g.InputLength, g.InputLength).Clear();
                for (var group = 0; group < g.Groups; group++)
                {
                    var groupImage = image + (long)group * part.InputLength;
                    var groupGradient = gradient + (long)group * filters * cols;
                    var lowered = new Span<float>(columns, rows * cols);
                    if (Partials != null)
                    {
                        Im2Col.Lower(new ReadOnlySpan<float>(groupImage, part.InputLength), lowered, part);
                        // dW_g (+)= dY_g · columnsᵀ: both have the positions contiguous.
                        DotProducts.MultiplyNT(filters, rows, cols, groupGradient, cols, columns, cols, partial + (long)group * filters * rows, rows, accumulate: n > first);
                    }
                    if (InputGradient == null) continue;
                    // dcolumns = W_gᵀ · dY_g (depthwise: a few filters, so FMAs across positions rather than a GEMM), then
                    // col2im adds them into the group's channels.
                    var groupWeight = Weight + (long)group * filters * rows;
                    if (part.Channels == 1) DepthwiseColumns(groupWeight, groupGradient, rows, cols, filters, columns);
                    else Gemm.MultiplyTN(rows, cols, filters, new ReadOnlySpan<float>(groupWeight, filters * rows),
                        new ReadOnlySpan<float>(groupGradient, filters * cols), lowered, accumulate: false);
                    Im2Col.Raise(lowered, new Span<float>(InputGradient + (long)n * g.InputLength + (long)group * part.InputLength, part.InputLength), part);
                }
                if (InputGradient != null && ThroughReLU)
                {
                    var dx = new Span<float>(InputGradient + (long)n * g.InputLength, g.InputLength);
                    Activations.ReLUBackward(new ReadOnlySpan<float>(image, g.InputLength), dx, dx);
                }
            }
        }
    }
}
