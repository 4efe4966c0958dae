namespace CnnGen.Kernels;

// ReLU6 and Hardswish: piecewise functions whose kinks PyTorch gives fixed one-sided gradients.
public static partial class Activations
{
    /// <summary>y = min(max(x, 0), 6) (<c>nn.ReLU6</c>, i.e. <c>hardtanh(x, 0, 6)</c>); NaN stays NaN. Output may be the input.</summary>
    /// <exception cref="ArgumentException">output is shorter than input.</exception>
    public static void ReLU6(ReadOnlySpan<float> input, Span<float> output) => LaneMap.Unary<ReLU6Op>(input, output);

    /// <summary>
    /// dx = dy where 0 &lt; x &lt; 6, else +0 (PyTorch's vectorised <c>hardtanh_backward</c>: 0 exactly at 0 and at 6 even
    /// for a NaN dy, and 0 for a NaN x). <paramref name="input"/> is the forward input.
    /// </summary>
    /// <remarks>PyTorch 1.13's scalar loop, which only handles a tensor's last few elements, passes dy for a NaN x instead.</remarks>
    /// <exception cref="ArgumentException">a gradient span is shorter than input.</exception>
    public static void ReLU6Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) =>
        LaneMap.Binary<ReLU6BackwardOp>(input, outputGradient, inputGradient);

    /// <summary>y = x·min(max(x + 3, 0), 6) / 6 (<c>nn.Hardswish</c>, the same operations in the same order); NaN stays NaN.</summary>
    /// <exception cref="ArgumentException">output is shorter than input.</exception>
    public static void Hardswish(ReadOnlySpan<float> input, Span<float> output) => LaneMap.Unary<HardswishOp>(input, output);

    /// <summary>
    /// dx = +0 for x &lt; −3, dy·(x/3 + 0.5) for −3 ≤ x &lt; 3, dy for x ≥ 3 (PyTorch's vectorised <c>hardswish_backward</c>:
    /// −0.5·dy at −3, dy at 3, NaN for a NaN x). <paramref name="input"/> is the forward input.
    /// </summary>
    /// <remarks>PyTorch 1.13's scalar loop, which only handles a tensor's last few elements, gives 1.5·dy at 3 and dy for a NaN x.</remarks>
    /// <exception cref="ArgumentException">a gradient span is shorter than input.</exception>
    public static void HardswishBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) =>
        LaneMap.Binary<HardswishBackwardOp>(input, outputGradient, inputGradient);

    readonly struct ReLU6Op : IUnaryLanes
    {
        public T Apply<T>(T x) where T : unmanaged, ILanes<T>
        {
            var y = T.Select(T.LessThan(x, T.Create(0f)), T.Create(0f), x);
            return T.Select(T.GreaterThan(y, T.Create(6f)), T.Create(6f), y);
        }
    }

    readonly struct ReLU6BackwardOp : IBinaryLanes
    {
        public T Apply<T>(T x, T dy) where T : unmanaged, ILanes<T>
        {
            // 0 < x < 6: false for NaN.
            var above = T.GreaterThan(x, T.Create(0f));
            var inside = T.Select(above, T.LessThan(x, T.Create(6f)), above);
            return T.Select(inside, dy, T.Create(0f));
        }
    }

    readonly struct HardswishOp : IUnaryLanes
    {
        public T Apply<T>(T x) where T : unmanaged, ILanes<T>
        {
            var gate = x + T.Create(3f);
            gate = T.Select(T.LessThan(gate, T.Create(0f)), T.Create(0f), gate);
            gate = T.Select(T.GreaterThan(gate, T.Create(6f)), T.Create(6f), gate);
            return x * gate / T.Create(6f);
        }
    }

    readonly struct HardswishBackwardOp : IBinaryLanes
    {
        public T Apply<T>(T x, T dy) where T : unmanaged, ILanes<T>
        {
            var middle = dy * (x / T.Create(3f) + T.Create(0.5f));
            var result = T.Select(T.GreaterThanOrEqual(x, T.Create(3f)), dy, middle);
            return T.Select(T.LessThan(x, T.Create(-3f)), T.Create(0f), result);
        }
    }
}
