namespace CnnGen;

/// <summary>Gradient clipping by global norm (<c>torch.nn.utils.clip_grad_norm_</c> with norm_type 2).</summary>
public static class GradientClipping
{
    /// <summary>
    /// Computes the L2 norm of all <paramref name="gradients"/> together and, when it exceeds
    /// <paramref name="maxNorm"/>, scales them in place by maxNorm / (norm + 1e-6), as torch does. The squares are
    /// summed in double in eight interleaved partial sums added in a fixed order: the same bits on every machine.
    /// </summary>
    /// <returns>The norm before clipping (NaN or ∞ when a gradient is; the gradients are then left alone).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not finite and &gt; 0.</exception>
    public static double ClipGradNorm(Span<float> gradients, double maxNorm)
    {
        if (!(maxNorm > 0) || !double.IsFinite(maxNorm))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "Expected a finite maximum norm > 0.");
        var norm = Math.Sqrt(SumOfSquares(gradients));
        if (!double.IsFinite(norm)) return norm;
        var coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1)
        {
            var scale = (float)coefficient;
            for (var i = 0; i < gradients.Length; i++) gradients[i] *= scale;
        }
        return norm;
    }

    static double SumOfSquares(ReadOnlySpan<float> values)
    {
        Span<double> partial = stackalloc double[8];
        var i = 0;
        for (; i + 8 <= values.Length; i += 8)
        {
            for (var k = 0; k < 8; k++)
            {
                double v = values[i + k];
                partial[k] += v * v;
            }
        }
        for (var k = 0; i < values.Length; i++, k++)
        {
            double v = values[i];
            partial[k] += v * v;
        }
        return ((partial[0] + partial[1]) + (partial[2] + partial[3])) + ((partial[4] + partial[5]) + (partial[6] + partial[7]));
    }
}
