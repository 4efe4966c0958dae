using System.ComponentModel;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Runtime.CompilerServices;
using CnnGen.Threading;

namespace CnnGen.Kernels;

/// <summary>
/// Max pooling; padding counts as −∞; <c>argmax</c> records each output's winner compactly, as its position in the
/// window (dy·width + dx, the width the window's): one byte per output for windows up to 16×16 (the generated code picks
/// the narrowest type).
/// </summary>
/// <remarks>
/// Like PyTorch, the scan starts at the window's first in-bounds position and moves on only to a strictly larger
/// value or a NaN (<c>val &gt; max || isnan(val)</c>): ties go to the first maximum, and NaN propagates. PyTorch
/// keeps an int64 input index per output; a window position is all the backward pass needs, and a byte is an
/// eighth of the traffic.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MaxPool2D
{
    /// <summary>Pools and records the winners' window positions.</summary>
    /// <typeparam name="TIndex">Element type of <paramref name="argmax"/>: it must hold size·sizeWidth − 1 (byte up to 16×16 windows).</typeparam>
    public static void Forward<TIndex>(ReadOnlySpan<float> input, Span<float> output, Span<TIndex> argmax, in PoolGeometry geometry, int batch)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        Check<TIndex>(geometry, batch, input.Length, output.Length, argmax.Length);
        RunPerSample(PoolJob<TIndex>.Mode.Forward, input, output, argmax, ReadOnlySpan<float>.Empty, geometry, batch);
    }

    /// <summary>Planes [first, end) of the batch (sample · channels + channel): pools them, then rectifies their pooled values if asked (<see cref="ForwardAfterReLU"/>).</summary>
    static unsafe void PoolPlanes<TIndex>(float* input, float* output, TIndex* argmax, in PoolGeometry geometry, int first, int end, bool rectify)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        if (typeof(TIndex) == typeof(byte) && Is2x2(geometry))
            Forward2x2(input, output, (byte*)argmax, geometry, first, end);
        else MaxPoolWindows.Forward(input, output, argmax, geometry, first, end);
        if (rectify)
        {
            var planeLength = (long)geometry.OutHeight * geometry.OutWidth;
            var pooled = new Span<float>(output + first * planeLength, (int)((end - first) * planeLength));
            Activations.ReLU(pooled, pooled);
        }
    }

    // Windows that tile the input exactly or leave a last row/column out (not a ceil-mode window that runs past it).
    static bool Is2x2(in PoolGeometry g) => g.Size == 2 && g.Stride == 2 && g.Padding == 0 && g.IsSquare && 2 * g.OutHeight <= g.Height && 2 * g.OutWidth <= g.Width;

    /// <summary>
    /// The common 2×2, stride-2, unpadded case: every window lies inside, no bounds checks, no branches on values;
    /// with AVX2 and at least 8 outputs per row, 8 windows per step with the winners' positions (0–3) narrowed to bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Forward2x2(float* pin, float* pout, byte* parg, in PoolGeometry geometry, int firstPlane, int planes)
    {
        int width = geometry.Width, height = geometry.Height;
        int outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        {
            var o = firstPlane * outHeight * outWidth;
            for (var plane = firstPlane; plane < planes; plane++)
            {
                var planeStart = pin + (long)plane * height * width;
                for (var oy = 0; oy < outHeight; oy++, o += outWidth)
                {
                    var top = planeStart + 2 * oy * width;
                    if (!Avx2.IsSupported || outWidth < 8)
                    {
                        for (var ox = 0; ox < outWidth; ox++)
                        {
                            var x = 2 * ox;
                            // Same scan as the general path: take a strictly larger value or a NaN.
                            var best = top[x];
                            var position = 0;
                            var v = top[x + 1];
                            var take = v > best || float.IsNaN(v);
                            best = take ? v : best; position = take ? 1 : position;
                            v = top[x + width];
                            take = v > best || float.IsNaN(v);
                            best = take ? v : best; position = take ? 2 : position;
                            v = top[x + width + 1];
                            take = v > best || float.IsNaN(v);
                            best = take ? v : best; position = take ? 3 : position;
                            pout[o + ox] = best;
                            parg[o + ox] = (byte)position;
                        }
                        continue;
                    }
                    // Blocks of 8 outputs; the last block is moved back to end at the row's end (it overlaps the
                    // previous one and rewrites the same values) so that no scalar, branchy tail remains.
                    for (var block = 0; block < outWidth; block += 8)
                    {
                        var bx = Math.Min(block, outWidth - 8);
                        var start = top + 2 * bx;
                        var (topEven, topOdd) = Deinterleave(Avx.LoadVector256(start), Avx.LoadVector256(start + 8));
                        var (bottomEven, bottomOdd) = Deinterleave(Avx.LoadVector256(start + width), Avx.LoadVector256(start + width + 8));
                        var best = topEven;
                        var position = Vector256<int>.Zero;
                        Take(ref best, ref position, topOdd, Vector256.Create(1));
                        Take(ref best, ref position, bottomEven, Vector256.Create(2));
                        Take(ref best, ref position, bottomOdd, Vector256.Create(3));
                        Avx.Store(pout + o + bx, best);
                        StoreBytes(parg + o + bx, position);
                    }
                }
            }
        }
    }

    /// <summary>Eight int lanes holding 0–255 stored as eight consecutive bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void StoreBytes(byte* target, Vector256<int> lanes)
    {
        var words = Sse2.PackSignedSaturate(lanes.GetLower(), lanes.GetUpper());
        Sse2.StoreScalar((long*)target, Sse2.PackUnsignedSaturate(words, words).AsInt64());
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
    public static void Backward<TIndex>(ReadOnlySpan<float> outputGradient, ReadOnlySpan<TIndex> argmax, Span<float> inputGradient, in PoolGeometry geometry, int batch)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        Check<TIndex>(geometry, batch, inputGradient.Length, outputGradient.Length, argmax.Length);
        RunPerSample(PoolJob<TIndex>.Mode.Scatter, outputGradient, inputGradient, argmax, ReadOnlySpan<float>.Empty, geometry, batch);
    }

    /// <summary>
    /// Max pooling of ReLU(input), as a ReLU layer followed by this pooling computes it, without writing the rectified
    /// input: max pooling commutes with the ReLU (both are monotone, and NaN wins both), so the pooled values are
    /// rectified instead. Where a window's maximum is not positive the recorded winner may differ from the unfused
    /// pair's (ties of zeros), but <see cref="BackwardAfterReLU"/> sends such a window no gradient, as the ReLU would.
    /// </summary>
    public static void ForwardAfterReLU<TIndex>(ReadOnlySpan<float> input, Span<float> output, Span<TIndex> argmax, in PoolGeometry geometry, int batch)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        Check<TIndex>(geometry, batch, input.Length, output.Length, argmax.Length);
        RunPerSample(PoolJob<TIndex>.Mode.ForwardAfterReLU, input, output, argmax, ReadOnlySpan<float>.Empty, geometry, batch);
    }

    /// <summary>
    /// Overwrites inputGradient with the gradient with respect to the ReLU's input of <see cref="ForwardAfterReLU"/>:
    /// each output gradient goes to its winner unless the pooled (rectified) output is ≤ 0 (a NaN winner gets it), which
    /// is what the pooling's backward followed by the ReLU's (PyTorch's threshold_backward) gives, in one pass.
    /// </summary>
    public static void BackwardAfterReLU<TIndex>(ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> output, ReadOnlySpan<TIndex> argmax, Span<float> inputGradient, in PoolGeometry geometry, int batch)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        Check<TIndex>(geometry, batch, inputGradient.Length, outputGradient.Length, argmax.Length);
        KernelGuard.AtLeast(output.Length, (long)batch * geometry.OutputLength, nameof(output));
        RunPerSample(PoolJob<TIndex>.Mode.Scatter, outputGradient, inputGradient, argmax, output, geometry, batch);
    }

    /// <summary>Planes [first, end): each output gradient to its winner, except where <paramref name="pooled"/> (if not null) is ≤ 0 (NaN passes, as in ReLU's backward).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Scatter<TIndex>(float* outputGradient, TIndex* argmax, float* pooled, float* inputGradient, in PoolGeometry geometry, int first, int end)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        if (typeof(TIndex) == typeof(byte) && Is2x2(geometry) && Avx2.IsSupported && geometry.OutWidth >= 8)
        {
            Scatter2x2(outputGradient, (byte*)argmax, pooled, inputGradient, geometry, first, end);
            return;
        }
        int height = geometry.Height, width = geometry.Width;
        int stride = geometry.Stride, padding = geometry.Padding;
        int sizeWidth = geometry.SizeWidth, strideWidth = geometry.StrideWidth, paddingWidth = geometry.PaddingWidth;
        int outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        long planeLength = (long)height * width, outPlane = (long)outHeight * outWidth;
        var masked = pooled != null;
        new Span<float>(inputGradient + first * planeLength, (int)((end - first) * planeLength)).Clear();
        for (long plane = first; plane < end; plane++)
        {
            var gradient = inputGradient + plane * planeLength;
            var o = plane * outPlane;
            for (var oy = 0; oy < outHeight; oy++)
                for (var ox = 0; ox < outWidth; ox++, o++)
                {
                    if (masked && pooled[o] <= 0f) continue;
                    // The winner's window position back to its input index.
                    var position = int.CreateTruncating(argmax[o]);
                    var y = oy * stride - padding + position / sizeWidth;
                    var x = ox * strideWidth - paddingWidth + position % sizeWidth;
                    // Overlapping windows (stride < size) can share a winner: add, never assign.
                    gradient[y * width + x] += outputGradient[o];
                }
        }
    }

    /// <summary>
    /// 2×2, stride 2, unpadded: windows tile the input, so each window's four positions are written once (its gradient
    /// at the winner, zeros elsewhere), 8 windows per step, with no clearing pass; an odd last row or column gets zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Scatter2x2(float* pdy, byte* parg, float* pmask, float* pdx, in PoolGeometry geometry, int firstPlane, int planes)
    {
        int width = geometry.Width, height = geometry.Height;
        int outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        var masked = pmask != null;
        {
            var o = firstPlane * outHeight * outWidth;
            for (var plane = firstPlane; plane < planes; plane++)
            {
                var planeStart = pdx + (long)plane * height * width;
                for (var oy = 0; oy < outHeight; oy++)
                {
                    var top = planeStart + 2 * oy * width;
                    // Blocks of 8 windows; the last block moves back to end at the row's end (rewriting the same values).
                    for (var block = 0; block < outWidth; block += 8)
                    {
                        var bx = Math.Min(block, outWidth - 8);
                        var gradient = Avx.LoadVector256(pdy + o + bx);
                        if (masked) gradient = Avx.And(gradient, Avx.CompareNotLessThanOrEqual(Avx.LoadVector256(pmask + o + bx), Vector256<float>.Zero));
                        var winner = Avx2.ConvertToVector256Int32(parg + o + bx);
                        var start = top + 2 * bx;
                        StoreInterleaved(start, Select(gradient, winner, 0), Select(gradient, winner, 1));
                        StoreInterleaved(start + width, Select(gradient, winner, 2), Select(gradient, winner, 3));
                    }
                    if (width % 2 != 0)
                    {
                        top[width - 1] = 0f;
                        top[2 * width - 1] = 0f;
                    }
                    o += outWidth;
                }
                if (height % 2 != 0) new Span<float>(planeStart + (height - 1) * width, width).Clear();
            }
        }
    }

    /// <summary>The gradient where the position is the winner, else +0; as 0 + g, like the clear-then-add scan (so −0 becomes +0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Select(Vector256<float> gradient, Vector256<int> winner, int position) =>
        Avx.Add(Vector256<float>.Zero, Avx.And(gradient, Avx2.CompareEqual(winner, Vector256.Create(position)).AsSingle()));

    /// <summary>Stores (e0, o0, e1, o1, …, e7, o7) at 16 consecutive floats: the inverse of <see cref="Deinterleave"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void StoreInterleaved(float* target, Vector256<float> even, Vector256<float> odd)
    {
        var low = Avx.UnpackLow(even, odd);   // e0 o0 e1 o1 | e4 o4 e5 o5
        var high = Avx.UnpackHigh(even, odd); // e2 o2 e3 o3 | e6 o6 e7 o7
        Avx.Store(target, Avx.Permute2x128(low, high, 0x20));
        Avx.Store(target + 8, Avx.Permute2x128(low, high, 0x31));
    }

    /// <summary>
    /// One contiguous run of planes (sample · channels + channel) per thread (<see cref="KernelThreads"/>; one thread
    /// runs the batch in one call): planes are independent, so the bits do not depend on how they are split, and one
    /// sample uses every thread.
    /// </summary>
    static unsafe void RunPerSample<TIndex>(PoolJob<TIndex>.Mode mode, ReadOnlySpan<float> source, Span<float> target, ReadOnlySpan<TIndex> argmax, ReadOnlySpan<float> pooled, in PoolGeometry geometry, int batch)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        if (batch == 0) return;
        var job = PoolJob<TIndex>.ForThisThread;
        fixed (float* ps = source, pt = target, pp = pooled)
        fixed (TIndex* pa = argmax)
        {
            job.Kind = mode; job.Geometry = geometry;
            job.Source = ps; job.SourceLength = source.Length; job.Target = pt; job.TargetLength = target.Length;
            job.Argmax = pa; job.ArgmaxLength = argmax.Length; job.Pooled = pp; job.PooledLength = pooled.Length;
            job.Planes = batch * geometry.Channels; job.Items = Math.Min(KernelThreads.Current, job.Planes);
            WorkerPool.Run(job, job.Items);
        }
    }

    /// <summary>Pooling forward (source = input, target = output) or backward (source = output gradient, target = input gradient) of a run of samples.</summary>
    sealed unsafe class PoolJob<TIndex> : ParallelJob where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        public enum Mode { Forward, ForwardAfterReLU, Scatter }

        [ThreadStatic] static PoolJob<TIndex>? t_job;

        public static PoolJob<TIndex> ForThisThread => t_job ??= new PoolJob<TIndex>();

        public Mode Kind;
        public PoolGeometry Geometry;
        public float* Source, Target, Pooled;
        public TIndex* Argmax;
        public int SourceLength, TargetLength, ArgmaxLength, PooledLength, Planes, Items;

        public override void Run(int item)
        {
            var first = (int)((long)item * Planes / Items);
            var end = (int)((long)(item + 1) * Planes / Items);
            if (Kind == Mode.Scatter) Scatter(Source, Argmax, PooledLength == 0 ? null : Pooled, Target, Geometry, first, end);
            else PoolPlanes(Source, Target, Argmax, Geometry, first, end, rectify: Kind == Mode.ForwardAfterReLU);
        }
    }

    static void Check<TIndex>(in PoolGeometry geometry, int batch, int inputLength, int outputLength, int argmaxLength)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        KernelGuard.Valid(geometry);
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(inputLength, (long)batch * geometry.InputLength, "input");
        KernelGuard.AtLeast(outputLength, (long)batch * geometry.OutputLength, "output");
        KernelGuard.AtLeast(argmaxLength, (long)batch * geometry.OutputLength, "argmax");
        KernelGuard.WindowFits<TIndex>(geometry.Size, geometry.SizeWidth);
    }
}
