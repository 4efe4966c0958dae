using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>
/// Concatenation along dim 1 (<c>torch.cat(dim=1)</c>): channels of NCHW images, features of vectors. Per sample, an
/// operand is one contiguous block (its C·H·W or F values) placed at a fixed offset of the output sample, so each call
/// copies one block per sample; the generated code calls it once per operand. No reduction: the same bits on every
/// vector width and thread count.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Concat
{
    /// <summary>
    /// Copies each sample's <paramref name="blockLength"/> values of <paramref name="input"/> to
    /// <c>output[n * outputLength + offset ..]</c>.
    /// </summary>
    /// <param name="input">[batch, blockLength]: one operand (e.g. [N, C_k, H, W] flattened).</param>
    /// <param name="output">[batch, outputLength]: the concatenation.</param>
    /// <param name="blockLength">Values per sample of this operand (C_k·H·W, or F_k).</param>
    /// <param name="offset">Where the operand starts in an output sample (the lengths of the operands before it).</param>
    /// <param name="outputLength">Values per output sample (the sum of every operand's block length).</param>
    /// <param name="batch">Samples.</param>
    /// <exception cref="ArgumentException">A span is shorter than the geometry needs, or the block does not fit the output sample.</exception>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, int blockLength, int offset, int outputLength, int batch)
    {
        Check(input.Length, output.Length, blockLength, offset, outputLength, batch, nameof(input), nameof(output));
        for (var n = 0; n < batch; n++)
            input.Slice(n * blockLength, blockLength).CopyTo(output.Slice(n * outputLength + offset, blockLength));
    }

    /// <summary>
    /// The gradient of one operand: its block of each sample of <paramref name="outputGradient"/>, copied into
    /// <paramref name="inputGradient"/>, or added to it when <paramref name="accumulate"/> is true (the operand's output is
    /// also read elsewhere and its gradient is a sum).
    /// </summary>
    /// <param name="outputGradient">[batch, outputLength].</param>
    /// <param name="inputGradient">[batch, blockLength].</param>
    /// <param name="blockLength">Values per sample of this operand.</param>
    /// <param name="offset">Where the operand starts in an output sample.</param>
    /// <param name="outputLength">Values per output sample.</param>
    /// <param name="batch">Samples.</param>
    /// <param name="accumulate">Add to <paramref name="inputGradient"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentException">A span is shorter than the geometry needs, or the block does not fit the output sample.</exception>
    public static void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int blockLength, int offset, int outputLength, int batch, bool accumulate)
    {
        Check(inputGradient.Length, outputGradient.Length, blockLength, offset, outputLength, batch, nameof(inputGradient), nameof(outputGradient));
        for (var n = 0; n < batch; n++)
        {
            var source = outputGradient.Slice(n * outputLength + offset, blockLength);
            var target = inputGradient.Slice(n * blockLength, blockLength);
            if (accumulate) VectorMath.Add(source, target);
            else source.CopyTo(target);
        }
    }

    internal static void Check(int blockSpan, int wholeSpan, int blockLength, int offset, int outputLength, int batch, string blockName, string wholeName)
    {
        KernelGuard.NotNegative(blockLength, nameof(blockLength));
        KernelGuard.NotNegative(offset, nameof(offset));
        KernelGuard.NotNegative(batch, nameof(batch));
        if ((long)offset + blockLength > outputLength)
            throw new ArgumentException($"offset {offset} + blockLength {blockLength} exceeds outputLength {outputLength}.", nameof(blockLength));
        KernelGuard.AtLeast(blockSpan, (long)batch * blockLength, blockName);
        KernelGuard.AtLeast(wholeSpan, (long)batch * outputLength, wholeName);
    }
}
