using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>
/// Group normalisation over [batch, C, spatial] (<c>nn.GroupNorm(groups, C)</c>; groups = C is <c>nn.InstanceNorm2d</c>):
/// each sample's channels split into groups of C/groups consecutive channels, each group normalised over its
/// (C/groups)·spatial values with its own mean and biased variance, then scaled and shifted per channel.
/// </summary>
/// <remarks>
/// Statistics in training and inference alike (no running statistics). Sums run in double in a fixed order; the output
/// is x·scale + shift per channel with scale = γ/σ and shift = β − μ·γ/σ rounded once each, as PyTorch's kernel forms them
/// (<see cref="VectorMath.ScaleShift"/>). Empty gamma and beta mean γ = 1, β = 0 (<c>affine=False</c>). Scalar reductions
/// and lane-wise products: the same bits on every vector width and thread count.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GroupNorm
{
    /// <summary>Normalises, and saves each (sample, group)'s mean and 1/√(var + ε) for the backward.</summary>
    /// <param name="input">[batch, channels, spatial].</param>
    /// <param name="output">Same shape (may be the input).</param>
    /// <param name="gamma">[channels], or empty for γ = 1.</param>
    /// <param name="beta">[channels], or empty for β = 0 (empty exactly when gamma is).</param>
    /// <param name="savedMean">[batch, groups], overwritten.</param>
    /// <param name="savedInverseStd">[batch, groups], overwritten.</param>
    /// <param name="channels">C, a multiple of groups.</param>
    /// <param name="groups">G (at least 1).</param>
    /// <param name="spatial">H·W (at least 1).</param>
    /// <param name="batch">N.</param>
    /// <param name="epsilon">ε added to the variance.</param>
    /// <exception cref="ArgumentException">groups does not divide channels, gamma and beta are not both C values or both empty, or a span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">groups or spatial is not positive, or a negative size.</exception>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> savedMean, Span<float> savedInverseStd, int channels, int groups, int spatial, int batch, float epsilon)
    {
        Check(input.Length, output.Length, gamma.Length, beta.Length, channels, groups, spatial, batch, "output");
        KernelGuard.AtLeast(savedMean.Length, (long)batch * groups, nameof(savedMean));
        KernelGuard.AtLeast(savedInverseStd.Length, (long)batch * groups, nameof(savedInverseStd));
        int perGroup = channels / groups, count = perGroup * spatial;
        for (var n = 0; n < batch; n++)
            for (var g = 0; g < groups; g++)
            {
                var block = input.Slice((n * channels + g * perGroup) * spatial, count);
                var mean = VectorMath.Sum(block) / count;
                var squares = 0.0;
                foreach (var x in block)
                {
                    var d = x - mean;
                    squares += d * d;
                }
                var inverseStd = 1.0 / Math.Sqrt(squares / count + epsilon);
                savedMean[n * groups + g] = (float)mean;
                savedInverseStd[n * groups + g] = (float)inverseStd;
                for (var c = g * perGroup; c < (g + 1) * perGroup; c++)
                {
                    double weight = gamma.IsEmpty ? 1.0 : gamma[c], shift = beta.IsEmpty ? 0.0 : beta[c];
                    var plane = (n * channels + c) * spatial;
                    VectorMath.ScaleShift(input.Slice(plane, spatial), output.Slice(plane, spatial), (float)(inverseStd * weight), (float)(shift - mean * inverseStd * weight));
                }
            }
    }

    /// <summary>
    /// Overwrites gammaGradient and betaGradient (unless empty: no affine) and (unless empty) inputGradient:
    /// dx = σ⁻¹·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·γ and the means over the group; dγ = Σ dy·x̂, dβ = Σ dy per channel.
    /// </summary>
    /// <param name="input">The forward input, [batch, channels, spatial].</param>
    /// <param name="outputGradient">dL/dy, same shape.</param>
    /// <param name="gamma">[channels], or empty for γ = 1.</param>
    /// <param name="savedMean">[batch, groups] from <see cref="Forward"/>.</param>
    /// <param name="savedInverseStd">[batch, groups] from <see cref="Forward"/>.</param>
    /// <param name="gammaGradient">[channels], or empty (no affine).</param>
    /// <param name="betaGradient">[channels], or empty (no affine).</param>
    /// <param name="inputGradient">dL/dx, same shape as input, or empty to skip it.</param>
    /// <param name="channels">C.</param>
    /// <param name="groups">G.</param>
    /// <param name="spatial">H·W.</param>
    /// <param name="batch">N.</param>
    /// <exception cref="ArgumentException">groups does not divide channels, or a span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">groups or spatial is not positive, or a negative size.</exception>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> gamma, ReadOnlySpan<float> savedMean, ReadOnlySpan<float> savedInverseStd, Span<float> gammaGradient, Span<float> betaGradient, Span<float> inputGradient, int channels, int groups, int spatial, int batch)
    {
        Check(input.Length, outputGradient.Length, gamma.Length, gamma.Length, channels, groups, spatial, batch, "outputGradient");
        KernelGuard.AtLeast(savedMean.Length, (long)batch * groups, nameof(savedMean));
        KernelGuard.AtLeast(savedInverseStd.Length, (long)batch * groups, nameof(savedInverseStd));
        if (!gammaGradient.IsEmpty) KernelGuard.AtLeast(gammaGradient.Length, channels, nameof(gammaGradient));
        if (!betaGradient.IsEmpty) KernelGuard.AtLeast(betaGradient.Length, channels, nameof(betaGradient));
        if (!inputGradient.IsEmpty) KernelGuard.AtLeast(inputGradient.Length, (long)batch * channels * spatial, nameof(inputGradient));
        int perGroup = channels / groups, count = perGroup * spatial;

        // Per-channel sums over samples (samples in order, positions in order).
        for (var c = 0; c < channels; c++)
        {
            double sumGradient = 0, sumGradientXHat = 0;
            for (var n = 0; n < batch; n++)
            {
                var plane = (n * channels + c) * spatial;
                double mean = savedMean[n * groups + c / perGroup], inverseStd = savedInverseStd[n * groups + c / perGroup];
                for (var s = 0; s < spatial; s++)
                {
                    double dy = outputGradient[plane + s];
                    sumGradient += dy;
                    sumGradientXHat += dy * (input[plane + s] - mean) * inverseStd;
                }
            }
            if (!gammaGradient.IsEmpty) gammaGradient[c] = (float)sumGradientXHat;
            if (!betaGradient.IsEmpty) betaGradient[c] = (float)sumGradient;
        }
        if (inputGradient.IsEmpty) return;

        for (var n = 0; n < batch; n++)
            for (var g = 0; g < groups; g++)
            {
                var start = (n * channels + g * perGroup) * spatial;
                double mean = savedMean[n * groups + g], inverseStd = savedInverseStd[n * groups + g];
                double sum = 0, sumXHat = 0;
                for (var i = 0; i < count; i++)
                {
                    var scaled = outputGradient[start + i] * (gamma.IsEmpty ? 1.0 : gamma[g * perGroup + i / spatial]);
                    sum += scaled;
                    sumXHat += scaled * (input[start + i] - mean) * inverseStd;
                }
                double meanGradient = sum / count, meanGradientXHat = sumXHat / count;
                for (var i = 0; i < count; i++)
                {
                    var scaled = outputGradient[start + i] * (gamma.IsEmpty ? 1.0 : gamma[g * perGroup + i / spatial]);
                    var xHat = (input[start + i] - mean) * inverseStd;
                    inputGradient[start + i] = (float)(inverseStd * (scaled - meanGradient - xHat * meanGradientXHat));
                }
            }
    }

    static void Check(int inputLength, int otherLength, int gammaLength, int betaLength, int channels, int groups, int spatial, int batch, string otherName)
    {
        KernelGuard.NotNegative(channels, nameof(channels));
        KernelGuard.NotNegative(batch, nameof(batch));
        if (groups < 1) throw new ArgumentOutOfRangeException(nameof(groups), groups, "Expected at least 1 group.");
        if (spatial < 1) throw new ArgumentOutOfRangeException(nameof(spatial), spatial, "Expected a positive spatial size.");
        if (channels % groups != 0) throw new ArgumentException($"Expected channels ({channels}) divisible by groups ({groups}).", nameof(groups));
        if (gammaLength != betaLength || gammaLength != 0 && gammaLength < channels)
            throw new ArgumentException($"Expected gamma and beta of {channels} (channels) values each, or both empty (no affine); got {gammaLength} and {betaLength}.", "gamma");
        KernelGuard.AtLeast(inputLength, (long)batch * channels * spatial, "input");
        KernelGuard.AtLeast(otherLength, (long)batch * channels * spatial, otherName);
    }
}
