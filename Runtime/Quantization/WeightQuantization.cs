namespace CnnGen.Quantization;

/// <summary>
/// Weights and biases to integers: weights symmetric per output channel (zero point 0, [−127, 127]), biases int32 at
/// scale s_x · s_w[f], as ONNX Runtime's QDQ quantizer and PyTorch's <c>per_channel_symmetric</c> observer make them.
/// </summary>
internal static class WeightQuantization
{
    /// <summary>The largest weight magnitude: the range is [−127, 127], symmetric.</summary>
    public const int MaxWeight = 127;

    /// <summary>
    /// Per output channel f: scale[f] = max(max|w[f]| / 127, float32 epsilon) (PyTorch's <c>PerChannelMinMaxObserver</c>,
    /// <c>qint8</c>, <c>per_channel_symmetric</c>, quant range [−127, 127]) and q = clamp(round(w / scale[f]), −127, 127)
    /// with ties to even (ONNX <c>QuantizeLinear</c>, <c>torch.quantize_per_channel</c>); all in float32.
    /// </summary>
    /// <param name="weight">[channels, taps]: PyTorch's weight layout ([F, C/G, K, K] or [Out, In]).</param>
    /// <param name="channels">Output channels (the first dimension).</param>
    /// <param name="quantized">[channels, taps] signed 8-bit weights.</param>
    /// <param name="scales">[channels] scales.</param>
    /// <exception cref="ArgumentException">The weight does not split into <paramref name="channels"/> rows, a span is too short, or a weight is not finite.</exception>
    public static void PerChannelSymmetric(ReadOnlySpan<float> weight, int channels, Span<sbyte> quantized, Span<float> scales)
    {
        if (channels <= 0 || weight.Length == 0 || weight.Length % channels != 0)
            throw new ArgumentException($"weight holds {weight.Length} values, expected a positive multiple of {channels} channels", nameof(weight));
        if (quantized.Length < weight.Length) throw new ArgumentException($"quantized holds {quantized.Length} values, expected {weight.Length}", nameof(quantized));
        if (scales.Length < channels) throw new ArgumentException($"scales holds {scales.Length} values, expected {channels}", nameof(scales));
        var taps = weight.Length / channels;
        for (var f = 0; f < channels; f++)
        {
            var row = weight.Slice(f * taps, taps);
            var largest = 0f;
            foreach (var w in row)
            {
                if (!float.IsFinite(w)) throw new ArgumentException($"channel {f}: weight {w} is not finite", nameof(weight));
                largest = MathF.Max(largest, MathF.Abs(w));
            }
            var scale = scales[f] = MathF.Max(largest / MaxWeight, 1.1920929E-07f);
            var target = quantized.Slice(f * taps, taps);
            for (var t = 0; t < taps; t++) target[t] = (sbyte)Math.Clamp(MathF.Round(row[t] / scale), -MaxWeight, MaxWeight);
        }
    }

    /// <summary>
    /// Biases at scale s_x · s_w[f] (ONNX Runtime's quantizer): q[f] = round(b[f] / (s_x · s_w[f])), ties to even, in
    /// float32, saturated to the int32 range.
    /// </summary>
    /// <param name="bias">[channels] float biases.</param>
    /// <param name="inputScale">s_x, the scale of the layer's input.</param>
    /// <param name="weightScales">[channels] s_w.</param>
    /// <param name="quantized">[channels] int32 biases.</param>
    /// <exception cref="ArgumentException">The lengths differ, or a value or scale is not finite (a scale not positive).</exception>
    public static void Bias(ReadOnlySpan<float> bias, float inputScale, ReadOnlySpan<float> weightScales, Span<int> quantized)
    {
        if (weightScales.Length != bias.Length) throw new ArgumentException($"weightScales holds {weightScales.Length} values, expected one per bias ({bias.Length})", nameof(weightScales));
        if (quantized.Length < bias.Length) throw new ArgumentException($"quantized holds {quantized.Length} values, expected {bias.Length}", nameof(quantized));
        if (!float.IsFinite(inputScale) || inputScale <= 0f) throw new ArgumentException($"expected a finite positive input scale, got {inputScale}", nameof(inputScale));
        for (var f = 0; f < bias.Length; f++)
        {
            var scale = inputScale * weightScales[f];
            if (!float.IsFinite(bias[f]) || !float.IsFinite(scale) || scale <= 0f)
                throw new ArgumentException($"channel {f}: bias {bias[f]} at scale {scale} is not a finite value at a positive scale", nameof(bias));
            // Compared as double: int.MaxValue is not a float.
            double steps = MathF.Round(bias[f] / scale);
            quantized[f] = steps >= int.MaxValue ? int.MaxValue : steps <= int.MinValue ? int.MinValue : (int)steps;
        }
    }
}
