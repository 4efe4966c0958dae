using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Kernels;

/// <summary>
/// Splits zero-padded images into their 2×2 stride-2 phases (the layout of <see cref="Conv2D.DirectLayout"/> for
/// stride 2): phase (py, px) of channel c holds padded rows py, py + 2, … and padded columns px, px + 2, …, each
/// ⌈Hp/2⌉ × ⌈Wp/2⌉ (Hp = H + 2P, Wp = W + 2P), at ((c·2 + py)·2 + px)·plane. Each row is padded once into a scratch
/// row and split by even/odd vector gathers (<see cref="ISimd{TVec}.LoadEven"/>), instead of one scalar copy per float.
/// </summary>
/// <remarks>A pure copy: the values are the padded image's, so every width gives the same bits.</remarks>
static unsafe class PhaseSplit
{
    /// <summary>Floats the phases of <paramref name="channels"/> channels take (without slack).</summary>
    public static long Length(int channels, int height, int width, int pad) =>
        4L * channels * ((height + 2 * pad + 1) / 2) * ((width + 2 * pad + 1) / 2);

    /// <summary>
    /// Writes the phases of <paramref name="channels"/> consecutive (H, W) planes of <paramref name="image"/> into
    /// <paramref name="target"/>, through <paramref name="padded"/> (one zero-padded plane, Hp × Wp plus 2·L + 1
    /// readable floats: the gathers of a row's last block read into the next row, into lanes that are not stored).
    /// </summary>
    public static void Split(float* image, int channels, int height, int width, int pad, float* padded, float* target)
    {
        switch (Simd.Width)
        {
            case 512: Split<Vector512<float>, Simd512>(image, channels, height, width, pad, padded, target); break;
            case 256: Split<Vector256<float>, Simd256>(image, channels, height, width, pad, padded, target); break;
            default: Split<Vector128<float>, Simd128>(image, channels, height, width, pad, padded, target); break;
        }
    }

    /// <summary>Floats <see cref="Split"/>'s padded plane needs.</summary>
    public static long PaddedLength(int height, int width, int pad) => (long)(height + 2 * pad) * (width + 2 * pad) + 2 * 16 + 1;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Split<TVec, TOps>(float* image, int channels, int height, int width, int pad, float* padded, float* target)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        int lanes = TOps.Count, paddedHeight = height + 2 * pad, paddedWidth = width + 2 * pad;
        int phaseHeight = (paddedHeight + 1) / 2, phaseWidth = (paddedWidth + 1) / 2;
        var plane = (long)phaseHeight * phaseWidth;
        var mask = TOps.FirstLanes(phaseWidth % lanes);
        new Span<float>(padded + (long)paddedHeight * paddedWidth, 2 * lanes + 1).Clear();
        for (var c = 0; c < channels; c++)
        {
            // The whole plane padded first, so that the gathers read stores long retired (a gather that overlaps a
            // just-stored row waits for store forwarding to fail).
            Padding.Plane<TVec, TOps>(image + (long)c * height * width, height, width, pad, padded);
            var phases = target + 4 * c * plane;
            for (var y = 0; y < 2 * phaseHeight; y++)
            {
                var even = phases + 2 * (y & 1) * plane + (long)(y >> 1) * phaseWidth;
                var odd = even + plane;
                if (y >= paddedHeight)
                {
                    new Span<float>(even, phaseWidth).Clear();
                    new Span<float>(odd, phaseWidth).Clear();
                    continue;
                }
                var row = padded + (long)y * paddedWidth;
                var i = 0;
                for (; i + lanes <= phaseWidth; i += lanes)
                {
                    TOps.Store(even + i, TOps.LoadEven(row + 2 * i));
                    TOps.Store(odd + i, TOps.LoadEven(row + 2 * i + 1));
                }
                if (i == phaseWidth) continue;
                // Odd Wp: the last odd column is past the padded row (a zero in PyTorch's terms: never read by a tap).
                var valid = phaseWidth - i;
                TOps.StoreFirst(even + i, TOps.LoadEven(row + 2 * i), mask, valid);
                TOps.StoreFirst(odd + i, TOps.LoadEven(row + 2 * i + 1), mask, valid);
            }
        }
    }
}
