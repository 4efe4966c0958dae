using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Quantization;

/// <summary>
/// The affine map of an unsigned 8-bit tensor: real = (q − <see cref="ZeroPoint"/>) · <see cref="Scale"/>
/// (ONNX <c>DequantizeLinear</c>, PyTorch's <c>quint8</c> <c>per_tensor_affine</c>). One per activation tensor.
/// </summary>
/// <param name="Scale">The real value of one step; finite and positive.</param>
/// <param name="ZeroPoint">The 8-bit value of real 0, in [0, 255].</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct QuantizationParameters(float Scale, int ZeroPoint)
{
    /// <summary><c>torch.finfo(torch.float32).eps</c>: the observers' smallest scale.</summary>
    const float Float32Epsilon = 1.1920929E-07f;

    /// <summary>
    /// The parameters of PyTorch's <c>MinMaxObserver</c> (<c>quint8</c>, <c>per_tensor_affine</c>) for values in
    /// [<paramref name="min"/>, <paramref name="max"/>]: the range is widened to hold 0, scale = (max − min) / 255
    /// (at least float32's epsilon), zero point = −round(min / scale) (ties to even) clamped to [0, 255]; all in float32.
    /// </summary>
    /// <exception cref="ArgumentException">min or max is not finite, or min &gt; max.</exception>
    public static QuantizationParameters FromRange(float min, float max)
    {
        if (!float.IsFinite(min) || !float.IsFinite(max) || min > max)
            throw new ArgumentException($"expected a finite range with min <= max, got [{min}, {max}]");
        var low = MathF.Min(min, 0f);
        var high = MathF.Max(max, 0f);
        var scale = MathF.Max((high - low) / 255f, Float32Epsilon);
        var zeroPoint = (int)Math.Clamp(-MathF.Round(low / scale), 0f, 255f);
        return new QuantizationParameters(scale, zeroPoint);
    }

    /// <summary>ONNX <c>QuantizeLinear</c> to <c>uint8</c>: saturate(round(x / scale) + zero point), ties to even; NaN → 0.</summary>
    public byte Quantize(float value) => (byte)Math.Clamp(MathF.Round(value / Scale) + ZeroPoint, 0f, 255f);

    /// <summary>ONNX <c>DequantizeLinear</c>: (q − zero point) · scale.</summary>
    public float Dequantize(byte value) => (value - ZeroPoint) * Scale;

    /// <summary><see cref="Quantize(float)"/> of every value (<c>torch.quantize_per_tensor</c>).</summary>
    /// <exception cref="ArgumentException">output is shorter than input.</exception>
    public void Quantize(ReadOnlySpan<float> input, Span<byte> output)
    {
        if (output.Length < input.Length) throw new ArgumentException($"output holds {output.Length} values, expected at least {input.Length}", nameof(output));
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // Per lane the scalar formula's operations in its order (a division, rounding ties to even, + z, a clamp); NaN → 0.
            var scale = Vector128.Create(Scale);
            var zero = Vector128.Create((float)ZeroPoint);
            var high = Vector128.Create(255f);
            ref var x = ref MemoryMarshal.GetReference(input);
            for (; i + 16 <= input.Length; i += 16)
            {
                var a = Lanes(Vector128.LoadUnsafe(ref x, (nuint)i), scale, zero, high);
                var b = Lanes(Vector128.LoadUnsafe(ref x, (nuint)i + 4), scale, zero, high);
                var c = Lanes(Vector128.LoadUnsafe(ref x, (nuint)i + 8), scale, zero, high);
                var d = Lanes(Vector128.LoadUnsafe(ref x, (nuint)i + 12), scale, zero, high);
                Vector128.Narrow(Vector128.Narrow(a, b).AsUInt16(), Vector128.Narrow(c, d).AsUInt16()).StoreUnsafe(ref MemoryMarshal.GetReference(output), (nuint)i);
            }
        }
        for (; i < input.Length; i++) output[i] = Quantize(input[i]);
    }

    static Vector128<int> Lanes(Vector128<float> x, Vector128<float> scale, Vector128<float> zero, Vector128<float> high)
    {
        var steps = Vector128.Round(x / scale) + zero;
        steps = Vector128.ConditionalSelect(Vector128.Equals(steps, steps), steps, Vector128<float>.Zero);
        return Vector128.ConvertToInt32(Vector128.Min(Vector128.Max(steps, Vector128<float>.Zero), high));
    }

    /// <summary><see cref="Dequantize(byte)"/> of every value (<c>Tensor.dequantize</c>).</summary>
    /// <exception cref="ArgumentException">output is shorter than input.</exception>
    public void Dequantize(ReadOnlySpan<byte> input, Span<float> output)
    {
        if (output.Length < input.Length) throw new ArgumentException($"output holds {output.Length} values, expected at least {input.Length}", nameof(output));
        for (var i = 0; i < input.Length; i++) output[i] = Dequantize(input[i]);
    }

    /// <summary>The full 8-bit range at this zero point (no activation after the layer).</summary>
    public Int8Output Output => new(ZeroPoint, 0, 255);

    /// <summary>The range a fused ReLU leaves: values below the zero point (real &lt; 0) clamp to it.</summary>
    public Int8Output ReLU => new(ZeroPoint, ZeroPoint, 255);

    /// <summary>The range a fused ReLU6 leaves: [zero point, zero point + round(6 / scale)], within [0, 255].</summary>
    public Int8Output ReLU6 => new(ZeroPoint, ZeroPoint, (int)Math.Clamp(MathF.Round(6f / Scale) + ZeroPoint, ZeroPoint, 255f));

    /// <summary>Throws unless the scale is finite and positive and the zero point is in [0, 255].</summary>
    internal void Validate(string name)
    {
        if (!float.IsFinite(Scale) || Scale <= 0f || ZeroPoint is < 0 or > 255)
            throw new ArgumentException($"{name}: expected a finite positive scale and a zero point in [0, 255], got scale {Scale}, zero point {ZeroPoint}", name);
    }
}

/// <summary>
/// Where a requantizing kernel puts its results: the output tensor's zero point and the clamp a fused activation
/// applies (ReLU: [zero point, 255]; ReLU6: up to the step of 6; none: [0, 255]).
/// </summary>
/// <param name="ZeroPoint">The output's zero point, in [0, 255].</param>
/// <param name="Min">The smallest value stored, in [0, 255].</param>
/// <param name="Max">The largest value stored, in [Min, 255].</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct Int8Output(int ZeroPoint, int Min, int Max)
{
    /// <summary>
    /// saturate(round(value) + zero point) into [Min, Max]: ONNX <c>QuantizeLinear</c>'s rounding (ties to even) of a
    /// value already in steps of the output scale. The rounded steps are clamped to [Min − zero point, Max − zero point]
    /// as a float, then converted (exactly) and shifted by the zero point: the lane-wise order of
    /// <see cref="Int8Requantization"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal byte Store(float value) =>
        (byte)((int)MathF.Min(MathF.Max(MathF.Round(value), Min - ZeroPoint), Max - ZeroPoint) + ZeroPoint);

    /// <summary>Throws unless 0 ≤ Min ≤ Max ≤ 255 and the zero point is in [0, 255].</summary>
    internal void Validate(string name)
    {
        if (ZeroPoint is < 0 or > 255 || Min < 0 || Max > 255 || Min > Max)
            throw new ArgumentException($"{name}: expected a zero point in [0, 255] and 0 <= Min <= Max <= 255, got {this}", name);
    }
}
