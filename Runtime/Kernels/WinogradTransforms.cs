using System.Runtime.CompilerServices;

namespace CnnGen.Kernels;

/// <summary>
/// The three transforms of Winograd's minimal filtering F(m×m, 3×3) (Lavin &amp; Gray, 2015) for m = 4 (interpolation
/// points 0, ±1, ±2, ∞: 6×6 tiles) and m = 2 (0, ±1, ∞: 4×4 tiles): filter g → G g Gᵀ, input tile d → Bᵀ d B,
/// product tile M → Aᵀ M A. Each is applied as a row pass then a column pass.
/// </summary>
/// <remarks>
/// The input and output transforms run lane-wise (each lane its own tile or filter) as one fixed sequence of
/// multiplies, adds and fused multiply-adds, so they give the same bits on every width. The filter transform is
/// scalar, in double precision, rounded once to float.
/// </remarks>
static unsafe class WinogradTransforms
{
    /// <summary>One row of G g (six or four taps from three) in double precision: g0..g2 → u.</summary>
    static void FilterRow(int m, double g0, double g1, double g2, double* u)
    {
        if (m == 4)
        {
            u[0] = g0 / 4;
            u[1] = -(g0 + g1 + g2) / 6;
            u[2] = -(g0 - g1 + g2) / 6;
            u[3] = g0 / 24 + g1 / 12 + g2 / 6;
            u[4] = g0 / 24 - g1 / 12 + g2 / 6;
            u[5] = g2;
            return;
        }
        u[0] = g0;
        u[1] = (g0 + g1 + g2) / 2;
        u[2] = (g0 - g1 + g2) / 2;
        u[3] = g2;
    }

    /// <summary>
    /// G g Gᵀ of one 3×3 filter (row-major, 9 floats): <paramref name="target"/>[ξ · <paramref name="stride"/>] for the
    /// α² coordinates ξ = k·α + l (α = m + 2).
    /// </summary>
    public static void Filter(int m, float* g, float* target, long stride)
    {
        var alpha = m + 2;
        var columns = stackalloc double[3 * 6];   // (G g)ᵀ: column j of g transformed, per tap row
        var rows = stackalloc double[6];
        // Column pass: each of g's three columns to α values.
        for (var j = 0; j < 3; j++)
        {
            FilterRow(m, g[j], g[3 + j], g[6 + j], rows);
            for (var k = 0; k < alpha; k++) columns[j * 6 + k] = rows[k];
        }
        // Row pass: each transformed row k (three values) to α values.
        for (var k = 0; k < alpha; k++)
        {
            FilterRow(m, columns[k], columns[6 + k], columns[12 + k], rows);
            for (var l = 0; l < alpha; l++) target[(k * alpha + l) * stride] = (float)rows[l];
        }
    }

    /// <summary>Bᵀ of six values (m = 4): r = Bᵀ d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Input4<TVec, TOps>(TVec d0, TVec d1, TVec d2, TVec d3, TVec d4, TVec d5, float* r, nint stride)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var four = TOps.Create(4f);
        var minusFour = TOps.Create(-4f);
        var minusFive = TOps.Create(-5f);
        var two = TOps.Create(2f);
        var a = TOps.FusedMultiplyAdd(minusFour, d2, d4);   // d4 − 4 d2
        var b = TOps.FusedMultiplyAdd(minusFour, d1, d3);   // d3 − 4 d1
        var c = TOps.Subtract(d4, d2);
        var e = TOps.Multiply(two, TOps.Subtract(d3, d1));
        TOps.Store(r, TOps.FusedMultiplyAdd(four, d0, TOps.FusedMultiplyAdd(minusFive, d2, d4)));
        TOps.Store(r + stride, TOps.Add(a, b));
        TOps.Store(r + 2 * stride, TOps.Subtract(a, b));
        TOps.Store(r + 3 * stride, TOps.Add(c, e));
        TOps.Store(r + 4 * stride, TOps.Subtract(c, e));
        TOps.Store(r + 5 * stride, TOps.FusedMultiplyAdd(four, d1, TOps.FusedMultiplyAdd(minusFive, d3, d5)));
    }

    /// <summary>Bᵀ of four values (m = 2): r = Bᵀ d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Input2<TVec, TOps>(TVec d0, TVec d1, TVec d2, TVec d3, float* r, nint stride)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        TOps.Store(r, TOps.Subtract(d0, d2));
        TOps.Store(r + stride, TOps.Add(d1, d2));
        TOps.Store(r + 2 * stride, TOps.Subtract(d2, d1));
        TOps.Store(r + 3 * stride, TOps.Subtract(d1, d3));
    }

    /// <summary>
    /// Bᵀ d B of L tiles at once: d[(i·α + j)·<paramref name="stride"/>] holds pixel (i, j) of each lane's tile;
    /// transform coordinate ξ = k·α + l goes to <paramref name="target"/>[ξ · <paramref name="targetStride"/>].
    /// <paramref name="rows"/> is α² vectors of this thread's scratch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InputTile<TVec, TOps>(int m, float* d, nint stride, float* rows, float* target, nint targetStride)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var lanes = TOps.Count;
        if (m == 4)
        {
            // Row pass: e[i][l] = (d[i] B)[l] for each of the six pixel rows (stored at rows[(l·6 + i)·L]).
            for (nint i = 0; i < 6; i++)
            {
                var p = d + i * 6 * stride;
                Input4<TVec, TOps>(TOps.Load(p), TOps.Load(p + stride), TOps.Load(p + 2 * stride), TOps.Load(p + 3 * stride),
                    TOps.Load(p + 4 * stride), TOps.Load(p + 5 * stride), rows + i * lanes, 6 * lanes);
            }
            // Column pass: V[k][l] = (Bᵀ e)[k][l] for each column l.
            for (nint l = 0; l < 6; l++)
            {
                var p = rows + l * 6 * lanes;
                Input4<TVec, TOps>(TOps.Load(p), TOps.Load(p + lanes), TOps.Load(p + 2 * lanes), TOps.Load(p + 3 * lanes),
                    TOps.Load(p + 4 * lanes), TOps.Load(p + 5 * lanes), target + l * targetStride, 6 * targetStride);
            }
            return;
        }
        for (nint i = 0; i < 4; i++)
        {
            var p = d + i * 4 * stride;
            Input2<TVec, TOps>(TOps.Load(p), TOps.Load(p + stride), TOps.Load(p + 2 * stride), TOps.Load(p + 3 * stride), rows + i * lanes, 4 * lanes);
        }
        for (nint l = 0; l < 4; l++)
        {
            var p = rows + l * 4 * lanes;
            Input2<TVec, TOps>(TOps.Load(p), TOps.Load(p + lanes), TOps.Load(p + 2 * lanes), TOps.Load(p + 3 * lanes), target + l * targetStride, 4 * targetStride);
        }
    }

    /// <summary>Aᵀ of six values (m = 4): four outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Output4<TVec, TOps>(TVec m0, TVec m1, TVec m2, TVec m3, TVec m4, TVec m5, out TVec y0, out TVec y1, out TVec y2, out TVec y3)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var sum12 = TOps.Add(m1, m2);
        var difference12 = TOps.Subtract(m1, m2);
        var sum34 = TOps.Add(m3, m4);
        var difference34 = TOps.Subtract(m3, m4);
        y0 = TOps.Add(TOps.Add(m0, sum12), sum34);
        y1 = TOps.FusedMultiplyAdd(TOps.Create(2f), difference34, difference12);
        y2 = TOps.FusedMultiplyAdd(TOps.Create(4f), sum34, sum12);
        y3 = TOps.Add(TOps.FusedMultiplyAdd(TOps.Create(8f), difference34, difference12), m5);
    }

    /// <summary>Aᵀ of four values (m = 2): two outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Output2<TVec, TOps>(TVec m0, TVec m1, TVec m2, TVec m3, out TVec y0, out TVec y1)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        y0 = TOps.Add(TOps.Add(m0, m1), m2);
        y1 = TOps.Subtract(TOps.Subtract(m1, m2), m3);
    }

    /// <summary>
    /// Aᵀ M A of one vector of lanes: M's coordinate ξ at <paramref name="products"/>[ξ · <paramref name="stride"/>];
    /// output pixel (a, b) to <paramref name="target"/>[(a·m + b)·L]. <paramref name="rows"/> is α·m vectors of scratch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OutputTile<TVec, TOps>(int m, float* products, nint stride, float* rows, float* target)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var lanes = TOps.Count;
        if (m == 4)
        {
            // Row pass: q[k][b] = (M[k] A)[b], stored at rows[(b·6 + k)·L].
            for (nint k = 0; k < 6; k++)
            {
                var p = products + k * 6 * stride;
                Output4<TVec, TOps>(TOps.Load(p), TOps.Load(p + stride), TOps.Load(p + 2 * stride), TOps.Load(p + 3 * stride),
                    TOps.Load(p + 4 * stride), TOps.Load(p + 5 * stride), out var y0, out var y1, out var y2, out var y3);
                TOps.Store(rows + k * lanes, y0);
                TOps.Store(rows + (6 + k) * lanes, y1);
                TOps.Store(rows + (12 + k) * lanes, y2);
                TOps.Store(rows + (18 + k) * lanes, y3);
            }
            // Column pass: Y[a][b] = (Aᵀ q)[a][b].
            for (nint b = 0; b < 4; b++)
            {
                var p = rows + b * 6 * lanes;
                Output4<TVec, TOps>(TOps.Load(p), TOps.Load(p + lanes), TOps.Load(p + 2 * lanes), TOps.Load(p + 3 * lanes),
                    TOps.Load(p + 4 * lanes), TOps.Load(p + 5 * lanes), out var y0, out var y1, out var y2, out var y3);
                TOps.Store(target + b * lanes, y0);
                TOps.Store(target + (4 + b) * lanes, y1);
                TOps.Store(target + (8 + b) * lanes, y2);
                TOps.Store(target + (12 + b) * lanes, y3);
            }
            return;
        }
        for (nint k = 0; k < 4; k++)
        {
            var p = products + k * 4 * stride;
            Output2<TVec, TOps>(TOps.Load(p), TOps.Load(p + stride), TOps.Load(p + 2 * stride), TOps.Load(p + 3 * stride), out var y0, out var y1);
            TOps.Store(rows + k * lanes, y0);
            TOps.Store(rows + (4 + k) * lanes, y1);
        }
        for (nint b = 0; b < 2; b++)
        {
            var p = rows + b * 4 * lanes;
            Output2<TVec, TOps>(TOps.Load(p), TOps.Load(p + lanes), TOps.Load(p + 2 * lanes), TOps.Load(p + 3 * lanes), out var y0, out var y1);
            TOps.Store(target + b * lanes, y0);
            TOps.Store(target + (2 + b) * lanes, y1);
        }
    }
}
