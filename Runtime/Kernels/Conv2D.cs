using System.ComponentModel;
using System.Runtime.CompilerServices;
using CnnGen.Threading;

namespace CnnGen.Kernels;

/// <summary>Conv2D over a batch (NCHW). An empty <c>bias</c> / <c>biasGradient</c> means no bias; an empty <c>inputGradient</c> skips it (first layer).</summary>
/// <remarks>
/// <para>
/// Forward: a direct register-tiled convolution (<see cref="DirectConv"/>) reads the taps straight from the image with
/// the bias as the accumulators' start, on every vector width: stride 1 from the image (zero-padded into scratch when
/// the layer pads), stride S from the padded image split into its S×S phases, so that a strided tap is again a
/// unit-stride read (the 7×7 stride-2 stem, 3×3 and 1×1 stride-2 convolutions: no im2col); 1×1 stride-1 ones are a
/// GEMM straight over NCHW (<see cref="PointwiseConv"/>). The filters are packed
/// per call (the network's <c>Parameters</c> is a writable span, so no cache could see a change): for one sample each
/// filter tile is packed just before it runs, for a batch all of them once. Grouped (<see cref="ConvGeometry.Groups"/>,
/// depthwise included) and dilated convolutions take <see cref="GroupedConv2D"/>'s paths. Every path gives the same
/// bits on every width (<see cref="Simd"/>).
/// </para>
/// <para>
/// Parallelism and determinism: samples are independent in the forward pass and for the input gradient; with fewer
/// samples than threads, each sample's filters are split into runs of whole tiles, one per thread (every output is
/// computed the same way whichever run holds it, so any thread count gives the same bits). The
/// weight gradient is summed over a fixed partition of the batch into at most <see cref="GradientGroups"/>
/// contiguous groups (samples in order within a group, in chunks whose size depends on the layer's shape, then the
/// groups in order), which depends on the batch size and the layer only: any thread count gives the same bits.
/// Scratch (im2col columns, padded images, packed weights) is per thread, so a network holds no workspace of its own.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class Conv2D
{
    /// <summary>Largest number of partial weight gradients a batch is split into.</summary>
    internal const int GradientGroups = 8;

    [ThreadStatic] static ForwardJob? t_forward;
    [ThreadStatic] static BackwardJob? t_backward;

    /// <summary>output[n] = W · im2col(input[n]) + b.</summary>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, in ConvGeometry geometry, int batch) =>
        Forward(input, weight, bias, output, geometry, batch, rectify: false);

    /// <summary>
    /// output[n] = ReLU(W · im2col(input[n]) + b): a convolution and the ReLU after it in one pass, the rectification
    /// applied as the results are stored (the same bits as <see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, in ConvGeometry, int)"/>
    /// then <see cref="Activations.ReLU"/>), so the unrectified map is never written.
    /// </summary>
    public static void ForwardWithReLU(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, in ConvGeometry geometry, int batch) =>
        Forward(input, weight, bias, output, geometry, batch, rectify: true);

    static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, in ConvGeometry geometry, int batch, bool rectify)
    {
        Check(input, weight, output, geometry, batch);
        if (!bias.IsEmpty) KernelGuard.Exactly(bias.Length, geometry.Filters, nameof(bias));
        if (batch == 0) return;
        if (GroupedConv2D.Handles(geometry))
        {
            fixed (float* pi = input, pw = weight, pb = bias, po = output)
                GroupedConv2D.Forward(pi, pw, pb, po, geometry, batch, rectify);
            return;
        }
        if (PointwiseConv.Handles(geometry))
        {
            fixed (float* pi = input, pw = weight, pb = bias, po = output)
                PointwiseConv.Forward(pi, pw, pb, po, geometry, batch, rectify);
            return;
        }

        var job = t_forward ??= new ForwardJob();
        fixed (float* pi = input, pw = weight, pb = bias, po = output)
        {
            job.Input = pi; job.Weight = pw; job.Bias = pb; job.Output = po; job.Packed = null; job.Rectify = rectify;
            job.Direct = false; job.PackEachTile = false;
            job.Geometry = geometry;
            job.Parts = 1;
            if (UsesGemm(geometry))
            {
                WorkerPool.Run(job, batch);
                return;
            }
            // Fewer samples than threads: each sample's filters are split into runs of whole tiles, one per thread.
            // Every output is computed the same way whichever run (and thread) holds it, so the bits do not depend on
            // the split.
            var threads = KernelThreads.Current;
            if (batch < threads) job.Parts = Math.Min(threads, Math.Max(1, geometry.Filters / 4));
            job.Layout = DirectLayout(geometry);
            job.Direct = true;
            // One sample uses each filter tile once: each tile is packed just before it runs (DirectConv.Forward).
            job.PackEachTile = batch == 1;
            if (!job.PackEachTile)
            {
                job.Packed = Scratch.Packed((long)geometry.Filters * geometry.ColumnRows);
                PackFilters(pw, geometry.Filters, geometry.ColumnRows, job.Packed, job.Parts);
            }
            WorkerPool.Run(job, batch * job.Parts);
        }
    }

    [ThreadStatic] static PackJob? t_pack;

    /// <summary>Packs the filters (<see cref="DirectConv.Pack(float*, int, int, float*)"/>), in <paramref name="parts"/> runs of whole tiles on the worker threads.</summary>
    internal static void PackFilters(float* weight, int filters, int taps, float* packed, int parts)
    {
        if (parts == 1)
        {
            DirectConv.Pack(weight, filters, taps, packed);
            return;
        }
        var job = t_pack ??= new PackJob();
        job.Weight = weight; job.Packed = packed; job.Filters = filters; job.Taps = taps; job.Parts = parts;
        WorkerPool.Run(job, parts);
    }

    /// <summary>One run of whole filter tiles packed per item.</summary>
    sealed class PackJob : ParallelJob
    {
        public float* Weight, Packed;
        public int Filters, Taps, Parts;

        public override void Run(int part) =>
            DirectConv.Pack(Weight, Filters, Taps, Packed, DirectConv.TileBoundary(part, Parts, Filters), DirectConv.TileBoundary(part + 1, Parts, Filters));
    }

    /// <summary>Whether the forward pass is im2col + GEMM rather than the direct kernel (no layer at present: see <see cref="DirectLayout"/>).</summary>
    static bool UsesGemm(in ConvGeometry g) => false;

    /// <summary>
    /// Where the direct kernel reads the taps. Stride 1: the zero-padded image, tap (c, ky, kx) at c·Hp·Wp + ky·Wp + kx.
    /// Stride S &gt; 1: the padded image split into its S×S phases (phase (py, px) holds the rows py, py + S, … and the
    /// columns px, px + S, …, each ⌈Hp/S⌉ × ⌈Wp/S⌉), so output (oy, ox) reads phase (ky mod S, kx mod S) at
    /// (oy + ky div S, ox + kx div S): a unit-stride read again, taps still summed in (c, ky, kx) order, no im2col.
    /// The offsets live in the calling thread's scratch; the workers only read them.
    /// </summary>
    internal static DirectConv.Layout DirectLayout(in ConvGeometry g)
    {
        int height = g.Height + 2 * g.Padding, width = g.Width + 2 * g.Padding, k = g.Kernel, s = g.Stride;
        var offsets = Scratch.Offsets(g.ColumnRows);
        if (s == 1)
        {
            for (int c = 0, t = 0; c < g.Channels; c++)
                for (var ky = 0; ky < k; ky++)
                    for (var kx = 0; kx < k; kx++, t++) offsets[t] = (c * height + ky) * width + kx;
            return new DirectConv.Layout(width, g.OutHeight, g.OutWidth, offsets, g.ColumnRows);
        }
        var phases = Math.Min(s, k);
        int phaseHeight = (height + s - 1) / s, phaseWidth = (width + s - 1) / s;
        for (int c = 0, t = 0; c < g.Channels; c++)
            for (var ky = 0; ky < k; ky++)
                for (var kx = 0; kx < k; kx++, t++)
                    offsets[t] = (((c * phases + ky % s) * phases + kx % s) * phaseHeight + ky / s) * phaseWidth + kx / s;
        return new DirectConv.Layout(phaseWidth, g.OutHeight, g.OutWidth, offsets, g.ColumnRows);
    }

    /// <summary>The phases of one zero-padded image (<see cref="DirectLayout"/>) in this thread's scratch, with <see cref="DirectConv.Slack"/> floats of slack.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float* PhaseSource(float* image, in ConvGeometry g)
    {
        int s = g.Stride, pad = g.Padding, height = g.Height, width = g.Width, phases = Math.Min(s, g.Kernel);
        int phaseHeight = (height + 2 * pad + s - 1) / s, phaseWidth = (width + 2 * pad + s - 1) / s;
        var plane = (long)phaseHeight * phaseWidth;
        var length = g.Channels * phases * phases * plane;
        var target = Scratch.Image(length + DirectConv.Slack);
        if (s == 2 && phases == 2)
        {
            // Stride 2 (the 7×7 stem, 3×3 stride-2 layers): vector gathers of even and odd columns.
            PhaseSplit.Split(image, g.Channels, height, width, pad, Scratch.PhaseInput(PhaseSplit.PaddedLength(height, width, pad)), target);
            new Span<float>(target + length, DirectConv.Slack).Clear();
            return target;
        }
        for (var c = 0; c < g.Channels; c++)
            for (var py = 0; py < phases; py++)
                for (var px = 0; px < phases; px++)
                {
                    var phase = target + ((c * phases + py) * phases + px) * plane;
                    // Columns x' whose source column x' · S + px − P lies inside the image.
                    var firstColumn = Math.Max(0, (pad - px + s - 1) / s);
                    var endColumn = Math.Min(phaseWidth, (width + pad - px + s - 1) / s);
                    for (var y = 0; y < phaseHeight; y++)
                    {
                        var row = phase + (long)y * phaseWidth;
                        var sourceRow = y * s + py - pad;
                        if (sourceRow < 0 || sourceRow >= height || firstColumn >= endColumn)
                        {
                            new Span<float>(row, phaseWidth).Clear();
                            continue;
                        }
                        var source = image + ((long)c * height + sourceRow) * width + px - pad;
                        for (var x = 0; x < firstColumn; x++) row[x] = 0f;
                        for (var x = firstColumn; x < endColumn; x++) row[x] = source[x * s];
                        for (var x = endColumn; x < phaseWidth; x++) row[x] = 0f;
                    }
                }
        new Span<float>(target + length, DirectConv.Slack).Clear();
        return target;
    }

    /// <summary>
    /// Overwrites weightGradient, biasGradient and inputGradient with the gradients summed over the batch; an empty
    /// span is skipped (a frozen layer passes an empty weight and bias gradient: only its input gradient is computed).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, in ConvGeometry geometry, int batch) =>
        Backward(input, weight, outputGradient, weightGradient, biasGradient, inputGradient, geometry, batch, throughReLU: false);

    /// <summary>
    /// As <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, in ConvGeometry, int)"/>
    /// for a convolution whose input is a ReLU's output: inputGradient receives the gradient with respect to the ReLU's
    /// input (+0 where the input is ≤ 0, the input gradient elsewhere, NaN included: the bits of <see cref="Activations.ReLUBackward"/>),
    /// applied as it is stored, so the ReLU's own gradient is never written.
    /// </summary>
    public static void BackwardThroughReLU(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, in ConvGeometry geometry, int batch) =>
        Backward(input, weight, outputGradient, weightGradient, biasGradient, inputGradient, geometry, batch, throughReLU: true);

    static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, in ConvGeometry geometry, int batch, bool throughReLU)
    {
        Check(input, weight, outputGradient, geometry, batch);
        if (!weightGradient.IsEmpty) KernelGuard.AtLeast(weightGradient.Length, (long)geometry.Filters * geometry.ColumnRows, nameof(weightGradient));
        if (!biasGradient.IsEmpty) KernelGuard.Exactly(biasGradient.Length, geometry.Filters, nameof(biasGradient));
        if (!inputGradient.IsEmpty) KernelGuard.AtLeast(inputGradient.Length, (long)batch * geometry.InputLength, nameof(inputGradient));

        var weightLength = geometry.Filters * geometry.ColumnRows;
        if (batch == 0)
        {
            if (!weightGradient.IsEmpty) weightGradient.Slice(0, weightLength).Clear();
            if (!biasGradient.IsEmpty) biasGradient.Clear();
            return;
        }
        if (weightGradient.IsEmpty && biasGradient.IsEmpty && inputGradient.IsEmpty) return;

        var groups = Math.Min(batch, GradientGroups);
        // No weight gradient wanted: no partial sums, and the jobs skip the im2col and products that feed them.
        var partials = weightGradient.IsEmpty ? null : Scratch.Partials((long)groups * weightLength);
        var biasSums = biasGradient.IsEmpty ? null : Scratch.Sums((long)batch * geometry.Filters);
        if (GroupedConv2D.Handles(geometry))
        {
            fixed (float* pi = input, pw = weight, pdy = outputGradient, pdx = inputGradient)
                GroupedConv2D.Backward(pi, pw, pdy, pdx, partials, biasSums, groups, geometry, batch, throughReLU);
        }
        else
        {
            BackwardUngrouped(input, weight, outputGradient, inputGradient, partials, biasSums, groups, geometry, batch, throughReLU);
        }
        if (weightGradient.IsEmpty && biasGradient.IsEmpty) return;
        fixed (float* pdw = weightGradient, pdb = biasGradient)
            ReduceGradients(partials, groups, pdw, geometry.ColumnRows, biasSums, biasGradient.IsEmpty ? null : pdb, geometry.Filters, batch);
    }

    static void BackwardUngrouped(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, float* partials, double* biasSums, int groups, in ConvGeometry geometry, int batch, bool throughReLU)
    {
        float* flipped = null;
        if (!inputGradient.IsEmpty && UsesTransposedConvolution(geometry))
        {
            var flippedRows = Scratch.Weights((long)geometry.Filters * geometry.ColumnRows);
            FlipWeights(weight, flippedRows, geometry);
            flipped = Scratch.Packed((long)geometry.Filters * geometry.ColumnRows);
            DirectConv.Pack(flippedRows, geometry.Channels, geometry.Filters * geometry.Kernel * geometry.Kernel, flipped);
        }
        var job = t_backward ??= new BackwardJob();
        fixed (float* pi = input, pw = weight, pdy = outputGradient, pdx = inputGradient)
        {
            job.Input = pi; job.Weight = pw; job.OutputGradient = pdy; job.InputGradient = pdx;
            job.Partials = partials; job.BiasSums = biasSums; job.Groups = groups; job.Batch = batch; job.Flipped = flipped; job.ThroughReLU = throughReLU;
            job.Geometry = geometry;
            WorkerPool.Run(job, groups);
        }
    }

    /// <summary>
    /// The weight gradient as the sum of <paramref name="groups"/> partial gradients (group order) and the bias gradient
    /// as the per-(sample, filter) double sums added in sample order: a run of filters per thread, every element
    /// computed the same way however the filters are split. A null gradient (and its sums) is skipped.
    /// </summary>
    internal static void ReduceGradients(float* partials, int groups, float* weightGradient, int taps, double* biasSums, float* biasGradient, int filters, int batch)
    {
        var reduce = t_reduce ??= new ReduceJob();
        reduce.Partials = partials; reduce.Groups = groups; reduce.WeightGradient = weightGradient; reduce.Taps = taps;
        reduce.BiasSums = biasSums; reduce.BiasGradient = biasGradient;
        reduce.Filters = filters; reduce.Batch = batch;
        reduce.Items = Math.Min(KernelThreads.Current, filters);
        WorkerPool.Run(reduce, reduce.Items);
    }

    [ThreadStatic] static ReduceJob? t_reduce;

    /// <summary>
    /// A contiguous run of filters per item: their rows of the weight gradient as the sums of the groups' partial rows
    /// (group order), and their bias gradients as the per-sample sums of dY (<see cref="BackwardJob.BiasSums"/>) added
    /// in double in sample order. Every element is computed the same way however the filters are split.
    /// </summary>
    sealed class ReduceJob : ParallelJob
    {
        public float* Partials, WeightGradient, BiasGradient;
        public double* BiasSums;
        public int Groups, Taps, Filters, Batch, Items;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Run(int item)
        {
            var first = (int)((long)item * Filters / Items);
            var end = (int)((long)(item + 1) * Filters / Items);
            if (WeightGradient != null)
            {
                var weightLength = (long)Filters * Taps;
                var rows = (end - first) * Taps;
                var target = new Span<float>(WeightGradient + (long)first * Taps, rows);
                new ReadOnlySpan<float>(Partials + (long)first * Taps, rows).CopyTo(target);
                for (var g = 1; g < Groups; g++) VectorMath.Add(new ReadOnlySpan<float>(Partials + g * weightLength + (long)first * Taps, rows), target);
            }
            if (BiasGradient == null) return;
            for (var f = first; f < end; f++)
            {
                var sum = 0.0;
                for (var n = 0; n < Batch; n++) sum += BiasSums[(long)n * Filters + f];
                BiasGradient[f] = (float)sum;
            }
        }
    }

    static bool IsPointwise(in ConvGeometry g) => g.Kernel == 1 && g.Stride == 1 && g.Padding == 0;

    /// <summary>
    /// The input gradient of a stride-1 convolution is itself a stride-1 convolution: of dY zero-padded by K − 1 − P
    /// with the weights transposed (F ↔ C) and flipped, so the direct kernel computes it without im2col or col2im.
    /// </summary>
    static bool UsesTransposedConvolution(in ConvGeometry g) => g.Stride == 1 && g.Padding <= g.Kernel - 1;

    /// <summary>W'[c, f, ky, kx] = W[f, c, K−1−ky, K−1−kx].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void FlipWeights(ReadOnlySpan<float> weight, float* flipped, in ConvGeometry g)
    {
        int k = g.Kernel, taps = k * k;
        for (var f = 0; f < g.Filters; f++)
            for (var c = 0; c < g.Channels; c++)
                for (var t = 0; t < taps; t++)
                    flipped[((long)c * g.Filters + f) * taps + t] = weight[(f * g.Channels + c) * taps + (taps - 1 - t)];
    }

    /// <summary>dY of one sample zero-padded by K − 1 − P on every side (with <see cref="DirectConv.Slack"/> floats of slack) in this thread's scratch.</summary>
    static float* PaddedGradient(float* gradient, in ConvGeometry g, out int height, out int width)
    {
        var pad = g.Kernel - 1 - g.Padding;
        height = g.OutHeight + 2 * pad;
        width = g.OutWidth + 2 * pad;
        var padded = Scratch.Gradient((long)g.Filters * height * width + DirectConv.Slack);
        ZeroPad(gradient, g.Filters, g.OutHeight, g.OutWidth, pad, padded, slack: DirectConv.Slack);
        return padded;
    }

    /// <summary>
    /// Copies <paramref name="planes"/> consecutive (H, W) planes into (H + 2P, W + 2P) planes with zero borders, then
    /// <paramref name="slack"/> zeros: one pass that writes every target float once (no clearing pass before the copy).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ZeroPad(float* source, long planes, int height, int width, int pad, float* target, int slack)
    {
        var paddedWidth = width + 2 * pad;
        var border = pad * paddedWidth;
        for (long plane = 0; plane < planes; plane++)
        {
            new Span<float>(target, border).Clear();
            target += border;
            for (var y = 0; y < height; y++, source += width, target += paddedWidth)
            {
                for (var x = 0; x < pad; x++) target[x] = 0f;
                new ReadOnlySpan<float>(source, width).CopyTo(new Span<float>(target + pad, width));
                for (var x = pad + width; x < paddedWidth; x++) target[x] = 0f;
            }
            new Span<float>(target, border).Clear();
            target += border;
        }
        new Span<float>(target, slack).Clear();
    }

    static void Check(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> output, in ConvGeometry geometry, int batch)
    {
        KernelGuard.Valid(geometry);
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(input.Length, (long)batch * geometry.InputLength, nameof(input));
        KernelGuard.AtLeast(weight.Length, (long)geometry.Filters * geometry.ColumnRows, nameof(weight));
        KernelGuard.AtLeast(output.Length, (long)batch * geometry.OutputLength, nameof(output));
    }

    /// <summary>The image itself when it can be read directly; else a zero-padded copy in this thread's scratch (with <see cref="DirectConv.Slack"/> floats of slack).</summary>
    static float* DirectSource(float* image, in ConvGeometry g, out int height, out int width)
    {
        height = g.Height + 2 * g.Padding;
        width = g.Width + 2 * g.Padding;
        if (g.Padding == 0 && !DirectConv.NeedsSlack(g.OutWidth)) return image;
        var padded = Scratch.Image((long)g.Channels * height * width + DirectConv.Slack);
        ZeroPad(image, g.Channels, g.Height, g.Width, g.Padding, padded, slack: DirectConv.Slack);
        return padded;
    }

    /// <summary>Samples per direct weight-gradient reduction: their padded images and output gradients fill at most 256 KB.</summary>
    static int DirectWeightGradientChunk(in ConvGeometry g)
    {
        const long budget = 64 * 1024;
        var perSample = (long)g.Channels * (g.Height + 2 * g.Padding) * (g.Width + 2 * g.Padding) + g.OutputLength;
        return (int)Math.Max(1, budget / perSample);
    }

    /// <summary>
    /// A run of consecutive images as the weight gradient reads them: the input itself when unpadded, else zero-padded
    /// copies in this thread's scratch (masked loads read no slack). <paramref name="stride"/> is the distance between images.
    /// </summary>
    static float* PaddedImages(float* images, int count, in ConvGeometry g, out int height, out int width, out long stride)
    {
        height = g.Height + 2 * g.Padding;
        width = g.Width + 2 * g.Padding;
        if (g.Padding == 0)
        {
            stride = g.InputLength;
            return images;
        }
        stride = (long)g.Channels * height * width;
        var padded = Scratch.Image(count * stride);
        // The images of a run are consecutive planes.
        ZeroPad(images, (long)count * g.Channels, g.Height, g.Width, g.Padding, padded, slack: 0);
        return padded;
    }

    /// <summary>One sample's forward pass per item, or one run of its filters (<see cref="Parts"/> runs per sample).</summary>
    sealed class ForwardJob : ParallelJob
    {
        public float* Input, Weight, Bias, Output, Packed;
        public ConvGeometry Geometry;
        public DirectConv.Layout Layout;
        public int Parts;
        public bool Rectify, Direct, PackEachTile;

        public override void Run(int item)
        {
            ref readonly var g = ref Geometry;
            var n = item / Parts;
            var image = Input + (long)n * g.InputLength;
            var result = Output + (long)n * g.OutputLength;
            if (Direct)
            {
                var part = item % Parts;
                var source = g.Stride == 1 ? DirectSource(image, g, out _, out _) : PhaseSource(image, g);
                DirectConv.Forward(source, Layout, Packed, Bias, result, g.Filters,
                    DirectConv.TileBoundary(part, Parts, g.Filters), DirectConv.TileBoundary(part + 1, Parts, g.Filters), Rectify,
                    unpackedWeight: PackEachTile ? Weight : null);
                return;
            }
            int rows = g.ColumnRows, cols = g.ColumnCols;
            var lowered = image;
            if (!IsPointwise(g))
            {
                lowered = Scratch.Columns((long)rows * cols);
                Im2Col.Lower(new ReadOnlySpan<float>(image, g.InputLength), new Span<float>(lowered, rows * cols), g);
            }
            var output = new Span<float>(result, g.OutputLength);
            Gemm.MultiplyNN(g.Filters, cols, rows, new ReadOnlySpan<float>(Weight, g.Filters * rows), new ReadOnlySpan<float>(lowered, rows * cols), output, accumulate: false);
            if (Bias != null)
                for (var f = 0; f < g.Filters; f++) VectorMath.AddScalar(output.Slice(f * cols, cols), Bias[f]);
            if (Rectify) Activations.ReLU(output, output);
        }
    }

    /// <summary>One group of samples per item: its partial weight gradient (none when <see cref="Partials"/> is null), and each sample's input gradient.</summary>
    sealed class BackwardJob : ParallelJob
    {
        public float* Input, Weight, OutputGradient, InputGradient, Partials, Flipped;
        /// <summary>Σ over positions of dY[n, f] in double, per (sample, filter), taken while the chunk's dY is in cache; null without a bias.</summary>
        public double* BiasSums;
        public int Groups, Batch;
        public ConvGeometry Geometry;
        public bool ThroughReLU;

        public override void Run(int group)
        {
            ref readonly var g = ref Geometry;
            int rows = g.ColumnRows, cols = g.ColumnCols, filters = g.Filters;
            var first = (int)((long)group * Batch / Groups);
            var end = (int)((long)(group + 1) * Batch / Groups);
            var partial = Partials + (long)group * filters * rows;
            var pointwise = IsPointwise(g);
            var columns = pointwise ? null : Scratch.Columns((long)rows * cols);
            var direct = g.Stride == 1;
            var weights = Partials != null;
            if (direct && weights)
            {
                // No im2col: taps read straight from the (padded) image rows, as many samples per reduction as
                // keep their images and gradients within half of L2.
                var chunk = DirectWeightGradientChunk(g);
                for (var n = first; n < end; n += chunk)
                {
                    var count = Math.Min(chunk, end - n);
                    var images = PaddedImages(Input + (long)n * g.InputLength, count, g, out var height, out var width, out var stride);
                    DirectConvWeightGradient.Compute(images, stride, g.Channels, height, width, g.Kernel, OutputGradient + (long)n * g.OutputLength, g.OutputLength,
                        filters, count, partial, accumulate: n > first);
                    SumBias(n, count);
                }
            }
            for (var n = first; n < end; n++)
            {
                var image = Input + (long)n * g.InputLength;
                var gradient = OutputGradient + (long)n * g.OutputLength;
                if (!weights) SumBias(n, 1);
                if (!direct && weights)
                {
                    var lowered = image;
                    if (!pointwise)
                    {
                        Im2Col.Lower(new ReadOnlySpan<float>(image, g.InputLength), new Span<float>(columns, rows * cols), g);
                        lowered = columns;
                    }
                    // dW (+)= dY[n] · columnsᵀ: both have the positions contiguous.
                    DotProducts.MultiplyNT(filters, rows, cols, gradient, cols, lowered, cols, partial, rows, accumulate: n > first);
                    SumBias(n, 1);
                }

                if (InputGradient == null) continue;
                if (Flipped != null)
                {
                    var source = PaddedGradient(gradient, g, out var height, out var width);
                    DirectConv.Forward(source, filters, height, width, g.Kernel, Flipped, null, InputGradient + (long)n * g.InputLength, g.Channels,
                        mask: ThroughReLU ? image : null);
                    continue;
                }
                var imageGradient = new Span<float>(InputGradient + (long)n * g.InputLength, g.InputLength);
                var weight = new ReadOnlySpan<float>(Weight, filters * rows);
                var upstream = new ReadOnlySpan<float>(gradient, g.OutputLength);
                if (pointwise)
                {
                    Gemm.MultiplyTN(rows, cols, filters, weight, upstream, imageGradient, accumulate: false);
                }
                else
                {
                    // dcolumns = Wᵀ · dY[n], then col2im (which adds, hence the clear).
                    var dcolumns = new Span<float>(columns, rows * cols);
                    Gemm.MultiplyTN(rows, cols, filters, weight, upstream, dcolumns, accumulate: false);
                    imageGradient.Clear();
                    Im2Col.Raise(dcolumns, imageGradient, g);
                }
                if (ThroughReLU) Activations.ReLUBackward(new ReadOnlySpan<float>(image, g.InputLength), imageGradient, imageGradient);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void SumBias(int first, int count)
        {
            if (BiasSums == null) return;
            int filters = Geometry.Filters, spatial = Geometry.ColumnCols;
            for (var n = first; n < first + count; n++)
                for (var f = 0; f < filters; f++)
                    BiasSums[(long)n * filters + f] = VectorMath.Sum(new ReadOnlySpan<float>(OutputGradient + ((long)n * filters + f) * spatial, spatial));
        }
    }
}
