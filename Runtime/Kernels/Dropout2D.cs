using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>
/// Channel dropout (<c>nn.Dropout2d</c>) over a batch (NCHW): each (sample, channel) plane is zeroed as a whole with
/// probability <c>rate</c>, and kept planes are scaled by 1/(1 − rate). The mask holds one factor (0 or 1/(1 − rate)) per plane.
/// </summary>
/// <remarks>
/// One <see cref="SeededRandom.NextSingle"/> draw per plane, in (sample, channel) order, with <see cref="Dropout"/>'s
/// rule (kept when the draw is at least <c>rate</c>). Scaling is one multiplication per element, the same at every width.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Dropout2D
{
    /// <summary>Draws a new mask [batch·channels] from <paramref name="random"/> and applies it: y[n, c] = x[n, c] · mask[n, c].</summary>
    /// <param name="input">[batch, channels, spatial] (spatial = H·W).</param>
    /// <param name="output">Same shape; may be the input.</param>
    /// <param name="mask">At least batch·channels factors, overwritten.</param>
    /// <param name="rate">Drop probability in [0, 1).</param>
    /// <param name="random">The network's generator; advanced by batch·channels draws.</param>
    /// <param name="channels">C.</param>
    /// <param name="spatial">H·W.</param>
    /// <param name="batch">N.</param>
    /// <exception cref="ArgumentOutOfRangeException">rate outside [0, 1), or a negative size.</exception>
    /// <exception cref="ArgumentException">a span is too short.</exception>
    /// <exception cref="ArgumentNullException">random is null.</exception>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, Span<float> mask, float rate, SeededRandom random, int channels, int spatial, int batch)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(rate >= 0f && rate < 1f)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "Expected a dropout rate in [0, 1).");
        var planes = Check(input.Length, output.Length, mask.Length, channels, spatial, batch);
        var scale = 1f / (1f - rate);
        for (var p = 0; p < planes; p++) mask[p] = random.NextSingle() >= rate ? scale : 0f;
        Apply(mask, input, output, planes, spatial);
    }

    /// <summary>dx[n, c] = dy[n, c] · mask[n, c] (the mask of the last <see cref="Forward"/>). inputGradient may be outputGradient.</summary>
    /// <exception cref="ArgumentOutOfRangeException">a negative size.</exception>
    /// <exception cref="ArgumentException">a span is too short.</exception>
    public static void Backward(ReadOnlySpan<float> mask, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int channels, int spatial, int batch)
    {
        var planes = Check(outputGradient.Length, inputGradient.Length, mask.Length, channels, spatial, batch);
        Apply(mask, outputGradient, inputGradient, planes, spatial);
    }

    static void Apply(ReadOnlySpan<float> mask, ReadOnlySpan<float> source, Span<float> target, int planes, int spatial)
    {
        for (var p = 0; p < planes; p++)
        {
            // A multiplication even by 0, as PyTorch's input · noise: NaN stays NaN, −x gives −0.
            SimdMap.Unary(source.Slice(p * spatial, spatial), target.Slice(p * spatial, spatial), new ScaleOp(mask[p]));
        }
    }

    static int Check(int sourceLength, int targetLength, int maskLength, int channels, int spatial, int batch)
    {
        KernelGuard.NotNegative(channels, nameof(channels));
        KernelGuard.NotNegative(spatial, nameof(spatial));
        KernelGuard.NotNegative(batch, nameof(batch));
        var planes = batch * channels;
        KernelGuard.AtLeast(sourceLength, (long)planes * spatial, "input");
        KernelGuard.AtLeast(targetLength, (long)planes * spatial, "output");
        KernelGuard.AtLeast(maskLength, planes, "mask");
        return planes;
    }
}
