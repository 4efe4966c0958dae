using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Runtime.CompilerServices;
using CnnGen.Threading;

namespace CnnGen.Kernels;

/// <summary>Max pooling; padding counts as −∞; <c>argmax</c> records the input index (within the sample) of each output.</summary>
/// <remarks>
/// Like PyTorch, the scan starts at the window's first in-bounds position and moves on only to a strictly larger
/// value or a NaN (<c>val &gt; max || isnan(val)</c>): ties go to the first maximum, and NaN propagates. The
/// recorded index is c·H·W + y·W + x.
/// </remarks>
public static class MaxPool2D
{
    /// <summary>Pools and records the winners.</summary>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax, in PoolGeometry geometry, int batch)
    {
        Check(geometry, batch, input.Length, output.Length, argmax.Length);
        RunPerSample(PoolJob.Mode.Forward, input, output, argmax, ReadOnlySpan<float>.Empty, geometry, batch);
    }

    /// <summary>Samples [first, end): pools them, then rectifies their pooled values if asked (<see cref="ForwardAfterReLU"/>).</summary>
    static void PoolSamples(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax, in PoolGeometry geometry, int first, int end, bool rectify)
    {
        if (geometry.Size == 2 && geometry.Stride == 2 && geometry.Padding == 0) Forward2x2(input, output, argmax, geometry, first, end);
        else PoolScan(input, output, argmax, geometry, first, end);
        if (rectify)
        {
            var pooled = output.Slice(first * geometry.OutputLength, (end - first) * geometry.OutputLength);
            Activations.ReLU(pooled, pooled);
        }
    }

    static void PoolScan(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax, in PoolGeometry geometry, int first, int end)
    {
        int channels = geometry.Channels, height = geometry.Height, width = geometry.Width;
        int size = geometry.Size, stride = geometry.Stride, padding = geometry.Padding;
        int outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        int inLength = geometry.InputLength, outLength = geometry.OutputLength;
        for (var n = first; n < end; n++)
        {
            var sample = input.Slice(n * inLength, inLength);
            var pooled = output.Slice(n * outLength, outLength);
            var winners = argmax.Slice(n * outLength, outLength);
            var o = 0;
            for (var c = 0; c < channels; c++)
            {
                var plane = c * height * width;
                for (var oy = 0; oy < outHeight; oy++)
                {
                    var y0 = oy * stride - padding;
                    int yStart = Math.Max(y0, 0), yEnd = Math.Min(y0 + size, height);
                    for (var ox = 0; ox < outWidth; ox++, o++)
                    {
                        var x0 = ox * stride - padding;
                        int xStart = Math.Max(x0, 0), xEnd = Math.Min(x0 + size, width);
                        var best = float.NegativeInfinity;
                        var bestIndex = plane + yStart * width + xStart;
                        for (var y = yStart; y < yEnd; y++)
                        {
                            var row = plane + y * width;
                            for (var x = xStart; x < xEnd; x++)
                            {
                                var value = sample[row + x];
                                if (value > best || float.IsNaN(value))
                                {
                                    best = value;
                                    bestIndex = row + x;
                                }
                            }
                        }
                        pooled[o] = best;
                        winners[o] = bestIndex;
                    }
                }
            }
        }
    }

    /// <summary>The common 2×2, stride-2, unpadded case: every window lies inside, no bounds checks, no branches on values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Forward2x2(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax, in PoolGeometry geometry, int first, int end)
    {
        int width = geometry.Width, height = geometry.Height;
        int outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        int firstPlane = first * geometry.Channels, planes = end * geometry.Channels;
        // A local constant, not a static field: an AggressiveOptimization method is compiled before class init.
        var evenOffsets = Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        fixed (float* pin = input, pout = output)
        fixed (int* parg = argmax)
        {
            var o = firstPlane * outHeight * outWidth;
            for (var plane = firstPlane; plane < planes; plane++)
            {
                // argmax is relative to the sample: planes of one sample follow each other.
                var sampleBase = plane / geometry.Channels * geometry.InputLength;
                var planeStart = plane * height * width;
                for (var oy = 0; oy < outHeight; oy++)
                {
                    var top = pin + planeStart + 2 * oy * width;
                    var topIndex = planeStart - sampleBase + 2 * oy * width;
                    var ox = 0;
                    if (Avx2.IsSupported && outWidth >= 8)
                    {
                        // Blocks of 8 outputs; the last block is moved back to end at the row's end (it overlaps
                        // the previous one and rewrites the same values) so that no scalar, branchy tail remains.
                        for (var block = 0; block < outWidth; block += 8)
                        {
                            var bx = Math.Min(block, outWidth - 8);
                            var start = top + 2 * bx;
                            var (topEven, topOdd) = Deinterleave(Avx.LoadVector256(start), Avx.LoadVector256(start + 8));
                            var (bottomEven, bottomOdd) = Deinterleave(Avx.LoadVector256(start + width), Avx.LoadVector256(start + width + 8));
                            var index = Vector256.Create(topIndex + 2 * bx) + evenOffsets;
                            var best = topEven;
                            Take(ref best, ref index, topOdd, index + Vector256.Create(1));
                            Take(ref best, ref index, bottomEven, Vector256.Create(topIndex + 2 * bx + width) + evenOffsets);
                            Take(ref best, ref index, bottomOdd, Vector256.Create(topIndex + 2 * bx + width + 1) + evenOffsets);
                            Avx.Store(pout + o + bx, best);
                            Avx.Store(parg + o + bx, index);
                        }
                        o += outWidth;
                        continue;
                    }
                    for (; ox < outWidth; ox++, o++)
                    {
                        var x = 2 * ox;
                        // Same scan as the general path: take a strictly larger value or a NaN.
                        var best = top[x];
                        var index = topIndex + x;
                        var v = top[x + 1];
                        var take = v > best || float.IsNaN(v);
                        best = take ? v : best; index = take ? topIndex + x + 1 : index;
                        v = top[x + width];
                        take = v > best || float.IsNaN(v);
                        best = take ? v : best; index = take ? topIndex + x + width : index;
                        v = top[x + width + 1];
                        take = v > best || float.IsNaN(v);
                        best = take ? v : best; index = take ? topIndex + x + width + 1 : index;
                        pout[o] = best;
                        parg[o] = index;
                    }
                }
            }
        }
    }

    /// <summary>Lanes where the candidate is strictly larger, or NaN, take the candidate and its index (the scalar scan's rule).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Take(ref Vector256<float> best, ref Vector256<int> index, Vector256<float> candidate, Vector256<int> candidateIndex)
    {
        var take = Avx.Or(Avx.CompareGreaterThan(candidate, best), Avx.CompareUnordered(candidate, candidate));
        best = Avx.BlendVariable(best, candidate, take);
        index = Avx.BlendVariable(index.AsSingle(), candidateIndex.AsSingle(), take).AsInt32();
    }

    /// <summary>16 consecutive floats → (the 8 at even positions, the 8 at odd positions), in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector256<float> Even, Vector256<float> Odd) Deinterleave(Vector256<float> low, Vector256<float> high)
    {
        var even = Avx.Shuffle(low, high, 0b10_00_10_00);
        var odd = Avx.Shuffle(low, high, 0b11_01_11_01);
        return (Avx2.Permute4x64(even.AsDouble(), 0b11_01_10_00).AsSingle(), Avx2.Permute4x64(odd.AsDouble(), 0b11_01_10_00).AsSingle());
    }

    /// <summary>Overwrites inputGradient: each output gradient goes to its winner.</summary>
    public static void Backward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> argmax, Span<float> inputGradient, in PoolGeometry geometry, int batch)
    {
        Check(geometry, batch, inputGradient.Length, outputGradient.Length, argmax.Length);
        RunPerSample(PoolJob.Mode.Scatter, outputGradient, inputGradient, argmax, ReadOnlySpan<float>.Empty, geometry, batch);
    }

    /// <summary>
    /// Max pooling of ReLU(input), as a ReLU layer followed by this pooling computes it, without writing the rectified
    /// input: max pooling commutes with the ReLU (both are monotone, and NaN wins both), so the pooled values are
    /// rectified instead. Where a window's maximum is not positive the recorded winner may differ from the unfused
    /// pair's (ties of zeros), but <see cref="BackwardAfterReLU"/> sends such a window no gradient, as the ReLU would.
    /// </summary>
    public static void ForwardAfterReLU(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax, in PoolGeometry geometry, int batch)
    {
        Check(geometry, batch, input.Length, output.Length, argmax.Length);
        RunPerSample(PoolJob.Mode.ForwardAfterReLU, input, output, argmax, ReadOnlySpan<float>.Empty, geometry, batch);
    }

    /// <summary>
    /// Overwrites inputGradient with the gradient with respect to the ReLU's input of <see cref="ForwardAfterReLU"/>:
    /// each output gradient goes to its winner where the pooled (rectified) output is positive, which is what the
    /// pooling's backward followed by the ReLU's gives, in one pass.
    /// </summary>
    public static void BackwardAfterReLU(ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> output, ReadOnlySpan<int> argmax, Span<float> inputGradient, in PoolGeometry geometry, int batch)
    {
        Check(geometry, batch, inputGradient.Length, outputGradient.Length, argmax.Length);
        KernelGuard.AtLeast(output.Length, (long)batch * geometry.OutputLength, nameof(output));
        RunPerSample(PoolJob.Mode.Scatter, outputGradient, inputGradient, argmax, output, geometry, batch);
    }

    /// <summary>Each output gradient to its winner, only where <paramref name="pooled"/> (if not empty) is positive.</summary>
    static void Scatter(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> argmax, ReadOnlySpan<float> pooled, Span<float> inputGradient, in PoolGeometry geometry, int first, int end)
    {
        if (geometry.Size == 2 && geometry.Stride == 2 && geometry.Padding == 0 && Avx2.IsSupported && geometry.OutWidth >= 8)
        {
            Scatter2x2(outputGradient, argmax, pooled, inputGradient, geometry, first, end);
            return;
        }
        int inLength = geometry.InputLength, outLength = geometry.OutputLength;
        var masked = !pooled.IsEmpty;
        inputGradient.Slice(first * inLength, (end - first) * inLength).Clear();
        for (var n = first; n < end; n++)
        {
            var gradient = inputGradient.Slice(n * inLength, inLength);
            var upstream = outputGradient.Slice(n * outLength, outLength);
            var winners = argmax.Slice(n * outLength, outLength);
            // Overlapping windows (stride < size) can share a winner: add, never assign.
            if (!masked)
            {
                for (var o = 0; o < outLength; o++) gradient[winners[o]] += upstream[o];
                continue;
            }
            var values = pooled.Slice(n * outLength, outLength);
            for (var o = 0; o < outLength; o++)
                if (values[o] > 0f) gradient[winners[o]] += upstream[o];
        }
    }

    /// <summary>
    /// 2×2, stride 2, unpadded: windows tile the input, so each window's four positions are written once (its gradient
    /// at the winner, zeros elsewhere), 8 windows per step, with no clearing pass; an odd last row or column gets zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Scatter2x2(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> argmax, ReadOnlySpan<float> pooled, Span<float> inputGradient, in PoolGeometry geometry, int first, int end)
    {
        int width = geometry.Width, height = geometry.Height;
        int outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        int firstPlane = first * geometry.Channels, planes = end * geometry.Channels;
        var masked = !pooled.IsEmpty;
        var evenOffsets = Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        fixed (float* pdy = outputGradient, pmask = pooled, pdx = inputGradient)
        fixed (int* parg = argmax)
        {
            var o = firstPlane * outHeight * outWidth;
            for (var plane = firstPlane; plane < planes; plane++)
            {
                var sampleBase = plane / geometry.Channels * geometry.InputLength;
                var planeStart = plane * height * width;
                for (var oy = 0; oy < outHeight; oy++)
                {
                    var top = pdx + planeStart + 2 * oy * width;
                    var topIndex = planeStart - sampleBase + 2 * oy * width;
                    // Blocks of 8 windows; the last block moves back to end at the row's end (rewriting the same values).
                    for (var block = 0; block < outWidth; block += 8)
                    {
                        var bx = Math.Min(block, outWidth - 8);
                        var gradient = Avx.LoadVector256(pdy + o + bx);
                        if (masked) gradient = Avx.And(gradient, Avx.CompareGreaterThan(Avx.LoadVector256(pmask + o + bx), Vector256<float>.Zero));
                        var winner = Avx.LoadVector256(parg + o + bx);
                        var even = Vector256.Create(topIndex + 2 * bx) + evenOffsets;
                        var topEven = Select(gradient, winner, even);
                        var topOdd = Select(gradient, winner, even + Vector256.Create(1));
                        var bottomEven = Select(gradient, winner, even + Vector256.Create(width));
                        var bottomOdd = Select(gradient, winner, even + Vector256.Create(width + 1));
                        var start = top + 2 * bx;
                        StoreInterleaved(start, topEven, topOdd);
                        StoreInterleaved(start + width, bottomEven, bottomOdd);
                    }
                    if (width % 2 != 0)
                    {
                        top[width - 1] = 0f;
                        top[2 * width - 1] = 0f;
                    }
                    o += outWidth;
                }
                if (height % 2 != 0) new Span<float>(pdx + planeStart + (height - 1) * width, width).Clear();
            }
        }
    }

    /// <summary>The gradient where the position is the winner, else +0; as 0 + g, like the clear-then-add scan (so −0 becomes +0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Select(Vector256<float> gradient, Vector256<int> winner, Vector256<int> position) =>
        Avx.Add(Vector256<float>.Zero, Avx.And(gradient, Avx2.CompareEqual(winner, position).AsSingle()));

    /// <summary>Stores (e0, o0, e1, o1, …, e7, o7) at 16 consecutive floats: the inverse of <see cref="Deinterleave"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void StoreInterleaved(float* target, Vector256<float> even, Vector256<float> odd)
    {
        var low = Avx.UnpackLow(even, odd);   // e0 o0 e1 o1 | e4 o4 e5 o5
        var high = Avx.UnpackHigh(even, odd); // e2 o2 e3 o3 | e6 o6 e7 o7
        Avx.Store(target, Avx.Permute2x128(low, high, 0x20));
        Avx.Store(target + 8, Avx.Permute2x128(low, high, 0x31));
    }

    [ThreadStatic] static PoolJob? t_job;

    /// <summary>
    /// One contiguous run of samples per thread (<see cref="KernelThreads"/>; one thread runs the batch in one call):
    /// samples are independent, so the bits do not depend on how the batch is split.
    /// </summary>
    static unsafe void RunPerSample(PoolJob.Mode mode, ReadOnlySpan<float> source, Span<float> target, ReadOnlySpan<int> argmax, ReadOnlySpan<float> pooled, in PoolGeometry geometry, int batch)
    {
        if (batch == 0) return;
        var job = t_job ??= new PoolJob();
        fixed (float* ps = source, pt = target, pp = pooled)
        fixed (int* pa = argmax)
        {
            job.Kind = mode; job.Geometry = geometry;
            job.Source = ps; job.SourceLength = source.Length; job.Target = pt; job.TargetLength = target.Length;
            job.Argmax = pa; job.ArgmaxLength = argmax.Length; job.Pooled = pp; job.PooledLength = pooled.Length;
            job.Batch = batch; job.Items = Math.Min(KernelThreads.Current, batch);
            WorkerPool.Run(job, job.Items);
        }
    }

    /// <summary>Pooling forward (source = input, target = output) or backward (source = output gradient, target = input gradient) of a run of samples.</summary>
    sealed unsafe class PoolJob : ParallelJob
    {
        public enum Mode { Forward, ForwardAfterReLU, Scatter }

        public Mode Kind;
        public PoolGeometry Geometry;
        public float* Source, Target, Pooled;
        public int* Argmax;
        public int SourceLength, TargetLength, ArgmaxLength, PooledLength, Batch, Items;

        public override void Run(int item)
        {
            var first = (int)((long)item * Batch / Items);
            var end = (int)((long)(item + 1) * Batch / Items);
            var source = new ReadOnlySpan<float>(Source, SourceLength);
            var target = new Span<float>(Target, TargetLength);
            var argmax = new Span<int>(Argmax, ArgmaxLength);
            if (Kind == Mode.Scatter) Scatter(source, argmax, new ReadOnlySpan<float>(Pooled, PooledLength), target, Geometry, first, end);
            else PoolSamples(source, target, argmax, Geometry, first, end, rectify: Kind == Mode.ForwardAfterReLU);
        }
    }

    static void Check(in PoolGeometry geometry, int batch, int inputLength, int outputLength, int argmaxLength)
    {
        KernelGuard.Valid(geometry);
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(inputLength, (long)batch * geometry.InputLength, "input");
        KernelGuard.AtLeast(outputLength, (long)batch * geometry.OutputLength, "output");
        KernelGuard.AtLeast(argmaxLength, (long)batch * geometry.OutputLength, "argmax");
    }
}
