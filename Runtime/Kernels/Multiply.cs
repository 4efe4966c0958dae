using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>
/// Element-wise products: two operands of one shape (<c>a * b</c>), or an image [batch, C, spatial] times one factor per
/// (sample, channel) (<c>x * scale</c> with scale of shape [batch, C, 1, 1] or [batch, C]: the squeeze-and-excitation gate).
/// </summary>
/// <remarks>
/// Products are one rounded multiplication per element (<see cref="SimdMap"/>); a factor's gradient is a double sum of
/// dy·x over its plane in position order. The same bits on every vector width and thread count.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Multiply
{
    /// <summary>output = a ⊙ b over a's length (output may be a or b).</summary>
    /// <exception cref="ArgumentException">b or output is shorter than a.</exception>
    public static void Forward(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output)
    {
        KernelGuard.AtLeast(b.Length, a.Length, nameof(b));
        KernelGuard.AtLeast(output.Length, a.Length, nameof(output));
        SimdMap.Binary<ProductOp>(a, b, output);
    }

    /// <summary>
    /// aGradient = dy ⊙ b and bGradient = dy ⊙ a, each skipped when empty (overwritten otherwise).
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than a.</exception>
    public static void Backward(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> outputGradient, Span<float> aGradient, Span<float> bGradient)
    {
        KernelGuard.AtLeast(b.Length, a.Length, nameof(b));
        KernelGuard.AtLeast(outputGradient.Length, a.Length, nameof(outputGradient));
        if (!aGradient.IsEmpty) SimdMap.Binary<ProductOp>(b.Slice(0, a.Length), outputGradient, aGradient);
        if (!bGradient.IsEmpty) SimdMap.Binary<ProductOp>(a, outputGradient, bGradient);
    }

    /// <summary>output[n, c, s] = input[n, c, s] · scales[n, c] (output may be the input).</summary>
    /// <param name="input">[batch, channels, spatial].</param>
    /// <param name="scales">[batch, channels]: one factor per sample and channel.</param>
    /// <param name="output">[batch, channels, spatial].</param>
    /// <param name="channels">C.</param>
    /// <param name="spatial">H·W.</param>
    /// <param name="batch">N.</param>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative size.</exception>
    public static void ForwardChannels(ReadOnlySpan<float> input, ReadOnlySpan<float> scales, Span<float> output, int channels, int spatial, int batch)
    {
        ChannelFactors.Check(input.Length, output.Length, channels, spatial, batch, "output");
        KernelGuard.AtLeast(scales.Length, (long)batch * channels, nameof(scales));
        ChannelFactors.Apply(input, output, scales, perSample: true, channels, spatial, batch);
    }

    /// <summary>
    /// inputGradient = dy · scales[n, c] and scaleGradient[n, c] = Σₛ dy[n, c, s]·input[n, c, s], each skipped when empty.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative size.</exception>
    public static void BackwardChannels(ReadOnlySpan<float> input, ReadOnlySpan<float> scales, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> scaleGradient, int channels, int spatial, int batch)
    {
        ChannelFactors.Check(input.Length, outputGradient.Length, channels, spatial, batch, "outputGradient");
        KernelGuard.AtLeast(scales.Length, (long)batch * channels, nameof(scales));
        if (!scaleGradient.IsEmpty)
        {
            KernelGuard.AtLeast(scaleGradient.Length, (long)batch * channels, nameof(scaleGradient));
            for (var p = 0; p < batch * channels; p++)
                scaleGradient[p] = (float)ChannelFactors.Dot(input.Slice(p * spatial, spatial), outputGradient.Slice(p * spatial, spatial));
        }
        if (inputGradient.IsEmpty) return;
        KernelGuard.AtLeast(inputGradient.Length, (long)batch * channels * spatial, nameof(inputGradient));
        ChannelFactors.Apply(outputGradient, inputGradient, scales, perSample: true, channels, spatial, batch);
    }
}

/// <summary>
/// A learnable factor per channel (<c>x * gamma</c> with gamma of shape (C, 1, 1): torchvision ConvNeXt's
/// <c>layer_scale</c>), shared by every sample and position.
/// </summary>
/// <remarks>As <see cref="Multiply"/>: one rounded product per element; the factor's gradient summed in double, samples in order, positions in order.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Scale
{
    /// <summary>output[n, c, s] = input[n, c, s] · weight[c] (output may be the input).</summary>
    /// <param name="input">[batch, channels, spatial] (spatial = 1 for vectors).</param>
    /// <param name="weight">[channels].</param>
    /// <param name="output">[batch, channels, spatial].</param>
    /// <param name="channels">C.</param>
    /// <param name="spatial">H·W.</param>
    /// <param name="batch">N.</param>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative size.</exception>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output, int channels, int spatial, int batch)
    {
        ChannelFactors.Check(input.Length, output.Length, channels, spatial, batch, "output");
        KernelGuard.AtLeast(weight.Length, channels, nameof(weight));
        ChannelFactors.Apply(input, output, weight, perSample: false, channels, spatial, batch);
    }

    /// <summary>
    /// Overwrites weightGradient[c] = Σₙ Σₛ dy·x and (unless empty) inputGradient = dy · weight[c] (may be outputGradient).
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative size.</exception>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> inputGradient, int channels, int spatial, int batch)
    {
        ChannelFactors.Check(input.Length, outputGradient.Length, channels, spatial, batch, "outputGradient");
        KernelGuard.AtLeast(weight.Length, channels, nameof(weight));
        KernelGuard.AtLeast(weightGradient.Length, channels, nameof(weightGradient));
        for (var c = 0; c < channels; c++)
        {
            var sum = 0.0;
            for (var n = 0; n < batch; n++)
            {
                var plane = (n * channels + c) * spatial;
                sum += ChannelFactors.Dot(input.Slice(plane, spatial), outputGradient.Slice(plane, spatial));
            }
            weightGradient[c] = (float)sum;
        }
        if (inputGradient.IsEmpty) return;
        KernelGuard.AtLeast(inputGradient.Length, (long)batch * channels * spatial, nameof(inputGradient));
        ChannelFactors.Apply(outputGradient, inputGradient, weight, perSample: false, channels, spatial, batch);
    }
}

/// <summary>What <see cref="Multiply"/>'s channel broadcast and <see cref="Scale"/> share: a factor per plane.</summary>
static class ChannelFactors
{
    /// <summary>target[n, c] = source[n, c] · factor, the factor factors[n·C + c] (per sample) or factors[c].</summary>
    public static void Apply(ReadOnlySpan<float> source, Span<float> target, ReadOnlySpan<float> factors, bool perSample, int channels, int spatial, int batch)
    {
        for (var n = 0; n < batch; n++)
            for (var c = 0; c < channels; c++)
            {
                var plane = (n * channels + c) * spatial;
                var factor = factors[perSample ? n * channels + c : c];
                SimdMap.Unary(source.Slice(plane, spatial), target.Slice(plane, spatial), new ScaleOp(factor));
            }
    }

    /// <summary>Σ x·dy in double, in order (each product exact in double).</summary>
    public static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> dy)
    {
        var sum = 0.0;
        for (var s = 0; s < x.Length; s++) sum += (double)x[s] * dy[s];
        return sum;
    }

    public static void Check(int inputLength, int otherLength, int channels, int spatial, int batch, string otherName)
    {
        KernelGuard.NotNegative(channels, nameof(channels));
        KernelGuard.NotNegative(spatial, nameof(spatial));
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(inputLength, (long)batch * channels * spatial, "input");
        KernelGuard.AtLeast(otherLength, (long)batch * channels * spatial, otherName);
    }
}
