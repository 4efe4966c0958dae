using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnGen.Kernels;

/// <summary>Conv2D over a batch (NCHW). An empty <c>bias</c> / <c>biasGradient</c> means no bias; an empty <c>inputGradient</c> skips it (first layer).</summary>
/// <remarks>
/// Per sample: im2col, then one GEMM W[F, C·K·K] · columns[C·K·K, OH·OW]. A 1×1 convolution with stride 1 and
/// no padding uses the image itself as its column matrix. Samples are processed in order, so the weight gradient,
/// summed over the batch, is the same bit for bit on every run.
/// </remarks>
public static class Conv2D
{
    /// <summary>output[n] = W · im2col(input[n]) + b. <c>columns</c> holds at least ColumnRows·ColumnCols floats.</summary>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, Span<float> columns, in ConvGeometry geometry, int batch)
    {
        Check(input, weight, output, columns, geometry, batch);
        if (!bias.IsEmpty) KernelGuard.Exactly(bias.Length, geometry.Filters, nameof(bias));

        int inLength = geometry.InputLength, outLength = geometry.OutputLength;
        int rows = geometry.ColumnRows, cols = geometry.ColumnCols, filters = geometry.Filters;
        var pointwise = IsPointwise(geometry);
        for (var n = 0; n < batch; n++)
        {
            var image = input.Slice(n * inLength, inLength);
            var result = output.Slice(n * outLength, outLength);
            ReadOnlySpan<float> lowered = image;
            if (!pointwise)
            {
                Im2Col.Lower(image, columns, geometry);
                lowered = columns;
            }
            Gemm.MultiplyNN(filters, cols, rows, weight, lowered, result, accumulate: false);
            if (!bias.IsEmpty) AddBias(result, bias, cols);
        }
    }

    /// <summary>Overwrites weightGradient, biasGradient and inputGradient with the gradients summed over the batch.</summary>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, Span<float> columns, in ConvGeometry geometry, int batch)
    {
        Check(input, weight, outputGradient, columns, geometry, batch);
        KernelGuard.AtLeast(weightGradient.Length, (long)geometry.Filters * geometry.ColumnRows, nameof(weightGradient));
        if (!biasGradient.IsEmpty) KernelGuard.Exactly(biasGradient.Length, geometry.Filters, nameof(biasGradient));
        if (!inputGradient.IsEmpty) KernelGuard.AtLeast(inputGradient.Length, (long)batch * geometry.InputLength, nameof(inputGradient));

        int inLength = geometry.InputLength, outLength = geometry.OutputLength;
        int rows = geometry.ColumnRows, cols = geometry.ColumnCols, filters = geometry.Filters;
        var pointwise = IsPointwise(geometry);

        if (batch == 0) weightGradient.Slice(0, filters * rows).Clear();
        for (var n = 0; n < batch; n++)
        {
            var image = input.Slice(n * inLength, inLength);
            var gradient = outputGradient.Slice(n * outLength, outLength);
            ReadOnlySpan<float> lowered = image;
            if (!pointwise)
            {
                Im2Col.Lower(image, columns, geometry);
                lowered = columns;
            }
            // dW (+)= dY[n] · columnsᵀ; the first sample overwrites.
            Gemm.MultiplyNT(filters, rows, cols, gradient, lowered, weightGradient, accumulate: n > 0);

            if (inputGradient.IsEmpty) continue;
            var imageGradient = inputGradient.Slice(n * inLength, inLength);
            if (pointwise)
            {
                Gemm.MultiplyTN(rows, cols, filters, weight, gradient, imageGradient, accumulate: false);
            }
            else
            {
                // dcolumns = Wᵀ · dY[n], then col2im (which adds, hence the clear).
                Gemm.MultiplyTN(rows, cols, filters, weight, gradient, columns, accumulate: false);
                imageGradient.Clear();
                Im2Col.Raise(columns, imageGradient, geometry);
            }
        }

        if (!biasGradient.IsEmpty) SumBiasGradient(outputGradient, biasGradient, filters, cols, batch);
    }

    static bool IsPointwise(in ConvGeometry g) => g.Kernel == 1 && g.Stride == 1 && g.Padding == 0;

    static void Check(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> output, Span<float> columns, in ConvGeometry geometry, int batch)
    {
        KernelGuard.Valid(geometry);
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(input.Length, (long)batch * geometry.InputLength, nameof(input));
        KernelGuard.AtLeast(weight.Length, (long)geometry.Filters * geometry.ColumnRows, nameof(weight));
        KernelGuard.AtLeast(output.Length, (long)batch * geometry.OutputLength, nameof(output));
        if (!IsPointwise(geometry)) KernelGuard.AtLeast(columns.Length, (long)geometry.ColumnRows * geometry.ColumnCols, nameof(columns));
    }

    static void AddBias(Span<float> result, ReadOnlySpan<float> bias, int spatial)
    {
        ref var target = ref MemoryMarshal.GetReference(result);
        for (var f = 0; f < bias.Length; f++)
        {
            var value = bias[f];
            VectorMath.AddScalar(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref target, f * spatial), spatial), value);
        }
    }

    /// <summary>db[f] = Σ over samples and positions of dY, accumulated in double in a fixed order.</summary>
    static void SumBiasGradient(ReadOnlySpan<float> outputGradient, Span<float> biasGradient, int filters, int spatial, int batch)
    {
        ref var source = ref MemoryMarshal.GetReference(outputGradient);
        for (var f = 0; f < filters; f++)
        {
            var sum = 0.0;
            for (var n = 0; n < batch; n++)
                sum += VectorMath.Sum(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref source, (n * filters + f) * spatial), spatial));
            biasGradient[f] = (float)sum;
        }
    }
}
