using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>
/// Stochastic depth, row mode (<c>torchvision.ops.StochasticDepth(p, "row")</c>): in training each sample is zeroed as a
/// whole with probability p, survivors scaled by 1/(1 − p); identity at inference (the generated code then skips it).
/// The mask holds one factor (0 or 1/(1 − p)) per sample.
/// </summary>
/// <remarks>
/// <see cref="Dropout2D"/> with one plane per sample: one <see cref="SeededRandom.NextSingle"/> draw per sample, in order,
/// kept when the draw is at least p; one multiplication per element, the same bits on every width and thread count.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class StochasticDepth
{
    /// <summary>Draws a new mask [batch] from <paramref name="random"/> and applies it: y[n] = x[n] · mask[n].</summary>
    /// <param name="input">[batch, sampleLength].</param>
    /// <param name="output">Same shape; may be the input.</param>
    /// <param name="mask">At least batch factors, overwritten.</param>
    /// <param name="rate">p, the probability of dropping a sample, in [0, 1).</param>
    /// <param name="random">The network's generator; advanced by batch draws.</param>
    /// <param name="sampleLength">Values per sample (C·H·W, or the features).</param>
    /// <param name="batch">N.</param>
    /// <exception cref="ArgumentOutOfRangeException">rate outside [0, 1), or a negative size.</exception>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    /// <exception cref="ArgumentNullException">random is null.</exception>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, Span<float> mask, float rate, SeededRandom random, int sampleLength, int batch) =>
        Dropout2D.Forward(input, output, mask, rate, random, channels: 1, sampleLength, batch);

    /// <summary>dx[n] = dy[n] · mask[n] (the mask of the last <see cref="Forward"/>); inputGradient may be outputGradient.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative size.</exception>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void Backward(ReadOnlySpan<float> mask, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int sampleLength, int batch) =>
        Dropout2D.Backward(mask, outputGradient, inputGradient, channels: 1, sampleLength, batch);
}
