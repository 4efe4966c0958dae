using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Kernels;

/// <summary>
/// Layer normalisation over the channels at each position of [batch, C, spatial]: with spatial = 1 it is
/// <c>nn.LayerNorm(C)</c> on vectors; on images it normalises the C values at each (h, w) (torchvision's
/// <c>LayerNorm2d</c>, ConvNeXt's channels-last LayerNorm), then scales and shifts per channel.
/// </summary>
/// <remarks>
/// Each (sample, position)'s mean and biased variance are double sums over the channels in order; the output is
/// (x·σ⁻¹ + (−μ·σ⁻¹))·γ + β, each step rounded as PyTorch's kernel forms it, computed lane-wise (across positions, or
/// across channels for vectors): the same bits on every vector width and thread count. Empty gamma and beta mean γ = 1,
/// β = 0 (<c>elementwise_affine=False</c>).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class LayerNorm
{
    /// <summary>Normalises, and saves each (sample, position)'s mean and 1/√(var + ε) for the backward.</summary>
    /// <param name="input">[batch, channels, spatial].</param>
    /// <param name="output">Same shape (may be the input).</param>
    /// <param name="gamma">[channels], or empty for γ = 1.</param>
    /// <param name="beta">[channels], or empty for β = 0 (empty exactly when gamma is).</param>
    /// <param name="savedMean">[batch, spatial], overwritten.</param>
    /// <param name="savedInverseStd">[batch, spatial], overwritten.</param>
    /// <param name="channels">C, the normalised dimension (at least 1).</param>
    /// <param name="spatial">H·W, or 1 for vectors.</param>
    /// <param name="batch">N.</param>
    /// <param name="epsilon">ε added to the variance.</param>
    /// <exception cref="ArgumentException">gamma and beta are not both C values or both empty, or a span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">channels or spatial is not positive, or batch is negative.</exception>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> savedMean, Span<float> savedInverseStd, int channels, int spatial, int batch, float epsilon)
    {
        Check(input.Length, output.Length, gamma.Length, beta.Length, channels, spatial, batch, "output");
        KernelGuard.AtLeast(savedMean.Length, (long)batch * spatial, nameof(savedMean));
        KernelGuard.AtLeast(savedInverseStd.Length, (long)batch * spatial, nameof(savedInverseStd));
        var sums = Scratch.Sums(2L * spatial);
        var scales = Scratch.Weights(2L * spatial);
        var shifts = scales + spatial;
        for (var n = 0; n < batch; n++)
        {
            var sample = input.Slice(n * channels * spatial, channels * spatial);
            Statistics(sample, channels, spatial, epsilon, sums, savedMean.Slice(n * spatial, spatial), savedInverseStd.Slice(n * spatial, spatial));
            for (var s = 0; s < spatial; s++)
            {
                // PyTorch's scale = rstd and bias = −rstd·mean, each rounded to float.
                scales[s] = savedInverseStd[n * spatial + s];
                shifts[s] = (float)(-sums[s] * savedInverseStd[n * spatial + s]);
            }
            fixed (float* x = sample, y = output.Slice(n * channels * spatial, channels * spatial), pg = gamma, pb = beta)
            {
                switch (Simd.Width)
                {
                    case 512: Apply<Vector512<float>, Simd512>(x, y, scales, shifts, pg, pb, channels, spatial); break;
                    case 256: Apply<Vector256<float>, Simd256>(x, y, scales, shifts, pg, pb, channels, spatial); break;
                    default: Apply<Vector128<float>, Simd128>(x, y, scales, shifts, pg, pb, channels, spatial); break;
                }
            }
        }
    }

    /// <summary>
    /// Overwrites gammaGradient and betaGradient (unless empty) and (unless empty) inputGradient:
    /// dx = σ⁻¹·(g − mean_c(g) − x̂·mean_c(g·x̂)) with g = dy·γ at each position; dγ = Σ dy·x̂ and dβ = Σ dy per channel.
    /// </summary>
    /// <param name="input">The forward input, [batch, channels, spatial].</param>
    /// <param name="outputGradient">dL/dy, same shape.</param>
    /// <param name="gamma">[channels], or empty for γ = 1.</param>
    /// <param name="savedMean">[batch, spatial] from <see cref="Forward"/>.</param>
    /// <param name="savedInverseStd">[batch, spatial] from <see cref="Forward"/>.</param>
    /// <param name="gammaGradient">[channels], or empty.</param>
    /// <param name="betaGradient">[channels], or empty.</param>
    /// <param name="inputGradient">dL/dx, same shape as input, or empty to skip it.</param>
    /// <param name="channels">C.</param>
    /// <param name="spatial">H·W, or 1 for vectors.</param>
    /// <param name="batch">N.</param>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">channels or spatial is not positive, or batch is negative.</exception>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> gamma, ReadOnlySpan<float> savedMean, ReadOnlySpan<float> savedInverseStd, Span<float> gammaGradient, Span<float> betaGradient, Span<float> inputGradient, int channels, int spatial, int batch)
    {
        Check(input.Length, outputGradient.Length, gamma.Length, gamma.Length, channels, spatial, batch, "outputGradient");
        KernelGuard.AtLeast(savedMean.Length, (long)batch * spatial, nameof(savedMean));
        KernelGuard.AtLeast(savedInverseStd.Length, (long)batch * spatial, nameof(savedInverseStd));
        if (!gammaGradient.IsEmpty) KernelGuard.AtLeast(gammaGradient.Length, channels, nameof(gammaGradient));
        if (!betaGradient.IsEmpty) KernelGuard.AtLeast(betaGradient.Length, channels, nameof(betaGradient));
        if (!inputGradient.IsEmpty) KernelGuard.AtLeast(inputGradient.Length, (long)batch * channels * spatial, nameof(inputGradient));

        // Layout of the double scratch: per-position Σg and Σg·x̂ of one sample, then per-channel Σdy·x̂ and Σdy over the batch.
        var sums = Scratch.Sums(2L * spatial + 2L * channels);
        double* sumScaled = sums, sumScaledXHat = sums + spatial, sumXHat = sums + 2 * spatial, sumGradient = sumXHat + channels;
        new Span<double>(sumXHat, 2 * channels).Clear();
        for (var n = 0; n < batch; n++)
        {
            new Span<double>(sums, 2 * spatial).Clear();
            var offset = n * channels * spatial;
            for (var c = 0; c < channels; c++)
            {
                var weight = gamma.IsEmpty ? 1.0 : gamma[c];
                for (var s = 0; s < spatial; s++)
                {
                    var i = offset + c * spatial + s;
                    double dy = outputGradient[i], xHat = (input[i] - (double)savedMean[n * spatial + s]) * savedInverseStd[n * spatial + s];
                    sumScaled[s] += dy * weight;
                    sumScaledXHat[s] += dy * weight * xHat;
                    sumXHat[c] += dy * xHat;
                    sumGradient[c] += dy;
                }
            }
            if (inputGradient.IsEmpty) continue;
            for (var c = 0; c < channels; c++)
            {
                var weight = gamma.IsEmpty ? 1.0 : gamma[c];
                for (var s = 0; s < spatial; s++)
                {
                    var i = offset + c * spatial + s;
                    double inverseStd = savedInverseStd[n * spatial + s], xHat = (input[i] - (double)savedMean[n * spatial + s]) * inverseStd;
                    inputGradient[i] = (float)(inverseStd * (outputGradient[i] * weight - sumScaled[s] / channels - xHat * (sumScaledXHat[s] / channels)));
                }
            }
        }
        for (var c = 0; c < channels; c++)
        {
            if (!gammaGradient.IsEmpty) gammaGradient[c] = (float)sumXHat[c];
            if (!betaGradient.IsEmpty) betaGradient[c] = (float)sumGradient[c];
        }
    }

    /// <summary>Each position's mean (left in means[s], saved as float too) and 1/√(var + ε), summed over the channels in order.</summary>
    static void Statistics(ReadOnlySpan<float> sample, int channels, int spatial, float epsilon, double* means, Span<float> savedMean, Span<float> savedInverseStd)
    {
        var squares = means + spatial;
        new Span<double>(means, 2 * spatial).Clear();
        for (var c = 0; c < channels; c++)
            for (var s = 0; s < spatial; s++) means[s] += sample[c * spatial + s];
        for (var s = 0; s < spatial; s++) means[s] /= channels;
        for (var c = 0; c < channels; c++)
            for (var s = 0; s < spatial; s++)
            {
                var d = sample[c * spatial + s] - means[s];
                squares[s] += d * d;
            }
        for (var s = 0; s < spatial; s++)
        {
            savedMean[s] = (float)means[s];
            savedInverseStd[s] = (float)(1.0 / Math.Sqrt(squares[s] / channels + epsilon));
        }
    }

    /// <summary>
    /// y = (x·scale + shift)·γ + β, scale and shift per position, γ and β per channel (1 and 0 when null), each operation
    /// rounded: across positions for images, across channels for vectors (spatial = 1); the same formula either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Apply<TVec, TOps>(float* x, float* y, float* scales, float* shifts, float* gamma, float* beta, int channels, int spatial)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        if (spatial == 1)
        {
            TVec scale = TOps.Create(scales[0]), shift = TOps.Create(shifts[0]);
            var c = 0;
            for (; c + TOps.Count <= channels; c += TOps.Count)
            {
                var v = TOps.Add(TOps.Multiply(TOps.Load(x + c), scale), shift);
                if (gamma != null) v = TOps.Add(TOps.Multiply(v, TOps.Load(gamma + c)), TOps.Load(beta + c));
                TOps.Store(y + c, v);
            }
            for (; c < channels; c++) y[c] = Affine(x[c] * scales[0] + shifts[0], gamma, beta, c);
            return;
        }
        for (var c = 0; c < channels; c++)
        {
            float* xc = x + (long)c * spatial, yc = y + (long)c * spatial;
            TVec weight = TOps.Create(gamma == null ? 1f : gamma[c]), bias = TOps.Create(beta == null ? 0f : beta[c]);
            var s = 0;
            for (; s + TOps.Count <= spatial; s += TOps.Count)
            {
                var v = TOps.Add(TOps.Multiply(TOps.Load(xc + s), TOps.Load(scales + s)), TOps.Load(shifts + s));
                if (gamma != null) v = TOps.Add(TOps.Multiply(v, weight), bias);
                TOps.Store(yc + s, v);
            }
            for (; s < spatial; s++) yc[s] = Affine(xc[s] * scales[s] + shifts[s], gamma, beta, c);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Affine(float normalised, float* gamma, float* beta, int c) => gamma == null ? normalised : normalised * gamma[c] + beta[c];

    static void Check(int inputLength, int otherLength, int gammaLength, int betaLength, int channels, int spatial, int batch, string otherName)
    {
        KernelGuard.NotNegative(batch, nameof(batch));
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Expected at least 1 channel to normalise over.");
        if (spatial < 1) throw new ArgumentOutOfRangeException(nameof(spatial), spatial, "Expected a positive spatial size (1 for vectors).");
        if (gammaLength != betaLength || gammaLength != 0 && gammaLength < channels)
            throw new ArgumentException($"Expected gamma and beta of {channels} (channels) values each, or both empty (no affine); got {gammaLength} and {betaLength}.", "gamma");
        KernelGuard.AtLeast(inputLength, (long)batch * channels * spatial, "input");
        KernelGuard.AtLeast(otherLength, (long)batch * channels * spatial, otherName);
    }
}
