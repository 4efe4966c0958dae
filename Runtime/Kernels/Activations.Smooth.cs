namespace CnnGen.Kernels;

// ELU, GELU and SiLU: smooth activations built on the width-generic exp and erf of SimdMath.
public static partial class Activations
{
    /// <summary>
    /// y = x for x &gt; 0, else α·(eˣ − 1) (<c>nn.ELU(alpha)</c>, computed as PyTorch does: (eˣ − 1)·α, not expm1); NaN stays
    /// NaN. Output may be the input.
    /// </summary>
    /// <exception cref="ArgumentException">output is shorter than input.</exception>
    public static void ELU(ReadOnlySpan<float> input, Span<float> output, float alpha)
        => SimdMap.Unary(input, output, new EluOp(alpha));

    /// <summary>
    /// dx = dy for x &gt; 0, else dy·α·eˣ (PyTorch's vectorised <c>elu_backward</c> on the input: α·dy at x = 0, NaN for a
    /// NaN x; PyTorch 1.13's scalar loop for a tensor's last few elements passes dy for a NaN x).
    /// <paramref name="input"/> is the forward input.
    /// </summary>
    /// <exception cref="ArgumentException">a gradient span is shorter than input.</exception>
    public static void ELUBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, float alpha)
        => SimdMap.Binary(input, outputGradient, inputGradient, new EluBackwardOp(alpha));

    /// <summary>y = x·0.5·(1 + erf(x/√2)) (<c>nn.GELU()</c>, approximate='none'). Output may be the input.</summary>
    /// <remarks>
    /// PyTorch 1.13's vectorised CPU GELU uses a polynomial erf with up to 1.5e−7 absolute error (its scalar tail uses
    /// libm's); this kernel uses an erf within 1 ulp, so the two agree to about 4e−7 absolute.
    /// </remarks>
    /// <exception cref="ArgumentException">output is shorter than input.</exception>
    public static void GELU(ReadOnlySpan<float> input, Span<float> output) => SimdMap.Unary<GeluOp>(input, output);

    /// <summary>dx = dy·(Φ(x) + x·φ(x)), Φ(x) = 0.5·(1 + erf(x/√2)), φ(x) = e^(−x²/2)/√(2π) (PyTorch's <c>gelu_backward</c>).</summary>
    /// <exception cref="ArgumentException">a gradient span is shorter than input.</exception>
    public static void GELUBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) =>
        SimdMap.Binary<GeluBackwardOp>(input, outputGradient, inputGradient);

    /// <summary>y = x / (1 + e^−x) (<c>nn.SiLU</c>). Output may be the input.</summary>
    /// <exception cref="ArgumentException">output is shorter than input.</exception>
    public static void SiLU(ReadOnlySpan<float> input, Span<float> output) => SimdMap.Unary<SiluOp>(input, output);

    /// <summary>dx = dy·s·(1 + x·(1 − s)), s = 1 / (1 + e^−x) (PyTorch's <c>silu_backward</c>).</summary>
    /// <exception cref="ArgumentException">a gradient span is shorter than input.</exception>
    public static void SiLUBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) =>
        SimdMap.Binary<SiluBackwardOp>(input, outputGradient, inputGradient);

    readonly struct EluOp(float alpha) : IUnarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec>
        {
            var negative = TOps.Multiply(TOps.Subtract(SimdMath.Exp<TVec, TOps>(x), TOps.Create(1f)), TOps.Create(alpha));
            return TOps.Select(TOps.GreaterThan(x, TOps.Zero), x, negative);
        }
    }

    readonly struct EluBackwardOp(float alpha) : IBinarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x, TVec dy) where TVec : unmanaged where TOps : struct, ISimd<TVec>
        {
            var negative = TOps.Multiply(TOps.Multiply(dy, TOps.Create(alpha)), SimdMath.Exp<TVec, TOps>(x));
            return TOps.Select(TOps.GreaterThan(x, TOps.Zero), dy, negative);
        }
    }

    const float Sqrt1_2 = 0.707106781f;
    const float InverseSqrt2Pi = 0.398942280f;

    /// <summary>Φ(x) = 0.5·(1 + erf(x/√2)), as PyTorch's GELU kernels compute it.</summary>
    static TVec NormalCdf<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec> =>
        TOps.Add(TOps.Create(1f), SimdMath.Erf<TVec, TOps>(TOps.Multiply(x, TOps.Create(Sqrt1_2))));

    readonly struct GeluOp : IUnarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec> =>
            TOps.Multiply(TOps.Multiply(x, TOps.Create(0.5f)), NormalCdf<TVec, TOps>(x));
    }

    readonly struct GeluBackwardOp : IBinarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x, TVec dy) where TVec : unmanaged where TOps : struct, ISimd<TVec>
        {
            var cdf = TOps.Multiply(TOps.Create(0.5f), NormalCdf<TVec, TOps>(x));
            var pdf = TOps.Multiply(TOps.Create(InverseSqrt2Pi), SimdMath.Exp<TVec, TOps>(TOps.Multiply(TOps.Multiply(x, x), TOps.Create(-0.5f))));
            return TOps.Multiply(dy, TOps.Add(cdf, TOps.Multiply(x, pdf)));
        }
    }

    /// <summary>1 / (1 + e^−x).</summary>
    static TVec Logistic<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec> =>
        TOps.Divide(TOps.Create(1f), TOps.Add(TOps.Create(1f), SimdMath.Exp<TVec, TOps>(TOps.Subtract(TOps.Zero, x))));

    readonly struct SiluOp : IUnarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec> =>
            TOps.Divide(x, TOps.Add(TOps.Create(1f), SimdMath.Exp<TVec, TOps>(TOps.Subtract(TOps.Zero, x))));
    }

    readonly struct SiluBackwardOp : IBinarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x, TVec dy) where TVec : unmanaged where TOps : struct, ISimd<TVec>
        {
            var sigmoid = Logistic<TVec, TOps>(x);
            var slope = TOps.Add(TOps.Create(1f), TOps.Multiply(x, TOps.Subtract(TOps.Create(1f), sigmoid)));
            return TOps.Multiply(TOps.Multiply(dy, sigmoid), slope);
        }
    }
}
