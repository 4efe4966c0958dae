using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>Batch normalisation over [batch, channels, spatial] (spatial = 1 for 1-D inputs), PyTorch semantics.</summary>
/// <remarks>
/// Element (n, c, s) sits at (n·channels + c)·spatial + s. Per-channel sums are accumulated in double in a fixed
/// order. Like PyTorch, training needs more than one value per channel (the unbiased variance divides by count − 1).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BatchNorm
{
    /// <summary>Normalises with batch statistics (biased variance), saves mean and 1/√(var+ε) for backward, and updates running statistics with momentum (unbiased variance).</summary>
    public static void ForwardTraining(ReadOnlySpan<float> input, Span<float> output, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> runningMean, Span<float> runningVariance, Span<float> savedMean, Span<float> savedInverseStd, int channels, int spatial, int batch, float momentum, float epsilon)
    {
        Check(input.Length, output.Length, gamma.Length, channels, spatial, batch);
        KernelGuard.AtLeast(beta.Length, channels, nameof(beta));
        KernelGuard.AtLeast(runningMean.Length, channels, nameof(runningMean));
        KernelGuard.AtLeast(runningVariance.Length, channels, nameof(runningVariance));
        KernelGuard.AtLeast(savedMean.Length, channels, nameof(savedMean));
        KernelGuard.AtLeast(savedInverseStd.Length, channels, nameof(savedInverseStd));
        var count = batch * spatial;
        if (count <= 1)
            throw new ArgumentException($"Expected more than 1 value per channel when training, got batch {batch} × spatial {spatial}.", nameof(batch));

        for (var c = 0; c < channels; c++)
        {
            var sum = 0.0;
            for (var n = 0; n < batch; n++)
                sum += VectorMath.Sum(input.Slice((n * channels + c) * spatial, spatial));
            var mean = sum / count;

            var squares = 0.0;
            for (var n = 0; n < batch; n++)
            {
                var plane = input.Slice((n * channels + c) * spatial, spatial);
                foreach (var x in plane)
                {
                    var d = x - mean;
                    squares += d * d;
                }
            }
            var variance = squares / count;
            var inverseStd = 1.0 / Math.Sqrt(variance + epsilon);
            savedMean[c] = (float)mean;
            savedInverseStd[c] = (float)inverseStd;
            runningMean[c] = (float)((1.0 - momentum) * runningMean[c] + momentum * mean);
            runningVariance[c] = (float)((1.0 - momentum) * runningVariance[c] + momentum * variance * count / (count - 1));

            Normalize(input, output, c, channels, spatial, batch, mean, inverseStd, gamma[c], beta[c]);
        }
    }

    /// <summary>Normalises with the running statistics.</summary>
    public static void ForwardInference(ReadOnlySpan<float> input, Span<float> output, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, int channels, int spatial, int batch, float epsilon)
    {
        Check(input.Length, output.Length, gamma.Length, channels, spatial, batch);
        KernelGuard.AtLeast(beta.Length, channels, nameof(beta));
        KernelGuard.AtLeast(runningMean.Length, channels, nameof(runningMean));
        KernelGuard.AtLeast(runningVariance.Length, channels, nameof(runningVariance));
        for (var c = 0; c < channels; c++)
        {
            var inverseStd = 1.0 / Math.Sqrt(runningVariance[c] + (double)epsilon);
            Normalize(input, output, c, channels, spatial, batch, runningMean[c], inverseStd, gamma[c], beta[c]);
        }
    }

    /// <summary>
    /// A batch norm folded into the convolution or dense layer before it, for inference (PyTorch's
    /// <c>torch.nn.utils.fusion.fuse_conv_bn_weights</c>, in float32 as it does): per output channel f, r = 1 / √(var[f] + eps),
    /// foldedWeight[f] = weight[f] · (γ[f] · r), foldedBias[f] = ((bias[f] − mean[f]) · r) · γ[f] + β[f]. The layer with the
    /// folded weight and bias then computes BatchNorm(layer(x)) in inference mode. Scalar, so the same bits on every width.
    /// </summary>
    /// <param name="weight">[channels, taps]: the convolution's [F, C/G, KH, KW] or the dense layer's [Out, In] weight.</param>
    /// <param name="bias">[channels], or empty for a layer without bias (taken as zeros).</param>
    /// <param name="gamma">[channels] batch norm weight γ.</param>
    /// <param name="beta">[channels] batch norm bias β.</param>
    /// <param name="runningMean">[channels].</param>
    /// <param name="runningVariance">[channels].</param>
    /// <param name="epsilon">The batch norm's eps.</param>
    /// <param name="foldedWeight">Receives weight.Length values; it may be <paramref name="weight"/>.</param>
    /// <param name="foldedBias">Receives [channels] values; it may be <paramref name="bias"/>.</param>
    /// <exception cref="ArgumentException">The weight is not a whole number of rows of foldedBias.Length channels, or another length differs.</exception>
    public static void FoldIntoWeights(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, float epsilon, Span<float> foldedWeight, Span<float> foldedBias)
    {
        var channels = foldedBias.Length;
        if (channels == 0 || weight.Length % channels != 0)
            throw new ArgumentException($"weight holds {weight.Length} values, expected a multiple of the {channels} channels of foldedBias", nameof(weight));
        KernelGuard.Exactly(foldedWeight.Length, weight.Length, nameof(foldedWeight));
        if (!bias.IsEmpty) KernelGuard.Exactly(bias.Length, channels, nameof(bias));
        if (gamma.Length != channels || beta.Length != channels || runningMean.Length != channels || runningVariance.Length != channels)
            throw new ArgumentException($"expected {channels} values in gamma, beta, runningMean and runningVariance, got {gamma.Length}, {beta.Length}, {runningMean.Length}, {runningVariance.Length}");
        var taps = weight.Length / channels;
        for (var f = 0; f < channels; f++)
        {
            var r = 1f / MathF.Sqrt(runningVariance[f] + epsilon);
            var factor = gamma[f] * r;
            var row = weight.Slice(f * taps, taps);
            var folded = foldedWeight.Slice(f * taps, taps);
            for (var t = 0; t < taps; t++) folded[t] = row[t] * factor;
            foldedBias[f] = ((bias.IsEmpty ? 0f : bias[f]) - runningMean[f]) * r * gamma[f] + beta[f];
        }
    }

    /// <summary>Overwrites gammaGradient, betaGradient and (unless empty) inputGradient.</summary>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> gamma, ReadOnlySpan<float> savedMean, ReadOnlySpan<float> savedInverseStd, Span<float> gammaGradient, Span<float> betaGradient, Span<float> inputGradient, int channels, int spatial, int batch)
    {
        Check(input.Length, outputGradient.Length, gamma.Length, channels, spatial, batch);
        KernelGuard.AtLeast(savedMean.Length, channels, nameof(savedMean));
        KernelGuard.AtLeast(savedInverseStd.Length, channels, nameof(savedInverseStd));
        KernelGuard.AtLeast(gammaGradient.Length, channels, nameof(gammaGradient));
        KernelGuard.AtLeast(betaGradient.Length, channels, nameof(betaGradient));
        if (!inputGradient.IsEmpty) KernelGuard.AtLeast(inputGradient.Length, (long)batch * channels * spatial, nameof(inputGradient));
        var count = batch * spatial;

        for (var c = 0; c < channels; c++)
        {
            double mean = savedMean[c], inverseStd = savedInverseStd[c];
            double sumGradient = 0.0, sumGradientXHat = 0.0;
            for (var n = 0; n < batch; n++)
            {
                var offset = (n * channels + c) * spatial;
                var x = input.Slice(offset, spatial);
                var dy = outputGradient.Slice(offset, spatial);
                for (var s = 0; s < spatial; s++)
                {
                    sumGradient += dy[s];
                    sumGradientXHat += dy[s] * (x[s] - mean) * inverseStd;
                }
            }
            betaGradient[c] = (float)sumGradient;
            gammaGradient[c] = (float)sumGradientXHat;
            if (inputGradient.IsEmpty || count == 0) continue;

            // dx = γ·σ⁻¹·(dy − mean(dy) − x̂·mean(dy·x̂))
            var scale = gamma[c] * inverseStd;
            double meanGradient = sumGradient / count, meanGradientXHat = sumGradientXHat / count;
            for (var n = 0; n < batch; n++)
            {
                var offset = (n * channels + c) * spatial;
                var x = input.Slice(offset, spatial);
                var dy = outputGradient.Slice(offset, spatial);
                var dx = inputGradient.Slice(offset, spatial);
                for (var s = 0; s < spatial; s++)
                {
                    var xHat = (x[s] - mean) * inverseStd;
                    dx[s] = (float)(scale * (dy[s] - meanGradient - xHat * meanGradientXHat));
                }
            }
        }
    }

    /// <summary>y = (x − mean)·σ⁻¹·γ + β over one channel of every sample.</summary>
    static void Normalize(ReadOnlySpan<float> input, Span<float> output, int c, int channels, int spatial, int batch, double mean, double inverseStd, float gamma, float beta)
    {
        var scale = (float)(inverseStd * gamma);
        var shift = (float)(beta - mean * inverseStd * gamma);
        for (var n = 0; n < batch; n++)
        {
            var offset = (n * channels + c) * spatial;
            VectorMath.ScaleShift(input.Slice(offset, spatial), output.Slice(offset, spatial), scale, shift);
        }
    }

    static void Check(int inputLength, int outputLength, int gammaLength, int channels, int spatial, int batch)
    {
        KernelGuard.NotNegative(channels, nameof(channels));
        KernelGuard.NotNegative(spatial, nameof(spatial));
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(inputLength, (long)batch * channels * spatial, "input");
        KernelGuard.AtLeast(outputLength, (long)batch * channels * spatial, "output");
        KernelGuard.AtLeast(gammaLength, channels, "gamma");
    }
}
