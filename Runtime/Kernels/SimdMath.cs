using System.Runtime.CompilerServices;

namespace CnnGen.Kernels;

/// <summary>
/// Transcendental functions written once over <see cref="ISimd{TVec}"/>: the same operations in every lane at every
/// width, so results are bit-identical on 128-, 256- and 512-bit machines (the runtime's own vector exp may not be).
/// </summary>
/// <remarks>
/// Accuracy, measured by the tests against double-precision references on dense grids: <see cref="Exp{TVec, TOps}"/>
/// within 1 ulp (0.97 measured); <see cref="Erf{TVec, TOps}"/> within 1 ulp (0.84 measured; it differs from PyTorch
/// 1.13's <c>torch.erf</c> by at most 1 ulp on the test grid).
/// </remarks>
static class SimdMath
{
    const float Log2E = 1.44269502f;
    const float Ln2High = 0.693147182f;       // float(ln 2)
    const float Ln2Low = -1.90465430e-09f;    // ln 2 − float(ln 2)

    /// <summary>
    /// eˣ: n = round(x·log₂e), r = x − n·ln 2 (two fused steps), eʳ by a degree-7 polynomial (Cephes' expf
    /// coefficients), scaled by 2ⁿ in two halves so that subnormal results round once. NaN gives NaN, +∞ gives +∞,
    /// −∞ gives +0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Exp<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        // Beyond these, eˣ is +∞ or rounds to +0; the comparisons are false for NaN, which stays NaN.
        x = TOps.Select(TOps.GreaterThan(x, TOps.Create(89f)), TOps.Create(89f), x);
        x = TOps.Select(TOps.LessThan(x, TOps.Create(-104f)), TOps.Create(-104f), x);
        var n = TOps.Round(TOps.Multiply(x, TOps.Create(Log2E)));
        var r = TOps.FusedMultiplyAdd(n, TOps.Create(-Ln2High), x);
        r = TOps.FusedMultiplyAdd(n, TOps.Create(-Ln2Low), r);
        var p = TOps.FusedMultiplyAdd(TOps.Create(1.9875691500e-4f), r, TOps.Create(1.3981999507e-3f));
        p = TOps.FusedMultiplyAdd(p, r, TOps.Create(8.3334519073e-3f));
        p = TOps.FusedMultiplyAdd(p, r, TOps.Create(4.1665795894e-2f));
        p = TOps.FusedMultiplyAdd(p, r, TOps.Create(1.6666665459e-1f));
        p = TOps.FusedMultiplyAdd(p, r, TOps.Create(5.0000001201e-1f));
        var y = TOps.Add(TOps.FusedMultiplyAdd(p, TOps.Multiply(r, r), r), TOps.Create(1f));
        // n ∈ [−150, 129]: 2ⁿ as 2^⌊n/2⌋ · 2^(n − ⌊n/2⌋), each factor a normal float.
        var half = TOps.Floor(TOps.Multiply(n, TOps.Create(0.5f)));
        return KeepNaN<TVec, TOps>(x, TOps.Multiply(TOps.Multiply(y, TOps.Pow2(half)), TOps.Pow2(TOps.Subtract(n, half))));
    }

    /// <summary>
    /// <paramref name="result"/>, but the input itself where it is NaN: a NaN reaching the float-to-int conversion of
    /// <c>Pow2</c> (whose NaN result differs between widths) must not choose the output NaN's bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TVec KeepNaN<TVec, TOps>(TVec x, TVec result) where TVec : unmanaged where TOps : struct, ISimd<TVec> =>
        TOps.Select(TOps.LessThanOrEqual(TOps.Abs(x), TOps.Create(float.PositiveInfinity)), result, x);

    /// <summary>
    /// erf x: for |x| &lt; 0.875, x + x·P(x²) (P of degree 6, the leading x exact); else sign(x)·(1 − e^Q(|x|)) with
    /// Q ≈ ln erfc of degree 8 on [0.875, 4] (erf rounds to ±1 beyond 3.92). Coefficients are least-squares fits
    /// refined towards minimax (tools/golden/fit_erf.py). NaN gives NaN; ±∞ gives ±1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Erf<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var t = TOps.Multiply(x, x);
        var p = TOps.FusedMultiplyAdd(TOps.Create(8.699178579263389e-05f), t, TOps.Create(-0.0008216599235311151f));
        p = TOps.FusedMultiplyAdd(p, t, TOps.Create(0.005207224283367395f));
        p = TOps.FusedMultiplyAdd(p, t, TOps.Create(-0.026861775666475296f));
        p = TOps.FusedMultiplyAdd(p, t, TOps.Create(0.11283736675977707f));
        p = TOps.FusedMultiplyAdd(p, t, TOps.Create(-0.37612634897232056f));
        p = TOps.FusedMultiplyAdd(p, t, TOps.Create(0.12837916612625122f));
        var small = TOps.FusedMultiplyAdd(x, p, x);

        var a = TOps.Abs(x);
        a = TOps.Select(TOps.GreaterThan(a, TOps.Create(4f)), TOps.Create(4f), a);
        var q = TOps.FusedMultiplyAdd(TOps.Create(1.6024938531700172e-06f), a, TOps.Create(-4.5354656322160736e-05f));
        q = TOps.FusedMultiplyAdd(q, a, TOps.Create(0.0005907159065827727f));
        q = TOps.FusedMultiplyAdd(q, a, TOps.Create(-0.00473028514534235f));
        q = TOps.FusedMultiplyAdd(q, a, TOps.Create(0.026335548609495163f));
        q = TOps.FusedMultiplyAdd(q, a, TOps.Create(-0.10992519557476044f));
        q = TOps.FusedMultiplyAdd(q, a, TOps.Create(-0.6319953203201294f));
        q = TOps.FusedMultiplyAdd(q, a, TOps.Create(-1.130131483078003f));
        q = TOps.FusedMultiplyAdd(q, a, TOps.Create(0.0002942776191048324f));
        var large = TOps.Subtract(TOps.Create(1f), Exp<TVec, TOps>(q));
        large = TOps.Select(TOps.LessThan(x, TOps.Create(0f)), TOps.Subtract(TOps.Create(0f), large), large);

        // NaN fails the comparison and takes the second branch; it leaves as the input NaN on every width.
        return KeepNaN<TVec, TOps>(x, TOps.Select(TOps.LessThan(TOps.Abs(x), TOps.Create(0.875f)), small, large));
    }
}
