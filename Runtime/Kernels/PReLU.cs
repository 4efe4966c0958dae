using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>
/// Parametric ReLU over a batch (<c>nn.PReLU</c>): y = x for x &gt; 0, else a·x, with one learnable slope a shared by
/// every channel (<c>num_parameters=1</c>) or one per channel. Element (n, c, s) sits at (n·channels + c)·spatial + s;
/// a vector input has spatial = 1.
/// </summary>
/// <remarks>
/// Element-wise parts run through <see cref="SimdMap"/>; the slope gradient is a double sum per channel in a fixed
/// order (sample, then channel, then position), so every width and thread count gives the same bits.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PReLU
{
    /// <summary>y = x &gt; 0 ? x : a·x (PyTorch's rule: a NaN x gives a·NaN = NaN). Output may be the input.</summary>
    /// <param name="input">[batch, channels, spatial].</param>
    /// <param name="weight">The slopes: 1 value (shared) or <paramref name="channels"/> values.</param>
    /// <param name="output">Same shape as input.</param>
    /// <param name="channels">C.</param>
    /// <param name="spatial">H·W (1 for a vector).</param>
    /// <param name="batch">N.</param>
    /// <exception cref="ArgumentException">weight holds neither 1 nor C values, or a span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">a negative size.</exception>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output, int channels, int spatial, int batch)
    {
        Check(input.Length, output.Length, weight.Length, channels, spatial, batch, "output");
        for (var n = 0; n < batch; n++)
            for (var c = 0; c < channels; c++)
            {
                var plane = (n * channels + c) * spatial;
                SimdMap.Unary(input.Slice(plane, spatial), output.Slice(plane, spatial), new SlopeOp(Slope(weight, c)));
            }
    }

    /// <summary>
    /// Overwrites weightGradient with Σ over samples and positions of (x &gt; 0 ? 0 : x·dy) per slope, and (unless empty)
    /// inputGradient with dx = x &gt; 0 ? dy : a·dy (PyTorch's <c>prelu_backward</c>). inputGradient may be outputGradient.
    /// </summary>
    /// <param name="input">The forward input, [batch, channels, spatial].</param>
    /// <param name="weight">The slopes (1 or C values).</param>
    /// <param name="outputGradient">dL/dy, same shape as input.</param>
    /// <param name="weightGradient">As many values as weight.</param>
    /// <param name="inputGradient">dL/dx, same shape as input, or empty to skip it.</param>
    /// <param name="channels">C.</param>
    /// <param name="spatial">H·W (1 for a vector).</param>
    /// <param name="batch">N.</param>
    /// <exception cref="ArgumentException">weight holds neither 1 nor C values, or a span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">a negative size.</exception>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> inputGradient, int channels, int spatial, int batch)
    {
        Check(input.Length, outputGradient.Length, weight.Length, channels, spatial, batch, "outputGradient");
        KernelGuard.AtLeast(weightGradient.Length, weight.Length, nameof(weightGradient));
        if (!inputGradient.IsEmpty) KernelGuard.AtLeast(inputGradient.Length, (long)batch * channels * spatial, nameof(inputGradient));

        for (var k = 0; k < weight.Length; k++)
        {
            // Shared slope: every channel's terms, in (sample, channel, position) order; per-channel slope: its own.
            var sum = 0.0;
            for (var n = 0; n < batch; n++)
                for (var c = weight.Length == 1 ? 0 : k; c < (weight.Length == 1 ? channels : k + 1); c++)
                {
                    var plane = (n * channels + c) * spatial;
                    var x = input.Slice(plane, spatial);
                    var dy = outputGradient.Slice(plane, spatial);
                    for (var s = 0; s < spatial; s++)
                        if (!(x[s] > 0f)) sum += (double)x[s] * dy[s];
                }
            weightGradient[k] = (float)sum;
        }
        if (inputGradient.IsEmpty) return;
        for (var n = 0; n < batch; n++)
            for (var c = 0; c < channels; c++)
            {
                var plane = (n * channels + c) * spatial;
                SimdMap.Binary(input.Slice(plane, spatial), outputGradient.Slice(plane, spatial), inputGradient.Slice(plane, spatial), new SlopeBackwardOp(Slope(weight, c)));
            }
    }

    static float Slope(ReadOnlySpan<float> weight, int channel) => weight.Length == 1 ? weight[0] : weight[channel];

    static void Check(int inputLength, int otherLength, int weightLength, int channels, int spatial, int batch, string otherName)
    {
        KernelGuard.NotNegative(channels, nameof(channels));
        KernelGuard.NotNegative(spatial, nameof(spatial));
        KernelGuard.NotNegative(batch, nameof(batch));
        if (weightLength != 1 && weightLength != channels)
            throw new ArgumentException($"Expected 1 or {channels} (channels) slopes in weight, got {weightLength}.", "weight");
        KernelGuard.AtLeast(inputLength, (long)batch * channels * spatial, "input");
        KernelGuard.AtLeast(otherLength, (long)batch * channels * spatial, otherName);
    }

    readonly struct SlopeOp(float slope) : IUnarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec> =>
            TOps.Select(TOps.GreaterThan(x, TOps.Zero), x, TOps.Multiply(x, TOps.Create(slope)));
    }

    readonly struct SlopeBackwardOp(float slope) : IBinarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x, TVec dy) where TVec : unmanaged where TOps : struct, ISimd<TVec> =>
            TOps.Select(TOps.GreaterThan(x, TOps.Zero), dy, TOps.Multiply(dy, TOps.Create(slope)));
    }
}
