using System.ComponentModel;
using CnnGen.Threading;

namespace CnnGen.Kernels;

/// <summary>
/// Transposed convolution over a batch (NCHW; <c>nn.ConvTranspose2d</c>, groups 1, dilation 1): weight [C, F, K, KW],
/// output (H − 1)·S − 2P + K + OutputPadding on each axis with that axis's values. An empty <c>bias</c> / <c>biasGradient</c> means no bias; an empty
/// <c>inputGradient</c> skips it.
/// </summary>
/// <remarks>
/// A transposed convolution is the input gradient of the convolution <see cref="ConvTransposeGeometry.Convolution"/>
/// (from the output back to the input, the same weight read as [C, F, K, KW]), so it reuses that convolution's
/// kernels: forward is its input-gradient path (GEMM Wᵀ · x, then col2im), the input gradient is its forward pass,
/// and the weight gradient is its weight gradient with the roles of input and output gradient exchanged. Each of
/// those gives the same bits for any thread count and vector width; the bias gradient is summed per (sample,
/// filter) in double and then in sample order.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class ConvTranspose2D
{
    [ThreadStatic] static ForwardJob? t_forward;

    /// <summary>output[n] = col2im(Wᵀ · input[n]) + b.</summary>
    /// <param name="input">[batch, C, H, W].</param>
    /// <param name="weight">[C, F, K, KW].</param>
    /// <param name="bias">[F] or empty.</param>
    /// <param name="output">[batch, F, OH, OW], overwritten.</param>
    /// <param name="geometry">The layer's shape.</param>
    /// <param name="batch">N.</param>
    /// <exception cref="ArgumentException">an invalid geometry (no output, output padding not smaller than the stride) or a span of the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, in ConvTransposeGeometry geometry, int batch)
    {
        Check(input, weight, output, geometry, batch);
        if (!bias.IsEmpty) KernelGuard.Exactly(bias.Length, geometry.Filters, nameof(bias));
        if (batch == 0) return;
        var job = t_forward ??= new ForwardJob();
        fixed (float* pi = input, pw = weight, pb = bias, po = output)
        {
            job.Input = pi; job.Weight = pw; job.Bias = pb; job.Output = po; job.Geometry = geometry;
            WorkerPool.Run(job, batch);
        }
    }

    /// <summary>
    /// Overwrites weightGradient [C, F, K, KW], biasGradient [F] and inputGradient [batch, C, H, W] with the gradients
    /// summed over the batch; an empty span is skipped (a frozen layer passes empty parameter gradients).
    /// </summary>
    /// <exception cref="ArgumentException">an invalid geometry or a span of the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, in ConvTransposeGeometry geometry, int batch)
    {
        Check(input, weight, outputGradient, geometry, batch);
        if (!weightGradient.IsEmpty) KernelGuard.AtLeast(weightGradient.Length, geometry.WeightLength, nameof(weightGradient));
        if (!biasGradient.IsEmpty) KernelGuard.Exactly(biasGradient.Length, geometry.Filters, nameof(biasGradient));
        if (!inputGradient.IsEmpty) KernelGuard.AtLeast(inputGradient.Length, (long)batch * geometry.InputLength, nameof(inputGradient));

        var convolution = geometry.Convolution;
        // dW[c, f, ky, kx] = Σ x[n, c] · im2col(dY[n])[f, ky, kx]: the convolution's weight gradient with dY as its input and x as its output gradient.
        if (!weightGradient.IsEmpty) Conv2D.Backward(outputGradient, weight, input, weightGradient, [], [], convolution, batch);
        // dx = the convolution's forward pass on dY.
        if (!inputGradient.IsEmpty) Conv2D.Forward(outputGradient, weight, [], inputGradient, convolution, batch);
        if (biasGradient.IsEmpty) return;
        var spatial = geometry.OutHeight * geometry.OutWidth;
        for (var f = 0; f < geometry.Filters; f++)
        {
            var sum = 0.0;
            for (var n = 0; n < batch; n++) sum += VectorMath.Sum(outputGradient.Slice((n * geometry.Filters + f) * spatial, spatial));
            biasGradient[f] = (float)sum;
        }
    }

    static void Check(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> output, in ConvTransposeGeometry geometry, int batch)
    {
        KernelGuard.Valid(geometry);
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(input.Length, (long)batch * geometry.InputLength, nameof(input));
        KernelGuard.AtLeast(weight.Length, geometry.WeightLength, nameof(weight));
        KernelGuard.AtLeast(output.Length, (long)batch * geometry.OutputLength, nameof(output));
    }

    /// <summary>One sample per item: columns = Wᵀ[F·K·KW, C] · x[C, H·W], then col2im into the zeroed output, then the bias.</summary>
    sealed class ForwardJob : ParallelJob
    {
        public float* Input, Weight, Bias, Output;
        public ConvTransposeGeometry Geometry;

        public override void Run(int n)
        {
            ref readonly var g = ref Geometry;
            var convolution = g.Convolution;
            int rows = convolution.ColumnRows, cols = g.Height * g.Width;
            var columns = new Span<float>(Scratch.Columns((long)rows * cols), rows * cols);
            Gemm.MultiplyTN(rows, cols, g.Channels, new ReadOnlySpan<float>(Weight, g.WeightLength), new ReadOnlySpan<float>(Input + (long)n * g.InputLength, g.InputLength), columns, accumulate: false);
            var output = new Span<float>(Output + (long)n * g.OutputLength, g.OutputLength);
            output.Clear();
            Im2Col.Raise(columns, output, convolution);
            if (Bias == null) return;
            var spatial = g.OutHeight * g.OutWidth;
            for (var f = 0; f < g.Filters; f++) VectorMath.AddScalar(output.Slice(f * spatial, spatial), Bias[f]);
        }
    }
}
