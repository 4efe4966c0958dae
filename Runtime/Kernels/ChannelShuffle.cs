using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>
/// Channel shuffle (<c>nn.ChannelShuffle(groups)</c>, ShuffleNet): the channels seen as [groups, C/groups] are transposed,
/// so output channel i·groups + g is input channel g·(C/groups) + i. Whole (H·W) planes are copied: the same bits on every
/// vector width and thread count.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ChannelShuffle
{
    /// <summary>[batch, C, spatial] → [batch, C, spatial], channels reordered; output must not overlap input.</summary>
    /// <param name="input">[batch, channels, spatial].</param>
    /// <param name="output">[batch, channels, spatial].</param>
    /// <param name="channels">C, a multiple of groups.</param>
    /// <param name="groups">The groups (at least 1).</param>
    /// <param name="spatial">H·W.</param>
    /// <param name="batch">N.</param>
    /// <exception cref="ArgumentOutOfRangeException">groups is not positive, or a negative size.</exception>
    /// <exception cref="ArgumentException">groups does not divide channels, or a span is too short.</exception>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, int channels, int groups, int spatial, int batch)
    {
        Check(input.Length, output.Length, channels, groups, spatial, batch, nameof(input), nameof(output));
        Permute(input, output, channels, groups, spatial, batch);
    }

    /// <summary>Overwrites inputGradient with the inverse reordering of outputGradient (a shuffle with C/groups groups).</summary>
    /// <exception cref="ArgumentOutOfRangeException">groups is not positive, or a negative size.</exception>
    /// <exception cref="ArgumentException">groups does not divide channels, or a span is too short.</exception>
    public static void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int channels, int groups, int spatial, int batch)
    {
        Check(outputGradient.Length, inputGradient.Length, channels, groups, spatial, batch, nameof(outputGradient), nameof(inputGradient));
        Permute(outputGradient, inputGradient, channels, channels / groups, spatial, batch);
    }

    /// <summary>target channel i·groups + g = source channel g·(C/groups) + i, per sample.</summary>
    static void Permute(ReadOnlySpan<float> source, Span<float> target, int channels, int groups, int spatial, int batch)
    {
        var perGroup = channels / groups;
        for (var n = 0; n < batch; n++)
            for (var g = 0; g < groups; g++)
                for (var i = 0; i < perGroup; i++)
                    source.Slice((n * channels + g * perGroup + i) * spatial, spatial).CopyTo(target.Slice((n * channels + i * groups + g) * spatial, spatial));
    }

    static void Check(int sourceLength, int targetLength, int channels, int groups, int spatial, int batch, string sourceName, string targetName)
    {
        KernelGuard.NotNegative(channels, nameof(channels));
        KernelGuard.NotNegative(spatial, nameof(spatial));
        KernelGuard.NotNegative(batch, nameof(batch));
        if (groups < 1) throw new ArgumentOutOfRangeException(nameof(groups), groups, "Expected at least 1 group.");
        if (channels % groups != 0) throw new ArgumentException($"Expected channels ({channels}) divisible by groups ({groups}).", nameof(groups));
        KernelGuard.AtLeast(sourceLength, (long)batch * channels * spatial, sourceName);
        KernelGuard.AtLeast(targetLength, (long)batch * channels * spatial, targetName);
    }
}
