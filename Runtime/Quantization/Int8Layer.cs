using System.ComponentModel;
namespace CnnGen.Quantization;

/// <summary>
/// One Conv2D or Dense layer of a quantized network: its int8 weights (symmetric per output channel, [−127, 127]), their
/// float scales, its int32 bias at scale s_x · s_w[f], the packed form the kernels read, and the factor per output
/// channel from the int32 accumulator to output steps (s_x · s_w[f] / s_y) or, for a layer whose output is dequantized
/// (a network's logits), to real values (s_x · s_w[f]). Made once, when a network is quantized or loaded.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Int8Layer
{
    readonly sbyte[] _weight;
    readonly float[] _weightScales;
    readonly int[] _bias;
    readonly float[] _factors;

    Int8Layer(sbyte[] weight, float[] weightScales, int[] bias, QuantizationParameters input, QuantizationParameters? output)
    {
        input.Validate(nameof(input));
        output?.Validate(nameof(output));
        _weight = weight;
        _weightScales = weightScales;
        _bias = bias;
        Rows = weightScales.Length;
        Taps = weight.Length / Rows;
        Packed = PackedInt8Weights.Create(weight, bias, Rows, Taps);
        _factors = new float[Rows];
        for (var f = 0; f < Rows; f++)
        {
            var scale = input.Scale * weightScales[f];
            _factors[f] = output is { } o ? scale / o.Scale : scale;
        }
    }

    /// <summary>
    /// Quantizes a float layer (PyTorch's <c>quantize_per_channel</c> with a <c>per_channel_symmetric</c> observer, then
    /// the bias at s_x · s_w[f]; see <see cref="WeightQuantization"/>).
    /// </summary>
    /// <param name="weight">[rows, taps] float weights (PyTorch's layout: [F, C/G, K, K] or [Out, In]).</param>
    /// <param name="bias">[rows] float biases.</param>
    /// <param name="input">The parameters of the layer's input (s_x).</param>
    /// <param name="output">The parameters of its output (s_y), or null when the output is dequantized.</param>
    /// <exception cref="ArgumentException">The lengths do not match, a value is not finite, a parameter is invalid, or a row's sums could leave the int32 range (see <see cref="PackedInt8Weights.Create"/>).</exception>
    public static Int8Layer Quantize(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, QuantizationParameters input, QuantizationParameters? output)
    {
        if (bias.IsEmpty || weight.Length % bias.Length != 0)
            throw new ArgumentException($"weight holds {weight.Length} values, expected a multiple of the {bias.Length} output channels of bias", nameof(weight));
        input.Validate(nameof(input));
        var quantized = new sbyte[weight.Length];
        var scales = new float[bias.Length];
        WeightQuantization.PerChannelSymmetric(weight, bias.Length, quantized, scales);
        var biases = new int[bias.Length];
        WeightQuantization.Bias(bias, input.Scale, scales, biases);
        return new Int8Layer(quantized, scales, biases, input, output);
    }

    /// <summary>A layer as stored (a quantized network's file): the values are checked, then packed.</summary>
    /// <param name="weight">[rows, taps] int8 weights in [−127, 127].</param>
    /// <param name="weightScales">[rows] finite positive scales.</param>
    /// <param name="bias">[rows] int32 biases at s_x · s_w[f].</param>
    /// <param name="input">The parameters of the layer's input.</param>
    /// <param name="output">The parameters of its output, or null when the output is dequantized.</param>
    /// <exception cref="ArgumentException">A length does not match, a weight is −128, a scale is not finite and positive, a parameter is invalid, or a row's sums could leave the int32 range.</exception>
    public static Int8Layer FromStored(ReadOnlySpan<sbyte> weight, ReadOnlySpan<float> weightScales, ReadOnlySpan<int> bias, QuantizationParameters input, QuantizationParameters? output)
    {
        if (weightScales.IsEmpty || weight.Length % weightScales.Length != 0 || weight.IsEmpty)
            throw new ArgumentException($"weight holds {weight.Length} values, expected a positive multiple of the {weightScales.Length} weight scales", nameof(weight));
        if (bias.Length != weightScales.Length) throw new ArgumentException($"bias holds {bias.Length} values, expected one per weight scale ({weightScales.Length})", nameof(bias));
        for (var i = 0; i < weight.Length; i++)
        {
            if (weight[i] < -WeightQuantization.MaxWeight) throw new ArgumentException($"weight {i} is {weight[i]}, expected [-127, 127] (symmetric int8)", nameof(weight));
        }
        for (var f = 0; f < weightScales.Length; f++)
        {
            if (!float.IsFinite(weightScales[f]) || weightScales[f] <= 0f) throw new ArgumentException($"weight scale {f} is {weightScales[f]}, expected a finite positive value", nameof(weightScales));
        }
        return new Int8Layer(weight.ToArray(), weightScales.ToArray(), bias.ToArray(), input, output);
    }

    /// <summary>Output channels.</summary>
    public int Rows { get; }

    /// <summary>Weights per output channel.</summary>
    public int Taps { get; }

    /// <summary>What the int8 kernels read.</summary>
    public PackedInt8Weights Packed { get; }

    /// <summary>[rows]: s_x · s_w[f] / s_y (the <c>multiplier</c> of a requantizing kernel), or s_x · s_w[f] (the <c>scale</c> of a dequantizing one).</summary>
    public ReadOnlySpan<float> Factors => _factors;

    /// <summary>[rows, taps] int8 weights.</summary>
    public ReadOnlySpan<sbyte> Weight => _weight;

    /// <summary>[rows] weight scales s_w.</summary>
    public ReadOnlySpan<float> WeightScales => _weightScales;

    /// <summary>[rows] int32 biases at s_x · s_w[f].</summary>
    public ReadOnlySpan<int> Bias => _bias;
}
