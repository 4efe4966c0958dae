using System.ComponentModel;
using CnnGen.Kernels;

namespace CnnGen.Quantization;

/// <summary>
/// Element-wise layers on unsigned 8-bit tensors: <c>Add</c> and <c>Concat</c> requantized to the output's scale, and
/// ReLU / ReLU6 as clamps. Scalar code (each value one fused multiply-add at most): the same bits on every machine.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class QuantizedElementwise
{
    /// <summary>
    /// <c>a + b</c> (ONNX <c>QLinearAdd</c>): output = saturate(round((a − z_a)·(s_a/s_y) + (b − z_b)·(s_b/s_y)) + z_y) in
    /// [range.Min, range.Max], the second product fused with the sum.
    /// </summary>
    /// <param name="a">One operand at <paramref name="aParameters"/>.</param>
    /// <param name="aParameters">a's scale and zero point.</param>
    /// <param name="b">The other operand (as long as <paramref name="a"/>) at <paramref name="bParameters"/>.</param>
    /// <param name="bParameters">b's scale and zero point.</param>
    /// <param name="output">The sum (at least as long as a).</param>
    /// <param name="outputParameters">The sum's scale and zero point.</param>
    /// <param name="range">The clamp (<c>outputParameters.ReLU</c> fuses the ReLU after a residual sum); its zero point is the output's.</param>
    /// <exception cref="ArgumentException">The lengths differ, a scale or zero point is invalid, or the range's zero point is not the output's.</exception>
    public static void Add(ReadOnlySpan<byte> a, QuantizationParameters aParameters, ReadOnlySpan<byte> b, QuantizationParameters bParameters,
        Span<byte> output, QuantizationParameters outputParameters, Int8Output range)
    {
        if (b.Length != a.Length) throw new ArgumentException($"b holds {b.Length} values, expected a's {a.Length}", nameof(b));
        KernelGuard.AtLeast(output.Length, a.Length, nameof(output));
        aParameters.Validate(nameof(aParameters));
        bParameters.Validate(nameof(bParameters));
        CheckRange(outputParameters, range);
        float ma = aParameters.Scale / outputParameters.Scale, mb = bParameters.Scale / outputParameters.Scale;
        int za = aParameters.ZeroPoint, zb = bParameters.ZeroPoint;
        for (var i = 0; i < a.Length; i++)
            output[i] = range.Store(MathF.FusedMultiplyAdd(b[i] - zb, mb, (a[i] - za) * ma));
    }

    /// <summary>
    /// One operand of <c>torch.cat(dim=1)</c> placed in the output, requantized to the output's scale: each sample's
    /// <paramref name="blockLength"/> values go to <c>output[n * outputLength + offset ..]</c> as
    /// saturate(round((x − z_x)·(s_x/s_y)) + z_y), or copied when the parameters are the same.
    /// </summary>
    /// <param name="input">[batch, blockLength] at <paramref name="inputParameters"/>.</param>
    /// <param name="inputParameters">The operand's scale and zero point.</param>
    /// <param name="output">[batch, outputLength] at <paramref name="outputParameters"/>.</param>
    /// <param name="outputParameters">The concatenation's scale and zero point.</param>
    /// <param name="blockLength">Values per sample of this operand.</param>
    /// <param name="offset">Where the operand starts in an output sample.</param>
    /// <param name="outputLength">Values per output sample.</param>
    /// <param name="batch">Samples.</param>
    /// <exception cref="ArgumentException">A span is too short, the block does not fit, or a scale or zero point is invalid.</exception>
    public static void Concat(ReadOnlySpan<byte> input, QuantizationParameters inputParameters, Span<byte> output, QuantizationParameters outputParameters,
        int blockLength, int offset, int outputLength, int batch)
    {
        Kernels.Concat.Check(input.Length, output.Length, blockLength, offset, outputLength, batch, nameof(input), nameof(output));
        inputParameters.Validate(nameof(inputParameters));
        outputParameters.Validate(nameof(outputParameters));
        var ratio = inputParameters.Scale / outputParameters.Scale;
        var zero = inputParameters.ZeroPoint;
        var range = outputParameters.Output;
        for (var n = 0; n < batch; n++)
        {
            var source = input.Slice(n * blockLength, blockLength);
            var target = output.Slice(n * outputLength + offset, blockLength);
            if (inputParameters == outputParameters)
            {
                source.CopyTo(target);
                continue;
            }
            for (var i = 0; i < blockLength; i++) target[i] = range.Store((source[i] - zero) * ratio);
        }
    }

    /// <summary>
    /// A ReLU or ReLU6 on quantized values: each value clamped to [range.Min, range.Max]
    /// (<see cref="QuantizationParameters.ReLU"/>, <see cref="QuantizationParameters.ReLU6"/>); the scale is unchanged.
    /// </summary>
    /// <param name="input">Values.</param>
    /// <param name="output">At least as long as input (may be the same memory).</param>
    /// <param name="range">The clamp.</param>
    /// <exception cref="ArgumentException">output is too short or the range is invalid.</exception>
    public static void Clamp(ReadOnlySpan<byte> input, Span<byte> output, Int8Output range)
    {
        KernelGuard.AtLeast(output.Length, input.Length, nameof(output));
        range.Validate(nameof(range));
        byte low = (byte)range.Min, high = (byte)range.Max;
        for (var i = 0; i < input.Length; i++) output[i] = Math.Clamp(input[i], low, high);
    }

    static void CheckRange(QuantizationParameters parameters, Int8Output range)
    {
        parameters.Validate(nameof(parameters));
        range.Validate(nameof(range));
        if (range.ZeroPoint != parameters.ZeroPoint)
            throw new ArgumentException($"range: zero point {range.ZeroPoint}, expected the output's {parameters.ZeroPoint}", nameof(range));
    }
}
