using System.ComponentModel;
using CnnGen.Threading;

namespace CnnGen.Kernels;

/// <summary>
/// Integer-scale upsampling over a batch (NCHW): nearest (<c>nn.Upsample(scale_factor=s, mode="nearest")</c>) and
/// bilinear with <c>align_corners=False</c> (<c>mode="bilinear"</c>). Backward overwrites the input gradient.
/// </summary>
/// <remarks>
/// <para>
/// Nearest: output (oy, ox) reads input (oy / s, ox / s). Bilinear: PyTorch's source coordinate
/// src = (dst + 0.5)·(1/s) − 0.5 clamped at 0, its floor i and i + 1 (clamped to the last row or column), with
/// weights 1 − λ and λ, λ = src − i, all in float; the value is (1−λy)·row₀ + λy·row₁ with rowₖ = (1−λx)·a + λx·b.
/// </para>
/// <para>
/// Determinism: planes (sample, channel) are independent and split into contiguous runs over the worker threads; a
/// backward sums each input gradient element in output order (PyTorch's scatter order), in scalar float, so the bits
/// depend neither on the thread count nor on the vector width.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class Upsample
{
    /// <summary>y[n, c, oy, ox] = x[n, c, oy / s, ox / s].</summary>
    /// <exception cref="ArgumentException">a non-positive size or scale, or a span that is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void NearestForward(ReadOnlySpan<float> input, Span<float> output, in UpsampleGeometry geometry, int batch) =>
        Run(Mode.NearestForward, input, output, geometry, batch, input.Length, output.Length);

    /// <summary>dx[n, c, y, x] = Σ over its s×s block of dy, in output order.</summary>
    /// <exception cref="ArgumentException">a non-positive size or scale, or a span that is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void NearestBackward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, in UpsampleGeometry geometry, int batch) =>
        Run(Mode.NearestBackward, outputGradient, inputGradient, geometry, batch, inputGradient.Length, outputGradient.Length);

    /// <summary>Bilinear interpolation with align_corners=False (PyTorch's <c>upsample_bilinear2d</c>).</summary>
    /// <exception cref="ArgumentException">a non-positive size or scale, or a span that is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void BilinearForward(ReadOnlySpan<float> input, Span<float> output, in UpsampleGeometry geometry, int batch) =>
        Run(Mode.BilinearForward, input, output, geometry, batch, input.Length, output.Length);

    /// <summary>The adjoint of <see cref="BilinearForward"/>: each output gradient times its four weights, added to its four sources in output order.</summary>
    /// <exception cref="ArgumentException">a non-positive size or scale, or a span that is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void BilinearBackward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, in UpsampleGeometry geometry, int batch) =>
        Run(Mode.BilinearBackward, outputGradient, inputGradient, geometry, batch, inputGradient.Length, outputGradient.Length);

    enum Mode { NearestForward, NearestBackward, BilinearForward, BilinearBackward }

    [ThreadStatic] static PlaneJob? t_job;

    static void Run(Mode mode, ReadOnlySpan<float> source, Span<float> target, in UpsampleGeometry geometry, int batch, int inputLength, int outputLength)
    {
        KernelGuard.Valid(geometry);
        KernelGuard.NotNegative(batch, nameof(batch));
        var isForward = mode is Mode.NearestForward or Mode.BilinearForward;
        KernelGuard.AtLeast(inputLength, (long)batch * geometry.InputLength, isForward ? "input" : "inputGradient");
        KernelGuard.AtLeast(outputLength, (long)batch * geometry.OutputLength, isForward ? "output" : "outputGradient");
        var planes = batch * geometry.Channels;
        if (planes == 0) return;
        var job = t_job ??= new PlaneJob();
        fixed (float* ps = source, pt = target)
        {
            job.Kind = mode; job.Source = ps; job.Target = pt; job.Geometry = geometry; job.Planes = planes;
            // Small layers stay on the caller: a region costs more than they do.
            var work = (long)planes * geometry.OutHeight * geometry.OutWidth;
            job.Items = work < 1 << 15 ? 1 : Math.Min(KernelThreads.Current, planes);
            WorkerPool.Run(job, job.Items);
        }
    }

    /// <summary>A contiguous run of planes per item.</summary>
    sealed class PlaneJob : ParallelJob
    {
        public Mode Kind;
        public float* Source, Target;
        public UpsampleGeometry Geometry;
        public int Planes, Items;

        public override void Run(int item)
        {
            var first = (int)((long)item * Planes / Items);
            var end = (int)((long)(item + 1) * Planes / Items);
            int h = Geometry.Height, w = Geometry.Width, s = Geometry.Scale;
            int oh = h * s, ow = w * s;
            for (var p = first; p < end; p++)
            {
                var small = (Kind is Mode.NearestForward or Mode.BilinearForward ? Source : Target) + (long)p * h * w;
                var large = (Kind is Mode.NearestForward or Mode.BilinearForward ? Target : Source) + (long)p * oh * ow;
                switch (Kind)
                {
                    case Mode.NearestForward: NearestPlane(small, large, h, w, s); break;
                    case Mode.NearestBackward: NearestPlaneBackward(large, small, h, w, s); break;
                    case Mode.BilinearForward: BilinearPlane(small, large, h, w, s); break;
                    default: BilinearPlaneBackward(large, small, h, w, s); break;
                }
            }
        }
    }

    static void NearestPlane(float* x, float* y, int h, int w, int s)
    {
        var ow = w * s;
        for (var iy = 0; iy < h; iy++)
        {
            var row = y + (long)iy * s * ow;
            var source = x + (long)iy * w;
            for (var ix = 0; ix < w; ix++)
                new Span<float>(row + ix * s, s).Fill(source[ix]);
            // The other s − 1 output rows of this input row are copies of the first.
            for (var i = 1; i < s; i++) new ReadOnlySpan<float>(row, ow).CopyTo(new Span<float>(row + (long)i * ow, ow));
        }
    }

    static void NearestPlaneBackward(float* dy, float* dx, int h, int w, int s)
    {
        var ow = w * s;
        new Span<float>(dx, h * w).Clear();
        for (var oy = 0; oy < h * s; oy++)
        {
            var target = dx + (long)(oy / s) * w;
            var source = dy + (long)oy * ow;
            for (var ox = 0; ox < ow; ox++) target[ox / s] += source[ox];
        }
    }

    /// <summary>PyTorch's <c>area_pixel_compute_source_index</c> (align_corners=False) and the two neighbours and weights.</summary>
    static (int Index0, int Index1, float Lambda0, float Lambda1) Source(int destination, float ratio, int size)
    {
        var source = ratio * (destination + 0.5f) - 0.5f;
        if (source < 0f) source = 0f;
        var index = (int)source;
        var next = index < size - 1 ? index + 1 : index;
        var lambda = source - index;
        return (index, next, 1f - lambda, lambda);
    }

    static void BilinearPlane(float* x, float* y, int h, int w, int s)
    {
        int oh = h * s, ow = w * s;
        var ratio = 1f / s;
        for (var oy = 0; oy < oh; oy++)
        {
            var (y0, y1, ly0, ly1) = Source(oy, ratio, h);
            float* row0 = x + (long)y0 * w, row1 = x + (long)y1 * w;
            var target = y + (long)oy * ow;
            for (var ox = 0; ox < ow; ox++)
            {
                var (x0, x1, lx0, lx1) = Source(ox, ratio, w);
                target[ox] = ly0 * (lx0 * row0[x0] + lx1 * row0[x1]) + ly1 * (lx0 * row1[x0] + lx1 * row1[x1]);
            }
        }
    }

    static void BilinearPlaneBackward(float* dy, float* dx, int h, int w, int s)
    {
        int oh = h * s, ow = w * s;
        var ratio = 1f / s;
        new Span<float>(dx, h * w).Clear();
        for (var oy = 0; oy < oh; oy++)
        {
            var (y0, y1, ly0, ly1) = Source(oy, ratio, h);
            float* row0 = dx + (long)y0 * w, row1 = dx + (long)y1 * w;
            var source = dy + (long)oy * ow;
            for (var ox = 0; ox < ow; ox++)
            {
                var (x0, x1, lx0, lx1) = Source(ox, ratio, w);
                var g = source[ox];
                row0[x0] += ly0 * lx0 * g;
                row0[x1] += ly0 * lx1 * g;
                row1[x0] += ly1 * lx0 * g;
                row1[x1] += ly1 * lx1 * g;
            }
        }
    }
}
