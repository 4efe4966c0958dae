namespace CnnGen.Kernels;

// Hardsigmoid and Mish: the gate of squeeze-and-excitation blocks (MobileNetV3) and a smooth self-gated activation.
public static partial class Activations
{
    /// <summary>y = min(max(x + 3, 0), 6) / 6 (<c>nn.Hardsigmoid</c>, the same operations in the same order); NaN stays NaN. Output may be the input.</summary>
    /// <exception cref="ArgumentException">output is shorter than input.</exception>
    public static void Hardsigmoid(ReadOnlySpan<float> input, Span<float> output) => SimdMap.Unary<HardsigmoidOp>(input, output);

    /// <summary>
    /// dx = dy · (1/6) where −3 &lt; x &lt; 3, else +0 (PyTorch's <c>hardsigmoid_backward</c>: +0 at ±3 and for a NaN x).
    /// <paramref name="input"/> is the forward input.
    /// </summary>
    /// <exception cref="ArgumentException">a gradient span is shorter than input.</exception>
    public static void HardsigmoidBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) =>
        SimdMap.Binary<HardsigmoidBackwardOp>(input, outputGradient, inputGradient);

    /// <summary>
    /// y = x · tanh(softplus(x)) (<c>nn.Mish</c>), with tanh(ln(1 + eˣ)) computed as n / (n + 2), n = eˣ(eˣ + 2), and as
    /// 1 above x = 20 (where it rounds to 1); within a few ulp of PyTorch's. NaN stays NaN. Output may be the input.
    /// </summary>
    /// <exception cref="ArgumentException">output is shorter than input.</exception>
    public static void Mish(ReadOnlySpan<float> input, Span<float> output) => SimdMap.Unary<MishOp>(input, output);

    /// <summary>
    /// dx = dy · (t + x · σ(x) · (1 − t²)), t = tanh(softplus(x)), σ the logistic function (PyTorch's <c>mish_backward</c>);
    /// 1 − t² is taken as 4(n + 1)/(n + 2)², free of the cancellation near t = 1. <paramref name="input"/> is the forward input.
    /// </summary>
    /// <exception cref="ArgumentException">a gradient span is shorter than input.</exception>
    public static void MishBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) =>
        SimdMap.Binary<MishBackwardOp>(input, outputGradient, inputGradient);

    readonly struct HardsigmoidOp : IUnarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec>
        {
            var gate = TOps.Add(x, TOps.Create(3f));
            gate = TOps.Select(TOps.LessThan(gate, TOps.Zero), TOps.Zero, gate);
            gate = TOps.Select(TOps.GreaterThan(gate, TOps.Create(6f)), TOps.Create(6f), gate);
            return TOps.Divide(gate, TOps.Create(6f));
        }
    }

    readonly struct HardsigmoidBackwardOp : IBinarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x, TVec dy) where TVec : unmanaged where TOps : struct, ISimd<TVec>
        {
            // −3 < x < 3: false for NaN.
            var above = TOps.GreaterThan(x, TOps.Create(-3f));
            var inside = TOps.Select(above, TOps.LessThan(x, TOps.Create(3f)), above);
            return TOps.Select(inside, TOps.Multiply(dy, TOps.Create(1f / 6f)), TOps.Zero);
        }
    }

    /// <summary>Past this input tanh(softplus(x)) rounds to 1 in float, and n = eˣ(eˣ + 2) would overflow.</summary>
    const float MishSaturation = 20f;

    /// <summary>n = eˣ(eˣ + 2), so that tanh(softplus(x)) = n / (n + 2) and 1 − tanh² = 4(n + 1)/(n + 2)².</summary>
    static TVec MishN<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var e = SimdMath.Exp<TVec, TOps>(TOps.Select(TOps.GreaterThan(x, TOps.Create(MishSaturation)), TOps.Zero, x));
        return TOps.Multiply(e, TOps.Add(e, TOps.Create(2f)));
    }

    readonly struct MishOp : IUnarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec>
        {
            var n = MishN<TVec, TOps>(x);
            var t = TOps.Divide(n, TOps.Add(n, TOps.Create(2f)));
            t = TOps.Select(TOps.GreaterThan(x, TOps.Create(MishSaturation)), TOps.Create(1f), t);
            return TOps.Multiply(x, t);
        }
    }

    readonly struct MishBackwardOp : IBinarySimd
    {
        public TVec Apply<TVec, TOps>(TVec x, TVec dy) where TVec : unmanaged where TOps : struct, ISimd<TVec>
        {
            var n = MishN<TVec, TOps>(x);
            var denominator = TOps.Add(n, TOps.Create(2f));
            var t = TOps.Divide(n, denominator);
            var slope = TOps.Divide(TOps.Multiply(TOps.Create(4f), TOps.Add(n, TOps.Create(1f))), TOps.Multiply(denominator, denominator));
            var saturated = TOps.GreaterThan(x, TOps.Create(MishSaturation));
            t = TOps.Select(saturated, TOps.Create(1f), t);
            slope = TOps.Select(saturated, TOps.Zero, slope);
            var gradient = TOps.Add(t, TOps.Multiply(TOps.Multiply(x, Logistic<TVec, TOps>(x)), slope));
            return TOps.Multiply(dy, gradient);
        }
    }
}
