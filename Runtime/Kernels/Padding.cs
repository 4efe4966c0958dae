using System.Runtime.CompilerServices;

namespace CnnGen.Kernels;

/// <summary>
/// One (H, W) plane copied into an (H + 2P, W + 2P) plane with zero borders, by vector loads and stores inlined into
/// the caller's width (a per-row <c>Span.CopyTo</c> costs a call per row, which dominates on 100-pixel rows).
/// </summary>
static unsafe class Padding
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Plane<TVec, TOps>(float* source, int height, int width, int pad, float* target)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        int lanes = TOps.Count, paddedWidth = width + 2 * pad;
        var border = pad * paddedWidth;
        Clear<TVec, TOps>(target, border);
        target += border;
        var tail = width % lanes;
        var mask = TOps.FirstLanes(tail);
        for (var y = 0; y < height; y++, source += width, target += paddedWidth)
        {
            for (var x = 0; x < pad; x++)
            {
                target[x] = 0f;
                target[pad + width + x] = 0f;
            }
            var to = target + pad;
            var i = 0;
            for (; i + lanes <= width; i += lanes) TOps.Store(to + i, TOps.Load(source + i));
            if (tail != 0) TOps.StoreFirst(to + i, TOps.LoadFirst(source + i, mask, tail), mask, tail);
        }
        Clear<TVec, TOps>(target, border);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Clear<TVec, TOps>(float* target, int length)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var i = 0;
        for (; i + TOps.Count <= length; i += TOps.Count) TOps.Store(target + i, TOps.Zero);
        for (; i < length; i++) target[i] = 0f;
    }
}
