namespace CnnGen.Kernels;

// ReLU6 and Hardswish: piecewise functions whose kinks PyTorch gives fixed one-sided gradients.
public static partial class Activations
{
    /// <summary>y = min(max(x, 0), 6) (<c>nn.ReLU6</c>, i.e. <c>hardtanh(x, 0, 6)</c>); NaN stays NaN. Output may be the input.</summary>
    /// <exception cref="ArgumentException">output is shorter than input.</exception>
    public static void ReLU6(ReadOnlySpan<float> input, Span<float> output) => SimdMap.Unary<ReLU6Op>(input, output);

    /// <summary>
    /// dx = dy where 0 &lt; x &lt; 6, else +0 (PyTorch's vectorised <c>hardtanh_backward</c>: 0 exactly at 0 and at 6 even
    /// for a NaN dy, and 0 for a NaN x). <paramref name="input"/> is the forward input.
    /// </summary>
    /// <remarks>PyTorch 1.13's scalar loop, which only handles a tensor's last few elements, passes dy for a NaN x instead.</remarks>
    /// <exception cref="ArgumentException">a gradient span is shorter than input.</exception>
    public static void ReLU6Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) =>
        SimdMap.Binary<ReLU6BackwardOp>(input, outputGradient, inputGradient);

    /// <summary>y = x·min(max(x + 3, 0), 6) / 6 (<c>nn.Hardswish</c>, the same operations in the same order); NaN stays NaN.</summary>
    /// <exception cref="ArgumentException">output is shorter than input.</exception>
    public static void Hardswish(ReadOnlySpan<float> input, Span<float> output) => SimdMap.Unary<HardswishOp>(input, output);

    /// <summary>
    /// dx = +0 for x &lt; −3, dy·(x/3 + 0.5) for −3 ≤ x &lt; 3, dy for x ≥ 3 (PyTorch's vectorised <c>hardswish_backward</c>:
    /// −0.5·dy at −3, dy at 3, NaN for a NaN x). <paramref name="input"/> is the forward input.
    /// </summary>
    /// <remarks>PyTorch 1.13's scalar loop, which only handles a tensor's last few elements, gives 1.5·dy at 3 and dy for a NaN x.</remarks>
    /// <exception cref="ArgumentException">a gradient span is shorter than input.</exception>
    public static void HardswishBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) =>
        SimdMap.Binary<HardswishBackwardOp>(input, outputGradient, inputGradient);

    internal readonly struct ReLU6Op : IUnarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec>
        {
            var y = TOps.Select(TOps.LessThan(x, TOps.Zero), TOps.Zero, x);
            return TOps.Select(TOps.GreaterThan(y, TOps.Create(6f)), TOps.Create(6f), y);
        }
    }

    readonly struct ReLU6BackwardOp : IBinarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x, TVec dy) where TVec : unmanaged where TOps : struct, ISimd<TVec>
        {
            // 0 < x < 6: false for NaN.
            var above = TOps.GreaterThan(x, TOps.Zero);
            var inside = TOps.Select(above, TOps.LessThan(x, TOps.Create(6f)), above);
            return TOps.Select(inside, dy, TOps.Zero);
        }
    }

    readonly struct HardswishOp : IUnarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec>
        {
            var gate = TOps.Add(x, TOps.Create(3f));
            gate = TOps.Select(TOps.LessThan(gate, TOps.Zero), TOps.Zero, gate);
            gate = TOps.Select(TOps.GreaterThan(gate, TOps.Create(6f)), TOps.Create(6f), gate);
            return TOps.Divide(TOps.Multiply(x, gate), TOps.Create(6f));
        }
    }

    readonly struct HardswishBackwardOp : IBinarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x, TVec dy) where TVec : unmanaged where TOps : struct, ISimd<TVec>
        {
            var middle = TOps.Multiply(dy, TOps.Add(TOps.Divide(x, TOps.Create(3f)), TOps.Create(0.5f)));
            var result = TOps.Select(TOps.GreaterThanOrEqual(x, TOps.Create(3f)), dy, middle);
            return TOps.Select(TOps.LessThan(x, TOps.Create(-3f)), TOps.Zero, result);
        }
    }
}
