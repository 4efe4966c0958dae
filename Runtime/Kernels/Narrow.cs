using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>
/// A run of channels (<c>torch.narrow(x, 1, start, length)</c>; ShuffleNetV2's <c>chunk</c>): per sample, channels
/// [start, start + length) of [C, spatial] are one contiguous block, copied. No arithmetic but the backward's optional
/// addition: the same bits on every vector width and thread count.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Narrow
{
    /// <summary>output [batch, length, spatial] = input[:, start : start + length] of [batch, channels, spatial].</summary>
    /// <param name="input">[batch, channels, spatial] (spatial = H·W, or 1 for vectors).</param>
    /// <param name="output">[batch, length, spatial].</param>
    /// <param name="channels">C of the input.</param>
    /// <param name="start">First channel kept.</param>
    /// <param name="length">Channels kept (at least 1).</param>
    /// <param name="spatial">H·W.</param>
    /// <param name="batch">N.</param>
    /// <exception cref="ArgumentOutOfRangeException">start/length outside [0, channels], or a negative size.</exception>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, int channels, int start, int length, int spatial, int batch)
    {
        Check(input.Length, output.Length, channels, start, length, spatial, batch, nameof(input), nameof(output));
        int whole = channels * spatial, block = length * spatial, offset = start * spatial;
        for (var n = 0; n < batch; n++)
            input.Slice(n * whole + offset, block).CopyTo(output.Slice(n * block, block));
    }

    /// <summary>
    /// The input gradient: each sample's block of <paramref name="outputGradient"/> at channel <paramref name="start"/>, +0 in
    /// the other channels; with <paramref name="accumulate"/>, only the block is added to inputGradient (the input is also
    /// read elsewhere, as the two halves of a <c>chunk</c> are, and its gradient is a sum).
    /// </summary>
    /// <param name="outputGradient">[batch, length, spatial].</param>
    /// <param name="inputGradient">[batch, channels, spatial].</param>
    /// <param name="channels">C of the input.</param>
    /// <param name="start">First channel kept.</param>
    /// <param name="length">Channels kept.</param>
    /// <param name="spatial">H·W.</param>
    /// <param name="batch">N.</param>
    /// <param name="accumulate">Add the block to inputGradient instead of overwriting inputGradient.</param>
    /// <exception cref="ArgumentOutOfRangeException">start/length outside [0, channels], or a negative size.</exception>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int channels, int start, int length, int spatial, int batch, bool accumulate)
    {
        Check(inputGradient.Length, outputGradient.Length, channels, start, length, spatial, batch, nameof(inputGradient), nameof(outputGradient));
        int whole = channels * spatial, block = length * spatial, offset = start * spatial;
        for (var n = 0; n < batch; n++)
        {
            var source = outputGradient.Slice(n * block, block);
            var sample = inputGradient.Slice(n * whole, whole);
            if (accumulate)
            {
                VectorMath.Add(source, sample.Slice(offset, block));
                continue;
            }
            sample.Slice(0, offset).Clear();
            source.CopyTo(sample.Slice(offset, block));
            sample.Slice(offset + block).Clear();
        }
    }

    static void Check(int wholeLength, int blockLength, int channels, int start, int length, int spatial, int batch, string wholeName, string blockName)
    {
        KernelGuard.NotNegative(channels, nameof(channels));
        KernelGuard.NotNegative(spatial, nameof(spatial));
        KernelGuard.NotNegative(batch, nameof(batch));
        if (start < 0 || start >= channels) throw new ArgumentOutOfRangeException(nameof(start), start, $"Expected a start channel in [0, {channels}).");
        if (length < 1 || length > channels - start) throw new ArgumentOutOfRangeException(nameof(length), length, $"Expected a length in [1, {channels - start}] (channels {channels} − start {start}).");
        KernelGuard.AtLeast(wholeLength, (long)batch * channels * spatial, wholeName);
        KernelGuard.AtLeast(blockLength, (long)batch * length * spatial, blockName);
    }
}
