namespace CnnGen.Kernels;

// ELU, GELU and SiLU: smooth activations built on the width-generic exp and erf of LaneMath.
public static partial class Activations
{
    /// <summary>
    /// y = x for x &gt; 0, else α·(eˣ − 1) (<c>nn.ELU(alpha)</c>, computed as PyTorch does: (eˣ − 1)·α, not expm1); NaN stays
    /// NaN. Output may be the input.
    /// </summary>
    /// <exception cref="ArgumentException">output is shorter than input.</exception>
    public static void ELU(ReadOnlySpan<float> input, Span<float> output, float alpha)
        => LaneMap.Unary(input, output, new EluOp(alpha));

    /// <summary>
    /// dx = dy for x &gt; 0, else dy·α·eˣ (PyTorch's vectorised <c>elu_backward</c> on the input: α·dy at x = 0, NaN for a
    /// NaN x; PyTorch 1.13's scalar loop for a tensor's last few elements passes dy for a NaN x).
    /// <paramref name="input"/> is the forward input.
    /// </summary>
    /// <exception cref="ArgumentException">a gradient span is shorter than input.</exception>
    public static void ELUBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, float alpha)
        => LaneMap.Binary(input, outputGradient, inputGradient, new EluBackwardOp(alpha));

    /// <summary>y = x·0.5·(1 + erf(x/√2)) (<c>nn.GELU()</c>, approximate='none'). Output may be the input.</summary>
    /// <remarks>
    /// PyTorch 1.13's vectorised CPU GELU uses a polynomial erf with up to 1.5e−7 absolute error (its scalar tail uses
    /// libm's); this kernel uses an erf within 2 ulp, so the two agree to about 4e−7 absolute.
    /// </remarks>
    /// <exception cref="ArgumentException">output is shorter than input.</exception>
    public static void GELU(ReadOnlySpan<float> input, Span<float> output) => LaneMap.Unary<GeluOp>(input, output);

    /// <summary>dx = dy·(Φ(x) + x·φ(x)), Φ(x) = 0.5·(1 + erf(x/√2)), φ(x) = e^(−x²/2)/√(2π) (PyTorch's <c>gelu_backward</c>).</summary>
    /// <exception cref="ArgumentException">a gradient span is shorter than input.</exception>
    public static void GELUBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) =>
        LaneMap.Binary<GeluBackwardOp>(input, outputGradient, inputGradient);

    /// <summary>y = x / (1 + e^−x) (<c>nn.SiLU</c>). Output may be the input.</summary>
    /// <exception cref="ArgumentException">output is shorter than input.</exception>
    public static void SiLU(ReadOnlySpan<float> input, Span<float> output) => LaneMap.Unary<SiluOp>(input, output);

    /// <summary>dx = dy·s·(1 + x·(1 − s)), s = 1 / (1 + e^−x) (PyTorch's <c>silu_backward</c>).</summary>
    /// <exception cref="ArgumentException">a gradient span is shorter than input.</exception>
    public static void SiLUBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) =>
        LaneMap.Binary<SiluBackwardOp>(input, outputGradient, inputGradient);

    readonly struct EluOp(float alpha) : IUnaryLanes
    {
        public T Apply<T>(T x) where T : unmanaged, ILanes<T>
        {
            var negative = (LaneMath.Exp(x) - T.Create(1f)) * T.Create(alpha);
            return T.Select(T.GreaterThan(x, T.Create(0f)), x, negative);
        }
    }

    readonly struct EluBackwardOp(float alpha) : IBinaryLanes
    {
        public T Apply<T>(T x, T dy) where T : unmanaged, ILanes<T>
        {
            var negative = dy * T.Create(alpha) * LaneMath.Exp(x);
            return T.Select(T.GreaterThan(x, T.Create(0f)), dy, negative);
        }
    }

    const float Sqrt1_2 = 0.707106781f;
    const float InverseSqrt2Pi = 0.398942280f;

    readonly struct GeluOp : IUnaryLanes
    {
        public T Apply<T>(T x) where T : unmanaged, ILanes<T> =>
            x * T.Create(0.5f) * (T.Create(1f) + LaneMath.Erf(x * T.Create(Sqrt1_2)));
    }

    readonly struct GeluBackwardOp : IBinaryLanes
    {
        public T Apply<T>(T x, T dy) where T : unmanaged, ILanes<T>
        {
            var cdf = T.Create(0.5f) * (T.Create(1f) + LaneMath.Erf(x * T.Create(Sqrt1_2)));
            var pdf = T.Create(InverseSqrt2Pi) * LaneMath.Exp(x * x * T.Create(-0.5f));
            return dy * (cdf + x * pdf);
        }
    }

    readonly struct SiluOp : IUnaryLanes
    {
        public T Apply<T>(T x) where T : unmanaged, ILanes<T> =>
            x / (T.Create(1f) + LaneMath.Exp(T.Create(0f) - x));
    }

    readonly struct SiluBackwardOp : IBinaryLanes
    {
        public T Apply<T>(T x, T dy) where T : unmanaged, ILanes<T>
        {
            var sigmoid = T.Create(1f) / (T.Create(1f) + LaneMath.Exp(T.Create(0f) - x));
            return dy * sigmoid * (T.Create(1f) + x * (T.Create(1f) - sigmoid));
        }
    }
}
