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

    /// <summary>
    /// The backward of <see cref="ForwardTraining"/>: overwrites gammaGradient, betaGradient and inputGradient, each
    /// unless empty (a frozen layer passes empty parameter gradients; the sums are taken anyway, the input gradient needs them).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> gamma, ReadOnlySpan<float> savedMean, ReadOnlySpan<float> savedInverseStd, Span<float> gammaGradient, Span<float> betaGradient, Span<float> inputGradient, int channels, int spatial, int batch)
    {
        Check(input.Length, outputGradient.Length, gamma.Length, channels, spatial, batch);
        KernelGuard.AtLeast(savedMean.Length, channels, nameof(savedMean));
        KernelGuard.AtLeast(savedInverseStd.Length, channels, nameof(savedInverseStd));
        CheckParameterGradients(gammaGradient, betaGradient, channels);
        if (!inputGradient.IsEmpty) KernelGuard.AtLeast(inputGradient.Length, (long)batch * channels * spatial, nameof(inputGradient));
        var count = batch * spatial;

        for (var c = 0; c < channels; c++)
        {
            double mean = savedMean[c], inverseStd = savedInverseStd[c];
            var (sumGradient, sumGradientXHat) = ParameterGradients(input, outputGradient, gammaGradient, betaGradient, c, channels, spatial, batch, mean, inverseStd);
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

    /// <summary>
    /// The backward of <see cref="ForwardInference"/>, for a batch norm that normalises with its running statistics while
    /// the network trains (<c>BatchNorm(Frozen = true)</c>; PyTorch: an <c>nn.BatchNorm2d</c> in <c>.eval()</c> inside a
    /// model in <c>.train()</c>). The statistics are constants, so dx = dy·γ·σ⁻¹ per channel, with σ⁻¹ = 1/√(running_var + ε)
    /// as the forward took it; dγ = Σ dy·(x − running_mean)·σ⁻¹ and dβ = Σ dy, summed in double in (sample, position)
    /// order. Overwrites each of gammaGradient, betaGradient and inputGradient that is not empty.
    /// </summary>
    /// <param name="input">The forward input, [batch, channels, spatial] (read only for gammaGradient).</param>
    /// <param name="outputGradient">dL/dy, [batch, channels, spatial].</param>
    /// <param name="gamma">[channels].</param>
    /// <param name="runningMean">[channels], as the forward read it.</param>
    /// <param name="runningVariance">[channels], as the forward read it.</param>
    /// <param name="gammaGradient">[channels], or empty to skip it.</param>
    /// <param name="betaGradient">[channels], or empty to skip it.</param>
    /// <param name="inputGradient">[batch, channels, spatial], or empty to skip it (may be outputGradient).</param>
    /// <param name="channels">C.</param>
    /// <param name="spatial">H·W (1 for a 1-D input).</param>
    /// <param name="batch">N.</param>
    /// <param name="epsilon">Added to the running variance, as in the forward.</param>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative size.</exception>
    public static void BackwardInference(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> gamma, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, Span<float> gammaGradient, Span<float> betaGradient, Span<float> inputGradient, int channels, int spatial, int batch, float epsilon)
    {
        Check(input.Length, outputGradient.Length, gamma.Length, channels, spatial, batch);
        KernelGuard.AtLeast(runningMean.Length, channels, nameof(runningMean));
        KernelGuard.AtLeast(runningVariance.Length, channels, nameof(runningVariance));
        CheckParameterGradients(gammaGradient, betaGradient, channels);
        if (!inputGradient.IsEmpty) KernelGuard.AtLeast(inputGradient.Length, (long)batch * channels * spatial, nameof(inputGradient));

        for (var c = 0; c < channels; c++)
        {
            var inverseStd = 1.0 / Math.Sqrt(runningVariance[c] + (double)epsilon);
            // The input gradient needs no sums here: they are taken only for gamma and beta.
            if (!gammaGradient.IsEmpty || !betaGradient.IsEmpty)
                ParameterGradients(input, outputGradient, gammaGradient, betaGradient, c, channels, spatial, batch, runningMean[c], inverseStd);
            if (inputGradient.IsEmpty) continue;
            // One rounded product per element (the shift is zero): the same bits on every width.
            var scale = (float)(gamma[c] * inverseStd);
            for (var n = 0; n < batch; n++)
            {
                var offset = (n * channels + c) * spatial;
                VectorMath.ScaleShift(outputGradient.Slice(offset, spatial), inputGradient.Slice(offset, spatial), scale, 0f);
            }
        }
    }

    /// <summary>
    /// Σ dy and Σ dy·x̂ of channel <paramref name="c"/> (x̂ = (x − mean)·σ⁻¹), in double in (sample, position) order; stores
    /// them as the beta and gamma gradients unless those are empty, and returns them.
    /// </summary>
    static (double SumGradient, double SumGradientXHat) ParameterGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> gammaGradient, Span<float> betaGradient,
        int c, int channels, int spatial, int batch, double mean, double inverseStd)
    {
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
        if (!betaGradient.IsEmpty) betaGradient[c] = (float)sumGradient;
        if (!gammaGradient.IsEmpty) gammaGradient[c] = (float)sumGradientXHat;
        return (sumGradient, sumGradientXHat);
    }

    static void CheckParameterGradients(Span<float> gammaGradient, Span<float> betaGradient, int channels)
    {
        if (!gammaGradient.IsEmpty) KernelGuard.AtLeast(gammaGradient.Length, channels, nameof(gammaGradient));
        if (!betaGradient.IsEmpty) KernelGuard.AtLeast(betaGradient.Length, channels, nameof(betaGradient));
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
