namespace CnnGen.Quantization;

/// <summary>Batch norm folded into the convolution before it, for inference (PyTorch's <c>fuse_conv_bn_eval</c>).</summary>
internal static class BatchNormFolding
{
    /// <summary>
    /// In place, per output channel f, in float32 as <c>torch.nn.utils.fuse_conv_bn_weights</c>: r = 1 / √(var[f] + eps),
    /// w[f] ← w[f] · (γ[f] · r), b[f] ← ((b[f] − mean[f]) · r) · γ[f] + β[f]. The convolution then computes
    /// BatchNorm(Conv(x)) in inference mode.
    /// </summary>
    /// <param name="weight">[channels, taps] convolution (or dense) weight.</param>
    /// <param name="bias">[channels]: the layer's bias, zeros when it has none; receives the folded bias.</param>
    /// <param name="gamma">[channels] batch norm weight γ.</param>
    /// <param name="beta">[channels] batch norm bias β.</param>
    /// <param name="runningMean">[channels].</param>
    /// <param name="runningVariance">[channels].</param>
    /// <param name="epsilon">The batch norm's eps (PyTorch's default 1e-5).</param>
    /// <exception cref="ArgumentException">A length differs from the weight's channel count.</exception>
    public static void Fold(Span<float> weight, Span<float> bias, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, float epsilon)
    {
        var channels = bias.Length;
        if (channels == 0 || weight.Length % channels != 0)
            throw new ArgumentException($"weight holds {weight.Length} values, expected a multiple of the {channels} channels of bias", nameof(weight));
        if (gamma.Length != channels || beta.Length != channels || runningMean.Length != channels || runningVariance.Length != channels)
            throw new ArgumentException($"expected {channels} values in gamma, beta, runningMean and runningVariance, got {gamma.Length}, {beta.Length}, {runningMean.Length}, {runningVariance.Length}");
        var taps = weight.Length / channels;
        for (var f = 0; f < channels; f++)
        {
            var r = 1f / MathF.Sqrt(runningVariance[f] + epsilon);
            var factor = gamma[f] * r;
            foreach (ref var w in weight.Slice(f * taps, taps)) w *= factor;
            bias[f] = (bias[f] - runningMean[f]) * r * gamma[f] + beta[f];
        }
    }
}
